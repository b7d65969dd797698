"""Links inside a briefing, contents lists and cards, in the PDF's tags and bookmarks, the web
page and the three fragments, and in a real browser."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser

from tests.support.tags import elements
from tests.support.text import normalise, pdf_text

GUIDE = "neglect-one-minute-guide-2025"
SECTIONS = [
    "What neglect is",
    "What to look for",
    "What to do if you are worried",
    "Take it to supervision",
    "Find out more",
]
CARDS = ["The child", "The home", "The history"]
WEB_OUTPUTS = ["index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html"]


def outline_titles(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    titles: list[tuple[int, str]] = []
    with pdf.open_outline() as outline:

        def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                titles.append((depth, item.title))
                walk(item.children, depth + 1)

        walk(outline.root, 0)
    return titles


def test_the_pdfs_bookmarks_hold_every_section_and_card(examples_build: Path) -> None:
    with pikepdf.open(examples_build / GUIDE / f"{GUIDE}.pdf") as pdf:
        titles = outline_titles(pdf)
    assert titles == [
        (0, "Neglect in a minute"),
        (1, SECTIONS[0]),
        (1, SECTIONS[1]),
        *[(2, f"{number} {card}") for number, card in enumerate(CARDS, start=1)],
        *[(1, section) for section in SECTIONS[2:]],
    ]


def test_the_pdfs_links_to_sections_lead_to_their_headings(examples_build: Path) -> None:
    """A contents list and a `[text](#name)` link become links to a named destination of the
    PDF, each described by the section it goes to, tagged as a /Link."""
    with pikepdf.open(examples_build / GUIDE / f"{GUIDE}.pdf") as pdf:
        names = pdf.Root.Names.Dests.Names
        destinations = {str(names[index]) for index in range(0, len(names), 2)}
        links = [
            annotation
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if "/Dest" in annotation
        ]
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)}
        described = [str(link.Contents) for link in links]
        assert {str(link.Dest) for link in links} <= destinations
        assert all(parents[int(link.StructParent)].S == "/Link" for link in links)
    contents = [f"Go to the section {section}" for section in SECTIONS]
    assert described[2:7] == contents  # after the two links of the opening paragraph
    assert described[:2] == [f"Go to the section {SECTIONS[1]}", f"Go to the section {SECTIONS[2]}"]


def test_the_pdf_tags_the_cards_in_the_order_written(examples_build: Path) -> None:
    """Side by side on paper, the cards are read one after another: heading, then points."""
    with pikepdf.open(examples_build / GUIDE / f"{GUIDE}.pdf") as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        kinds = [str(element.S) for element in tree]
        text = pdf_text(examples_build / GUIDE / f"{GUIDE}.pdf")
    cards = [index for index, kind in enumerate(kinds) if kind == "/H3"]
    assert len(cards) == 3
    # Each card's heading is followed by its own list of three points, before the next card.
    after = kinds.index("/H2", cards[-1])
    for start, end in zip(cards, [*cards[1:], after], strict=True):
        assert kinds[start:end].count("/LI") == 3
    assert "](#" not in text
    positions = [text.index(normalise(card)) for card in CARDS]
    assert positions == sorted(positions)


def web(examples_build: Path, name: str) -> str:
    return (examples_build / GUIDE / name).read_text()


@pytest.mark.parametrize("name", WEB_OUTPUTS)
def test_every_link_to_a_section_finds_its_heading_in_the_same_output(
    examples_build: Path, name: str
) -> None:
    html = web(examples_build, name)
    ids = re.findall(r'\sid="([^"]+)"', html)
    targets = re.findall(r'href="#([^"]+)"', html)
    assert len(targets) == 2 + len(SECTIONS) + 1  # the opening's two, the contents, the note
    assert "](#" not in html
    if name == "fragment-shadow.html":
        # The page's links reach no id inside a shadow root: each heading has a mark of the
        # page outside the template, placed in a slot before the heading.
        outside = html.split("</template>", 1)[1]
        inside = html.split("</template>", 1)[0]
        for target in targets:
            assert f'<span class="bg-anchor" slot="{target}" id="{target}"></span>' in outside
            assert f'<slot name="{target}"></slot>' in inside
        assert len(set(re.findall(r'\sid="([^"]+)"', outside))) == len(
            re.findall(r'\sid="([^"]+)"', outside)
        )
    else:
        assert len(ids) == len(set(ids)), "ids are unique"
        assert set(targets) <= set(ids)
    assert all(target.startswith(f"{GUIDE}--") for target in targets)


@pytest.mark.parametrize("name", WEB_OUTPUTS)
def test_the_contents_list_is_a_labelled_navigation_in_the_sections_order(
    examples_build: Path, name: str
) -> None:
    html = web(examples_build, name)
    nav = re.search(r'(<nav class="bg-contents"[^>]*>)(.*?)</nav>', html, re.DOTALL)
    assert nav is not None
    assert "aria-labelledby=" in nav.group(1)
    links = re.findall(r'<a href="#[^"]+"[^>]*>([^<]+)</a>', nav.group(2))
    assert links == SECTIONS


@pytest.mark.parametrize("name", WEB_OUTPUTS)
def test_a_points_bold_label_is_marked_as_its_lead_in(examples_build: Path, name: str) -> None:
    html = web(examples_build, name)
    assert html.count('<strong class="bg-lead"') == 9
    assert "Ask:</strong> when did they last eat" in html


@pytest.mark.parametrize("name", ["index.html", "fragment-shadow.html"])
def test_a_contents_link_scrolls_its_section_into_view(
    examples_build: Path, browser: Browser, name: str
) -> None:
    """In the page, and in the shadow-root fragment pasted into a host page, following a
    contents link brings the heading to the top of the window."""
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    try:
        page.goto((examples_build / GUIDE / name).as_uri())
        page.locator("nav.bg-contents a", has_text="What to look for").click()
        page.wait_for_timeout(200)
        top = page.evaluate(
            """(name) => {
                const root = document.querySelector('.briefgen-host')?.shadowRoot ?? document;
                const heading = [...root.querySelectorAll('.bg-heading')]
                    .find((h) => h.textContent.trim() === name);
                return heading.getBoundingClientRect().top;
            }""",
            "What to look for",
        )
        assert page.url.endswith(f"#{GUIDE}--what-to-look-for")
        assert -2 <= top <= 60, top
    finally:
        page.close()


@pytest.mark.parametrize(("width", "across"), [(1280, 3), (320, 1)])
@pytest.mark.parametrize("name", WEB_OUTPUTS)
def test_cards_sit_side_by_side_and_one_across_on_a_phone(
    examples_build: Path, browser: Browser, name: str, width: int, across: int
) -> None:
    """Three across in a wide column, one a row on a phone, in the order written, and the
    page never scrolls sideways."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto((examples_build / GUIDE / name).as_uri())
        boxes = page.evaluate(
            """() => {
                const root = document.querySelector('.briefgen-host')?.shadowRoot ?? document;
                return [...root.querySelectorAll('.bg-card')].map((card) => {
                    const box = card.getBoundingClientRect();
                    const heading = card.querySelector('.bg-card-heading');
                    return [heading.textContent.trim(), box.left, box.top];
                });
            }"""
        )
        scrolls = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    finally:
        page.close()
    assert [text.split(" ", 1)[1] for text, _, _ in boxes] == CARDS
    tops = {round(top) for _, _, top in boxes}
    assert len(tops) == len(CARDS) // across
    lefts = [left for _, left, _ in boxes]
    if across > 1:
        assert lefts == sorted(lefts)
    else:
        assert len({round(left) for left in lefts}) == 1
    assert not scrolls


# --- Several entries on one page ----------------------------------------------------------

AUDITS = "learning-through-audit-autumn-2025"
ENTRIES = [
    "Who takes part in strategy discussions",
    "Return home interviews after a child goes missing",
    "Health assessments for children in care",
]


def test_each_entry_is_a_heading_over_its_own_sections_in_the_pdf(examples_build: Path) -> None:
    """An entry's title is a section's heading (H2, a bookmark), its sections one below."""
    with pikepdf.open(examples_build / AUDITS / f"{AUDITS}.pdf") as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        titles = outline_titles(pdf)
    levels = [str(element.S) for element in tree if str(element.S) in {"/H1", "/H2", "/H3"}]
    assert levels[:8] == ["/H1", "/H2", "/H3", "/H3", "/H2", "/H3", "/H3", "/H2"]
    sections = ["What we found", "What we ask of you"]
    assert titles[: 1 + 3 * 3] == [
        (0, "Learning through audit, autumn 2025"),
        *[item for entry in ENTRIES for item in [(1, entry), *[(2, s) for s in sections]]],
    ]


@pytest.mark.parametrize("name", WEB_OUTPUTS)
def test_each_entry_has_its_heading_date_and_sections_on_the_web(
    examples_build: Path, name: str
) -> None:
    html = (examples_build / AUDITS / name).read_text()
    title = 2 if name == "index.html" else 3  # the fragment's title is an h2
    found = re.findall(
        rf'<h{title} class="bg-heading bg-entry-title"[^>]*\sid="([^"]+)"[^>]*>'
        rf"([^<]+)</h{title}>\s*"
        r'<p class="bg-entry-date"[^>]*><time datetime="([^"]+)"[^>]*>([^<]+)</time>',
        html,
    )
    assert [(heading, date) for _, heading, date, _ in found] == list(
        zip(ENTRIES, ["2025-10-14", "2025-11-11", "2025-12-02"], strict=True)
    )
    assert [anchor for anchor, *_ in found] == [
        f"{AUDITS}--who-takes-part-in-strategy-discussions",
        f"{AUDITS}--return-home-interviews-after-a-child-goes-missing",
        f"{AUDITS}--health-assessments-for-children-in-care",
    ]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert max(after - before for before, after in itertools.pairwise(levels)) <= 1
    assert (
        len(
            re.findall(rf'<h{title + 1} class="bg-heading"[^>]*\sid="{AUDITS}--what-we-found', html)
        )
        == 3
    )


@pytest.mark.parametrize("name", ["index.html", "index-fragment.html"])
def test_the_library_lists_each_entry_with_a_link_to_its_place(
    examples_build: Path, name: str
) -> None:
    html = (examples_build / name).read_text()
    page = (examples_build / AUDITS / "index.html").read_text()
    parts = re.findall(
        r'<li class="bg-index-part"[^>]*>'
        rf'<a href="[^"]*{AUDITS}/index.html#([^"]+)"[^>]*>([^<]+)</a> '
        r'<time datetime="([^"]+)">',
        html,
    )
    assert [title for _, title, _ in parts] == ENTRIES
    assert all(f'id="{anchor}"' in page for anchor, _, _ in parts)
    assert [published for *_, published in parts] == ["2025-10-14", "2025-11-11", "2025-12-02"]
