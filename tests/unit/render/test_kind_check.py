"""A project's own kind must draw what the accessibility checks can follow: its lists as
lists, its tables with headers, its images with text alternatives, and every word of a
choice printed, never its colour alone. A template that does not is refused at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.content.config import load_project
from briefgen.errors import Mistake
from briefgen.steps import Steps
from tests.support.project import REPOSITORY

OWN_KINDS = REPOSITORY / "examples" / "own-kinds"
SLUG = "case-chronology-and-ratings-2025"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "own-kinds"
    shutil.copytree(OWN_KINDS, target, ignore=shutil.ignore_patterns("output", "schema"))
    return target


def print_html(project: Path) -> str:
    """The briefing's print HTML, as the build makes it before the PDF engine."""
    steps = Steps.start(load_project(project))
    loaded = steps.read(project / "content" / f"{SLUG}.yaml")
    view = steps.present(loaded, SLUG)
    return steps.renderer.render_print(view, pinned_date="2025-09-01T00:00:00Z")


def refusal(project: Path, kind: str, old: str, new: str) -> tuple[str, int, str]:
    """The template of `kind` with `old` made `new`: the build's refusal, and the line of
    the template that holds `new`'s first line, and the fix it offers."""
    template = project / "templates" / "blocks" / f"{kind}.html.j2"
    text = template.read_text()
    assert old in text
    changed = text.replace(old, new)
    template.write_text(changed)
    with pytest.raises(Mistake) as raised:
        print_html(project)
    first = new.splitlines()[0]
    line = next(n for n, row in enumerate(changed.splitlines(), 1) if first in row)
    return str(raised.value), line, raised.value.fix


def test_the_examples_kinds_draw_lists_tables_and_words(project: Path) -> None:
    html = print_html(project)
    assert '<ol class="bg-chronology-events">' in html
    assert '<th scope="col">Rating</th>' in html
    assert 'data-part="The chronology" data-noun="event"' in html  # the page budget's names
    assert '<time class="bg-chronology-date" datetime="2024-04-12">12 April 2024</time>' in html
    assert '<span class="bg-rating bg-rating-requires-improvement">requires improvement</span>' in (
        html
    )


def test_a_rating_shown_by_its_colour_alone_is_refused_at_its_line(project: Path) -> None:
    message, line, fix = refusal(
        project,
        "rating_scale",
        '<span class="bg-rating {{ item.rating.css }}">{{ item.rating }}</span>',
        '<span class="bg-rating {{ item.rating.css }}"></span>',
    )
    assert message.startswith(
        f"templates/blocks/rating_scale.html.j2:{line}: the kind `rating_scale` shows the "
        "choice 'good' without printing its word"
    )
    assert "{{ item.rating }} prints it" in fix


def test_a_table_without_headers_is_refused_at_its_line(project: Path) -> None:
    template = project / "templates" / "blocks" / "rating_scale.html.j2"
    template.write_text(template.read_text().replace("<th", "<td").replace("</th>", "</td>"))
    with pytest.raises(Mistake) as raised:
        print_html(project)
    line = next(n for n, row in enumerate(template.read_text().splitlines(), 1) if "<table" in row)
    assert str(raised.value).startswith(
        f"templates/blocks/rating_scale.html.j2:{line}: the kind `rating_scale` draws a table "
        "without headers"
    )


def test_an_image_without_a_text_alternative_is_refused_at_its_line(project: Path) -> None:
    message, line, _ = refusal(
        project,
        "chronology",
        "<ol ",
        "<img class=\"bg-chronology-mark\" src=\"{{ icon('dot', '#00558C') }}\">\n<ol ",
    )
    assert message.startswith(
        f"templates/blocks/chronology.html.j2:{line}: the kind `chronology` draws an image "
        "without a text alternative"
    )


def test_a_list_drawn_as_other_than_a_list_is_refused(project: Path) -> None:
    template = project / "templates" / "blocks" / "chronology.html.j2"
    text = template.read_text()
    template.write_text(
        text.replace("<ol ", "<div ")
        .replace("</ol>", "</div>")
        .replace("<li ", "<p ")
        .replace("</li>", "</p>")
    )
    with pytest.raises(Mistake) as raised:
        print_html(project)
    assert "templates/blocks/chronology.html.j2:" in str(raised.value)
    assert "draws its list as other than a list" in str(raised.value)


def test_a_drawing_neither_named_nor_hidden_is_refused(project: Path) -> None:
    message, line, _ = refusal(
        project, "chronology", "<ol ", '<svg viewBox="0 0 2 2"><circle r="1"/></svg>\n<ol '
    )
    assert message.startswith(f"templates/blocks/chronology.html.j2:{line}: ")
    assert "neither named nor hidden" in message


def test_a_folder_of_kinds_shared_between_projects_is_read_and_drawn(project: Path) -> None:
    """A folder of kinds (copied, or a git submodule) dropped into templates/blocks/ whole."""
    blocks = project / "templates" / "blocks"
    shared = blocks / "partnership-kinds"
    shared.mkdir()
    for path in sorted(blocks.glob("*.*")):
        path.rename(shared / path.name)
    html = print_html(project)
    assert '<ol class="bg-chronology-events">' in html
    stylesheet = Steps.start(load_project(project)).renderer.print_stylesheet
    assert ".briefgen .bg-rating-scale .bg-rating-inadequate {" in stylesheet
    assert "background-color: #B00020" in stylesheet


def test_the_web_page_is_refused_as_the_print_is(project: Path) -> None:
    """The preview draws the web page before the PDF: it shows the same refusal."""
    template = project / "templates" / "blocks" / "rating_scale.html.j2"
    template.write_text(template.read_text().replace("{{ item.rating }}</span>", "</span>"))
    steps = Steps.start(load_project(project))
    view = steps.present(steps.read(project / "content" / f"{SLUG}.yaml"), SLUG)
    with pytest.raises(Mistake, match=r"rating_scale\.html\.j2:\d+: .* without printing its word"):
        steps.renderer.render_page(view, "30 KB")


def test_a_kinds_template_runs_in_the_sandbox(project: Path) -> None:
    """A kind's template reaches no more than any template: the sandbox refuses it at its
    line."""
    template = project / "templates" / "blocks" / "chronology.html.j2"
    reach = "{{ block.data.__class__.__mro__ }}"
    template.write_text(template.read_text().replace("<ol ", f"{reach}\n<ol ", 1))
    line = template.read_text().splitlines().index(reach) + 1
    with pytest.raises(Mistake) as raised:
        print_html(project)
    assert str(raised.value).startswith(f"templates/blocks/chronology.html.j2:{line}: ")
