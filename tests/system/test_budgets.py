"""Untrusted work is held to its budget: 20 s and 500 MB a briefing (briefgen.untrusted).

A project's templates, layouts and style sheets are untrusted. Each attack here is one a
project could bring; each must end within the budget with an `error` that names the file
(and the line, where there is one) and the step, never an internal error, and the other
briefings must not suffer. The common attacks are refused by the sandbox's bounds before
they cost anything (briefgen.render.sandbox, the inliner's, the proofs'); each mechanism that
stops what those cannot see (the allowance in the user's own process, the kernel's
limits in the engine's process and in a parallel build's workers) is shown once against
the real budget, its time and the peak memory of the processes that did the work measured.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
from pathlib import Path

import pytest
from PIL import Image

from briefgen import untrusted
from briefgen.content.config import load_project
from briefgen.engine.process import EngineProcess
from briefgen.errors import Mistake
from briefgen.paths import builtin_theme
from briefgen.pipeline import check
from briefgen.publish.proof import MAX_PAGE_PIXELS, MAX_PROOF_PIXELS, ProofTooLarge, check_pixels
from briefgen.render.inline import MAX_MATCHES, MAX_SELECTORS
from briefgen.render.sandbox import MAX_CALLS, MAX_DEPTH, MAX_ITERATIONS, MAX_MADE, MAX_PRINTED
from tests.support.measured import Measured, run_measured
from tests.support.project import SECOND, SECOND_SLUG, SEED_SLUG, Runner, copy_example

OVERRIDE = Path("templates") / "blocks" / "key_message.html.j2"
# Past the budget's own 20 s: starting Python and briefgen, and ending the work.
MARGIN_SECONDS = 15.0
LONG = "{% set s = 'x' * 1000000 %}"  # a million characters: as long as a repetition may make

# Each attack on the template sandbox, and what its refusal says.
TEMPLATE_ATTACKS = {
    "range inside range": (
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        f"the template's loops ran more than {MAX_ITERATIONS:,} times",
    ),
    "center two billion wide": (
        "{{ 'x'|center(2000000000) }}",
        "a width or count of 2,000,000,000",
    ),
    "indent two billion deep": (
        "{{ 'x\\ny'|indent(2000000000, true) }}",
        "a width or count of 2,000,000,000",
    ),
    "format two billion wide": (
        "{{ '%2000000000s'|format(1) }}",
        "a width or count of 2,000,000,000",
    ),
    "the % operator two billion wide": (
        "{{ '%2000000000s' % 1 }}",
        "a width or count of 2,000,000,000",
    ),
    "str.format two billion wide": (
        "{{ '{:>2000000000}'.format(1) }}",
        "a width or count of 2,000,000,000",
    ),
    "ljust two billion wide": ("{{ 'x'.ljust(2000000000) }}", "a width or count of"),
    "zfill two billion wide": ("{{ '1'.zfill(2000000000) }}", "a width or count of"),
    "expandtabs two billion wide": ("{{ 'x'.expandtabs(2000000000) }}", "a width or count of"),
    "replace every gap with a long text": (
        LONG + "{{ s|replace('', 'xxxxxxxxxx') }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "replace method with a longer text": (
        LONG + "{{ s.replace('x', 'xxxxxxxxxxxx') }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "translate into longer texts": (
        LONG + "{{ s.translate({120: 'yyyyyyyyyyyy'}) }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "wrapping every letter in a long text": (
        LONG + "{{ s|wordwrap(1, true, 'xxxxxxxxxxxx') }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "doubling macro": (
        "{% macro d(n) %}{% if n %}{{ d(n - 1) }}{{ d(n - 1) }}{% else %}x{% endif %}"
        "{% endmacro %}{{ d(40) }}",
        f"the template called its macros and functions more than {MAX_CALLS:,} times",
    ),
    "a macro calling itself without end": (
        "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
        f"the template's macros ran more than {MAX_DEPTH} one inside another",
    ),
    "doubling with ~": (
        LONG + "{% set s = s ~ s %}" * 4 + "{{ s|length }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "doubling with +": (
        LONG + "{% set s = s + s %}" * 4 + "{{ s|length }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "joining one long text eleven times": (
        LONG + "{{ [s, s, s, s, s, s, s, s, s, s, s]|join }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "printing a list of one long text eleven times": (
        LONG + "{{ [s, s, s, s, s, s, s, s, s, s, s] }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "repeating a list of one long text": (
        LONG + "{{ [s] * 100 }}",
        "a repetition of more than a million characters or items",
    ),
    "printing a long text in a loop inside a block": (
        LONG + "{% set t %}{% for i in range(100) %}{{ s }}{% endfor %}{% endset %}",
        f"the template printed more than {MAX_PRINTED:,} characters",
    ),
    "summing lists": (
        "{{ ([[1]] * 1000000)|sum(start=[])|length }}",
        f"a text or list of more than {MAX_MADE:,}",
    ),
    "multiplying huge numbers": (
        "{% set x = 2 ** 2000 %}{{ x * x * x > 1 }}",
        "a product as large as",
    ),
    "batch filled two billion long": (
        "{{ [1]|batch(2000000000, 0)|list|length }}",
        "a width or count of 2,000,000,000",
    ),
    "slice two billion ways": (
        "{{ [1]|slice(2000000000)|list|length }}",
        "a width or count of 2,000,000,000",
    ),
    "tojson indented two billion": (
        "{{ [[1]]|tojson(2000000000) }}",
        "a width or count of 2,000,000,000",
    ),
}


def override(folder: Path, text: str, name: Path = OVERRIDE) -> None:
    """The project's own template `name` (its key message block by default)."""
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def attacked_key_message(folder: Path, attack: str) -> None:
    """The attack on line 2 of the project's key message block."""
    override(folder, "<p>Our key message:\n" + attack + "\n</p>\n")


def assert_refused(err: str, *said: str) -> None:
    """An `error` that says each of `said`, and no internal error or traceback."""
    assert "error: " in err, err
    for words in said:
        assert words in err, err
    assert "internal error" not in err, err
    assert "Traceback" not in err, err


def assert_within_budget(run: Measured, normal: Measured) -> None:
    """Ended within the budget's time (and the start and end of a process), and its
    processes within the budget's memory over what a normal build's hold."""
    assert run.seconds < untrusted.SECONDS + MARGIN_SECONDS, run.seconds
    assert run.peak_mib < normal.peak_mib + untrusted.MEGABYTES, (run.peak_mib, normal.peak_mib)


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> Measured:
    """A normal serial build of the example, as a process: the memory its processes hold."""
    folder = copy_example(tmp_path_factory.mktemp("normal") / "project")
    run = run_measured("build", "-j", "1", cwd=folder)
    assert run.code == 0, run.err
    return run


# --- The sandbox's bounds: each attack refused at once ---------------------------------------


@pytest.mark.parametrize("name", list(TEMPLATE_ATTACKS))
def test_a_template_that_would_make_too_much_is_refused_at_its_line(
    project_folder: Path, briefgen_main: Runner, name: str
) -> None:
    attack, said = TEMPLATE_ATTACKS[name]
    attacked_key_message(project_folder, attack)
    run = briefgen_main("build", "-j", "1", "--project", project_folder)
    assert run.code == 1
    assert_refused(run.err, f"error: {OVERRIDE}:2: ", said)
    assert not (project_folder / "output" / SEED_SLUG).exists()


def test_nested_range_loops_end_at_once_in_a_process_of_their_own(
    project_folder: Path, normal: Measured
) -> None:
    """The issue's attack, as a user meets it: refused in seconds, never run for minutes."""
    attacked_key_message(project_folder, TEMPLATE_ATTACKS["range inside range"][0])
    run = run_measured("build", "-j", "1", cwd=project_folder)
    assert run.code == 1
    assert_refused(run.err, f"{OVERRIDE}:2: the template's loops ran more than")
    assert_within_budget(run, normal)


@pytest.mark.parametrize(
    "reach",
    ["briefing.published.today()", "briefing.published.fromtimestamp(0)"],
    ids=["today", "fromtimestamp"],
)
def test_a_template_gets_no_clock(project_folder: Path, briefgen_main: Runner, reach: str) -> None:
    """The dates a template gets are the briefing's, or SOURCE_DATE_EPOCH: never the clock,
    which would make two builds of the same briefing differ."""
    attacked_key_message(project_folder, "{{ " + reach + " }}")
    run = briefgen_main("build", "--project", project_folder)
    assert run.code == 1
    attribute = reach.split(".")[2].split("(")[0]
    assert_refused(run.err, f"{OVERRIDE}:2: the template tried to use date.{attribute}")


def test_a_template_still_shows_and_formats_a_date(
    project_folder: Path, briefgen_main: Runner
) -> None:
    attacked_key_message(
        project_folder,
        "{{ briefing.published.year }} {{ briefing.published.strftime('%B') }} "
        "{{ briefing.published.isoformat() }} {{ briefing.published.shown }}",
    )
    assert briefgen_main("build", "--project", project_folder).code == 0
    fragment = (project_folder / "output" / SEED_SLUG / "fragment.html").read_text()
    assert "2020 May 2020-05-01 May 2020" in fragment  # written as a month: its first day


def test_a_template_may_still_join_and_add_up_what_it_maps(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """The bounds read a list ahead, never values made as they go (`map`, `select`):
    read ahead, they would be gone for the filter itself."""
    attacked_key_message(
        project_folder,
        "[{{ [1, 2, 3]|map('string')|join(', ') }}] [{{ [1, 2, 3]|map('int')|sum }}] "
        "[{{ [[1], [2]]|sum(start=[])|join('+') }}] [{{ ['a', 'b']|select|join }}]",
    )
    assert briefgen_main("build", "--project", project_folder).code == 0
    fragment = (project_folder / "output" / SEED_SLUG / "fragment.html").read_text()
    assert "[1, 2, 3] [6] [1+2] [ab]" in fragment


# --- The allowance: what the sandbox cannot see, in the user's own process --------------------


def test_a_template_that_fills_memory_in_small_steps_is_stopped_at_the_budget(
    project_folder: Path, normal: Measured
) -> None:
    """Ninety thousand texts of a million characters each, every one within the sandbox's
    bounds: the allowance measures the process's memory as they are made, and stops the
    template once the briefing's 500 MB are spent, in the build's own process."""
    attacked_key_message(
        project_folder,
        "{{ range(90000)|map('string')|map('center', 999999)|list|length }}",
    )
    run = run_measured("build", "-j", "1", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: {OVERRIDE}:2: rendering the templates needed more than the "
        f"{untrusted.MEGABYTES} MB of memory that one briefing's work may take",
    )
    assert_within_budget(run, normal)


@pytest.mark.slow
def test_a_template_that_runs_long_in_small_steps_is_stopped_at_the_budget(
    project_folder: Path, normal: Measured
) -> None:
    """A hundred thousand upper-casings of a million characters, each within the sandbox's
    bounds: the allowance stops the template once the briefing's 20 s are spent."""
    attacked_key_message(
        project_folder,
        LONG + "{% for i in range(100000) %}{{ s|upper|length }}{% endfor %}",
    )
    run = run_measured("build", "-j", "1", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: {OVERRIDE}:2: rendering the templates took longer than the "
        f"{untrusted.SECONDS:g} s",
    )
    assert_within_budget(run, normal)


# --- The kernel's limits: the layout, in the engine's process ----------------------------------

# A grid of four thousand items: WeasyPrint's grid layout takes time in proportion to the
# square of the items (95 s here), in little memory (140 MB).
GRID = (
    '<div style="display: grid; grid-template-columns: repeat(4, 1fr)">'
    "{% for i in range(4000) %}<div>{{ i }}</div>{% endfor %}</div>"
)


@pytest.mark.slow
def test_a_grid_of_four_thousand_items_is_stopped_at_the_budget(
    project_folder: Path, normal: Measured
) -> None:
    """Within the sandbox's bounds, and minutes for WeasyPrint to lay out: the engine's
    process stops it at 20 s (and the next briefing would get a new one)."""
    attacked_key_message(project_folder, GRID)
    run = run_measured("check", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: content/{SEED_SLUG}.yaml: laying the briefing out took longer than the "
        f"{untrusted.SECONDS:g} s",
        f"the project's own templates: {OVERRIDE}",
    )
    assert_within_budget(run, normal)


def huge_image() -> bytes:
    """A PNG of 84 million white pixels in 260 KB: WeasyPrint decodes it to write it."""
    buffer = io.BytesIO()
    Image.new("RGB", (12000, 7000), (255, 255, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_image_too_large_to_draw_is_stopped_at_the_budget(
    project_folder: Path, normal: Measured
) -> None:
    """A template's image, one centimetre wide on the page and 12,000 pixels wide in its
    file: the engine's process may not use more than the briefing's 500 MB on it."""
    (project_folder / "templates" / "images").mkdir(parents=True)
    (project_folder / "templates" / "images" / "huge.png").write_bytes(huge_image())
    attacked_key_message(
        project_folder, '<img src="{{ asset(\'images/huge.png\') }}" alt="" style="width: 1cm">'
    )
    run = run_measured("build", "-j", "1", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: content/{SEED_SLUG}.yaml: laying the briefing out needed more than the "
        f"{untrusted.MEGABYTES} MB of memory",
        f"the project's own templates: {OVERRIDE}",
    )
    assert_within_budget(run, normal)


def test_an_engine_ended_by_the_cpu_limit_is_told_as_over_the_budget(tmp_path: Path) -> None:
    """Work that runs on in C, where the engine's timer cannot stop it, is ended by the
    kernel (SIGXCPU, the budget's CPU-time limit): told as the budget, and a new engine
    lays out the next briefing."""
    folder = copy_example(tmp_path / "project")
    shutil.copy(SECOND, folder / "content" / SECOND.name)
    engine = EngineProcess.start()
    try:
        os.kill(engine.pid, signal.SIGXCPU)
        report = check(load_project(folder), engine=engine)
    finally:
        engine.close()
    first, second = report.outcomes
    assert isinstance(first.error, Mistake)
    assert str(first.error).startswith(f"content/{SEED_SLUG}.yaml: laying the briefing out took")
    assert second.ok, second.error


# --- The kernel's limits: a parallel build's worker ------------------------------------------


@pytest.mark.slow
def test_a_briefing_over_the_budget_in_a_parallel_build_fails_alone(
    project_folder: Path, normal: Measured
) -> None:
    """Each worker holds each briefing to the budget: the one whose template lays out a
    grid of four thousand items is stopped, the other is built, and so is the index."""
    shutil.copy(SECOND, project_folder / "content" / SECOND.name)
    attacked_key_message(
        project_folder, f"{{% if briefing.slug == '{SEED_SLUG}' %}}{GRID}{{% endif %}}"
    )
    run = run_measured("build", "-j", "2", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: content/{SEED_SLUG}.yaml: laying the briefing out took longer than the",
    )
    assert (project_folder / "output" / SECOND_SLUG / f"{SECOND_SLUG}.pdf").is_file()
    assert (project_folder / "output" / "index.html").is_file()
    assert_within_budget(run, normal)


def test_an_image_too_large_in_a_parallel_build_fails_alone(
    project_folder: Path, normal: Measured
) -> None:
    """A worker holds each briefing to the budget's memory too: the briefing whose
    template draws the image is stopped, the other is built, and so is the index."""
    shutil.copy(SECOND, project_folder / "content" / SECOND.name)
    (project_folder / "templates" / "images").mkdir(parents=True)
    (project_folder / "templates" / "images" / "huge.png").write_bytes(huge_image())
    image = '<img src="{{ asset(\'images/huge.png\') }}" alt="" style="width: 1cm">'
    attacked_key_message(
        project_folder, f"{{% if briefing.slug == '{SEED_SLUG}' %}}{image}{{% endif %}}"
    )
    run = run_measured("build", "-j", "2", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: content/{SEED_SLUG}.yaml: laying the briefing out needed more than the "
        f"{untrusted.MEGABYTES} MB of memory",
    )
    assert (project_folder / "output" / SECOND_SLUG / f"{SECOND_SLUG}.pdf").is_file()
    assert_within_budget(run, normal)


# --- Layouts, inlining, proofs ---------------------------------------------------------------


def test_a_layout_that_repeats_its_parts_in_230_sections_is_refused_at_its_line(
    project_folder: Path, normal: Measured
) -> None:
    """The same parts in 230 sections made one briefing 921 pages long: a layout may
    show each part once, and is refused at the line of the first repeat."""
    sections = "".join(
        f"  - name: section-{number}\n    parts: [introduction, findings, practice]\n"
        for number in range(230)
    )
    layout = Path("templates") / "layouts" / "audit-summary.yaml"
    override(project_folder, f"name: audit summary\nsections:\n{sections}", layout)
    run = run_measured("check", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"{layout}:6:13: error: the part 'introduction' is already shown, in the section "
        "'section-0': a layout shows each part once (sections.2.parts.1)",
    )
    assert_within_budget(run, normal)


WHERE_22 = ".bg-briefing " + " ".join([":where(p, ul)"] * 22) + " { color: #000; }\n"


def test_an_inline_style_sheet_with_22_where_in_a_row_is_refused_at_its_line(
    project_folder: Path, normal: Measured
) -> None:
    """Twenty-two `:where(p, ul)` in a row spell out four million selectors: it took a
    minute and 620 MB. Counted before they are spelt out, and refused."""
    sheet = Path("templates") / "fragment-inline.css.j2"
    theme = (builtin_theme() / "fragment-inline.css.j2").read_text()
    override(project_folder, theme + WHERE_22, sheet)
    run = run_measured("build", "-j", "1", cwd=project_folder)
    assert run.code == 1
    line = len(theme.splitlines()) + 1
    assert_refused(
        run.err,
        f"error: {sheet}, line {line}: the fragment's styles cannot be inlined",
        f"are more than {MAX_SELECTORS:,}",
    )
    assert_within_budget(run, normal)


def test_a_fragment_too_large_to_inline_is_refused_naming_its_templates(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """Forty thousand elements in the fragments alone, each to be matched against every
    selector of the style sheet: css-inline would take minutes in the build's own process."""
    attacked_key_message(
        project_folder,
        "{% if mode == 'fragment' %}{% for i in range(40000) %}<i></i>{% endfor %}{% endif %}",
    )
    run = briefgen_main("build", "-j", "1", "--project", project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: {OVERRIDE}: the fragment's styles cannot be inlined",
        f"more than {MAX_MATCHES:,}",
    )


def test_proof_of_a_5000_mm_page_is_refused_before_it_is_drawn(
    project_folder: Path, normal: Measured
) -> None:
    """`@page { size: 5000mm }` asked `--proof` for 469 million pixels: 3.3 GB."""
    sheet = Path("templates") / "css" / "print.css.j2"
    theme = (builtin_theme() / "css" / "print.css.j2").read_text()
    override(project_folder, theme + "\n@page { size: 5000mm; }\n", sheet)
    run = run_measured("build", "-j", "1", "--proof", cwd=project_folder)
    assert run.code == 1
    assert_refused(
        run.err,
        f"error: {sheet}, line ",
        "--proof: the proof of page 1 would be 21,654 × 21,654 pixels (a page of "
        f"5,000 × 5,000 mm), more than the {MAX_PAGE_PIXELS:,} pixels a proof may have",
    )
    assert not list((project_folder / "output").rglob("proof-page-*.png"))
    assert_within_budget(run, normal)


def test_proofs_of_many_pages_are_bounded_together() -> None:
    """Forty-three A4 pages at 110 dpi: each within the bound, together past it."""
    a4 = (595.0, 842.0)  # points
    check_pixels([a4] * 42, 110)
    with pytest.raises(ProofTooLarge) as refused:
        check_pixels([a4] * 43, 110)
    assert refused.value.page == 43
    assert f"more than the {MAX_PROOF_PIXELS:,} the proofs of a briefing may have" in str(
        refused.value
    )
