"""Two language versions of one briefing: each kind of difference of shape is named, with
both files' lines; a faithful translation (the seed in Welsh) passes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.content.blocks import REGISTRY
from briefgen.content.kinds import briefing_model, load_kinds
from briefgen.content.load import Loaded, load_briefing
from briefgen.content.model import Briefing
from briefgen.errors import ContentError, Problem
from briefgen.review.versions import compare_versions
from tests.support.project import REPOSITORY, SEED

OWN_KINDS = REPOSITORY / "examples" / "own-kinds"
ENGLISH_FILE = "content/x.yaml"
WELSH_FILE = "content/x.cy.yaml"
ESCALATION = [
    "https://www.example.org/escalation-en.pdf",
    "https://www.example.org/uwchgyfeirio-cy.pdf",
]

ENGLISH = """\
title: Working with fathers in multi-agency practice
language: en-GB
published: 2023-06
summary: What 12 case audits found about how agencies work with fathers.
introduction: |
  In June 2023 the partnership audited 12 cases of children under five, to see how
  agencies involve fathers. The [guidance](https://www.example.org/fathers-guidance.pdf)
  asks every agency to record who the father is; 60% of the records did.
findings:
  - kind: strengths
    title: Strengths in multi-agency practice
    items:
      - Fathers were invited to the first meeting in 9 of 12 cases.
      - Health visitors recorded who lives at home.
  - kind: areas to strengthen
    title: Areas to strengthen
    items:
      - Fathers were rarely seen alone.
      - Records did not say who the father was in 26,000 contacts a year.
sections:
  - heading: What we found
    blocks:
      - table:
          caption: Fathers seen, by agency
          columns: [[Agency, Cases, Seen]]
          rows:
            - [Health visiting, 12, 9]
            - [Social care, 12, 5]
      - chart:
          title: How auditors rated practice
          bars:
            - label: Good or outstanding
              percent: 50
            - label: Requires improvement
              percent: 42
            - label: Inadequate
              percent: 8
      - key_message: Ask who the father is, every time.
resources:
  - title: Escalation policy
    url: https://www.example.org/escalation-en.pdf
"""

WELSH = """\
title: Gweithio gyda thadau mewn ymarfer amlasiantaethol
language: cy
published: 2023-06
summary: Beth ddarganfu 12 archwiliad achos am sut mae asiantaethau'n gweithio gyda thadau.
introduction: |
  Ym mis Mehefin 2023 archwiliodd y bartneriaeth 12 achos o blant dan bump oed, i weld sut
  mae asiantaethau'n cynnwys tadau. Mae'r [canllawiau](https://www.example.org/fathers-guidance.pdf)
  yn gofyn i bob asiantaeth gofnodi pwy yw'r tad; roedd 60 y cant o'r cofnodion yn gwneud hynny.
findings:
  - kind: strengths
    title: Cryfderau mewn ymarfer amlasiantaethol
    items:
      - Gwahoddwyd tadau i'r cyfarfod cyntaf mewn 9 o'r 12 achos.
      - Cofnododd ymwelwyr iechyd pwy sy'n byw yn y cartref.
  - kind: areas to strengthen
    title: Meysydd i'w cryfhau
    items:
      - Anaml y gwelwyd tadau ar eu pen eu hunain.
      - Nid oedd y cofnodion yn dweud pwy oedd y tad mewn 26000 o gysylltiadau'r flwyddyn.
sections:
  - heading: Beth a ganfuwyd gennym
    blocks:
      - table:
          caption: Tadau a welwyd, fesul asiantaeth
          columns: [[Asiantaeth, Achosion, Gwelwyd]]
          rows:
            - [Ymwelwyr iechyd, 12, 9]
            - [Gofal cymdeithasol, 12, 5]
      - chart:
          title: Sut y barnodd archwilwyr ymarfer
          bars:
            - label: Da neu ragorol
              percent: 50
            - label: Angen gwella
              percent: 42
            - label: Annigonol
              percent: 8
      - key_message: Gofynnwch pwy yw'r tad, bob tro.
resources:
  - title: Polisi uwchgyfeirio
    url: https://www.example.org/uwchgyfeirio-cy.pdf
"""

# The seed, translated into Welsh: every text changed, every figure, link and list kept.
# An illustrative translation for the test, not reviewed by the partnership.
SEED_IN_WELSH = """\
title: Plant dan ddwy oed â chysylltiadau ac atgyfeiriadau mynych
type: archwiliad amlasiantaethol
audience: Crynodeb i ymarferwyr a rheolwyr
published: 2020-05
language: cy

introduction: |
  Mae Partneriaeth Diogelu Plant Gorllewin Sussex yn cynnal archwiliadau amlasiantaethol
  fel rhan o'i phrosesau sicrhau ansawdd a chraffu, i werthuso pa mor effeithiol yw
  ymarfer ar draws y bartneriaeth.

  Ym mis Mai 2020 cwblhaodd y bartneriaeth archwiliad a oedd yn canolbwyntio'n benodol ar
  blant dan ddwy oed a oedd wedi cael cysylltiadau ac atgyfeiriadau mynych.

method:
  text: |
    Tynnwyd y sampl o garfan o blant a atgyfeiriwyd i Ofal Cymdeithasol Plant rhwng
    Gorffennaf 2019 a Rhagfyr 2019. Roedd y rhain yn cynnwys plant dan ddwy oed a oedd
    wedi cael tri neu fwy o gysylltiadau neu atgyfeiriadau yn y cyfnod hwnnw. Nodwyd
    ugain o blant i gyd ar gyfer yr archwiliad. Nid oedd 60% o'r garfan wedi symud ymlaen
    at asesiad na phroses amddiffyn plant, ac roedd 40% wedi symud ymlaen at asesiad neu
    broses amddiffyn plant. O'r sampl hon o 20 o blant, roedd 10 yn destun yr archwiliad
    amlasiantaethol, a'r gweddill yn destun archwiliad un asiantaeth ychwanegol gan Ofal
    Cymdeithasol Plant.
  cohort:
    total: 20
    unit: plant
    period:
      start: 2019-07-01
      end: 2019-12-31
    breakdowns:
      - title: Beth ddigwyddodd ar ôl y cysylltiadau a'r atgyfeiriadau
        groups:
          - label: Heb symud ymlaen at asesiad nac amddiffyn plant
            percent: 60
          - label: Wedi symud ymlaen at asesiad neu amddiffyn plant
            percent: 40
      - title: Sut yr archwiliwyd cofnodion y plant
        groups:
          - label: Archwiliad amlasiantaethol
            count: 10
          - label: Archwiliad un asiantaeth gan Ofal Cymdeithasol Plant
            count: 10

headings:
  findings: Canfyddiadau allweddol o'r archwiliad

findings:
  - kind: strengths
    title: Cryfderau mewn ymarfer amlasiantaethol
    items:
      - Caiff pryderon diogelu uniongyrchol eu hatgyfeirio'n gyflym
      - Mae asiantaethau'n cofnodi penderfyniad yr atgyfeiriad ar eu cofnodion eu hunain
      - Tystiolaeth o rannu gwybodaeth yn dda ag asiantaethau allweddol
      - Tystiolaeth bod hanes diweddar o gam-drin domestig a/neu iechyd meddwl wedi'i
        gofnodi ar gofnodion asiantaethau
  - kind: areas to strengthen
    title: Meysydd i'w cryfhau
    items:
      - Mae angen i bob ymarferydd fod yn hyderus i ofyn am gydsyniad i rannu gwybodaeth,
        er mwyn i bob asiantaeth sy'n gweithio gyda'r teulu gael yr holl wybodaeth
        berthnasol i ymateb i angen a risg
      - Dylai gwasanaethau iechyd meddwl ystyried anghenion plant yn gyson pan fyddant yn
        gweithio gyda rhieni. Dylent fod yn rhan o asesiadau o'r pwynt cyswllt cyntaf â
        gofal cymdeithasol plant
      - Pan ddaw asesiadau i ben, neu pan gaiff cynlluniau plant mewn angen eu cau neu eu
        camu i lawr, dylid rhoi gwybod i bob asiantaeth sy'n gweithio gyda'r teulu, a
        dylent gofnodi'r wybodaeth hon ar eu cofnodion eu hunain
      - Bydd y nifer isel o atgyfeiriadau gan Ymwelwyr Iechyd yn sampl yr archwiliad yn cael
        ei dadansoddi ymhellach, er mwyn sicrhau bod plant sydd angen gwasanaethau
        Cyffredinol a Mwy a Phartneriaeth Gyffredinol a Mwy yn cael y cynnig estynedig
      - Pan fu cysylltiadau mynych a/neu atgyfeiriadau mynych, dylai fod goruchwyliaeth
        reoli i sicrhau bod yr ymateb wedi ystyried unrhyw effaith gronnus ar y plant, ac nid
        wedi canolbwyntio ar bob digwyddiad ar ei ben ei hun
      - Mae angen i bob ymarferydd fod yn hyderus i herio penderfyniadau os ydynt yn credu na
        fyddant yn mynd i'r afael â'r angen neu'r risgiau

practice:
  instruction: Ewch â'r materion a godwyd yn yr archwiliad hwn i'ch goruchwyliaeth, i
    gyfarfodydd tîm ac i oruchwyliaeth grŵp
  prompt: "Ystyriwch y canlynol:"
  questions:
    - Ydw i bob amser yn gofyn i deuluoedd pa asiantaethau eraill sy'n gweithio gyda nhw?
    - Ydw i bob amser yn gofyn i deuluoedd a gaf i rannu gwybodaeth berthnasol â'r
      asiantaethau hyn, er mwyn iddyn nhw gael y cymorth gorau ar yr adeg iawn?
    - Ydw i bob amser yn dweud wrth weithwyr proffesiynol eraill pan fyddaf wedi gorffen
      gweithio gyda theulu?
    - Ydw i'n herio penderfyniad os credaf nad yw'n iawn i blentyn?

key_message: Cofiwch mai cyfrifoldeb pawb yw diogelu, drwy'r amser

resources:
  - title: Polisi Uwchgyfeirio WSSCP
    url: https://www.westsussexscp.org.uk/wp-content/uploads/WSSCP-Escalation-Policy-V6-2019.pdf
  - title: Cytundeb Rhannu Gwybodaeth
    url: https://www.westsussexscp.org.uk/wp-content/uploads/2020/10/Information-Sharing-Agreement-Final-Version-2019-for-publication_-PDF.pdf

acknowledge:
  - check: sentence-length
    reason: Geiriad y crynodeb fel y'i cyhoeddwyd gan y bartneriaeth yn 2020.
"""


def load(folder: Path, name: str, text: str, model: type[Briefing] = Briefing) -> Loaded:
    """A briefing written to `folder` and loaded as `check` loads it, named as in messages."""
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return load_briefing(file, Path(name), within=[folder], model=model)


def changed(text: str, old: str, new: str) -> str:
    """`text` with `old`, which it holds once, made `new`."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, words: str) -> int:
    """The line of the first occurrence of `words` in `text`."""
    return text[: text.index(words)].count("\n") + 1


def compare(
    tmp_path: Path,
    welsh: str,
    english: str = ENGLISH,
    links: list[list[str]] | None = None,
) -> list[Problem]:
    return compare_versions(
        load(tmp_path, ENGLISH_FILE, english),
        load(tmp_path, WELSH_FILE, welsh),
        translated_links=[ESCALATION] if links is None else links,
    )


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [problem.message for problem in problems]
    return problems[0]


def assert_both_lines(problem: Problem, welsh_line: int, english_line: int) -> None:
    """The message names both files at their lines; the error stands at the Welsh one."""
    assert f"({WELSH_FILE}:{welsh_line})" in problem.message, problem.message
    assert f"({ENGLISH_FILE}:{english_line})" in problem.message, problem.message
    assert problem.file == Path(WELSH_FILE)
    assert problem.line == welsh_line
    assert problem.severity == "error"
    assert problem.fix


def test_a_faithful_translation_differs_in_nothing(tmp_path: Path) -> None:
    """Texts, titles and the language differ; figures (26,000 is 26000, 60% is 60 y cant),
    links, lists and values do not; the escalation policy's Welsh address is its counterpart."""
    assert compare(tmp_path, WELSH) == []


def test_the_seed_and_its_welsh_translation_differ_in_nothing(tmp_path: Path) -> None:
    english = load(tmp_path, "content/seed.yaml", SEED.read_text(encoding="utf-8"))
    welsh = load(tmp_path, "content/seed.cy.yaml", SEED_IN_WELSH)
    assert compare_versions(english, welsh) == []


@pytest.mark.parametrize(
    "example",
    sorted((REPOSITORY / "content").glob("*.yaml")),
    ids=lambda path: path.stem,
)
def test_every_example_compared_with_itself_differs_in_nothing(example: Path) -> None:
    loaded = load_briefing(example)
    assert compare_versions(loaded, loaded) == []


def test_a_field_the_translation_leaves_out_is_named(tmp_path: Path) -> None:
    welsh = changed(
        WELSH,
        "summary: Beth ddarganfu 12 archwiliad achos am sut mae "
        "asiantaethau'n gweithio gyda thadau.\n",
        "",
    )
    problem = only(compare(tmp_path, welsh))
    assert problem.message.startswith("the Welsh version gives no `summary`")
    assert "the English does" in problem.message
    assert problem.field == "summary"
    # told at the field it would follow in the Welsh file, and at its own in the English
    assert_both_lines(problem, line_of(welsh, "published:"), line_of(ENGLISH, "summary:"))


def test_a_field_of_a_block_the_translation_leaves_out_is_named(tmp_path: Path) -> None:
    image = "      - image:\n          file: assets/tad.png\n          alt: {alt}\n{caption}"
    english = changed(
        ENGLISH,
        "      - key_message: Ask who the father is, every time.\n",
        image.format(
            alt="A father holds his baby.", caption="          caption: Seen at home, 2023.\n"
        ),
    )
    welsh = changed(
        WELSH,
        "      - key_message: Gofynnwch pwy yw'r tad, bob tro.\n",
        image.format(alt="Mae tad yn dal ei fabi.", caption=""),
    )
    problem = only(compare(tmp_path, welsh, english))
    assert problem.field == "sections.1.blocks.3.image.caption"
    assert problem.message.startswith(
        "the Welsh version gives no `sections.1.blocks.3.image.caption`"
    )
    # the Welsh is pointed at the field the caption would follow: the image's alt
    assert_both_lines(problem, line_of(welsh, "alt: Mae tad"), line_of(english, "caption: Seen"))


def test_a_field_only_the_translation_gives_is_named(tmp_path: Path) -> None:
    welsh = changed(WELSH, "summary:", "subtitle: Archwiliad o 12 achos\nsummary:")
    problem = only(compare(tmp_path, welsh))
    assert problem.message.startswith("the Welsh version gives `subtitle`")
    assert "the English does not" in problem.message
    # the English is pointed at the field the subtitle follows in the Welsh
    assert_both_lines(problem, line_of(welsh, "subtitle:"), line_of(ENGLISH, "published:"))


def test_a_list_of_another_length_is_named_with_both_counts(tmp_path: Path) -> None:
    welsh = changed(WELSH, "      - Anaml y gwelwyd tadau ar eu pen eu hunain.\n", "")
    problem = only(compare(tmp_path, welsh))
    assert problem.message.startswith("the Welsh version lists 1 item under `findings.2.items`"), (
        problem.message
    )
    assert "the English 2" in problem.message
    assert problem.field == "findings.2.items"
    assert_both_lines(
        problem,
        line_of(welsh, "    title: Meysydd") + 1,
        line_of(ENGLISH, "    title: Areas") + 1,
    )


def test_a_block_of_another_kind_is_named(tmp_path: Path) -> None:
    welsh = changed(WELSH, "- key_message: Gofynnwch", "- note: Gofynnwch")
    problem = only(compare(tmp_path, welsh))
    assert "block sections.1.blocks.3 is a `note` in the Welsh version" in problem.message
    assert "but a `key_message` in the English" in problem.message
    assert_both_lines(problem, line_of(welsh, "- note:"), line_of(ENGLISH, "- key_message:"))


def test_a_table_of_another_shape_is_named_at_each_row(tmp_path: Path) -> None:
    welsh = changed(
        WELSH, "[[Asiantaeth, Achosion, Gwelwyd]]", "[[Asiantaeth, Achosion, Gwelwyd, Canran]]"
    )
    welsh = changed(welsh, "[Ymwelwyr iechyd, 12, 9]", "[Ymwelwyr iechyd, 12, 9, 75%]")
    welsh = changed(welsh, "[Gofal cymdeithasol, 12, 5]", "[Gofal cymdeithasol, 12, 5, 42%]")
    problems = compare(tmp_path, welsh)
    fields = [problem.field for problem in problems]
    assert fields == [
        "sections.1.blocks.1.table.columns.1",
        "sections.1.blocks.1.table.rows.1",
        "sections.1.blocks.1.table.rows.2",
    ]
    assert "lists 4 items under `sections.1.blocks.1.table.rows.1`" in problems[1].message
    assert "the English 3" in problems[1].message
    assert_both_lines(problems[2], line_of(welsh, "[Gofal"), line_of(ENGLISH, "[Social care"))


def test_a_figure_of_a_chart_that_differs_is_named(tmp_path: Path) -> None:
    welsh = changed(WELSH, "              percent: 42\n", "              percent: 41\n")
    welsh = changed(welsh, "              percent: 8\n", "              percent: 9\n")
    problems = compare(tmp_path, welsh)
    assert [problem.field for problem in problems] == [
        "sections.1.blocks.2.chart.bars.2.percent",
        "sections.1.blocks.2.chart.bars.3.percent",
    ]
    assert problems[0].message.startswith(
        "`sections.1.blocks.2.chart.bars.2.percent` is the number 41 in the Welsh version"
    )
    assert "but the number 42 in the English" in problems[0].message
    assert_both_lines(problems[0], line_of(welsh, "percent: 41"), line_of(ENGLISH, "percent: 42"))


def test_a_figure_of_a_table_that_differs_is_named(tmp_path: Path) -> None:
    problem = only(
        compare(
            tmp_path, changed(WELSH, "[Gofal cymdeithasol, 12, 5]", "[Gofal cymdeithasol, 12, 6]")
        )
    )
    assert problem.field == "sections.1.blocks.1.table.rows.2.3"
    assert "the number 6 in the Welsh version" in problem.message
    assert "but the number 5 in the English" in problem.message


def test_a_date_that_differs_is_named(tmp_path: Path) -> None:
    problem = only(compare(tmp_path, changed(WELSH, "published: 2023-06", "published: 2023-07")))
    assert problem.message.startswith("`published` is the date 2023-07 in the Welsh version"), (
        problem.message
    )
    assert "but the date 2023-06 in the English" in problem.message
    assert_both_lines(problem, line_of(WELSH, "published:"), line_of(ENGLISH, "published:"))
    # a day is not its month: they are shown differently (1 June 2023, June 2023)
    problem = only(compare(tmp_path, changed(WELSH, "published: 2023-06", "published: 2023-06-01")))
    assert "the date 2023-06-01 in the Welsh version" in problem.message


def test_a_choice_that_differs_is_named(tmp_path: Path) -> None:
    problem = only(
        compare(tmp_path, changed(WELSH, "  - kind: areas to strengthen", "  - kind: other"))
    )
    assert problem.field == "findings.2.kind"
    assert "is 'other' in the Welsh version" in problem.message
    assert "but 'areas to strengthen' in the English" in problem.message


def test_a_number_in_a_text_that_differs_is_named_at_its_line(tmp_path: Path) -> None:
    welsh = changed(WELSH, "mewn 9 o'r 12 achos", "mewn 8 o'r 12 achos")
    problem = only(compare(tmp_path, welsh))
    assert problem.message.startswith("the Welsh version writes 8 in `findings.1.items.1`"), (
        problem.message
    )
    assert "where the English writes 9" in problem.message
    assert_both_lines(problem, line_of(welsh, "mewn 8"), line_of(ENGLISH, "in 9 of 12"))
    # a figure left out of a paragraph is told at the paragraph's line that has it in English
    welsh = changed(WELSH, "roedd 60 y cant o'r cofnodion", "roedd y rhan fwyaf o'r cofnodion")
    problem = only(compare(tmp_path, welsh))
    assert problem.message.startswith("the Welsh version leaves out 60 from `introduction`")
    assert f"({ENGLISH_FILE}:{line_of(ENGLISH, '60%')})" in problem.message
    # a figure written once more than in the English is a difference too
    welsh = changed(WELSH, "o'r 12 achos.", "o'r 12 achos (12 o deuluoedd).")
    problem = only(compare(tmp_path, welsh))
    assert problem.message.startswith(
        "the Welsh version writes 12 (once more than the English) in `findings.1.items.1`"
    ), problem.message


def test_thousands_and_percentages_are_written_as_each_language_writes_them(tmp_path: Path) -> None:
    """26,000 is 26000, and 60% is 60 y cant (the faithful pair says both); in German, whose
    thousands are grouped with a point, 26.000 is 26000 too, and 1,5 is one and a half."""
    assert "26000" in WELSH
    assert "60 y cant" in WELSH
    assert compare(tmp_path, WELSH) == []
    german = changed(WELSH, "language: cy", "language: de")
    german = changed(german, "26000 o", "26.000 o")
    german = changed(german, "[canllawiau]", "[Leitfaden 1,5]")
    english = changed(ENGLISH, "[guidance]", "[guidance 1.5]")
    assert compare(tmp_path, german, english) == []
    problem = only(compare(tmp_path, changed(german, "26.000 o", "26,000 o"), english))
    assert problem.message.startswith(
        "the German version writes 26,000 (read as 26) in `findings.2.items.2`"
    ), problem.message
    assert "where the English writes 26,000 (read as 26000)" in problem.message
    assert_both_lines(problem, line_of(german, "26.000 o"), line_of(ENGLISH, "26,000 contacts"))


def test_a_link_in_a_text_that_differs_is_named(tmp_path: Path) -> None:
    welsh = changed(
        WELSH,
        "(https://www.example.org/fathers-guidance.pdf)",
        "(https://www.example.org/canllawiau-tadau.pdf)",
    )
    problem = only(compare(tmp_path, welsh))
    assert problem.message.startswith(
        "the Welsh version links to https://www.example.org/canllawiau-tadau.pdf in `introduction`"
    ), problem.message
    assert (
        "where the English links to https://www.example.org/fathers-guidance.pdf" in problem.message
    )
    assert_both_lines(
        problem, line_of(welsh, "canllawiau-tadau"), line_of(ENGLISH, "fathers-guidance")
    )
    # a link left out is a difference too, and an address's digits are not figures
    welsh = changed(
        WELSH, "[canllawiau](https://www.example.org/fathers-guidance.pdf)", "canllawiau"
    )
    problem = only(
        compare(tmp_path, welsh, changed(ENGLISH, "fathers-guidance.pdf", "fathers-2019.pdf"))
    )
    assert (
        "has no link to https://www.example.org/fathers-2019.pdf in `introduction`"
        in problem.message
    )
    # an address Python cannot take apart (a broken IPv6 host) is compared as written
    broken = "(https://[example.org/guidance)"
    welsh = changed(WELSH, "(https://www.example.org/fathers-guidance.pdf)", broken)
    english = changed(ENGLISH, "(https://www.example.org/fathers-guidance.pdf)", broken)
    assert compare(tmp_path, welsh, english) == []
    assert only(compare(tmp_path, welsh)).field == "introduction"


def test_a_link_to_a_section_leads_where_its_translation_leads(tmp_path: Path) -> None:
    """A section's name in a link is made from its heading's words, which are translated:
    `#what-we-found` is `#beth-a-ganfuwyd-gennym`, the same section."""
    english = changed(ENGLISH, "every time.", "every time ([see what we found](#what-we-found)).")
    welsh = changed(WELSH, "bob tro.", "bob tro ([gweler](#beth-a-ganfuwyd-gennym)).")
    assert compare(tmp_path, welsh, english) == []
    welsh = changed(WELSH, "bob tro.", "bob tro ([gweler](#beth-a-welsom)).")
    problem = only(compare(tmp_path, welsh, english))
    assert problem.field == "sections.1.blocks.3.key_message"
    assert "links to #beth-a-welsom in `sections.1.blocks.3.key_message`" in problem.message
    assert "where the English links to #what-we-found" in problem.message


def test_a_note_the_translation_leaves_out_is_named(tmp_path: Path) -> None:
    """Notes (`[^1]` in the text, `[^1]: ...` the note) are compared by their labels; the
    label's digit is a mark, not a figure."""
    english = changed(ENGLISH, "who the father is;", "who the father is;[^1]")
    english = changed(english, "findings:\n", "  \n  [^1]: Working Together, 2023.\nfindings:\n")
    welsh = changed(WELSH, "pwy yw'r tad;", "pwy yw'r tad;[^1]")
    welsh = changed(welsh, "findings:\n", "  \n  [^1]: Gweithio Gyda'n Gilydd, 2023.\nfindings:\n")
    assert compare(tmp_path, welsh, english) == []
    problem = only(compare(tmp_path, changed(welsh, "pwy yw'r tad;[^1]", "pwy yw'r tad;"), english))
    assert problem.message.startswith(
        "the Welsh version has no note mark [^1] in `introduction`"
    ), problem.message
    assert "where the English has it" in problem.message
    assert_both_lines(problem, line_of(welsh, "introduction:"), line_of(english, "father is;[^1]"))
    # a note the English has not, told at its line
    welsh = changed(welsh, "bob tro.", "bob tro.[^2]")
    welsh = changed(welsh, "findings:\n", "  [^2]: Nodyn arall.\nfindings:\n")
    problems = compare(tmp_path, welsh, english)
    assert [problem.message.split(" in ")[0] for problem in problems] == [
        "the Welsh version has the note [^2]: ...",
        "the Welsh version has the note mark [^2]",
    ]
    assert problems[1].line == line_of(welsh, "bob tro.[^2]")


def test_an_address_field_that_differs_is_named(tmp_path: Path) -> None:
    welsh = changed(WELSH, "uwchgyfeirio-cy.pdf", "polisi-arall.pdf")
    problem = only(compare(tmp_path, welsh))
    assert problem.field == "resources.1.url"
    assert problem.message.startswith(
        "`resources.1.url` is https://www.example.org/polisi-arall.pdf in the Welsh version"
    ), problem.message
    assert "but https://www.example.org/escalation-en.pdf in the English" in problem.message
    assert_both_lines(problem, line_of(welsh, "url:"), line_of(ENGLISH, "url:"))


def test_a_counterpart_in_the_other_language_is_the_same_link(tmp_path: Path) -> None:
    """Without the pair listed, the Welsh policy is another address; with it, the same."""
    assert only(compare(tmp_path, WELSH, links=[])).field == "resources.1.url"
    assert compare(tmp_path, WELSH, links=[ESCALATION]) == []
    # in a text too, and whichever way round the pair is listed; written without its slash
    guidance = [
        "https://www.example.org/canllawiau/",
        "https://www.example.org/fathers-guidance.pdf",
    ]
    welsh = changed(
        WELSH,
        "(https://www.example.org/fathers-guidance.pdf)",
        "(https://WWW.example.org/canllawiau)",
    )
    assert compare(tmp_path, welsh, links=[ESCALATION, guidance]) == []
    assert only(compare(tmp_path, welsh)).field == "introduction"


def test_every_difference_is_told_in_one_run_in_the_order_of_the_lines(tmp_path: Path) -> None:
    welsh = changed(WELSH, "      - Anaml y gwelwyd tadau ar eu pen eu hunain.\n", "")
    welsh = changed(welsh, "mewn 9 o'r 12 achos", "mewn 8 o'r 12 achos")
    welsh = changed(welsh, "published: 2023-06", "published: 2024-06")
    problems = compare(tmp_path, welsh)
    assert [problem.field for problem in problems] == [
        "published",
        "findings.1.items.1",
        "findings.2.items",
    ]
    assert [problem.line for problem in problems] == sorted(
        problem.line or 0 for problem in problems
    )
    assert_both_lines(problems[0], line_of(welsh, "published:"), line_of(ENGLISH, "published:"))
    assert_both_lines(problems[1], line_of(welsh, "mewn 8"), line_of(ENGLISH, "in 9 of 12"))
    items = line_of(welsh, "    title: Meysydd") + 1, line_of(ENGLISH, "    title: Areas") + 1
    assert_both_lines(problems[2], *items)


def test_versions_whose_languages_are_not_given_are_the_original_and_the_translation(
    tmp_path: Path,
) -> None:
    english = changed(ENGLISH, "language: en-GB\n", "")
    welsh = changed(WELSH, "language: cy\n", "")
    problem = only(
        compare(tmp_path, changed(welsh, "published: 2023-06", "published: 2023-07"), english)
    )
    assert "in the translation" in problem.message
    assert "in the original" in problem.message
    # a version that says its language is named by it; one that does not, as above
    later = changed(WELSH, "published: 2023-06", "published: 2023-07")
    problem = only(compare(tmp_path, later, english))
    assert "in the Welsh version" in problem.message
    assert "in the original" in problem.message


def test_a_text_written_as_a_group_of_fields_is_another_shape(tmp_path: Path) -> None:
    """A finding of a `findings` block: a statement, or `text:` with its own judgement."""
    block = "      - findings:\n          items:\n            - {item}\n"
    english = changed(
        ENGLISH,
        "      - key_message: Ask who the father is, every time.\n",
        block.format(item="Fathers were seen."),
    )
    welsh = changed(
        WELSH,
        "      - key_message: Gofynnwch pwy yw'r tad, bob tro.\n",
        block.format(item="{text: Gwelwyd tadau., judgement: went well}"),
    )
    problem = only(compare(tmp_path, welsh, english))
    assert problem.field == "sections.1.blocks.3.findings.items.1"
    assert "is a group of fields (`text`, `judgement`) in the Welsh version" in problem.message
    assert "but 'Fathers were seen.' in the English" in problem.message


CHRONOLOGY = """\
title: {title}
language: {language}
published: 2025-09
introduction: {introduction}
sections:
  - heading: {heading}
    blocks:
      - chronology:
          title: {events}
          events:
            - date: 2024-03
              event: {first}
              agency: {agency}
            - date: {date}
              event: {second}
              agency: {agency}
      - rating_scale:
          ratings:
            - area: {area}
              rating: {rating}
              why: {why}
"""
ENGLISH_CHRONOLOGY = {
    "title": "Learning from a case of a baby's injury",
    "language": "en-GB",
    "introduction": "A baby of four months was seriously injured.",
    "heading": "What happened",
    "events": "Key events, earliest first",
    "first": "The health visitor saw a small bruise on the baby's ear.",
    "second": "The baby was admitted to hospital with a fractured arm.",
    "agency": "Health visiting",
    "date": "2024-05-02",
    "area": "Seeking a medical opinion",
    "rating": "inadequate",
    "why": "Neither bruise led to a paediatric assessment.",
}
WELSH_CHRONOLOGY = {
    "title": "Dysgu o achos o anaf i fabi",
    "language": "cy",
    "introduction": "Cafodd babi pedwar mis oed ei anafu'n ddifrifol.",
    "heading": "Beth ddigwyddodd",
    "events": "Digwyddiadau allweddol, y cynharaf yn gyntaf",
    "first": "Gwelodd yr ymwelydd iechyd glais bach ar glust y babi.",
    "second": "Derbyniwyd y babi i'r ysbyty â braich wedi torri.",
    "agency": "Ymwelwyr iechyd",
    "date": "2024-05-02",
    "area": "Ceisio barn feddygol",
    "rating": "inadequate",
    "why": "Ni arweiniodd y naill glais na'r llall at asesiad pediatrig.",
}


def test_a_projects_own_kinds_are_compared_as_the_built_in_ones(tmp_path: Path) -> None:
    model = briefing_model(load_kinds(OWN_KINDS))
    english = load(tmp_path, ENGLISH_FILE, CHRONOLOGY.format(**ENGLISH_CHRONOLOGY), model)
    welsh = load(tmp_path, WELSH_FILE, CHRONOLOGY.format(**WELSH_CHRONOLOGY), model)
    assert compare_versions(english, welsh) == []
    changes = {"date": "2024-05-03", "rating": "good"}
    wrong = load(
        tmp_path, "content/y.cy.yaml", CHRONOLOGY.format(**{**WELSH_CHRONOLOGY, **changes}), model
    )
    problems = compare_versions(english, wrong)
    block = "sections.1.blocks"
    assert [problem.field for problem in problems] == [
        f"{block}.1.chronology.events.2.date",
        f"{block}.2.rating_scale.ratings.1.rating",
    ]
    assert "is the date 2024-05-03 in the Welsh version" in problems[0].message
    assert "is 'good' in the Welsh version" in problems[1].message
    assert "but 'inadequate' in the English" in problems[1].message


# Generated briefings: sections of blocks of every kind (each kind's own example), and texts
# of words, figures and links in both languages, the figures written as each language may
# write them (26,000 and 26000, 60% and 60 y cant), the links kept.
PAIRS = [
    ("Care", "Gofal"),
    ("children", "plant"),
    ("26,000", "26000"),
    ("60%", "60 y cant"),
    ("2019", "2019"),
    ("1.5", "1.5"),
    ("[the policy](https://www.example.org/p)", "[y polisi](https://www.example.org/p)"),
    ("<https://www.example.org/2020>", "<https://www.example.org/2020>"),
    (
        "[escalation](https://www.example.org/escalation-en.pdf)",
        "[uwchgyfeirio](" + ESCALATION[1] + ")",
    ),
    ("**important**", "**pwysig**"),
    ("and", "ac"),
]
Pair = tuple[Any, ...]  # the English, then the Welsh
TEXTS: st.SearchStrategy[Pair] = st.lists(st.sampled_from(PAIRS), min_size=1, max_size=12).map(
    lambda words: tuple(" ".join(word[side] for word in words) for side in (0, 1))
)


def _example(key: str) -> Pair:
    return copy.deepcopy(REGISTRY[key].example), copy.deepcopy(REGISTRY[key].example)


def _both(make: Any) -> Any:
    """A pair of values, each made of its side of the pairs it is given."""
    return lambda pairs: tuple(make([pair[side] for pair in pairs]) for side in (0, 1))


BLOCKS: st.SearchStrategy[Pair] = st.one_of(
    st.sampled_from(sorted(REGISTRY)).map(
        lambda key: tuple({key: value} for value in _example(key))
    ),
    TEXTS.map(lambda texts: tuple({"paragraphs": text} for text in texts)),
    st.lists(TEXTS, min_size=1, max_size=4).map(_both(lambda items: {"bullets": items})),
)
SECTIONS: st.SearchStrategy[Pair] = st.lists(
    st.tuples(TEXTS, st.lists(BLOCKS, min_size=1, max_size=4)).map(
        lambda section: tuple(
            {"heading": section[0][side], "blocks": [block[side] for block in section[1]]}
            for side in (0, 1)
        )
    ),
    min_size=1,
    max_size=3,
).map(_both(list))


def _loaded(folder: Path, name: str, language: str, introduction: str, sections: Any) -> Loaded:
    data = {"title": "A title", "language": language, "introduction": introduction}
    text = json.dumps({**data, "sections": sections}, ensure_ascii=False)  # JSON is YAML
    return load(folder, name, text)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sections=SECTIONS, introduction=TEXTS)
def test_generated_translations_differ_in_nothing_and_a_dropped_block_is_found(
    tmp_path: Path, sections: Pair, introduction: Pair
) -> None:
    try:
        english = _loaded(tmp_path, ENGLISH_FILE, "en-GB", introduction[0], sections[0])
        welsh = _loaded(tmp_path, WELSH_FILE, "cy", introduction[1], sections[1])
    except ContentError:  # a shape the model refuses: a heading holding a link
        return
    assert compare_versions(english, english) == []
    assert compare_versions(english, welsh, translated_links=[ESCALATION]) == []
    shorter = copy.deepcopy(sections[1])
    shorter[0]["blocks"].append({"paragraphs": "Paragraff arall."})
    longer = _loaded(tmp_path, "content/y.cy.yaml", "cy", introduction[1], shorter)
    problem = only(compare_versions(english, longer, translated_links=[ESCALATION]))
    assert problem.field == "sections.1.blocks"
    assert f"the English {len(shorter[0]['blocks']) - 1} ({ENGLISH_FILE}:" in problem.message


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_other_languages_are_named_in_english(tmp_path: Path, language: str) -> None:
    welsh = changed(WELSH, "language: cy", f"language: {language}")
    problem = only(compare(tmp_path, changed(welsh, "published: 2023-06", "published: 2023-07")))
    name = {"ur": "Urdu", "pl": "Polish"}[language]
    assert f"in the {name} version" in problem.message
