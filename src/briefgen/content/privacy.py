"""Text that looks like it identifies a person: the rules of the personal-data guard.

Briefings are about children, and a published briefing cannot be taken back, so
`briefgen.review.checks.check_personal_data` refuses any text these rules find in what a
reader sees of a field (`briefgen.content.published`: its Markdown rendered, its references
decoded), not in the YAML. The rules are pure functions over one string: regular
expressions that find a candidate, then validation in Python that throws most
look-alikes away (check digits, prefix letters, postcode areas, role words). A reviewed
false positive is let through by an acknowledgement in the briefing, matched on the
exact text found here, so each finding carries the text exactly as it stands in the input.

Every expression is linear in the length of the text: each one either has a
bounded length, or starts at a word boundary or literal that a run of the same
characters cannot restart at, and no quantified group can split the same input
in more than one way (no nested quantifiers that backtrack catastrophically).
Web addresses are blanked out first, because their paths hold digits and dates.

Text pasted from Word, web pages and PDFs carries characters that look like
ordinary ones but are not: no-break and thin spaces, zero-width spaces, soft
hyphens, full-width digits. The rules read a normalised copy of the text
(`normalise`), in which these are plain spaces, nothing and plain digits; each
finding is then mapped back, so that it quotes the text exactly as written.

What the rules cannot see: a first name on its own ("Jane did not attend"), an
address without a postcode, a date of birth written without a word such as
"born" before it, and anything spelt out in words. The guard catches the common
slips; it does not replace reading the briefing before it is published.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from briefgen.content.dates import MONTHS


class Kind(StrEnum):
    """What a finding looks like, as the error message names it."""

    NHS_NUMBER = "an NHS number"
    NATIONAL_INSURANCE_NUMBER = "a National Insurance number"
    POSTCODE = "a postcode"
    DATE_OF_BIRTH = "a date of birth"
    PHONE_NUMBER = "a phone number"
    EMAIL_ADDRESS = "an email address"
    NAME = "a name"

    @property
    def advice(self) -> str:
        """How to write the briefing without it: the first thing the fix says."""
        return _ADVICE[self]


_ADVICE = {
    Kind.NHS_NUMBER: "remove the number: a briefing never needs it",
    Kind.NATIONAL_INSURANCE_NUMBER: "remove the number: a briefing never needs it",
    Kind.POSTCODE: "remove the postcode, or name the wider area instead (the town or district)",
    Kind.DATE_OF_BIRTH: "remove the date, or give the child's age instead ('aged 14 months')",
    Kind.PHONE_NUMBER: (
        "remove the number; if readers need one, give a service's public number "
        "(a 0300 or 0800 number)"
    ),
    Kind.EMAIL_ADDRESS: (
        "remove the address; if readers need one, give a team's address, "
        "such as safeguarding@ or mash@"
    ),
    Kind.NAME: "write 'Child A', 'the mother' or 'the health visitor' instead of the name",
}


@dataclass(frozen=True)
class Finding:
    """One piece of text that looks like personal data, exactly as it stands in the input."""

    kind: Kind
    text: str
    reason: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def find_personal_data(text: str) -> list[Finding]:
    """Everything in `text` that looks like it identifies a person, in reading order.

    Where two rules find overlapping text, the one that starts first (then the
    longer one) is kept, so that each piece of text is reported once.
    """
    normalised, origins = normalise_with_origins(text)
    searchable = blank_web_addresses(normalised)
    found = [finding for rule in RULES for finding in rule(searchable)]
    findings = []
    for finding in _without_overlaps(found):
        start, end = origins[finding.start], origins[finding.end - 1] + 1
        findings.append(Finding(finding.kind, text[start:end], finding.reason, start))
    return findings


# --- normalisation --------------------------------------------------------------------

# Hyphens that Word and web pages put between digits ("943‑476‑5919" with non-breaking
# hyphens); dashes between words are left alone.
HYPHENS = frozenset("\u2010\u2011\u2012\u2212")
LINE_SEPARATORS = frozenset("\u2028\u2029")


def normalise(text: str) -> str:
    """The text as the rules read it; see `normalise_with_origins`."""
    return normalise_with_origins(text)[0]


def normalise_with_origins(text: str) -> tuple[str, Sequence[int]]:
    """The text as the rules read it, and for each of its characters the index it came from.

    - Every Unicode space (no-break, narrow no-break, thin, ideographic...) is a plain
      space, and the line and paragraph separators are line breaks.
    - Invisible format characters are removed: zero-width spaces and joiners, the word
      joiner, the byte order mark, the soft hyphen (all of Unicode's category Cf).
    - Compatibility forms become their plain letters and digits (NFKC, character by
      character): full-width "９４３" is "943", and "ＲＨ１２" is "RH12".
    - Every other decimal digit (Arabic-Indic, Devanagari...) is its plain digit.
    - Hyphens between digits (non-breaking, figure dash, minus sign) are "-".
    - A backslash is removed. Markdown shows one as written where it escapes nothing, and
      Pandoc's Markdown writes a no-break space as a backslash and a space: `Mrs\\ Patel`
      prints a name, and `943\\476\\5919` a number.
    """
    if text.isascii() and "\\" not in text:
        return text, range(len(text))
    characters: list[str] = []
    origins: list[int] = []
    for index, character in enumerate(text):
        plain = _plain(character)
        characters.append(plain)
        origins.extend([index] * len(plain))
    return "".join(characters), origins


def _plain(character: str) -> str:
    if character == "\\":
        return ""
    if character.isascii():
        return character
    category = unicodedata.category(character)
    if category == "Zs":
        return " "
    if category == "Cf":
        return ""
    if character in LINE_SEPARATORS:
        return "\n"
    if character in HYPHENS:
        return "-"
    if category == "Nd":
        return str(unicodedata.decimal(character))
    return unicodedata.normalize("NFKC", character)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- web addresses --------------------------------------------------------------------

# A web address runs to the first space, quote or bracket: that also ends a Markdown link
# target `[text](https://...)` and an autolink `<https://...>`. mailto: and tel: targets
# are not web addresses: they hold no path, and an email address or a phone number in
# one is as personal as in the text.
WEB_ADDRESS = re.compile(r"(?<![\w.-])(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)
BLANK = "\ufffc"  # a character no rule matches: a blanked address cannot join the text around it


def blank_web_addresses(text: str) -> str:
    """The text with each web address replaced by as many blanks, so positions stay the same."""
    return WEB_ADDRESS.sub(lambda match: BLANK * len(match.group(0)), text)


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda found: (found.start, -len(found.text))):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def _finding(
    kind: Kind, match: re.Match[str], reason: str, start: int = -1, end: int = -1
) -> Finding:
    start = match.start() if start < 0 else start
    end = match.end() if end < 0 else end
    return Finding(kind, match.string[start:end], reason, start)


# --- NHS numbers ----------------------------------------------------------------------

# Groups may be spaced, hyphened, dotted or slashed, or broken onto the next line.
NHS_NUMBER = re.compile(r"(?<![\d+])\d{3}[ ./\n-]?\d{3}[ ./\n-]?\d{4}(?!\d)")
NHS_WEIGHTS = range(10, 1, -1)


def find_nhs_numbers(text: str) -> Iterator[Finding]:
    """Ten digits, together or grouped 3-3-4, whose last digit is the NHS check digit.

    The groups may be split by a space, a hyphen, a dot, a slash or a line break (a
    hard line break in Markdown prints the number over two lines).

    The check digit (modulus 11, NHS Data Dictionary) rules out ten in eleven of
    other ten-digit numbers; the rest cannot be told from an NHS number by their
    form. Phone numbers have eleven digits and are not matched here.
    """
    for match in NHS_NUMBER.finditer(text):
        if nhs_check_digit_is_valid(re.sub(r"\D", "", match.group(0))):
            yield _finding(Kind.NHS_NUMBER, match, "ten digits with a valid NHS check digit")


def nhs_check_digit_is_valid(digits: str) -> bool:
    """The modulus-11 check of a ten-digit NHS number; a remainder giving 10 is never issued."""
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], NHS_WEIGHTS, strict=True))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(digits[9])


# --- National Insurance numbers -------------------------------------------------------

# The parts may be split by a space, a hyphen, a dot or a line break.
NI_NUMBER = re.compile(
    r"\b([A-Z])([A-Z])[ .\n-]?\d{2}[ .\n-]?\d{2}[ .\n-]?\d{2}[ .\n-]?[A-D]\b", re.IGNORECASE
)
NI_LETTERS_NEVER_USED = frozenset("DFIQUV")
NI_PREFIXES_NEVER_USED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def find_national_insurance_numbers(text: str) -> Iterator[Finding]:
    """Two prefix letters, six digits and a suffix A to D, spaces allowed, in any case.

    HMRC never issues D, F, I, Q, U or V as either prefix letter, O as the second,
    nor the prefixes BG, GB, NK, KN, TN, NT and ZZ: those are refused, so the
    "QQ 12 34 56 C" of HMRC's own examples passes. Temporary numbers (TN) are
    not caught.
    """
    for match in NI_NUMBER.finditer(text):
        if national_insurance_prefix_is_valid(match.group(1) + match.group(2)):
            yield _finding(
                Kind.NATIONAL_INSURANCE_NUMBER,
                match,
                "two letters, six digits and a letter from A to D",
            )


def national_insurance_prefix_is_valid(prefix: str) -> bool:
    first, second = prefix[0].upper(), prefix[1].upper()
    return (
        first not in NI_LETTERS_NEVER_USED
        and second not in NI_LETTERS_NEVER_USED
        and second != "O"
        and prefix.upper() not in NI_PREFIXES_NEVER_USED
    )


# --- postcodes ------------------------------------------------------------------------

POSTCODE = re.compile(
    r"\b(?P<area>[A-Z]{1,2})(?P<district>\d[A-Z\d]?)[ \n]?(?P<inward>\d[A-Z]{2})\b", re.IGNORECASE
)
# The 124 postcode areas of the United Kingdom, the Channel Islands and the Isle of Man.
POSTCODE_AREAS = _words(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW "
    "KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG "
    "RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC "
    "WD WF WN WR WS WV YO ZE"
)
INWARD_LETTERS_NEVER_USED = frozenset("CIKMOV")
ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")


def find_postcodes(text: str) -> Iterator[Finding]:
    """Full postcodes ("RH12 1XH", "rh121xh"), in any case, with or without the space
    (or with a line break in its place).

    A full postcode covers about fifteen addresses, so beside a case story it can
    point at a family's home. An outward code alone ("RH12") is not refused: it
    covers thousands of households, names an area the way "Crawley" does, and
    would be confused with roads (A27, M25) and with "s47" enquiries. The area
    must be one of the 124 real ones and the inward letters must be ones Royal
    Mail uses; an inward part written as a lower-case ordinal ("s47 2nd") is
    read as words.
    """
    for match in POSTCODE.finditer(text):
        if postcode_is_valid(match.group("area"), match.group("inward")):
            yield _finding(Kind.POSTCODE, match, "a full postcode, which points at a few homes")


def postcode_is_valid(area: str, inward: str) -> bool:
    if area.upper() not in POSTCODE_AREAS:
        return False
    if set(inward[1:].upper()) & INWARD_LETTERS_NEVER_USED:
        return False
    return not (inward[1:].islower() and ORDINAL.fullmatch(inward))


# --- dates of birth -------------------------------------------------------------------

# English months, then Welsh ones: a Welsh briefing dates things "3 Mawrth 2019".
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd"
    r"|rhagfyr)\b\.?"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DAY_MONTH = rf"{DAY}(?:\s+of)?\s+{MONTH}(?:,?\s+\d{{4}})?"
MONTH_DAY = rf"{MONTH}\s+{DAY}\b(?:,?\s+\d{{4}})?"
NUMERIC_DATE = r"(?P<first>\d{1,2})[/.-](?P<second>\d{1,2})[/.-](?:\d{4}|\d{2})\b"
ISO_DATE = r"\d{4}-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})\b"
# Words that turn a date after "born" into a range ("born between ... and ..."), which
# describes a cohort, not a child.
RANGE_WORDS = r"(?:after|before|between|since|from|until|till|by)\b"
SEPARATORS = r"[\s:=(),-]"
DATE_OF_BIRTH = re.compile(
    r"\b(?P<context>(?:born|d\.?o\.?b|date\s+of\s+birth|birth\s?date"
    r"|g?anwyd|dyddiad\s+geni)\b\.?)"  # Welsh: "(a) ganwyd" (was born), "dyddiad geni"
    rf"{SEPARATORS}*(?:(?!{RANGE_WORDS})[a-z]+{SEPARATORS}+){{0,6}}"
    rf"(?P<date>{NUMERIC_DATE}|{ISO_DATE}|{DAY_MONTH}|{MONTH_DAY})",
    re.IGNORECASE,
)


def find_dates_of_birth(text: str) -> Iterator[Finding]:
    """A date with a day in it, after "born", "DOB", "d.o.b.", "date of birth" or "birth date".

    Up to six words may stand between ("born prematurely on 3 March 2019"), but
    not a word that makes a range ("born between 1 April and ..."): a cohort
    described by birth dates is not a child. A month and year alone ("born in
    March 2019") is not refused: it fits many children and is how cohorts are
    described. A date written before its context ("3 March 2019 (DOB)") is not seen.
    """
    for match in DATE_OF_BIRTH.finditer(text):
        if _date_is_possible(match):
            context = " ".join(match.group("context").split())
            yield _finding(Kind.DATE_OF_BIRTH, match, f"a date after {context!r}")


def _date_is_possible(match: re.Match[str]) -> bool:
    """Numbers that can be a day and a month, in the British order or the American."""
    if match.group("first") is not None:
        first, second = int(match.group("first")), int(match.group("second"))
        return (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)
    if match.group("iso_month") is not None:
        return 1 <= int(match.group("iso_month")) <= 12 and 1 <= int(match.group("iso_day")) <= 31
    return True


# --- phone numbers --------------------------------------------------------------------

PHONE_NUMBER = re.compile(
    r"(?<![\w+])(?P<trunk>(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(0(?=\d{2,5}\))|0)(?=[127])"
    r"(?P<number>(?:(?:[ \n-]|\)[ \n-]?)?\d){9,10})(?!\d)"
)


def find_phone_numbers(text: str) -> Iterator[Finding]:
    """UK landlines (01, 02) and mobiles (07), from 0 or +44, spaced, hyphened or bracketed,
    or broken onto the next line. (Not dotted: "on 01.03.2020 14 children" would be one.)

    These are the numbers people have. Numbers that only organisations have are
    not refused: 03 (public bodies and charities), 08 (freephone and service
    numbers) and 09; nor are 070 (personal numbering) and 076 (pagers). Digits
    must stand in groups of two or more, so a list of single digits is not a number.
    """
    for match in PHONE_NUMBER.finditer(text):
        kind = phone_number_kind(match.group("number"))
        if kind is not None and _digit_groups_are_plausible(match):
            yield _finding(Kind.PHONE_NUMBER, match, kind)


def phone_number_kind(number: str) -> str | None:
    """What the national number (after the 0 or +44) is, if it belongs to a person."""
    digits = re.sub(r"\D", "", number)
    if digits[0] == "7" and len(digits) == 10 and (digits[1] in "12345789" or digits[:4] == "7624"):
        return "a UK mobile number"
    if digits[0] == "7" or (digits[0] == "2" and len(digits) != 10):
        return None
    return "a UK landline number"


def _digit_groups_are_plausible(match: re.Match[str]) -> bool:
    """UK numbers are written in groups of two or more digits; the 0 belongs to the first."""
    trunk_zero = "0" if match.group("trunk").endswith("0") else ""
    groups = re.findall(r"\d+", trunk_zero + match.group("number"))
    return all(len(group) >= 2 for group in groups)


# --- email addresses ------------------------------------------------------------------

EMAIL_ADDRESS = re.compile(
    r"(?<![\w.%+-])(?P<local>[\w.%+-]+)@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
# Words of the addresses that teams and services publish on purpose.
ROLE_WORDS = _words(
    """
    admin administration advice agency assurance audit board business care centre children
    childrens comms communications complaints conference conferences contact contactus
    council county data designated door duty early edt education emergency enquiries enquiry
    family families feedback foi front general hello help helpline hub info information
    lado learning mash media midwifery mail multi noreply no reply nursing office partnership
    police policy post press privacy protection quality reception referral referrals safeguard
    safeguarding school schools service services social support team training unit
    webmaster website
    """
)
PARTNERSHIP_ACRONYM = re.compile(r"[a-z]{0,5}s(?:cp|cb|ab)")  # lscp, wsscp, lscb, sab


def find_email_addresses(text: str) -> Iterator[Finding]:
    """Email addresses, unless they belong to a role or a team.

    An address whose part before the @ is made only of role words (safeguarding@,
    info@, lado@, mash@, early.help@, mash-referrals@) or a partnership's acronym
    (wsscp@, lscb@) is published on purpose, reaches whoever holds the role, and
    identifies nobody. Any other address (jane.smith@, jsmith@, or an unknown
    word) may be a person's and is refused; a team address that is refused is
    acknowledged once, in review.
    """
    for match in EMAIL_ADDRESS.finditer(text):
        if not is_role_address(match.group("local")):
            yield _finding(Kind.EMAIL_ADDRESS, match, "an address that is not a team's or a role's")


def is_role_address(local_part: str) -> bool:
    words = [word for word in re.split(r"[^a-z]+", local_part.lower()) if word]
    return bool(words) and all(
        word in ROLE_WORDS or PARTNERSHIP_ACRONYM.fullmatch(word) for word in words
    )


# --- names ----------------------------------------------------------------------------

# A word of letters, with an O'Brien or a Mary-Jane part, but not a possessive 's.
NAME_WORD = r"[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+|-[^\W\d_]+)?"
GAP = r"(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"  # spaces, or one line break of a wrapped paragraph
# What may open a name and still print it: a bracket or a quote, or the marks of a code span,
# strikethrough or emphasis, which briefgen's Markdown shows as they are written ("Mrs `Patel`").
OPENING = r"""[("'‘“`*_~]{0,2}"""
TITLED_NAME = re.compile(
    rf"\b(?P<role>Mr|Mrs|Ms|Miss|Mx|Dr)\.?{GAP}{OPENING}(?P<first>{NAME_WORD})"
)
# The surname after a first name is looked for separately, without being consumed, so that
# "Mr and Mrs Smith" still finds "Mrs Smith" after rejecting "Mr and".
NEXT_NAME_WORD = re.compile(rf"[ \t]+({NAME_WORD})")
FAMILY_ROLES = (
    r"mother|father|mum|mummy|dad|daddy|step-?(?:mother|father|mum|dad|brother|sister|son"
    r"|daughter)|grand(?:mother|father|ma|pa|dad|mum|son|daughter)|granddad|nan|nana"
    r"|brother|sister|half-(?:brother|sister)|son|daughter|aunt|auntie|aunty|uncle|cousin"
    r"|niece|nephew|husband|wife|boyfriend|girlfriend|ex-partner|fianc[ée]e?"
    # Welsh, as the words stand after "y", "ei" and the like, mutated too: mam, fam (mother),
    # tad, nhad, thad (father), nain, taid, mamgu, tadcu, brawd, frawd (brother), chwaer (sister),
    # mab, fab (son), merch, ferch (daughter), modryb, fodryb (aunt), ewythr (uncle).
    r"|mam|fam|tad|nhad|thad|nain|taid|mamgu|tadcu|brawd|frawd|chwaer|mab|fab|merch|ferch"
    r"|modryb|fodryb|ewythr|llysfam|llystad"
)
# Words that also name things ("the child protection plan", "our partner agencies"):
# they count as a family role only after "the", "her", "mother's" and the like.
SHARED_ROLES = r"partner|carer|child|baby|infant|toddler|guardian|parent|friend|neighbour|sibling"
ROLE_NAME = re.compile(
    rf"\b(?P<role>(?:{FAMILY_ROLES}|{SHARED_ROLES}))\b"
    rf"[,:]?{GAP}{OPENING}(?P<first>{NAME_WORD})",
    re.IGNORECASE,
)
SHARED_ROLE = re.compile(SHARED_ROLES, re.IGNORECASE)
DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|her|his|their|its|my|your|our|a|an)|['’]s)\s+$", re.IGNORECASE
)
# Capitalised words that follow a role or a title in ordinary briefing prose, and are not names.
NOT_NAMES = _words(
    """
    A An And As At But By For From He Her Here His How I If In Is It Its My No Not Of On
    Or Our She So That The Their Then There These They This Those To Was We Were What When
    Where Which While Who Why With Yes You Your All Any Both Each Every Some After Before
    During Since Until Although Because Also However Had Has Have Did Does Do Said Says
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Adult Adults Agency Agencies Assessment Board Care Carer Centre Child Children Childrens
    Conference Council Court Death Early Education Family Families Foundation GP Health Help
    Hospital Housing Hub Midwife Midwifery Mental Needs Nurse Nursing Partnership Plan Plus
    Police Practice Probation Protection Review Safeguarding School Schools Section Service
    Services Social Support Team Trust Unit Universal Visitor Visitors Worker Workers Youth
    Mr Mrs Ms Miss Mx Dr Baby Infant Young Person Sibling Siblings Mother Father Parent
    Parents Mum Dad
    Y Yr Ac Ond Ei Eu Mae Roedd Bod Wedi Gyda Hefyd Ond Fe Ni Nid
    """
)
# A word that makes the capitalised word before it part of an organisation's name:
# "the partner Sussex Police", "her carer Crawley Council".
ORGANISATION_WORDS = _words(
    """
    Academy Board Borough CCG Centre City College Council County Foundation Health Hospital
    Hub ICB NHS Partnership Police School Schools Service Services Team Trust Unit University
    """
)
MONTH_NAMES = frozenset(MONTHS)


def find_names(text: str) -> Iterator[Finding]:
    """A title and a surname ("Mrs Patel"), or a family role and a given name ("the mother, Jane").

    A name is a capitalised word with a lower-case letter in it: "Child A",
    "Mrs X" and "MASH" are not names, and anonymised letters pass. Words that
    follow roles in ordinary prose ("the child Protection plan", "mother, Health
    Visitors") are not names either. Roles that also name things (partner,
    carer, child, baby) count only after "the", "her", "mother's" and the like,
    and only in lower case, so "the Child Protection Conference" and "partner
    agencies" pass. A name with neither a title nor a role beside it is not seen.
    """
    for match in TITLED_NAME.finditer(text):
        end = _name_end(match)
        if end is not None:
            yield _finding(Kind.NAME, match, "a title followed by a surname", end=end)
    for match in ROLE_NAME.finditer(text):
        end = _name_end(match)
        if end is not None and _is_family_role(match):
            role = match.group("role").lower()
            yield _finding(Kind.NAME, match, f"a given name next to {role!r}", end=end)


def _name_end(match: re.Match[str]) -> int | None:
    """Where the name ends: after the surname, if one follows the first name, or None."""
    if not _looks_like_a_name(match.group("first")) or _is_a_month_in_a_date(match):
        return None
    following = NEXT_NAME_WORD.match(match.string, match.end("first"))
    if following is None:
        return match.end("first")
    if following.group(1) in ORGANISATION_WORDS:
        return None
    return following.end() if _looks_like_a_name(following.group(1)) else match.end("first")


def _looks_like_a_name(word: str) -> bool:
    return (
        len(word) >= 2
        and word[0].isupper()
        and any(letter.islower() for letter in word)
        and word not in NOT_NAMES
    )


def _is_a_month_in_a_date(match: re.Match[str]) -> bool:
    """A month before a number is a date ("the baby May 2019"); "the baby, May, ..." is a name."""
    first = match.group("first")
    return first in MONTH_NAMES and bool(
        re.match(r"\s+\d", match.string[match.end("first") : match.end("first") + 3])
    )


def _is_family_role(match: re.Match[str]) -> bool:
    role = match.group("role")
    if not (role.islower() or (role[0].isupper() and role[1:].islower())):
        return False
    if not SHARED_ROLE.fullmatch(role):
        return True
    before = match.string[max(0, match.start() - 40) : match.start()]
    return role.islower() and bool(DETERMINER_BEFORE.search(before))


Rule = Callable[[str], Iterator[Finding]]
RULES: tuple[Rule, ...] = (
    find_nhs_numbers,
    find_national_insurance_numbers,
    find_postcodes,
    find_dates_of_birth,
    find_phone_numbers,
    find_email_addresses,
    find_names,
)


def names_a_person(attribution: str) -> bool:
    """Whether an attribution (a quote's `by:`) names someone rather than giving a role.

    A role is written in ordinary words ("a mother", "Year 9 pupil", "social worker");
    an attribution whose every word is capitalised like a name ("Jane", "Sam Patel"),
    or in which the guard finds anything, names a person.
    """
    if find_personal_data(attribution):
        return True
    words = re.findall(r"[A-Za-z'’-]+", attribution)
    return bool(words) and all(_looks_like_a_name(word) for word in words)


__all__ = [
    "Finding",
    "find_personal_data",
    "names_a_person",
    "normalise",
]
