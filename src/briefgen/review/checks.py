"""Checks of valid content that catch what would publish badly.

Each check has a name (`CheckName`). Its findings are warnings, which `--strict`
turns into errors, except the personal-data guard, whose findings always stop
the build: a child's name in a published briefing cannot be taken back. A
briefing switches a check off with an `acknowledge:` entry that gives a reason
(and, for personal data, the field and the exact text reviewed), so that every
exception stays visible in review.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from pydantic import BaseModel

from briefgen.content.blocks import Image, Questions, Table, iter_blocks
from briefgen.content.config import ProjectConfig
from briefgen.content.dates import day_month_year
from briefgen.content.frame import SHOWN_ONLY_IN_THE_FRAME, Place
from briefgen.content.identity import declared_partnership, identity_of
from briefgen.content.kinds import DeclaredKind
from briefgen.content.layouts import PART_FIELDS, Layout, find_layout, load_layout
from briefgen.content.load import Loaded, Path_, field_path
from briefgen.content.markdown import (
    HEADING_FIX,
    NOTE_MARK,
    NOTE_TEXT,
    has_emphasis,
    heading_markup,
    note_references,
    note_texts,
    plain_text,
    refused_pieces,
    section_links,
)
from briefgen.content.model import Acknowledgement, Briefing, CheckName
from briefgen.content.outline import outline_of
from briefgen.content.privacy import find_personal_data, normalise
from briefgen.content.published import (
    PublishedFinding,
    find_published_personal_data,
    read_as_published,
)
from briefgen.content.values import Shown, TextField, iter_text_fields
from briefgen.errors import ContentError, Problem, shorten
from briefgen.paths import builtin_theme, slug_of_file
from briefgen.review.fonts import missing_characters, print_fonts

LONGEST_SENTENCE = 25  # words: GOV.UK's guidance for plain English
VAGUE_LINK_TEXT = frozenset(
    {"click here", "here", "link", "this link", "read more", "more", "click"}
    # and in Welsh: a Welsh briefing's links are read out from a list too
    | {"cliciwch yma", "yma", "dolen", "y ddolen hon", "darllen mwy", "mwy", "cliciwch"}
)
# What ends a question: "?", and the Arabic script's "؟" (Urdu, Arabic, Persian).
QUESTION_MARKS = ("?", "\u061f")
VAGUE_ALT_TEXT = frozenset({"logo", "image", "picture", "img", "icon", "graphic"})
VAGUE_IMAGE_ALT = VAGUE_ALT_TEXT | {"photo", "photograph", "illustration", "diagram", "drawing"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'‘“(]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
SHOUTED_RUN = re.compile(r"\b(?:[A-Z]{2,}[A-Z'’-]*\s+){2,}[A-Z]{2,}\b")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(")


def no_system_font(character: str) -> bool:  # noqa: ARG001 (the question is asked of none)
    """No font installed here is known to draw anything: the theme's fonts alone count."""
    return False


@dataclass(frozen=True)
class Context:
    loaded: Loaded
    config: ProjectConfig
    today: dt.date
    config_file: Path = Path("briefgen.yaml")
    fonts: Sequence[Path] = ()  # the font files the PDF is set in
    folders: Sequence[Path] = ()  # the project's template folders, for its layouts
    briefings: Collection[str] | None = None  # the names of content/'s briefings, if known
    # Whether a font installed here draws a character (the engine's `system_font_has`); by
    # default none is known to, so a character the theme's fonts lack is told.
    system_has: Callable[[str], bool] = no_system_font

    @property
    def briefing(self) -> Briefing:
        return self.loaded.briefing

    def problem(
        self,
        check: CheckName,
        path: Path_,
        message: str,
        fix: str,
        value: str | None = None,
        written: str | None = None,
    ) -> Problem:
        """A problem at `path`, located at the words of `written` in it (by default `value`):
        the personal-data guard quotes what a reader sees, but finds it where it was written."""
        return self.loaded.document.problem(
            path,
            message,
            fix,
            words=written or value,
            value=value,
            severity="error" if check is CheckName.PERSONAL_DATA else "warning",
            check=check.value,
        )


Check = Callable[[Context], Iterator[Problem]]


def iter_text(model: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text value of a model, with its path, in the order of the model's fields."""
    for field in iter_text_fields(model, path):
        yield field.path, field.text


def check_briefing(
    loaded: Loaded,
    config: ProjectConfig,
    today: dt.date | None = None,
    fonts: Sequence[Path] | None = None,
    folders: Sequence[Path] = (),
    briefings: Collection[str] | None = None,
    system_has: Callable[[str], bool] | None = None,
) -> list[Problem]:
    """Every check's findings for one briefing, less those acknowledged in it.

    `fonts` are the theme's font files (`briefgen.review.fonts.print_fonts`); by default, those of
    the built-in theme. `folders` are the project's template folders, for its layouts.
    `briefings` are the names of the project's briefings, for `replaces`. `system_has`
    says whether a font installed here draws a character the theme's lack.
    """
    if fonts is None:
        fonts = print_fonts([builtin_theme()])
    today = today or dt.date.today()
    context = Context(
        loaded,
        config,
        today,
        fonts=fonts,
        folders=folders,
        briefings=briefings,
        system_has=system_has or no_system_font,
    )
    acknowledged = loaded.briefing.acknowledge
    return [
        problem
        for check in CHECKS
        for problem in check(context)
        if not any(_covers(acknowledgement, problem) for acknowledgement in acknowledged)
    ]


def strictly(problems: list[Problem]) -> list[Problem]:
    """Warnings made errors, for `--strict`."""
    return [replace(problem, severity="error") for problem in problems]


def _covers(acknowledgement: Acknowledgement, problem: Problem) -> bool:
    if acknowledgement.check.value != problem.check:
        return False
    # A briefing that names itself as the one it replaces is a mistake, not an exception; so
    # is a link to a section the briefing does not have: it would lead nowhere.
    # Nor is a note referred to but never written, or written but never referred to.
    if (
        problem.check in (CheckName.REPLACES, CheckName.LINKS, CheckName.NOTES, CheckName.MARKUP)
        and problem.severity == "error"
    ):
        return False
    if acknowledgement.field is not None and acknowledgement.field != problem.field:
        return False
    # Matched as the guard reads text: "Mrs Patel" typed with a plain space acknowledges
    # the "Mrs Patel" pasted with a no-break space that the guard found.
    return acknowledgement.text is None or (
        problem.value is not None and normalise(acknowledgement.text) == normalise(problem.value)
    )


def check_markup(context: Context) -> Iterator[Problem]:
    """Raw HTML, images and unsafe links are shown as plain text: say so."""
    for path, text in iter_text(context.briefing):
        for refused, written in refused_pieces(text):
            yield context.problem(
                CheckName.MARKUP,
                path,
                f"{refused} is shown as plain text, not as markup",
                "write plain text, with **bold**, _italic_ or [a link](https://...) if needed",
                shorten(text),
                written=written,  # each told where it stands: several in a field, apart
            )


def check_heading_markup(context: Context) -> Iterator[Problem]:
    """A heading shows its words and their emphasis (`**S**hare information`), nothing more;
    a label, a name or a caption shows its words as written. What either would print as its
    Markdown, or lose, is refused, with the fix."""
    for field in iter_text_fields(context.briefing):
        if field.shown is Shown.HEADING:
            for what in heading_markup(field.text):
                yield _markup_error(context, field, f"a heading cannot hold {what}", HEADING_FIX)
        elif field.shown is Shown.PLAIN and has_emphasis(field.text):
            yield _markup_error(
                context,
                field,
                "this field is shown as plain words: its bold or italic would print as "
                "asterisks or underscores",
                "write it without the ** or _ (headings and text take **bold** and _italic_; "
                "names, labels and captions do not); a * or _ that belongs to the words is "
                "written \\* or \\_",
            )


def _markup_error(context: Context, field: TextField, message: str, fix: str) -> Problem:
    problem = context.problem(CheckName.MARKUP, field.path, message, fix, shorten(field.text))
    return replace(problem, severity="error")


def questions_of(briefing: Briefing) -> Iterator[tuple[Path_, str]]:
    """Every reflective question of the briefing, with its path: its practice's and its
    blocks'."""
    if briefing.practice is not None:
        for index, question in enumerate(briefing.practice.questions):
            yield ("practice", "questions", index), question
    for path, block in briefing.blocks():
        if isinstance(block, Questions):
            for index, question in enumerate(block.items):
                yield (*path, "items", index), question


def check_questions(context: Context) -> Iterator[Problem]:
    """A reflective question should read as a question."""
    for path, question in questions_of(context.briefing):
        if not plain_text(question).rstrip().endswith(QUESTION_MARKS):
            yield context.problem(
                CheckName.QUESTIONS,
                path,
                "this reflective question is not a question",
                "write it as a question to ask yourself, ending with '?', such as "
                "'Do I always ask families which other agencies are working with them?'",
                shorten(question),
            )


def check_reflection(context: Context) -> Iterator[Problem]:
    """A learning briefing without reflective questions gives teams nothing to take into
    supervision, and its team discussion record nothing to discuss (only a free space); where
    that is right (a newsletter, a rating summary), acknowledge it. One note says both."""
    if next(questions_of(context.briefing), None) is None:
        yield context.problem(
            CheckName.REFLECTION,
            ("title",),
            "the briefing has no reflective questions to take into supervision, so its team "
            "discussion record has no questions to discuss (only a space to write in)",
            "add `practice:` with questions, or a `questions:` block in a section; if it "
            "needs none, add under `acknowledge:` an entry with `check: reflection` and a reason",
        )


def check_layout(context: Context) -> Iterator[Problem]:
    """A field the briefing's layout does not show would be silently lost: say so."""
    briefing = context.briefing
    try:
        layout = load_layout(briefing.layout, context.folders)
    except ContentError as error:
        if find_layout(briefing.layout, context.folders) is not None:
            # The layout file's own mistakes (a part shown twice), told at their lines in it.
            yield from (_shown_in_project(problem, context.folders) for problem in error.problems)
            return
        problem = error.problems[0]
        yield replace(
            context.problem(
                CheckName.LAYOUT, ("layout",), problem.message, problem.fix, briefing.layout
            ),
            severity="error",
        )
        return
    for name, path in _unshown_fields(briefing, layout):
        yield context.problem(
            CheckName.LAYOUT,
            path,
            f"`{name}` does not apply to the layout '{layout.name}': it is not shown",
            f"remove `{name}`, move its content into a section, or choose a layout that shows it",
        )
    yield from _unplaced_parts(context, layout)
    for key, fields in _unused_headings(briefing, layout):
        yield context.problem(
            CheckName.LAYOUT,
            ("headings", key),
            f"`headings.{key}` rewords the heading of a section this briefing does not have "
            f"(it gives no {fields}): it is not shown",
            f"remove `headings.{key}`; to head a section of your own, write its `heading:` "
            "under `sections:`",
        )


def _shown_in_project(problem: Problem, folders: Sequence[Path]) -> Problem:
    """A problem of a project's layout file, its file named from the project's folder."""
    for folder in folders:
        if problem.file.is_relative_to(folder.parent):
            return replace(problem, file=problem.file.relative_to(folder.parent))
    return problem


def _unshown_fields(briefing: Briefing, layout: Layout) -> Iterator[tuple[str, Path_]]:
    parts = {part for section in layout.sections for part in section.parts}
    shown = {PART_FIELDS[part] for part in parts}
    for name in sorted(set(PART_FIELDS.values()) - shown):
        if name in briefing.model_fields_set and getattr(briefing, name):
            yield name, (name,)
    if "cohort" not in parts and briefing.method and briefing.method.cohort:
        yield "method.cohort", ("method", "cohort")
    if "method" not in parts and briefing.method and "method" in shown:
        yield "method.text", ("method", "text")
    keys = {section.heading_key for section in layout.sections}
    for key in sorted(briefing.headings.model_fields_set - keys):
        yield f"headings.{key}", ("headings", key)


def _unplaced_parts(context: Context, layout: Layout) -> Iterator[Problem]:
    """A part of the frame the briefing gives (a banner, a byline) that its layout's frame
    places nowhere, and the briefing does not hide on purpose (`frame: {banner: hidden}`)."""
    briefing = context.briefing
    frame = layout.frame.moved(briefing.frame)
    hidden = {part for part, place in briefing.frame.given.items() if place is Place.HIDDEN}
    for part in SHOWN_ONLY_IN_THE_FRAME:
        if part in hidden or not getattr(briefing, part.field, None):
            continue
        if frame.place_of(part) is Place.HIDDEN:
            yield context.problem(
                CheckName.LAYOUT,
                (part.field,),
                f"`{part.field}` is given, but the layout '{layout.name}' places no "
                f"{part.value.replace('_', ' ')} in its frame: it is not shown",
                f"place it for this briefing, such as `frame: {{{part.value}: under_title}}`, "
                f"or remove `{part.field}` (`frame: {{{part.value}: hidden}}` keeps it unshown)",
            )


def check_partnership(context: Context) -> Iterator[Problem]:
    """A partnership named that briefgen.yaml does not know is published with its name
    alone: no logo, no website, no address for its discussion records. Say so, rather
    than borrow the project's or leave them out in silence."""
    given = context.briefing.partnership
    config = context.config
    if not isinstance(given, str) or given == config.partnership.name:
        return
    if declared_partnership(given, config) is None:
        known = ", ".join(repr(other.name) for other in config.partnerships)
        yield context.problem(
            CheckName.PARTNERSHIP,
            ("partnership",),
            f"the partnership {given!r} is not in briefgen.yaml ("
            + (f"its partnerships: {known}" if known else "it has no `partnerships:`")
            + "): the briefing shows its name alone, with no logo, website or address for "
            "its discussion records",
            "add it to briefgen.yaml under `partnerships:` with its `logo`, `website` and "
            "`discussion_record`, or give it whole here: `partnership: {name: ..., website: "
            "..., logo: {file: ..., alt: ...}}`",
            given,
        )


def _unused_headings(briefing: Briefing, layout: Layout) -> Iterator[tuple[str, str]]:
    """Each `headings.X` the layout has a heading for, but of a section this briefing has
    nothing for (it writes `sections:` and no `findings:`): the section, and the heading
    with it, is left out. Each with the fields the section would show."""
    given = briefing.headings.model_fields_set
    for section in layout.sections:
        key = section.heading_key
        if key is None or key not in given:
            continue
        if not any(_has_part(briefing, part) for part in section.parts):
            fields = sorted({PART_FIELDS[part] for part in section.parts})
            yield key, " or ".join(f"`{name}:`" for name in fields)


def _has_part(briefing: Briefing, part: str) -> bool:
    """Whether the briefing gives anything for one part of a layout section."""
    method, practice = briefing.method, briefing.practice
    findings = [group.kind.value for group in briefing.findings]
    shown = {
        "cohort": bool(method and method.cohort),
        "strengths": "strengths" in findings,
        "other_findings": any(kind != "strengths" for kind in findings),
        "instruction": bool(practice and practice.instruction),
        "questions": bool(practice and practice.questions),
    }
    if part in shown:
        return shown[part]
    return bool(getattr(briefing, PART_FIELDS[part]))


def check_cohort(context: Context) -> Iterator[Problem]:
    """Rounded percentages that add up to 99 or 101 read as a mistake."""
    method = context.briefing.method
    if method is None or method.cohort is None:
        return
    for number, breakdown in enumerate(method.cohort.breakdowns):
        percents = [group.percent for group in breakdown.groups if group.percent is not None]
        if percents and sum(percents) != 100:
            yield context.problem(
                CheckName.COHORT,
                ("method", "cohort", "breakdowns", number),
                f"the percentages of {breakdown.title!r} add up to {sum(percents):g}, not 100",
                "adjust the rounding of one group so that they add up to 100, or give counts",
            )


def check_links(context: Context) -> Iterator[Problem]:
    """Links should be secure, and their words should say where they go."""
    for index, resource in enumerate(context.briefing.resources):
        path = ("resources", index)
        if resource.url.scheme == "http":
            yield context.problem(
                CheckName.LINKS,
                (*path, "url"),
                "this link is not secure (http://)",
                "use the https:// address; most sites have one",
                str(resource.url),
            )
        title = resource.title.strip().lower()
        if title in VAGUE_LINK_TEXT or title.startswith(("http://", "https://", "www.")):
            yield context.problem(
                CheckName.LINKS,
                (*path, "title"),
                "the link's title does not say where it goes",
                "use the resource's name as its title, such as 'Escalation policy'",
                resource.title,
            )
    for text_path, text in iter_text(context.briefing):
        for words in MARKDOWN_LINK.findall(text):
            if words.strip().lower() in VAGUE_LINK_TEXT:
                yield context.problem(
                    CheckName.LINKS,
                    text_path,
                    f"the link text {words!r} does not say where the link goes",
                    "link the words that name the destination: [the escalation policy](...)",
                    shorten(text),
                    written=f"[{words}]",
                )


def check_section_links(context: Context) -> Iterator[Problem]:
    """A link to a section, `[what we found](#what-we-found)`, must lead to a heading of this
    briefing: one that leads nowhere is refused, with the names there are."""
    try:
        layout = load_layout(context.briefing.layout, context.folders)
    except ContentError:
        return  # told by check_layout
    names = sorted(outline_of(context.briefing, "", layout).names)
    for field in iter_text_fields(context.briefing):
        for name in section_links(field.text, paragraphs=field.paragraphs):
            if name in names:
                continue
            problem = context.problem(
                CheckName.LINKS,
                field.path,
                f"the link to #{name} leads to no section of this briefing",
                _section_link_fix(name, names),
                f"#{name}",
            )
            yield replace(problem, severity="error")


def check_notes(context: Context) -> Iterator[Problem]:
    """Each note referred to (`[^1]`) must be written (`[^1]: ...`, in a text of paragraphs),
    and each note written referred to: a mark leading nowhere, or a note no mark leads to,
    is a mistake, told at its place."""
    fields = [field for field in iter_text_fields(context.briefing) if NOTE_MARK in field.text]
    written: dict[str, Path_] = {}
    referred: dict[str, Path_] = {}
    for field in fields:
        if field.paragraphs:
            for label in note_texts(field.text):
                written.setdefault(label, field.path)
        else:
            for found in NOTE_TEXT.finditer(field.text):
                yield _note_problem(
                    context,
                    field.path,
                    f"the note [^{found[1]}] is written in a field of one line",
                    "write a note's text (`[^1]: ...`) in a field of paragraphs, such as the "
                    "introduction or a `paragraphs:` block, after the paragraph that refers to "
                    "it; here, refer to it with [^1] alone",
                    f"[^{found[1]}]:",
                )
        for label in note_references(field.text, paragraphs=field.paragraphs):
            referred.setdefault(label, field.path)
    for label, path in referred.items():
        if label not in written:
            yield _note_problem(
                context,
                path,
                f"the note [^{label}] is referred to but never written",
                f"write its text in a field of paragraphs, on a line of its own: "
                f"`[^{label}]: The source or the comment.`"
                + _other_notes(label, written, "the notes written are"),
                f"[^{label}]",
            )
    for label, path in written.items():
        if label not in referred:
            yield _note_problem(
                context,
                path,
                f"the note [^{label}] is written but never referred to",
                f"put [^{label}] after the words it comments on, or delete the note"
                + _other_notes(label, referred, "the notes referred to are"),
                f"[^{label}]:",
            )


def _note_problem(context: Context, path: Path_, message: str, fix: str, value: str) -> Problem:
    return replace(context.problem(CheckName.NOTES, path, message, fix, value), severity="error")


def _other_notes(label: str, labels: Collection[str], these: str) -> str:
    others = [f"[^{other}]" for other in labels if other != label]
    close = difflib.get_close_matches(label, [other for other in labels if other != label], n=1)
    hint = f"; did you mean [^{close[0]}]?" if close else ""
    return (f" ({these} {', '.join(others[:8])})" if others else "") + hint


def _section_link_fix(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
    if not names:
        return (
            "a link to a section gives its heading's words, in lower case with hyphens "
            '(#what-we-found for "What we found"); this briefing has no headings to link to'
        )
    shown = ", ".join(f"#{known}" for known in names[:12]) + (", ..." if len(names) > 12 else "")
    return (f"did you mean #{close[0]}? " if close else "") + (
        "a link to a section gives its heading's words, in lower case with hyphens; this "
        f"briefing's sections are {shown}"
    )


def _sentences(text: str) -> Iterator[str]:
    for paragraph in re.split(r"\n\s*\n|\n\s*[-*] ", plain_text(text)):
        yield from SENTENCE_END.split(" ".join(paragraph.split()))


def check_sentence_length(context: Context) -> Iterator[Problem]:
    """GOV.UK style: sentences of about 25 words or fewer."""
    for path, text in iter_text(context.briefing):
        for sentence in _sentences(text):
            count = len(WORD.findall(sentence))
            if count > LONGEST_SENTENCE:
                yield context.problem(
                    CheckName.SENTENCE_LENGTH,
                    path,
                    f"a sentence of {count} words (plain English keeps to {LONGEST_SENTENCE} "
                    "or fewer)",
                    "split it into two sentences, or cut words that add nothing",
                    shorten(sentence),
                )


def check_capitals(context: Context) -> Iterator[Problem]:
    """Text in capitals is hard to read and reads as shouting."""
    for path, text in iter_text(context.briefing):
        shouted = SHOUTED_RUN.search(plain_text(text))
        if shouted:
            yield context.problem(
                CheckName.CAPITALS,
                path,
                "text in capitals is hard to read",
                "write it in sentence case; use **bold** for emphasis",
                shouted.group(0),
            )


def check_logo_alt(context: Context) -> Iterator[Problem]:
    """The text alternative of the logo the briefing is published with should name whose
    logo it is: the project's, one of briefgen.yaml's `partnerships:`, or the briefing's
    own partnership's (told at its line)."""
    config, given = context.config, context.briefing.partnership
    identity = identity_of(given, config)
    logo = identity.logo
    if logo is None:
        return
    alt = logo.alt.strip().lower().rstrip(".")
    if not (alt in VAGUE_ALT_TEXT or re.search(r"\.(svg|png|jpe?g|gif)$", alt)):
        return
    message = "the logo's text alternative does not say whose logo it is"
    fix = f"write, for example: alt: {identity.name} logo"
    if identity.logo_is_own:
        path = ("partnership", "logo", "alt")
        yield context.problem(CheckName.LOGO_ALT, path, message, fix, logo.alt)
        return
    names = [other.name for other in config.partnerships]
    field = (
        f"partnerships.{names.index(identity.name)}.logo.alt"
        if identity.name in names
        else "partnership.logo.alt"
    )
    yield Problem(
        context.config_file,
        message,
        fix,
        field=field,
        value=logo.alt,
        severity="warning",
        check=CheckName.LOGO_ALT.value,
    )


def check_image_alt(context: Context) -> Iterator[Problem]:
    """An image's text alternative says what it shows: not a word for what it is
    ("photo"), not its file's name, and not its caption again (a screen reader would
    read the same sentence twice, and nothing of the picture)."""
    for path, block in iter_blocks(context.briefing.sections):
        if not isinstance(block, Image) or block.alt is None:
            continue
        alt = block.alt.strip().lower().rstrip(".")
        caption = plain_text(block.caption).strip().lower().rstrip(".") if block.caption else None
        if alt in VAGUE_IMAGE_ALT or re.search(r"\.(svg|png|jpe?g|gif)$", alt):
            message = "the image's text alternative does not say what it shows"
        elif alt == caption:
            message = "the image's text alternative repeats its caption"
        else:
            continue
        yield context.problem(
            CheckName.IMAGE_ALT,
            (*path, "alt"),
            message,
            "describe what a sighted reader sees in one or two sentences, such as "
            "alt: A health visitor talks with a father who holds his baby, at home",
            block.alt,
        )


def check_dates(context: Context) -> Iterator[Problem]:
    """A publication date in the future, or a period ending after it, is usually a typo."""
    briefing = context.briefing
    if briefing.published is None:
        return  # an undated briefing: nothing to compare
    if briefing.published > context.today:
        yield context.problem(
            CheckName.DATES,
            ("published",),
            f"the publication date {day_month_year(briefing.published)} is in the future",
            "check the year; use the date the briefing is published",
            briefing.published.isoformat(),
        )
    cohort = briefing.method.cohort if briefing.method else None
    if cohort and cohort.period and cohort.period.end > briefing.published:
        yield context.problem(
            CheckName.DATES,
            ("method", "cohort", "period", "end"),
            "the audit period ends after the briefing is published",
            "check the period's end date and the publication date",
            cohort.period.end.isoformat(),
        )


def check_replaces(context: Context) -> Iterator[Problem]:
    """A briefing cannot replace itself; one that replaces a briefing content/ does not
    have is told that the index leaves the link out (it may have been withdrawn on purpose)."""
    replaced = context.briefing.replaces
    if replaced is None:
        return
    name = slug_of_file(context.loaded.document.file)
    if replaced == name:
        problem = context.problem(
            CheckName.REPLACES,
            ("replaces",),
            f"the briefing names itself ({replaced}) as the briefing it replaces",
            "write the name of the older briefing it replaces (its file name in content/ "
            "without .yaml), or remove the replaces line",
            replaced,
        )
        yield replace(problem, severity="error")
    elif context.briefings is not None and replaced not in context.briefings:
        yield context.problem(
            CheckName.REPLACES,
            ("replaces",),
            f"replaces names {replaced}, but content/ has no briefing of that name, so the "
            "index leaves the link to it out",
            f"check the spelling against the file names in content/; if {replaced} was "
            "withdrawn on purpose, leave it as it is, or remove the replaces line",
            replaced,
        )


MISSING_GLYPHS_FIX = (
    "write the text without them (emoji and symbols add little to a briefing); if the "
    "language needs them, install a font that has them on the computer that builds "
    "(for Chinese, Japanese or Korean, Debian's fonts-noto-cjk) and build again"
)


def check_missing_glyphs(context: Context) -> Iterator[Problem]:
    """A character that no font can draw would print as an empty box, without a word.

    The briefing's text, and the settings the PDF prints on every page (the
    partnership's name and the footer).
    """
    for path, text in iter_text(context.briefing):
        missing = missing_characters(text, context.fonts, context.system_has)
        if missing:
            yield context.problem(
                CheckName.MISSING_GLYPHS,
                path,
                _missing_glyphs_message(missing),
                MISSING_GLYPHS_FIX,
                _words_around(text, text.index(missing[0])),
            )
    config = context.config
    settings = {"partnership.name": config.partnership.name, "footer": config.footer or ""}
    for field, setting in settings.items():
        missing = missing_characters(setting, context.fonts, context.system_has)
        if missing:
            yield Problem(
                context.config_file,
                _missing_glyphs_message(missing),
                MISSING_GLYPHS_FIX,
                field=field,
                value=setting,
                severity="warning",
                check=CheckName.MISSING_GLYPHS.value,
            )


def _missing_glyphs_message(missing: list[str]) -> str:
    shown = ", ".join(f"{character} (U+{ord(character):04X})" for character in missing[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return f"no font on this computer can draw {shown}{more}: the PDF would show empty boxes"


def _words_around(text: str, index: int, reach: int = 25) -> str:
    """The whole words within `reach` characters of `index`: what the message quotes."""
    start = max(0, index - reach)
    if start > 0 and " " in text[start:index]:
        start = text.index(" ", start, index) + 1
    end = index + reach
    if end < len(text) and " " in text[index:end]:
        end = text.rindex(" ", index, end)
    return shorten(text[start:end])


def check_personal_data(context: Context) -> Iterator[Problem]:
    """Text that looks like it identifies a person always stops the build.

    Each field is read as a reader sees it (`briefgen.content.published`): `**Mrs** Patel` and
    `Mrs&nbsp;Patel` print a name. The problem's value is the text found, as the reader
    sees it, because an acknowledgement is matched on it and on the field; it is located
    where it was written. The same text twice in one field is one problem, acknowledged once.
    """
    acknowledged = [
        acknowledgement
        for acknowledgement in context.briefing.acknowledge
        if acknowledgement.check is CheckName.PERSONAL_DATA
    ]
    authors = [_name_words(author.name) for author in context.briefing.authors]
    for path, findings in _personal_data_by_field(context.briefing):
        field = field_path(path)
        found: dict[str, PublishedFinding] = {}
        for finding in findings:
            if _names_an_author(finding, authors):
                continue
            if not any(_allows(entry, field, finding) for entry in acknowledged):
                found.setdefault(finding.text, finding)
        for finding in found.values():
            kind, reason = finding.finding.kind, finding.finding.reason
            # Said where markup or references make the text differ from what was written.
            printed = normalise(finding.written) != normalise(finding.text)
            yield context.problem(
                CheckName.PERSONAL_DATA,
                path,
                f"this looks like {kind} ({reason}){', as the page prints it' if printed else ''}"
                "; a published briefing must not identify a child, a family member or anyone "
                "else",
                _personal_data_fix(finding, field),
                finding.text,
                written=finding.written,
            )


TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _name_words(text: str) -> tuple[str, ...]:
    """The words of a name, in lower case, without a title: "Dr Priya Shah" is priya, shah."""
    return tuple(
        word for word in (word.lower() for word in LETTERS.findall(text)) if word not in TITLES
    )


def _names_an_author(finding: PublishedFinding, authors: Sequence[tuple[str, ...]]) -> bool:
    """Whether a name the guard found is one of the briefing's declared authors: a title
    and their name ("Dr Shah" for Dr Priya Shah), or their whole name after a role. A
    given name alone after a family role ("the mother, Priya") is a family member's, and
    stays flagged."""
    words = LETTERS.findall(finding.text)
    titled = bool(words) and words[0].lower() in TITLES
    named = _name_words(" ".join(words[1:])) if words else ()
    for author in authors:
        if titled and named and set(named) <= set(author):
            return True
        if not titled and len(author) > 1 and named == author:
            return True
    return False


def _personal_data_by_field(briefing: Briefing) -> Iterator[tuple[Path_, list[PublishedFinding]]]:
    """What the guard finds in each field a reader sees, but the declared ones.

    Every text field, as the renderer shows it; a table's numbers, by their digits (YAML
    reads 9434765919 as a number, printed 9,434,765,919); and the resources' mailto: and tel:
    addresses, percent-encoding decoded. Web addresses are left alone (their paths hold
    digits and dates); an email address or a phone number is as personal in a link as in
    the text.
    """
    for field in iter_text_fields(briefing):
        if not _is_declared(field.path):
            yield field.path, find_published_personal_data(field.text, paragraphs=field.paragraphs)
    for path, block in briefing.blocks():
        if isinstance(block, Table):
            yield from _numbers_of(block, path)
        if isinstance(block, DeclaredKind):  # a project's kind's links
            for inner, address in block.addresses():
                if address.startswith(("mailto:", "tel:")):
                    yield (*path, *inner), _as_written(unquote(address))
    for index, resource in enumerate(briefing.resources):
        if resource.url.scheme in ("mailto", "tel"):
            yield ("resources", index, "url"), _as_written(unquote(str(resource.url)))


def _numbers_of(table: Table, path: Path_) -> Iterator[tuple[Path_, list[PublishedFinding]]]:
    """The whole numbers of a table's cells, each read as its digits."""
    rows = [("columns", index, row) for index, row in enumerate(table.columns)]
    rows += [("rows", index, row) for index, row in enumerate(table.rows)]
    for part, index, row in rows:
        for column, cell in enumerate(row):
            if isinstance(cell, int) and not isinstance(cell, bool):
                yield (*path, part, index, column), _as_written(str(cell))


def _as_written(text: str) -> list[PublishedFinding]:
    """Findings in text that is not Markdown: read as written."""
    return [
        PublishedFinding(finding, finding.text, finding.start)
        for finding in find_personal_data(text)
    ]


def _is_declared(path: Path_) -> bool:
    """Authors, contacts and an image's credit are published on purpose: a named author
    (or photographer) is a fact of publication, and a team's number and address are there
    to be used."""
    return path[0] == "authors" or "contacts" in path or path[-2:] == ("image", "credit")


def _allows(acknowledgement: Acknowledgement, field: str, finding: PublishedFinding) -> bool:
    """Whether a personal-data acknowledgement lets `finding` through in `field`.

    Its text matches as the guard reads text (a plain space matches a no-break one), and it
    may be the text as a reader sees it (as the message quotes it), as it was written
    (`mother, *Jane`: what the guard quoted when it read the source), or written with its
    markup (`**Mrs** Patel`).
    """
    if acknowledgement.field != field or acknowledgement.text is None:
        return False
    allowed = acknowledgement.text
    (read, *_) = read_as_published(allowed, paragraphs=False)
    return bool(
        {normalise(allowed), normalise(read.text)}
        & {normalise(finding.text), normalise(finding.written)}
    )


def _personal_data_fix(finding: PublishedFinding, field: str) -> str:
    quoted = yaml_quoted(finding.text)
    return (
        f"{finding.finding.kind.advice}. Only if it was reviewed and is not personal data, add "
        f"under `acknowledge:` an entry with `check: personal-data`, `field: {field}`, "
        f"`text: {quoted}` and a `reason:` saying who reviewed it and why"
    )


def yaml_quoted(text: str) -> str:
    """A double-quoted YAML string that shows what cannot be seen: a no-break space as \\u00a0."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(character):04x}" if _is_unseen(character) else character for character in quoted
    )


def _is_unseen(character: str) -> bool:
    """A space other than the plain one, or an invisible format character."""
    return character != " " and unicodedata.category(character) in ("Zs", "Zl", "Zp", "Cf")


CHECKS: tuple[Check, ...] = (
    check_markup,
    check_heading_markup,
    check_questions,
    check_reflection,
    check_layout,
    check_partnership,
    check_cohort,
    check_links,
    check_section_links,
    check_notes,
    check_sentence_length,
    check_capitals,
    check_logo_alt,
    check_image_alt,
    check_dates,
    check_replaces,
    check_missing_glyphs,
    check_personal_data,
)


__all__ = [
    "check_briefing",
    "iter_text",
    "strictly",
]
