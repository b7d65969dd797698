"""The personal-data guard: what it finds, what it lets pass, and how a briefing is refused.

The numbers here are not anyone's: phone numbers come from Ofcom's ranges kept for
drama, and NHS numbers were made up with a valid check digit.
"""

from __future__ import annotations

import json
import random
import string
import threading
from html.entities import html5
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from briefgen.cli import starter_text
from briefgen.content.blocks import REGISTRY
from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.content.markdown import render_block, render_inline
from briefgen.content.model import Acknowledgement, CheckName
from briefgen.content.privacy import Kind, find_personal_data, nhs_check_digit_is_valid, normalise
from briefgen.content.published import find_published_personal_data
from briefgen.review.checks import CHECKS, check_briefing, check_personal_data
from tests.support.project import REPOSITORY, Runner, copy_example, run_briefgen
from tests.support.text import VALID, parse_html, seed_data

NHS = Kind.NHS_NUMBER
NINO = Kind.NATIONAL_INSURANCE_NUMBER
POSTCODE = Kind.POSTCODE
DOB = Kind.DATE_OF_BIRTH
PHONE = Kind.PHONE_NUMBER
EMAIL = Kind.EMAIL_ADDRESS
NAME = Kind.NAME

POSITIVES: list[tuple[str, list[Kind]]] = [
    # NHS numbers
    ("The GP record gave NHS number 943 476 5919 for Child A.", [NHS]),
    ("Child B (NHS no. 4074833786) was seen at the clinic.", [NHS]),
    ("The discharge letter quoted 429-040-4790 as the baby's number.", [NHS]),
    ("Records for 466 972 5106 and 473 464 6864 were shared.", [NHS, NHS]),
    # National Insurance numbers
    ("The father's National Insurance number, AB 12 34 56 C, was on the form.", [NINO]),
    ("Benefits were paid under JT123456A until March.", [NINO]),
    ("The referral form carried ce 98 76 54 d in the wrong box.", [NINO]),
    # postcodes
    ("The family moved to a flat in RH12 1XH after the eviction.", [POSTCODE]),
    ("Police attended the address at BN1 1AA twice in one week.", [POSTCODE]),
    ("The home visit was to sw1a 2aa, as written on the referral.", [POSTCODE]),
    ("Child C's school is near M11AE, where the family lives.", [POSTCODE]),
    # dates of birth
    ("Child A was born on 3 March 2019 and referred at six weeks.", [DOB]),
    ("The referral gave DOB 03/03/2019 but no address.", [DOB]),
    ("The baby was born prematurely on 14th February 2020.", [DOB]),
    ("Her d.o.b. 12.5.18 was recorded wrongly by two agencies.", [DOB]),
    ("Date of birth: 2019-03-03 was copied into the chronology.", [DOB]),
    ("He was born March 3, 2019, the youngest of four children.", [DOB]),
    ("Child D was born to a young mother on 12/05/2018.", [DOB]),
    # phone numbers
    ("The mother could be reached on 07700 900123 during the day.", [PHONE]),
    ("Ring the father on +44 7700 900456 before any visit.", [PHONE]),
    ("The grandmother's landline, (01632) 960123, was not answered.", [PHONE]),
    ("A neighbour called from 0113 496 0999 to raise concerns.", [PHONE]),
    ("The aunt (07700 900321) offered to care for the children.", [PHONE]),
    ("The number +44 (0)20 7946 0123 was on the referral.", [PHONE]),
    # email addresses
    ("The mother emailed from jane.smith@gmail.com to ask for help.", [EMAIL]),
    ("Send the plan to j.smith@westsussex.gov.uk by Friday.", [EMAIL]),
    ("The father wrote from [his own address](mailto:amy.jones@outlook.com).", [EMAIL]),
    # names with a title
    ("Mrs Patel was not told that the plan had ended.", [NAME]),
    ("The GP, Dr Shah, had not seen the baby since birth.", [NAME]),
    ("Mr O'Brien refused to let the health visitor in.", [NAME]),
    ("Miss Clarke and Ms Jones-Smith attended the strategy meeting.", [NAME, NAME]),
    ("Nobody asked Mr and Mrs Hill about the other children.", [NAME]),
    # names next to a family role
    ("The mother, Jane, did not attend the conference.", [NAME]),
    ("Child A's mother Jane was not asked about her partner.", [NAME]),
    ("Agencies did not know that her partner John had moved in.", [NAME]),
    ("Mum, Sarah, said that nobody explained the plan.", [NAME]),
    ("His sister, Amy, was living with the family at the time.", [NAME]),
    ("The baby, Lily, was not seen by the health visitor.", [NAME]),
    ("The maternal grandmother Pauline Brown cared for the children.", [NAME]),
    # several at once
    ("Mrs Patel (DOB 03/03/1990) gave 07700 900789 as her number.", [NAME, DOB, PHONE]),
    ("The mother, Jane, lived at RH12 1XH with Child A (NHS 943 476 5919).", [NAME, POSTCODE, NHS]),
]

NEGATIVES = [
    "Health Visitors and Children's Social Care shared information well.",
    "Child A was referred three times before an assessment.",
    "The mother was not asked which agencies were working with the family.",
    "Universal Partnership Plus services were offered to the family.",
    "In May 2020 the partnership completed an audit of children under two.",
    "Children were referred between July 2019 and December 2019.",
    "Of the 20 children, 10 were subject to the multi-agency audit.",
    "60% had not proceeded to assessment, and 2,345 contacts were made in the year.",
    "The Multi-Agency Safeguarding Hub (MASH) and the LADO received the referrals.",
    "Read Working Together to Safeguard Children 2023 and the Children Act 1989.",
    "The briefing was published on 29 May 2020, covering 1 July 2019 to 31 December 2019.",
    "Children born between 1 April 2018 and 31 March 2019 were included.",
    "The cohort was of babies born in March 2019.",
    "Child A's mother was not invited to the Child Protection Conference.",
    "Our partner agencies, including the statutory partner Sussex Police, took part.",
    "The Mother and Baby Unit offered a place.",
    "A s47 2nd strategy discussion was held within a week.",
    "Families in RH12 and RH13 were most often referred, near the A27 and the M25.",
    "Call the MASH on 0306 999 0123, or Childline on 0800 1111.",
    "The NSPCC helpline is 0808 800 5000.",
    "Write to safeguarding@westsussex.gov.uk, lado@westsussex.gov.uk or mash-referrals@nhs.net.",
    "The partnership's address is wsscp@westsussex.gov.uk.",
    "HMRC's example number QQ 12 34 56 C is never issued.",
    "GB 12 34 56 A, AO 12 34 56 B and AB 12 34 56 E are not National Insurance numbers.",
    "The case file reference 943 476 5918 was quoted in the minutes.",
    "The mother, Mrs X, and the father, Mr Y, were spoken to separately.",
    "The father of Baby T and his daughter, Baby C, were not seen.",
    "The baby March 2019 review and the child May 2020 plan were late.",
    "See [the escalation policy](https://www.example.org/uploads/2019/03/943-476-5919-RH12-1XH.pdf).",
    "The policy is at https://www.example.org/07700900123/born-3-March-2019.pdf today.",
    "The mother, who had moved, was not told. The father, too, was not told.",
    "Early Help, CIN plans and the Local Authority Designated Officer are explained.",
    "The audit found 12 of 20 children (60%) had a plan in 2019, and 8 (40%) did not.",
    "Practitioners should ask the mother, Children's Social Care and the GP.",
    "Version 6, 2019, replaces the escalation policy of 2017.",
    "Scores ranged over 0 1 2 3 4 5 6 7 8 9 on the scale.",
]


@pytest.mark.parametrize(("sentence", "kinds"), POSITIVES)
def test_finds_personal_data_in_briefing_prose(sentence: str, kinds: list[Kind]) -> None:
    assert [finding.kind for finding in find_personal_data(sentence)] == kinds


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_ordinary_briefing_prose_passes(sentence: str) -> None:
    assert find_personal_data(sentence) == []


def test_the_corpora_are_large_enough_and_cover_every_kind() -> None:
    assert len(POSITIVES) >= 30
    assert len(NEGATIVES) >= 30
    for kind in Kind:
        assert sum(kinds.count(kind) for _, kinds in POSITIVES) >= 3, kind


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The mother, Jane, did not attend.", "mother, Jane"),
        ("Mrs Jane Patel was not told.", "Mrs Jane Patel"),
        ("NHS number 943 476 5919 was recorded.", "943 476 5919"),
        ("He was born on 3 March 2019.", "born on 3 March 2019"),
        ("Ring +44 (0)20 7946 0123 first.", "+44 (0)20 7946 0123"),
        ("It was sent to rh121xh.", "rh121xh"),
        ("The aunt (07700 900321) called.", "07700 900321"),
        ("Her grandmother's number, (01632) 960123, was wrong.", "(01632) 960123"),
    ],
)
def test_a_finding_is_the_exact_text(sentence: str, text: str) -> None:
    (finding,) = find_personal_data(sentence)
    assert finding.text == text
    assert sentence[finding.start : finding.end] == text
    assert finding.reason


def test_the_nhs_check_digit() -> None:
    assert nhs_check_digit_is_valid("9434765919")
    assert not nhs_check_digit_is_valid("9434765918")
    # 123456789 gives a check digit of 10, which is never issued.
    assert not any(nhs_check_digit_is_valid(f"123456789{last}") for last in range(10))


@pytest.mark.parametrize("prefix", ["DA", "FA", "IA", "QA", "UA", "VA", "AD", "AV", "AO"])
def test_national_insurance_letters_that_are_never_issued(prefix: str) -> None:
    assert find_personal_data(f"The number {prefix} 12 34 56 A was given.") == []


@pytest.mark.parametrize("prefix", ["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"])
def test_national_insurance_prefixes_that_are_never_issued(prefix: str) -> None:
    assert find_personal_data(f"The number {prefix}123456B was given.") == []


def test_postcodes_need_a_real_area_and_inward_letters() -> None:
    assert find_personal_data("The code XY12 1XH is not a postcode.") == []
    assert find_personal_data("The code RH12 1CI is not a postcode.") == []
    assert [f.kind for f in find_personal_data("It was RH12 1ST, in capitals.")] == [POSTCODE]


def test_an_outward_code_alone_passes() -> None:
    assert find_personal_data("Most referrals came from RH10, RH11 and BN17.") == []


def test_role_addresses_pass_and_personal_ones_do_not() -> None:
    role = "info@example.org, early.help@example.org, lscb@example.org, noreply@example.org"
    assert find_personal_data(role) == []
    assert [f.text for f in find_personal_data("mash@example.org or jsmith@example.org")] == [
        "jsmith@example.org"
    ]


def test_organisation_numbers_pass_and_personal_numbers_do_not() -> None:
    text = "0300 123 4567, 0845 600 0000, 0909 879 0000, 07624 123456 and 0161 496 0000"
    assert [f.text for f in find_personal_data(text)] == ["07624 123456", "0161 496 0000"]


def test_link_text_is_searched_but_web_addresses_are_not() -> None:
    text = "[Mrs Patel's letter](https://www.example.org/2019/03/03/9434765919.pdf)"
    assert [f.text for f in find_personal_data(text)] == ["Mrs Patel"]


def test_a_name_across_a_line_break_of_a_paragraph() -> None:
    (finding,) = find_personal_data("agencies did not speak to Mrs\nPatel at all")
    assert finding.text == "Mrs\nPatel"


# Forms the page prints that the rules once missed: numbers dotted, slashed or broken over
# two lines (a Markdown line break), a backslash Markdown leaves as it is, and a name opened
# by a quote or by marks that briefgen's Markdown prints (code spans, strikethrough).
SPLIT_FORMS = [
    ("NHS number with dots", "NHS 943.476.5919 was given.", "943.476.5919", NHS),
    ("NHS number with slashes", "NHS 943/476/5919 was given.", "943/476/5919", NHS),
    ("NHS number over two lines", "NHS 943\n476 5919 was given.", "943\n476 5919", NHS),
    ("NHS number with backslashes", "NHS 943\\476\\5919 was given.", "943\\476\\5919", NHS),
    ("postcode over two lines", "They moved to RH12\n1AB.", "RH12\n1AB", POSTCODE),
    ("National Insurance number hyphened", "It was AB-12-34-56-C.", "AB-12-34-56-C", NINO),
    ("National Insurance number dotted", "It was AB.12.34.56.C.", "AB.12.34.56.C", NINO),
    ("mobile number over two lines", "Call 07700\n900123 today.", "07700\n900123", PHONE),
    ("Pandoc's no-break space", "Nobody asked Mrs\\ Patel.", "Mrs\\ Patel", NAME),
    ("escaped at sign", "Write to jane.doe\\@example.com.", "jane.doe\\@example.com", EMAIL),
    ("surname in a code span", "Nobody asked Mrs `Patel`.", "Mrs `Patel", NAME),
    ("surname struck through", "Nobody asked Mrs ~~Patel~~.", "Mrs ~~Patel", NAME),
    ("given name in quotes", "The mother, 'Jane', was not asked.", "mother, 'Jane", NAME),
    ("given name in curly quotes", "Her partner “John” moved in.", "partner “John", NAME),
]


@pytest.mark.parametrize(
    ("sentence", "text", "kind"),
    [form[1:] for form in SPLIT_FORMS],
    ids=[form[0] for form in SPLIT_FORMS],
)
def test_split_and_opened_forms_are_found(sentence: str, text: str, kind: Kind) -> None:
    (finding,) = find_personal_data(sentence)
    assert (finding.kind, finding.text) == (kind, text)


def test_a_dotted_date_before_a_number_is_not_a_phone_number() -> None:
    """Why phone numbers may not be dotted: a date in the British way would be one."""
    assert find_personal_data("On 01.03.2020 14 children were seen.") == []


# --- text pasted from Word, web pages and PDFs -------------------------------------------

# Each form of text that looks plain but is not, with the personal data it hides.
PASTED_FORMS = [
    ("no-break space in a name", "Mrs\u00a0Patel was not told.", "Mrs\u00a0Patel", NAME),
    ("no-break space in a postcode", "They moved to RH12\u00a01AA.", "RH12\u00a01AA", POSTCODE),
    ("no-break space in a phone number", "Call 01903\u00a0123456.", "01903\u00a0123456", PHONE),
    ("no-break spaces, NHS number", "NHS 943\u00a0476\u00a05919", "943\u00a0476\u00a05919", NHS),
    ("narrow no-break space", "Dr\u202fShah had not seen her.", "Dr\u202fShah", NAME),
    ("thin space", "The aunt (07700\u2009900321) called.", "07700\u2009900321", PHONE),
    ("ideographic space", "It was sw1a\u30002aa.", "sw1a\u30002aa", POSTCODE),
    ("zero-width spaces", "NHS 943\u200b476\u200b5919.", "943\u200b476\u200b5919", NHS),
    ("zero-width joiner", "NHS 9434\u200d765919.", "9434\u200d765919", NHS),
    ("zero-width non-joiner", "Ms Jo\u200cnes came.", "Ms Jo\u200cnes", NAME),
    ("word joiner", "DOB 03/03/\u20602019 was given.", "DOB 03/03/\u20602019", DOB),
    ("byte order mark", "NHS \ufeff9434765919.", "9434765919", NHS),
    ("soft hyphen", "Mrs Pa\u00adtel was not told.", "Mrs Pa\u00adtel", NAME),
    ("full-width digits", "NHS ９４３ ４７６ ５９１９.", "９４３ ４７６ ５９１９", NHS),
    ("full-width letters", "They moved to ＲＨ１２ １ＡＡ.", "ＲＨ１２ １ＡＡ", POSTCODE),
    ("Arabic-Indic digits", "NHS ٩٤٣٤٧٦٥٩١٩ was on file.", "٩٤٣٤٧٦٥٩١٩", NHS),
    ("non-breaking hyphens", "NHS 943\u2011476\u20115919.", "943\u2011476\u20115919", NHS),
    ("line separator", "Agencies did not ask Mrs\u2028Patel.", "Mrs\u2028Patel", NAME),
]


@pytest.mark.parametrize(
    ("sentence", "text", "kind"),
    [form[1:] for form in PASTED_FORMS],
    ids=[form[0] for form in PASTED_FORMS],
)
def test_pasted_characters_do_not_hide_personal_data(sentence: str, text: str, kind: Kind) -> None:
    """The rules read a normalised copy; the finding quotes the text as it was written."""
    (finding,) = find_personal_data(sentence)
    assert finding.kind is kind
    assert finding.text == text
    assert sentence[finding.start : finding.end] == text


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_ordinary_prose_with_pasted_spaces_still_passes(sentence: str) -> None:
    """Normalising makes no false positive: the negative corpus with no-break spaces,
    zero-width spaces after each word and full-width digits passes as it is."""
    pasted = sentence.replace(" ", "\u00a0\u200b").translate(
        {ord(digit): 0xFF10 + int(digit) for digit in "0123456789"}
    )
    assert find_personal_data(pasted) == []


PASTE = {ord(" "): "\u202f"} | {
    ord(digit): chr(0xFF10 + int(digit)) + "\u200b" for digit in "0123456789"
}


@given(st.text(alphabet="0123456789 +-()/.,:@ABCDEFGHJKLMNPRSTWXYZabcdmorsthnv\n", max_size=300))
def test_pasted_text_gives_the_findings_of_plain_text(text: str) -> None:
    """Narrow no-break spaces for spaces, full-width digits each followed by a zero-width
    space: the guard finds the same things, each quoted as pasted."""
    pasted = text.translate(PASTE)
    plain_findings = find_personal_data(text)
    pasted_findings = find_personal_data(pasted)
    assert [f.kind for f in pasted_findings] == [f.kind for f in plain_findings]
    for plain, found in zip(plain_findings, pasted_findings, strict=True):
        assert normalise(found.text) == plain.text
        assert pasted[found.start : found.end] == found.text


def test_normalise_makes_plain_spaces_digits_and_hyphens() -> None:
    assert normalise("a\u00a0b\u202fc\u2009d\u3000e\u2028f") == "a b c d e\nf"
    assert normalise("9\u200b4\u200c3\u200d4\u2060\ufeff7\u00ad6") == "943476"
    assert normalise("９４３٤٧٦\u2011१") == "943476-1"
    assert normalise("Child A’s café") == "Child A’s café"


@given(st.text())
def test_find_personal_data_never_raises_and_returns_exact_text(text: str) -> None:
    for finding in find_personal_data(text):
        assert text[finding.start : finding.end] == finding.text


@given(st.text(alphabet="0123456789 +-()/.,:@ABCDEFGHJKLMNPRSTWXYZabcdmorsthnv\n", max_size=400))
def test_find_personal_data_on_text_made_of_what_the_rules_look_for(text: str) -> None:
    findings = find_personal_data(text)
    ends = [finding.end for finding in findings]
    starts = [finding.start for finding in findings]
    assert all(start >= end for start, end in zip(starts[1:], ends, strict=False))


SIZE = 100_000
ADVERSARIAL_TEXTS = {
    "digits": "1" * SIZE,
    "zeros": "0" * SIZE,
    "capitals": "A" * SIZE,
    "letters": "a" * SIZE,
    "spaces": " " * SIZE,
    "digits and spaces": ("0 1 2 3 4 5 6 7 8 9 " * SIZE)[:SIZE],
    "capitals and digits": ("AB12 " * SIZE)[:SIZE],
    "mixed": ("RH12 1X 943 476 591 Mrs MR A 07700 9 " * SIZE)[:SIZE],
    "titles": ("Mrs " * SIZE)[:SIZE],
    "roles": ("the mother, " * SIZE)[:SIZE],
    "born": ("born on 3 " * SIZE)[:SIZE],
    "at signs": ("a.b@c" * SIZE)[:SIZE],
    "dots": ("a." * SIZE)[:SIZE],
    "phone separators": ("07700 " * SIZE)[:SIZE],
    "long words": ("mother " + "A" * 1000 + " ") * 99,
    "web": "https://" + "9" * SIZE,
    "random digits, spaces and capitals": "".join(
        random.Random(14289).choices("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=SIZE)
    ),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_TEXTS))
def test_long_adversarial_text_finishes(name: str) -> None:
    """A hang guard, not a benchmark: a catastrophic backtrack would run for hours."""
    text = ADVERSARIAL_TEXTS[name]
    outcome: list[int] = []
    worker = threading.Thread(
        target=lambda: outcome.append(len(find_personal_data(text))), daemon=True
    )
    worker.start()
    worker.join(timeout=120)
    assert outcome, f"find_personal_data did not finish on {name!r} in 120 s"


# --- the check, on briefings ----------------------------------------------------------

BRIEFING = """\
title: A rapid review of a baby's care
type: rapid review
published: 2021-03-01
introduction: |
  Child A was six weeks old when the rapid review began.

  {introduction}
findings:
  - kind: areas to strengthen
    items:
      - {first_finding}
      - {second_finding}
practice:
  instruction: Discuss the learning in supervision.
  questions:
    - Do I always ask who else lives in the home?
key_message: Think about who else lives in the home.
resources:
  - title: Information sharing guidance 2018
    url: https://www.example.org/uploads/2018/07/943-476-5919.pdf
{acknowledge}"""


def briefing_text(
    introduction: str = "Agencies shared information well.",
    first_finding: str = "Records were not shared.",
    second_finding: str = "Nobody asked who the father was.",
    acknowledge: str = "",
) -> str:
    return BRIEFING.format(
        introduction=introduction,
        first_finding=first_finding,
        second_finding=second_finding,
        acknowledge=acknowledge,
    )


def write_briefing(project: Path, text: str, name: str = "rapid-review") -> Path:
    path = project / "content" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_check_is_registered() -> None:
    assert check_personal_data in CHECKS


def personal_data_problems(project: Path, source: Path) -> list[tuple[str, str | None]]:
    problems = check_briefing(load_briefing(source), load_project(project).config)
    return [
        (problem.field, problem.value)
        for problem in problems
        if problem.check == CheckName.PERSONAL_DATA.value
    ]


EXAMPLE_BRIEFINGS = sorted(
    [*(REPOSITORY / "content").glob("*.yaml"), *(REPOSITORY / "tests" / "content").glob("*.yaml")]
)


@pytest.mark.parametrize("source", EXAMPLE_BRIEFINGS, ids=str)
def test_the_example_briefings_have_no_personal_data(source: Path) -> None:
    problems = check_briefing(load_briefing(source), load_project(REPOSITORY).config)
    assert [p for p in problems if p.check == CheckName.PERSONAL_DATA.value] == []


def test_a_new_briefing_from_the_starter_has_no_personal_data(empty_project: Path) -> None:
    source = write_briefing(empty_project, starter_text(Path("content/starter.yaml")), "starter")
    assert personal_data_problems(empty_project, source) == []


def test_the_check_reports_each_field_with_the_exact_text(empty_project: Path) -> None:
    source = write_briefing(
        empty_project,
        briefing_text(
            introduction="The mother, Jane, did not attend.",
            second_finding="Mrs Patel was not told, and Mrs Patel did not ask.",
        ),
    )
    assert personal_data_problems(empty_project, source) == [
        ("introduction", "mother, Jane"),
        ("findings.1.items.2", "Mrs Patel"),
    ]


def test_a_resource_mailto_address_is_checked(empty_project: Path) -> None:
    text = briefing_text() + (
        "  - title: Write to the social worker\n    url: mailto:amy.jones@outlook.com\n"
    )
    source = write_briefing(empty_project, text)
    assert personal_data_problems(empty_project, source) == [
        ("resources.2.url", "amy.jones@outlook.com")
    ]


@pytest.mark.slow
def test_check_refuses_personal_data_with_field_line_and_why(empty_project: Path) -> None:
    write_briefing(
        empty_project, briefing_text(second_finding="The GP had NHS number 943 476 5919 on file.")
    )
    result = run_briefgen("check", cwd=empty_project)
    assert result.code == 1
    assert "content/rapid-review.yaml:12:" in result.err
    assert "(findings.1.items.2)" in result.err
    assert "looks like an NHS number (ten digits with a valid NHS check digit)" in result.err
    assert "you wrote: 943 476 5919" in result.err
    assert "remove the number" in result.err
    assert '`field: findings.1.items.2`, `text: "943 476 5919"`' in result.err
    assert "Traceback" not in result.err


def test_build_refuses_personal_data_and_writes_no_briefing(
    empty_project: Path, briefgen_main: Runner
) -> None:
    write_briefing(empty_project, briefing_text(introduction="Her partner John moved in."))
    result = briefgen_main("build", "--project", empty_project)
    assert result.code == 1
    assert "looks like a name (a given name next to 'partner')" in result.err
    assert "(introduction)" in result.err
    assert not (empty_project / "output" / "rapid-review").exists()


ACKNOWLEDGE_PATEL = """\
acknowledge:
  - check: personal-data
    field: findings.1.items.1
    text: Mrs Patel
    reason: Reviewed by the business manager; the name is of the author of a cited report.
"""


def test_an_acknowledgement_lets_only_that_field_and_text_through(empty_project: Path) -> None:
    source = write_briefing(
        empty_project,
        briefing_text(
            first_finding="The report by Mrs Patel was not read.",
            second_finding="Mrs Patel and Dr Shah were not invited.",
            acknowledge=ACKNOWLEDGE_PATEL,
        ),
    )
    assert personal_data_problems(empty_project, source) == [
        ("findings.1.items.2", "Mrs Patel"),
        ("findings.1.items.2", "Dr Shah"),
    ]


def test_an_acknowledgement_of_other_text_in_the_field_lets_nothing_through(
    empty_project: Path,
) -> None:
    source = write_briefing(
        empty_project,
        briefing_text(
            first_finding="The report by Mrs Patel was not shared with Dr Shah.",
            acknowledge=ACKNOWLEDGE_PATEL,
        ),
    )
    assert personal_data_problems(empty_project, source) == [("findings.1.items.1", "Dr Shah")]


def test_an_acknowledged_briefing_checks_clean(empty_project: Path, briefgen_main: Runner) -> None:
    write_briefing(
        empty_project,
        briefing_text(
            first_finding="The report by Mrs Patel was not read.", acknowledge=ACKNOWLEDGE_PATEL
        ),
    )
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 0, result.err


@pytest.mark.slow
def test_a_name_across_a_wrapped_line_is_acknowledged_as_the_fix_quotes_it(
    empty_project: Path, briefgen_main: Runner
) -> None:
    introduction = "Agencies did not speak to Mrs\n  Patel before the review."
    write_briefing(empty_project, briefing_text(introduction=introduction))
    refused = briefgen_main("check", "--project", empty_project)
    assert refused.code == 1
    assert '`field: introduction`, `text: "Mrs\\nPatel"`' in refused.err
    acknowledge = (
        "acknowledge:\n  - check: personal-data\n    field: introduction\n"
        '    text: "Mrs\\nPatel"\n    reason: The author of the cited report, with her consent.\n'
    )
    write_briefing(empty_project, briefing_text(introduction=introduction, acknowledge=acknowledge))
    assert briefgen_main("check", "--project", empty_project).code == 0


def test_the_check_finds_pasted_forms_in_every_field(empty_project: Path) -> None:
    """Raw in a block of text, and written as YAML escapes in quoted text."""
    source = write_briefing(
        empty_project,
        briefing_text(
            introduction="Agencies did not speak to Mrs\u00a0Patel.",
            first_finding='"NHS 943\\u200b476\\u200b5919 was on the referral."',
            second_finding='"The family moved to ＲＨ１２\\_１ＡＡ and called 01903\\u2009123456."',
        ),
    )
    assert personal_data_problems(empty_project, source) == [
        ("introduction", "Mrs\u00a0Patel"),
        ("findings.1.items.1", "943\u200b476\u200b5919"),
        ("findings.1.items.2", "ＲＨ１２\u00a0１ＡＡ"),
        ("findings.1.items.2", "01903\u2009123456"),
    ]


def test_a_pasted_name_is_reported_at_its_line_and_shown_with_its_space(
    empty_project: Path, briefgen_main: Runner
) -> None:
    write_briefing(
        empty_project,
        briefing_text(second_finding="Nobody asked Mrs\u00a0Patel about the\u200b father."),
    )
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert "content/rapid-review.yaml:12:" in result.err
    assert "(findings.1.items.2)" in result.err
    assert '`field: findings.1.items.2`, `text: "Mrs\\u00a0Patel"`' in result.err


def test_an_acknowledgement_with_a_plain_space_covers_a_pasted_one(empty_project: Path) -> None:
    source = write_briefing(
        empty_project,
        briefing_text(
            first_finding="The report by Mrs\u00a0Patel was not read.",
            acknowledge=ACKNOWLEDGE_PATEL,
        ),
    )
    assert personal_data_problems(empty_project, source) == []


@pytest.mark.parametrize(
    ("written", "line", "field"),
    [
        ("introduction", 7, "introduction"),
        ("first_finding", 11, "findings.1.items.1"),
        ("second_finding", 12, "findings.1.items.2"),
    ],
)
@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\u061c"])
def test_bidirectional_controls_are_refused_at_their_line_and_field(
    empty_project: Path, briefgen_main: Runner, written: str, line: int, field: str, control: str
) -> None:
    """A right-to-left override makes "Child A's exe.txt" read otherwise than it is stored:
    the published words would differ from the reviewed ones."""
    write_briefing(empty_project, briefing_text(**{written: f"Records were not{control} shared."}))
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert f"content/rapid-review.yaml:{line}:" in result.err
    assert f"U+{ord(control):04X}" in result.err
    assert "changes the direction of the text" in result.err
    assert f"({field})" in result.err
    assert "fix: delete it" in result.err


@pytest.mark.slow
def test_a_bidirectional_control_written_as_an_escape_is_refused(empty_project: Path) -> None:
    write_briefing(empty_project, briefing_text(first_finding='"Records were\\u202e shared."'))
    result = run_briefgen("build", cwd=empty_project)
    assert result.code == 1
    assert "U+202E, right-to-left override" in result.err
    assert not (empty_project / "output" / "rapid-review").exists()


@pytest.mark.parametrize(
    "entry",
    [
        "  - check: personal-data\n    reason: Reviewed by the business manager in May.\n",
        "  - check: personal-data\n    field: findings.1.items.1\n"
        "    reason: Reviewed by the business manager in May.\n",
        "  - check: personal-data\n    text: Mrs Patel\n"
        "    reason: Reviewed by the business manager in May.\n",
    ],
    ids=["neither", "no-text", "no-field"],
)
def test_an_acknowledgement_without_field_and_text_is_refused(
    empty_project: Path, briefgen_main: Runner, entry: str
) -> None:
    write_briefing(
        empty_project,
        briefing_text(
            first_finding="The report by Mrs Patel was not read.",
            acknowledge="acknowledge:\n" + entry,
        ),
    )
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert "a personal-data acknowledgement must name the field and the exact text" in result.err
    assert "add `field:` and `text:`" in result.err
    assert "content/rapid-review.yaml:22:5: error" in result.err


def test_the_readme_example_acknowledgement_is_valid() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Personal data", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (entry,) = yaml.safe_load(example)["acknowledge"]
    acknowledgement = Acknowledgement.model_validate(entry)
    assert acknowledgement.check is CheckName.PERSONAL_DATA
    assert acknowledgement.text == "Mrs Patel"


def test_authors_and_contacts_are_declared_and_a_contacts_details_elsewhere_are_not(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = seed_data()
    data["authors"] = [{"name": "Dr Sam Patel", "role": "Designated doctor"}]
    contact = {"team": "Front door", "phone": "01632 960000", "email": "sam.patel@example.org"}
    data["sections"] = [{"heading": "Who to call", "blocks": [{"contacts": [contact]}]}]
    source = write_briefing(folder, yaml.safe_dump(data), "declared")
    config = load_project(folder).config
    assert check_briefing(load_briefing(source), config) == []
    data["introduction"] = "Written with Dr Sam Patel (sam.patel@example.org)."
    source = write_briefing(folder, yaml.safe_dump(data), "declared")
    found = {
        problem.value
        for problem in check_briefing(load_briefing(source), config)
        if problem.check == "personal-data"
    }
    # The author's name is theirs wherever it stands (issue 20: a named author was flagged
    # where the introduction named them); a contact's address outside its block is not.
    assert found == {"sam.patel@example.org"}
    data["introduction"] = "Written with Dr Jones (sam.patel@example.org)."
    source = write_briefing(folder, yaml.safe_dump(data), "declared")
    found = {problem.value for problem in check_briefing(load_briefing(source), config)}
    assert found == {"Dr Jones", "sam.patel@example.org"}


# --- markup does not hide personal data: the guard reads what is published ------------------

# Each way of writing an identifier so that the source hides it and the page prints it, as
# one finding's text (a line of Markdown), and the text a reader sees, which the error quotes.
MARKUP_ATTACKS = [
    ("no-break space as a named reference", "Mrs&nbsp;Patel", "Mrs\u00a0Patel"),
    ("bold title", "**Mrs** Patel", "Mrs Patel"),
    ("spaces as decimal references", "NHS 943&#32;476&#32;5919", "943 476 5919"),
    ("no-break space in a postcode", "RH12&nbsp;1AB", "RH12\u00a01AB"),
    ("at sign as a decimal reference", "jane.doe&#64;example.com", "jane.doe@example.com"),
    ("bold date after born", "born **01/02/2020**", "born 01/02/2020"),
    ("bold National Insurance prefix", "**AB** 12 34 56 C", "AB 12 34 56 C"),
    ("at sign as a hex reference", "jane.doe&#x40;example.com", "jane.doe@example.com"),
    ("at sign as a named reference", "jane.doe&commat;example.com", "jane.doe@example.com"),
    ("escaped at sign", "jane.doe\\@example.com", "jane.doe@example.com"),
    ("Pandoc's escaped space", "Mrs\\ Patel", "Mrs\\ Patel"),
    ("emphasis splitting a postcode", "RH**12** 1AB", "RH12 1AB"),
    ("emphasis splitting an NHS number", "NHS 943**476**5919", "9434765919"),
    ("emphasis inside a surname", "Mrs Pa*te*l", "Mrs Patel"),
    ("link text", "[**Mrs** Patel](https://www.example.org/letter)", "Mrs Patel"),
    (
        "link title",
        '[the letter](https://www.example.org/letter "from Mrs&nbsp;Patel")',
        "Mrs\u00a0Patel",
    ),
    ("image alternative text", "![**Mrs** Patel](https://www.example.org/a.png)", "Mrs Patel"),
    ("code span", "Mrs `Patel`", "Mrs `Patel"),
    ("strikethrough", "Mrs ~~Patel~~", "Mrs ~~Patel"),
    ("HTML tags", "<b>Mrs</b> Patel", "Mrs Patel"),
    ("percent-encoded autolink", "<mailto:jane.doe%40example.com>", "jane.doe@example.com"),
    (
        "percent-encoded mailto link",
        "[write to her](mailto:jane.doe%40example.com)",
        "jane.doe@example.com",
    ),
    ("reference to the name in a link", "[Mrs&#32;Patel](https://www.example.org/)", "Mrs Patel"),
    ("blank line in a one-line field", "Mrs\n\nPatel", "Mrs\nPatel"),
    ("NHS number with dots", "NHS 943.476.5919", "943.476.5919"),
    ("NHS number with slashes", "NHS 943/476/5919", "943/476/5919"),
    ("National Insurance number with hyphens", "AB-12-34-56-C", "AB-12-34-56-C"),
]


@pytest.mark.parametrize(
    ("written", "seen"),
    [attack[1:] for attack in MARKUP_ATTACKS],
    ids=[attack[0] for attack in MARKUP_ATTACKS],
)
def test_markup_does_not_hide_personal_data(empty_project: Path, written: str, seen: str) -> None:
    """Each of these prints an identifier that a search of the source does not see."""
    finding = json.dumps(f"Nobody checked {written} with the family.")
    source = write_briefing(empty_project, briefing_text(second_finding=finding))
    assert personal_data_problems(empty_project, source) == [("findings.1.items.2", seen)]


# Line breaks that Markdown prints inside an identifier, written in a block of paragraphs.
LINE_BREAK_ATTACKS = [
    ("hard line break by a backslash in an NHS number", "NHS 943\\\n  476 5919", "943\n476 5919"),
    ("hard line break by two spaces in a phone number", "07700  \n  900123", "07700\n900123"),
    ("wrapped line in a postcode", "moved to RH12\n  1AB", "RH12\n1AB"),
    ("wrapped line in a National Insurance number", "AB 12 34\n  56 C", "AB 12 34\n56 C"),
]


@pytest.mark.parametrize(
    ("written", "seen"),
    [attack[1:] for attack in LINE_BREAK_ATTACKS],
    ids=[attack[0] for attack in LINE_BREAK_ATTACKS],
)
def test_a_line_break_does_not_hide_a_number(empty_project: Path, written: str, seen: str) -> None:
    source = write_briefing(empty_project, briefing_text(introduction=f"It was {written} then."))
    assert personal_data_problems(empty_project, source) == [("introduction", seen)]


def test_a_finding_in_markup_is_reported_at_the_line_and_column_it_was_written(
    empty_project: Path, briefgen_main: Runner
) -> None:
    introduction = "Agencies spoke to the family.\n  They did not ask **Mrs** Patel."
    source = write_briefing(empty_project, briefing_text(introduction=introduction))
    result = briefgen_main("check", "--project", empty_project)
    line = source.read_text().splitlines()[7]
    assert line == "  They did not ask **Mrs** Patel."
    assert f"content/rapid-review.yaml:8:{line.index('Mrs') + 1}: error" in result.err
    assert "looks like a name (a title followed by a surname), as the page prints it" in result.err
    assert "(introduction)" in result.err
    assert '`field: introduction`, `text: "Mrs Patel"`' in result.err


def test_a_finding_in_a_link_title_is_reported_at_its_line(
    empty_project: Path, briefgen_main: Runner
) -> None:
    introduction = (
        "Agencies read [the letter](https://www.example.org/letter\n"
        '  "written by Mrs&nbsp;Patel") twice.'
    )
    write_briefing(empty_project, briefing_text(introduction=introduction))
    result = briefgen_main("check", "--project", empty_project)
    assert "content/rapid-review.yaml:8:" in result.err
    assert 'text: "Mrs\\u00a0Patel"' in result.err


def acknowledging(field: str, text: str) -> str:
    return (
        "acknowledge:\n  - check: personal-data\n"
        f"    field: {field}\n    text: {json.dumps(text)}\n"
        "    reason: Reviewed by the business manager; the author of a cited report.\n"
    )


def test_an_acknowledgement_of_the_text_a_reader_sees_lets_marked_up_text_through(
    empty_project: Path,
) -> None:
    finding = json.dumps("The report by **Mrs** Patel was not read.")
    source = write_briefing(empty_project, briefing_text(first_finding=finding))
    assert personal_data_problems(empty_project, source) == [("findings.1.items.1", "Mrs Patel")]
    acknowledge = acknowledging("findings.1.items.1", "Mrs Patel")
    source = write_briefing(
        empty_project, briefing_text(first_finding=finding, acknowledge=acknowledge)
    )
    assert personal_data_problems(empty_project, source) == []


def test_an_acknowledgement_of_the_text_as_written_lets_it_through(empty_project: Path) -> None:
    """`**Mrs** Patel`, copied from the file, covers what a reader sees of it."""
    finding = json.dumps("The report by **Mrs** Patel was not read.")
    source = write_briefing(empty_project, briefing_text(first_finding=finding))
    assert personal_data_problems(empty_project, source) == [("findings.1.items.1", "Mrs Patel")]
    acknowledge = acknowledging("findings.1.items.1", "**Mrs** Patel")
    source = write_briefing(
        empty_project, briefing_text(first_finding=finding, acknowledge=acknowledge)
    )
    assert personal_data_problems(empty_project, source) == []


def test_an_acknowledgement_written_when_the_guard_read_the_source_still_works(
    empty_project: Path,
) -> None:
    """The guard quoted `mother, *Jane` when it read the source; it now quotes what a reader
    sees, and the acknowledgement written against the old quote still lets it through."""
    finding = json.dumps("The mother, *Jane*, was not asked.")
    source = write_briefing(empty_project, briefing_text(first_finding=finding))
    assert personal_data_problems(empty_project, source) == [("findings.1.items.1", "mother, Jane")]
    acknowledge = acknowledging("findings.1.items.1", "mother, *Jane")
    source = write_briefing(
        empty_project, briefing_text(first_finding=finding, acknowledge=acknowledge)
    )
    assert personal_data_problems(empty_project, source) == []


def test_an_acknowledgement_of_marked_up_text_covers_only_its_field(empty_project: Path) -> None:
    source = write_briefing(
        empty_project,
        briefing_text(
            first_finding=json.dumps("The report by **Mrs** Patel was not read."),
            second_finding=json.dumps("Nobody told Mrs&nbsp;Patel."),
            acknowledge=acknowledging("findings.1.items.1", "Mrs Patel"),
        ),
    )
    assert personal_data_problems(empty_project, source) == [
        ("findings.1.items.2", "Mrs\u00a0Patel")
    ]


# --- every field a reader sees, in every kind of block ---------------------------------------

HIDDEN = "Seen with **Mrs** Patel"  # hides from a search of the source, prints "Mrs Patel"
CHART_BAR = {"label": "Cases", "count": 4}
# For each kind of block, each of its text fields with the hidden name in it, and the field
# the guard names. Contacts are declared (a team's number and address), and not searched.
BLOCK_FIELDS: list[tuple[str, dict[str, object], str]] = [
    ("paragraphs", {"paragraphs": f"Agencies met.\n\n{HIDDEN}."}, "paragraphs"),
    ("bullets", {"bullets": ["First.", HIDDEN]}, "bullets.2"),
    ("numbered", {"numbered": [HIDDEN]}, "numbered.1"),
    ("findings title", {"findings": {"title": HIDDEN, "items": ["A."]}}, "findings.title"),
    ("findings item", {"findings": {"items": [{"text": HIDDEN}]}}, "findings.items.1.text"),
    ("findings plain item", {"findings": {"items": ["A.", HIDDEN]}}, "findings.items.2"),
    (
        "questions instruction",
        {"questions": {"instruction": HIDDEN, "items": ["Do I ask?"]}},
        "questions.instruction",
    ),
    (
        "questions prompt",
        {"questions": {"prompt": HIDDEN, "items": ["Do I ask?"]}},
        "questions.prompt",
    ),
    ("questions item", {"questions": {"items": [f"{HIDDEN}?"]}}, "questions.items.1"),
    ("key message", {"key_message": HIDDEN}, "key_message"),
    (
        "resources title",
        {"resources": [{"title": HIDDEN, "url": "https://www.example.org/"}]},
        "resources.1.title",
    ),
    (
        "resources description",
        {"resources": [{"title": "A", "url": "https://www.example.org/", "description": HIDDEN}]},
        "resources.1.description",
    ),
    ("note", {"note": HIDDEN}, "note"),
    ("contents title", {"contents": {"title": HIDDEN}}, "contents.title"),
    (
        "image caption",
        {"image": {"file": "assets/logo.svg", "alt": "A home.", "caption": HIDDEN}},
        "image.caption",
    ),
    ("image alt", {"image": {"file": "assets/logo.svg", "alt": HIDDEN}}, "image.alt"),
    (
        "cohort unit",
        {"cohort": {"total": 2, "unit": HIDDEN}},
        "cohort.unit",
    ),
    (
        "cohort breakdown title",
        {
            "cohort": {
                "total": 2,
                "breakdowns": [
                    {
                        "title": HIDDEN,
                        "groups": [{"label": "A", "count": 1}, {"label": "B", "count": 1}],
                    }
                ],
            }
        },
        "cohort.breakdowns.1.title",
    ),
    (
        "cohort group label",
        {
            "cohort": {
                "total": 2,
                "breakdowns": [
                    {
                        "title": "T",
                        "groups": [{"label": HIDDEN, "count": 1}, {"label": "B", "count": 1}],
                    }
                ],
            }
        },
        "cohort.breakdowns.1.groups.1.label",
    ),
    (
        "table caption",
        {"table": {"caption": HIDDEN, "columns": [["A", "B"]], "rows": [["x", 1]]}},
        "table.caption",
    ),
    (
        "table heading",
        {"table": {"caption": "C", "columns": [["A", HIDDEN]], "rows": [["x", 1]]}},
        "table.columns.1.2",
    ),
    (
        "table row heading",
        {"table": {"caption": "C", "columns": [["A", "B"]], "rows": [[HIDDEN, 1]]}},
        "table.rows.1.1",
    ),
    (
        "table cell",
        {"table": {"caption": "C", "columns": [["A", "B"]], "rows": [["x", HIDDEN]]}},
        "table.rows.1.2",
    ),
    ("chart title", {"chart": {"title": HIDDEN, "bars": [CHART_BAR]}}, "chart.title"),
    (
        "chart bar label",
        {"chart": {"title": "T", "bars": [{"label": HIDDEN, "count": 4}]}},
        "chart.bars.1.label",
    ),
    (
        "chart subset label",
        {
            "chart": {
                "title": "T",
                "bars": [{**CHART_BAR, "subsets": [{"label": HIDDEN, "count": 2}]}],
            }
        },
        "chart.bars.1.subsets.1.label",
    ),
    ("statistics value", {"statistics": [{"value": HIDDEN, "label": "L"}]}, "statistics.1.value"),
    ("statistics label", {"statistics": [{"value": "7", "label": HIDDEN}]}, "statistics.1.label"),
    (
        "statistics note",
        {"statistics": [{"value": "7", "label": "L", "note": HIDDEN}]},
        "statistics.1.note",
    ),
    ("quote text", {"quote": {"text": HIDDEN, "by": "a mother"}}, "quote.text"),
    ("quote attribution", {"quote": {"text": "Nobody asked.", "by": HIDDEN}}, "quote.by"),
    (
        "case story title",
        {"case_story": {"title": HIDDEN, "text": "T.", "anonymisation_note": "Changed."}},
        "case_story.title",
    ),
    (
        "case story text",
        {"case_story": {"text": f"Baby B was seen.\n\n{HIDDEN}.", "anonymisation_note": "N."}},
        "case_story.text",
    ),
    (
        "case story note",
        {"case_story": {"text": "Baby B was seen.", "anonymisation_note": HIDDEN}},
        "case_story.anonymisation_note",
    ),
    (
        "action plan caption",
        {
            "action_plan": {
                "caption": HIDDEN,
                "actions": [{"action": "A", "owner": "O", "when": "W"}],
            }
        },
        "action_plan.caption",
    ),
    (
        "action plan action",
        {"action_plan": {"actions": [{"action": HIDDEN, "owner": "O", "when": "W"}]}},
        "action_plan.actions.1.action",
    ),
    (
        "action plan owner",
        {"action_plan": {"actions": [{"action": "A", "owner": HIDDEN, "when": "W"}]}},
        "action_plan.actions.1.owner",
    ),
    (
        "action plan when",
        {"action_plan": {"actions": [{"action": "A", "owner": "O", "when": HIDDEN}]}},
        "action_plan.actions.1.when",
    ),
    ("glossary term", {"glossary": [{"term": HIDDEN, "definition": "D."}]}, "glossary.1.term"),
    (
        "glossary definition",
        {"glossary": [{"term": "T", "definition": HIDDEN}]},
        "glossary.1.definition",
    ),
]


def with_sections(project: Path, sections: list[dict[str, object]]) -> Path:
    data = yaml.safe_load(VALID)
    data["sections"] = sections
    return write_briefing(project, json.dumps(data, default=str), "blocks")


@pytest.mark.parametrize(
    ("block", "field"),
    [case[1:] for case in BLOCK_FIELDS],
    ids=[case[0] for case in BLOCK_FIELDS],
)
def test_markup_hides_nothing_in_any_field_of_any_kind_of_block(
    empty_project: Path, block: dict[str, object], field: str
) -> None:
    subsection = {"heading": "Part", "blocks": [block]}
    source = with_sections(empty_project, [{"heading": "Own", "subsections": [subsection]}])
    assert personal_data_problems(empty_project, source) == [
        (f"sections.1.subsections.1.blocks.1.{field}", "Mrs Patel")
    ]


def test_every_kind_of_block_has_its_fields_searched() -> None:
    searched = {next(iter(block)) for _, block, _ in BLOCK_FIELDS}
    assert searched | {"contacts"} == set(REGISTRY)


def test_an_images_credit_is_declared_a_photographers_name_published_on_purpose(
    empty_project: Path,
) -> None:
    image = {"file": "assets/logo.svg", "alt": "A home.", "credit": "Photograph: Sam Okafor"}
    source = with_sections(empty_project, [{"heading": "Own", "blocks": [{"image": image}]}])
    assert personal_data_problems(empty_project, source) == []


def test_contacts_stay_declared_in_any_markup(empty_project: Path) -> None:
    contact = {"team": "Front door", "phone": "01632&#32;960000", "email": "sam&#64;example.org"}
    source = with_sections(empty_project, [{"heading": "Who", "blocks": [{"contacts": [contact]}]}])
    assert personal_data_problems(empty_project, source) == []


def test_a_number_in_a_table_is_read_by_its_digits(empty_project: Path) -> None:
    """YAML reads an NHS number typed without spaces as a number, printed 9,434,765,919."""
    table = {"caption": "Records", "columns": [["Child", "Number"]], "rows": [["A", 9434765919]]}
    source = with_sections(empty_project, [{"heading": "Own", "blocks": [{"table": table}]}])
    assert personal_data_problems(empty_project, source) == [
        ("sections.1.blocks.1.table.rows.1.2", "9434765919")
    ]


# --- identifiers in random markup and references ---------------------------------------------

KNOWN_IDENTIFIERS = [
    ("Mrs Patel", NAME),
    ("the mother, Jane", NAME),
    ("943 476 5919", NHS),
    ("RH12 1AB", POSTCODE),
    ("jane.doe@example.com", EMAIL),
    ("born 01/02/2020", DOB),
    ("AB 12 34 56 C", NINO),
    ("07700 900123", PHONE),
]
NAMED_REFERENCES = {
    character: f"&{name}"
    for name, character in sorted(html5.items(), reverse=True)
    if name.endswith(";") and len(character) == 1
}
WRAPPINGS = [
    "{}",
    "*{}*",
    "**{}**",
    "***{}***",
    "_{}_",
    "[{}](https://www.example.org/)",
    "![{}](https://www.example.org/a.png)",
]


@st.composite
def written_as_a_character(draw: st.DrawFn, character: str) -> str:
    """One character of an identifier, as written: itself, a reference, an escape."""
    forms = [
        character,
        f"&#{ord(character)};",
        f"&#x{ord(character):x};",
        f"&#X{ord(character):X};",
    ]
    if character in NAMED_REFERENCES:
        forms.append(NAMED_REFERENCES[character])
    if character in string.punctuation:
        forms.append("\\" + character)
    if character == " ":
        forms += ["\u00a0", "&nbsp;", "&#160;", "\u202f"]
    return draw(st.sampled_from(forms))


@st.composite
def disguised_identifiers(draw: st.DrawFn) -> tuple[str, str, Kind]:
    """A known identifier, each character written in any form, in runs each wrapped in any
    inline markup; with the identifier as written plain, and its kind."""
    identifier, kind = draw(st.sampled_from(KNOWN_IDENTIFIERS))
    units = [draw(written_as_a_character(character)) for character in identifier]
    cuts = sorted(draw(st.sets(st.integers(1, len(units) - 1), max_size=4)))
    runs = ["".join(units[start:end]) for start, end in pairwise([0, *cuts, len(units)])]
    marked = "".join(draw(st.sampled_from(WRAPPINGS)).format(run) for run in runs)
    return f"Agencies did not know {marked} at the time.", identifier, kind


def visible_text(markdown: str, *, paragraphs: bool) -> str:
    """What the renderer's HTML shows of `markdown`, as the guard's rules would read it."""
    html = render_block(markdown) if paragraphs else render_inline(markdown)
    return " ".join(normalise("".join(parse_html(html).text)).split())


@given(disguised_identifiers(), st.booleans())
@pytest.mark.slow
def test_identifiers_in_random_markup_and_references_are_found(
    disguised: tuple[str, str, Kind], paragraphs: bool
) -> None:
    """Whenever the rendered page shows the identifier, the guard finds it."""
    markdown, identifier, kind = disguised
    assume(identifier in visible_text(markdown, paragraphs=paragraphs))
    found = find_published_personal_data(markdown, paragraphs=paragraphs)
    assert kind in [finding.finding.kind for finding in found], markdown


@pytest.mark.parametrize("reference", ["&#x202E;", "&#8238;", "&#X202e;", "&rlm;", "&lrm;"])
@pytest.mark.slow
def test_a_bidirectional_control_written_as_a_character_reference_is_refused(
    empty_project: Path, reference: str
) -> None:
    """Markdown decodes `&#x202E;` into the override itself: the PDF and the page would carry
    what the YAML reader refuses when it is written as the character."""
    text = f"Records were &amp; {reference}were not shared."
    write_briefing(empty_project, briefing_text(first_finding=text))
    result = run_briefgen("build", cwd=empty_project)
    assert result.code == 1
    assert f"the text holds {reference}, a reference to an invisible character" in result.err
    assert "content/rapid-review.yaml:11:" in result.err
    assert not (empty_project / "output" / "rapid-review").exists()


@pytest.mark.slow
def test_a_reference_to_an_ordinary_character_is_left_alone(empty_project: Path) -> None:
    write_briefing(empty_project, briefing_text(first_finding="Records &amp; notes &#x41; too."))
    assert run_briefgen("check", cwd=empty_project).code == 0


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Dywedodd y fam, Siân Jones, ei bod hi’n poeni.", "fam, Siân Jones"),
        ("Soniodd ei thad, Dafydd, am y digwyddiad.", "thad, Dafydd"),
        ("Roedd Mrs Hughes yn bresennol yn y cyfarfod.", "Mrs Hughes"),
        ("Ganwyd y plentyn ar 3 Mawrth 2019 yn yr ysbyty.", "Ganwyd y plentyn ar 3 Mawrth 2019"),
        ("Dyddiad geni: 12/05/2019.", "Dyddiad geni: 12/05/2019"),
    ],
)
def test_names_and_dates_hold_in_welsh_sentences(sentence: str, found: str) -> None:
    """A Welsh briefing's personal data is found as an English one's: a family role and a
    given name, a title and a surname, a date of birth after "ganwyd" or "dyddiad geni"."""
    assert [finding.text for finding in find_personal_data(sentence)] == [found]


@pytest.mark.parametrize(
    "sentence",
    [
        "Cyhoeddwyd ym Mai 2020 gan y bartneriaeth.",
        "Archwiliwyd cofnodion 20 o blant rhwng Gorffennaf a Rhagfyr 2019.",
        "Siaradodd y tad gyda’r meddyg teulu am y cynllun.",
        "Cafodd y plant eu geni rhwng 1 Ionawr 2018 a 31 Rhagfyr 2019.",
    ],
)
def test_welsh_sentences_without_personal_data_pass(sentence: str) -> None:
    assert find_personal_data(sentence) == []
