"""The briefing as the templates see it: every number, label and id computed here.

Templates only loop and branch. A briefing is an ordered list of sections, each a
heading over blocks (`briefgen.content.blocks`); its layout (`briefgen.content.layouts`) says where
the short fields (`introduction`, `findings`, `practice`...) go as blocks, and where
the briefing's own `sections:` go.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from markupsafe import Markup

from briefgen.content.anchors import Key, Outline
from briefgen.content.blocks import (
    JUDGEMENT_OF_KIND,
    BlockKind,
    BlockView,
    Bullets,
    CohortBlock,
    ContentsItem,
    Findings,
    Ids,
    KeyMessage,
    Note,
    Paragraphs,
    Questions,
    Resources,
    ResourceView,
    Section,
    view_of,
)
from briefgen.content.charts import present_cohort
from briefgen.content.config import WORDINGS, ProjectConfig, Safeguards, Wording
from briefgen.content.dates import Precision, WrittenDate, month_year
from briefgen.content.identity import Identity, identity_of
from briefgen.content.languages import Language, language_of, untranslated
from briefgen.content.layouts import Layout, LayoutSection, load_layout, style_of
from briefgen.content.markdown import (
    NOTE_MARK,
    Notes,
    heading_text,
    note_texts,
    note_words,
    notes_in,
    plain_text,
    render_heading,
    render_inline,
    render_note,
    sections_of,
    several_paragraphs,
)
from briefgen.content.model import Briefing, Entry, FindingGroup, Numbering
from briefgen.content.outline import heading_of, outline_of
from briefgen.content.values import FindingKind, iter_text_fields
from briefgen.paths import builtin_theme
from briefgen.render.alternates import Alternate
from briefgen.render.frame import FrameView, present_frame, series_text, type_label_of
from briefgen.render.images import PlacedImage
from briefgen.render.words import ENGLISH_WORDS, Words, load_words


@dataclass(frozen=True)
class SubsectionView:
    id: str
    heading: str  # its words (`heading_text`), for what holds plain text only
    blocks: tuple[BlockView, ...]
    number: int | None = None  # its number, as a numbered card
    heading_html: Markup | None = None  # its words with their emphasis, for the page


@dataclass(frozen=True)
class CardsView:
    """How a section shows its subsections as cards: so many a row, in rows of their own
    (a row of the grid never breaks across pages in the PDF engine, so each row is a box
    that moves to the next page whole)."""

    across: int
    rows: tuple[tuple[SubsectionView, ...], ...]


@dataclass(frozen=True)
class EntryView:
    """One of several entries on one page: its date, and its sections a level below it."""

    published: dt.date
    date_text: str
    sections: tuple[SectionView, ...]
    summary: str = ""  # the entry in a sentence, for the library's list


@dataclass(frozen=True)
class SectionView:
    """A section of the briefing, ready to render: heading, number, blocks; or an entry,
    whose title is its heading (`entry`)."""

    id: str
    name: str
    heading: str | None
    number: int | None
    blocks: tuple[BlockView, ...]
    subsections: tuple[SubsectionView, ...] = ()
    cards: CardsView | None = None  # its subsections shown as cards
    entry: EntryView | None = None
    heading_html: Markup | None = None  # the heading with its emphasis; `heading`, its words

    def in_reading_order(self) -> tuple[SectionView, ...]:
        """The section itself, or an entry's sections."""
        return self.entry.sections if self.entry else (self,)


@dataclass(frozen=True)
class NoteView:
    """A note at the end of the briefing: its mark, its text, and the reference it links
    back to (its first)."""

    id: str
    mark: str
    html: Markup
    words: str  # its text, for the parity check
    back: str  # the id of its first reference

    @property
    def marker(self) -> str:
        """Its mark as the list shows it (`list-style-type`), with the space after it."""
        return f"'{self.mark}. '" if self.mark[0].isalnum() else f"'{self.mark}  '"


@dataclass(frozen=True)
class BriefingView:
    slug: str
    layout: str  # for the CSS class: audit-summary, 7-minute-briefing, learning-questions
    sections: tuple[SectionView, ...]
    title: str
    type_label: str
    audience: str | None
    published: WrittenDate | None  # none for an undated briefing
    date_text: str  # the publication date as written: "11 July 2025", "May 2020", "2025"; or ""
    language: Language  # what it is written in: its tag, direction and Open Graph locale
    partnership: str
    resources: tuple[ResourceView, ...]  # every link of the briefing, for the PDF's tags
    description: str  # one sentence for metadata: what and for whom
    summary: str  # the index's line or two: the summary, else the first paragraph
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    identity: Identity  # the partnership's name, logo, website and records' address
    frame: FrameView  # what stands above and under the title, and at the foot
    tagline: str | None = None
    series: str | None = None  # "Learning Lens, issue 12"
    authors: tuple[str, ...] = ()  # "Sam Patel, Learning and development lead"
    period_reviewed: str | None = None
    version: str | None = None
    review_date: str | None = None
    replaces: str | None = None  # the name of the briefing it replaces
    outline: Outline | None = None  # every heading a link can lead to
    content_hash: str = ""  # the briefing's content, hashed (`content_hash`): what a record names

    @property
    def type_and_date(self) -> str:
        """ "Audit summary, May 2020", or whichever of the two the briefing has."""
        return ", ".join(part for part in (self.type_label, self.date_text) if part)

    title_html: Markup | None = None  # the title with its emphasis, for the masthead
    # The words briefgen adds itself, the project's (its keywords, the record's wording).
    wording: Wording = WORDINGS[Safeguards.CHILDREN]
    notes: tuple[NoteView, ...] = ()  # the notes (`[^1]`), in the order of their marks
    alternates: tuple[Alternate, ...] = ()  # its versions in other languages
    bilingual_size: str | None = None  # its bilingual PDF's size, where one is made

    @property
    def addressed_alternates(self) -> tuple[Alternate, ...]:
        """The versions a fragment, embedded on another site, can link to: those whose
        address is known (`site.url`)."""
        return tuple(alternate for alternate in self.alternates if alternate.address)

    def id(self, name: str) -> str:
        """An id namespaced by slug, so that two briefings on one page never clash."""
        return f"{self.slug}-{name}"

    @property
    def every_section(self) -> tuple[SectionView, ...]:
        """Every section that holds blocks, in reading order: an entry's, in its place."""
        return tuple(inner for section in self.sections for inner in section.in_reading_order())

    @property
    def anchors(self) -> tuple[str, ...]:
        """The id of every heading a link can lead to (`briefgen.content.anchors`), and of
        every note and the reference each links back to."""
        headings = self.outline.ids if self.outline else ()
        return (*headings, *(id for note in self.notes for id in (note.back, note.id)))

    @property
    def entry_listing(self) -> list[dict[str, str]]:
        """What the library lists of each entry of the page: its title, the id of its
        heading, its date and its summary."""
        return [
            {
                "title": section.heading or "",
                "id": section.id,
                "date_text": section.entry.date_text,
                "published": section.entry.published.isoformat(),
                "summary": section.entry.summary,
            }
            for section in self.sections
            if section.entry is not None
        ]

    @property
    def has_colophon(self) -> bool:
        return bool(self.frame.foot)

    @property
    def logo_alt(self) -> str:
        """The text alternative of the partnership's logo ("" without one)."""
        logo = self.identity.logo
        return logo.alt if logo else ""

    @property
    def website(self) -> str | None:
        return self.identity.website


def present(
    briefing: Briefing,
    slug: str,
    config: ProjectConfig,
    folders: Sequence[Path] = (),
    images: Mapping[str, PlacedImage] | None = None,
    words: Words | None = None,
) -> BriefingView:
    """The view of a briefing; `folders` are the project's template folders, for its layouts;
    `images` its images, read and checked (`checked_images`), by their `file:`; `words` the
    words of its language (by default read from the theme's catalogue and the project's)."""
    language = language_of(briefing.language or config.language)
    words = words or words_of(language, folders)
    identity = identity_of(briefing.partnership, config, language.tag)
    partnership = identity.name
    layout = load_layout(briefing.layout, folders)
    outline = outline_of(briefing, slug, layout)
    spoken = words.gettext(untranslated("Note %(mark)s"))  # a mark, as a screen reader says it
    notes = Notes(slug, briefing.numbering.notes, _note_texts_of(briefing), spoken=spoken)
    # A link `#name` leads to this briefing's section `name`, a `[^1]` to its note.
    with sections_of(slug), notes_in(notes):
        counted = words.gettext(config.wording.counted)  # in the briefing's language
        sections = present_sections(briefing, slug, layout, outline, words, counted)
        note_views = present_notes(notes)
    number_captions(sections, briefing.numbering, words)
    speak_blocks(sections, words)
    if images is not None:  # None: a view to look at, never rendered (tests, tools)
        place_images(sections, images)
    type_label = type_label_of(briefing)
    return BriefingView(
        slug=slug,
        layout=style_of(layout.name),
        sections=sections,
        title=heading_text(briefing.title),  # <title>, metadata, feed, record: words only
        title_html=render_heading(briefing.title),
        type_label=type_label,
        audience=briefing.audience,
        published=briefing.published,
        date_text=words.date(briefing.published) if briefing.published else "",
        language=language,
        partnership=partnership,
        identity=identity,
        frame=present_frame(briefing, layout.frame, type_label, words),
        resources=_resources_of(sections),
        description=_description(briefing, type_label, partnership, words),
        summary=plain_text(briefing.summary) if briefing.summary else _first_paragraph(sections),
        themes=tuple(briefing.themes),
        wording=config.wording,
        keywords=_keywords(briefing, config, partnership, words),
        outline=outline,
        content_hash=content_hash(briefing),
        notes=note_views,
        **_metadata(briefing, words),
    )


def _description(briefing: Briefing, type_label: str, partnership: str, words: Words) -> str:
    """One sentence for metadata: the summary, else what it is, by whom, for whom. Without
    a type, the title says what it is: "Home visits by the partnership." """
    if briefing.summary:
        return plain_text(briefing.summary)
    audience = f": {briefing.audience.lower()}" if briefing.audience else ""
    return words.gettext("%(type)s by %(partnership)s%(audience)s.") % {
        "type": type_label or briefing.title,
        "partnership": partnership,
        "audience": audience,
    }


def _keywords(
    briefing: Briefing, config: ProjectConfig, partnership: str, words: Words
) -> tuple[str, ...]:
    """The PDF's and the page's keywords: the type, the project's subject (`safeguards:`),
    the partnership and the themes."""
    return (
        *([briefing.type] if briefing.type else []),
        words.gettext(config.wording.keyword),
        words.gettext("learning briefing"),
        partnership,
        *briefing.themes,
    )


def content_hash(briefing: Briefing) -> str:
    """The hash of everything the briefing says, as validated: a discussion record carries
    it, so that a record returned later is known to be of this version of the briefing or of
    an earlier one (comments and layout of the YAML do not change it)."""
    return hashlib.sha256(briefing.model_dump_json().encode()).hexdigest()[:16]


def _note_texts_of(briefing: Briefing) -> dict[str, list[Token]]:
    """Every note the briefing's texts of paragraphs write (`[^1]: ...`), by its label."""
    found: dict[str, list[Token]] = {}
    for field in iter_text_fields(briefing):
        if field.paragraphs and NOTE_MARK in field.text:
            for label, tokens in note_texts(field.text).items():
                found.setdefault(label, tokens)
    return found


def present_notes(notes: Notes) -> tuple[NoteView, ...]:
    """The notes referred to, in the order of their numbers; a note's own references number
    the notes they refer to after those of the text (read within `notes_in`)."""
    views: list[NoteView] = []
    labels = list(notes.numbers)
    while len(views) < len(labels):  # a note may refer to a note not yet numbered
        label = labels[len(views)]
        tokens = notes.texts.get(label, [])  # a note never written is told by the checks
        number = len(views) + 1
        views.append(
            NoteView(
                notes.id_of(number),
                notes.mark(number),
                render_note(tokens),
                note_words(tokens),
                notes.reference_id(number),
            )
        )
        labels = list(notes.numbers)
    return tuple(views)


def _metadata(briefing: Briefing, words: Words) -> dict[str, Any]:
    """The frame's facts one by one, for a project's own templates that name them."""
    reviewed = briefing.period_reviewed
    return {
        "tagline": briefing.tagline,
        "series": series_text(briefing, words),
        "authors": tuple(f"{author.name}, {author.role}" for author in briefing.authors),
        "period_reviewed": words.period(reviewed.start, reviewed.end) if reviewed else None,
        "version": briefing.version,
        "replaces": briefing.replaces,
        "review_date": words.date(briefing.review_date) if briefing.review_date else None,
    }


def words_of(language: Language, folders: Sequence[Path]) -> Words:
    """The words of `language` from the project's catalogue (in the first of `folders`, its
    templates) and the theme's, for a caller that has not read them (tests, tools)."""
    if language.is_english and not folders:
        return ENGLISH_WORDS
    root = folders[0].parent if folders else builtin_theme()
    return load_words(language, [*folders, builtin_theme()], root)


MONTH = Precision.MONTH
# What each numbered kind of block is called in its caption, and the numbering that counts it.
CAPTION_NAMES = {
    "table": (untranslated("Table %(number)s"), "tables"),
    "chart": (untranslated("Figure %(number)s"), "figures"),
    "image": (untranslated("Figure %(number)s"), "figures"),
}


def number_captions(
    sections: tuple[SectionView, ...], numbering: Numbering, words: Words = ENGLISH_WORDS
) -> None:
    """Number the captions of the tables (and of the charts and images, the figures) in
    reading order, where the briefing numbers them: "Table 1", "Figure 2"."""
    counts: dict[str, int] = {}
    for block in _blocks_of(sections):
        name, switch = CAPTION_NAMES.get(block.kind, ("", ""))
        if name and getattr(numbering, switch):
            counts[name] = counts.get(name, 0) + 1
            block.data.number = words.gettext(name) % {"number": counts[name]}


def speak_blocks(sections: tuple[SectionView, ...], words: Words) -> None:
    """briefgen's own words in the blocks (a group of findings' default heading, a mixed
    group's judgement words), in the briefing's language; the briefing's own stay as written."""
    if words.language.is_english and words.catalogue is None:
        return  # the words are the messages themselves
    shown = {section.id: section.heading for section in _every_section(sections)}
    for block in _blocks_of(sections):
        if block.kind == "contents":  # each heading as its section shows it, translated
            block.data.items = [_as_shown(item, shown) for item in block.data.items]
        if block.kind != "findings":
            continue
        if block.data.default_heading:  # briefgen's own words: plain, and translated
            block.data.heading = words.gettext(block.data.heading)
            block.data.heading_html = None
        for item in block.data.items:
            if item["spoken"]:
                item["spoken"] = words.gettext(item["spoken"])


def _every_section(sections: tuple[SectionView, ...]) -> Iterator[SectionView | SubsectionView]:
    for outer in sections:
        for section in outer.in_reading_order():
            yield section
            yield from section.subsections


def _as_shown(item: ContentsItem, shown: Mapping[str, str | None]) -> ContentsItem:
    """A contents list's link with its section's heading as the page shows it."""
    heading = shown.get(item.href.removeprefix("#")) or item.heading
    inner = tuple(_as_shown(sub, shown) for sub in item.inner)
    return dataclasses.replace(item, heading=heading, inner=inner)


def place_images(sections: tuple[SectionView, ...], images: Mapping[str, PlacedImage]) -> None:
    """Give each image block its checked image; one not checked is a bug of the caller
    (KeyError), never an image drawn unchecked."""
    for block in _blocks_of(sections):
        if block.kind == "image":
            placed = images[block.data.file]
            block.data.src = placed.src
            width, height = placed.shape or (16.0, 9.0)  # an SVG that says no size: 16:9
            block.data.shape = (round(width), round(height)) if placed.shape else None
            block.data.ratio = f"{100 * height / width:.3f}%"  # a decorative one's, on paper


def _first_paragraph(sections: tuple[SectionView, ...]) -> str:
    """The words of the briefing's first paragraph, in reading order ("" without one)."""
    for block in _blocks_of(sections):
        if block.kind == "paragraphs":
            first: str = block.data.first
            return first
    return ""


def blocks_of(view: BriefingView) -> list[BlockView]:
    """Every block of the briefing's sections, in reading order."""
    return _blocks_of(view.sections)


def _blocks_of(sections: tuple[SectionView, ...]) -> list[BlockView]:
    """Every block of the sections, in reading order: an entry's and a subsection's too."""
    return [
        block
        for outer in sections
        for section in outer.in_reading_order()
        for block in (*section.blocks, *(b for sub in section.subsections for b in sub.blocks))
    ]


def _resources_of(sections: tuple[SectionView, ...]) -> tuple[ResourceView, ...]:
    return tuple(
        resource
        for block in _blocks_of(sections)
        if block.kind == "resources"
        for resource in block.data.items
    )


def present_sections(
    briefing: Briefing,
    slug: str,
    layout: Layout,
    outline: Outline | None = None,
    words: Words = ENGLISH_WORDS,
    counted: str = WORDINGS[Safeguards.CHILDREN].counted,
) -> tuple[SectionView, ...]:
    """The layout's sections with the briefing's parts in them, leaving out empty ones; each
    heading's number and id as the briefing's outline gives them; a cohort that does not
    say what it counts counts `counted` (the project's words)."""
    outline = outline or outline_of(briefing, slug, layout)
    locale = words.language.tag.replace("-", "_")  # the figures' grouping ("26,000")
    ids = Ids(slug, outline=outline, phrases=words, counted=counted, locale=locale)
    views: list[SectionView] = []
    for index, entry in enumerate(layout.sections):
        if entry.parts == ["sections"]:
            views += [
                present_own(section, ids, ("section", place))
                for place, section in enumerate(briefing.sections)
            ]
            continue
        if entry.parts == ["entries"]:
            views += [
                present_entry(item, ids, ("entry", place), words)
                for place, item in enumerate(briefing.entries)
            ]
            continue
        ids.section = ("layout", index)
        blocks = tuple(view for part in entry.parts for view in PARTS[part](briefing, ids))
        if not blocks:
            continue
        heading = heading_of(entry, briefing)
        if heading is not None and not rewords(entry, briefing):
            heading = words.gettext(heading)  # the layout's words: a message of the catalogue
        views.append(
            SectionView(
                outline.id_of(("layout", index)) or f"{slug}-{entry.name}",
                entry.name,
                heading_text(heading) if heading else None,
                outline.number_of(("layout", index)),
                blocks,
                heading_html=render_heading(heading) if heading else None,
            )
        )
    return tuple(views)


def rewords(entry: LayoutSection, briefing: Briefing) -> bool:
    """Whether the briefing gives a section's heading in its own words (`headings:`)."""
    key = entry.heading_key
    return key is not None and key in briefing.headings.model_fields_set


def present_own(section: Section, ids: Ids, key: Key) -> SectionView:
    """One of the briefing's own sections (or of an entry's), at `key` in its outline."""
    outline = ids.outline or Outline(ids.slug)
    section_id = outline.id_of(key) or ids.next("section")
    ids.section = key
    blocks = tuple(view_of(block.content, ids) for block in section.blocks)
    style = section.card_style
    subsections = tuple(
        SubsectionView(
            outline.id_of((*key, index)) or f"{section_id}-{index + 1}",
            heading_text(subsection.heading),
            tuple(view_of(block.content, ids) for block in subsection.blocks),
            index + 1 if style is not None and style.numbered else None,
            render_heading(subsection.heading),
        )
        for index, subsection in enumerate(section.subsections)
    )
    cards = None
    if style is not None:
        across = style.across or (2 if len(subsections) in (2, 4) else 3)
        rows = tuple(
            subsections[start : start + across] for start in range(0, len(subsections), across)
        )
        cards = CardsView(across, rows)
    return SectionView(
        section_id,
        "own",
        heading_text(section.heading) if section.heading else None,
        outline.number_of(key),
        blocks,
        subsections,
        cards,
        heading_html=render_heading(section.heading) if section.heading else None,
    )


def present_entry(entry: Entry, ids: Ids, key: Key, words: Words = ENGLISH_WORDS) -> SectionView:
    """One entry: its title as the heading of a section whose sections are its own."""
    outline = ids.outline or Outline(ids.slug)
    sections = tuple(
        present_own(section, ids, (*key, place)) for place, section in enumerate(entry.sections)
    )
    return SectionView(
        outline.id_of(key) or ids.next("entry"),
        "entry",
        heading_text(entry.title),
        None,
        (),
        heading_html=render_heading(entry.title),
        entry=EntryView(
            entry.published,
            words.date(WrittenDate(entry.published.year, entry.published.month, precision=MONTH))
            if not words.language.is_english
            else month_year(entry.published),
            sections,
            plain_text(entry.summary) if entry.summary else "",
        ),
    )


Part = Callable[[Briefing, Ids], list[BlockView]]


def _text(css: str, text: str | None, *, inline: bool = False) -> list[BlockView]:
    if not text:
        return []
    view = view_of(Paragraphs(text), Ids(""), css)
    if inline and not several_paragraphs(text):  # several: paragraphs, as they are written
        view.data.html = render_inline(text)
        view.data.inline = True
    return [view]


def _one(block: BlockKind | None, ids: Ids) -> list[BlockView]:
    return [view_of(block, ids)] if block is not None else []


def _cohort(briefing: Briefing, ids: Ids) -> list[BlockView]:
    method = briefing.method
    if method is None or method.cohort is None:
        return []
    view = present_cohort(method.cohort, f"{ids.slug}-cohort", ids.phrases, ids.locale, ids.counted)
    return [BlockView("cohort", "bg-cohort", view, CohortBlock.budget_name)]


def _groups(wanted: Callable[[FindingKind], bool]) -> Part:
    def groups(briefing: Briefing, ids: Ids) -> list[BlockView]:
        return [
            view_of(_findings_of(group), ids) for group in briefing.findings if wanted(group.kind)
        ]

    return groups


def _findings_of(group: FindingGroup) -> Findings:
    return Findings(title=group.title, judgement=JUDGEMENT_OF_KIND[group.kind], items=group.items)


def _practice(briefing: Briefing, ids: Ids, *, instruction: bool = True) -> list[BlockView]:
    practice = briefing.practice
    if practice is None:
        return []
    questions = Questions(
        instruction=practice.instruction if instruction else None,
        prompt=practice.prompt,
        items=practice.questions,
    )
    return _one(questions, ids)


PARTS: dict[str, Part] = {
    "introduction": lambda briefing, _: _text("bg-intro", briefing.introduction),
    "method": lambda briefing, _: _text(
        "bg-method-text", briefing.method.text if briefing.method else None
    ),
    "cohort": _cohort,
    "findings": _groups(lambda _: True),
    "strengths": _groups(lambda kind: kind is FindingKind.STRENGTHS),
    "other_findings": _groups(lambda kind: kind is not FindingKind.STRENGTHS),
    "why_it_matters": lambda briefing, _: _text("bg-why", briefing.why_it_matters),
    "things_to_remember": lambda briefing, ids: _one(
        Bullets(briefing.things_to_remember) if briefing.things_to_remember else None, ids
    ),
    "next_steps": lambda briefing, ids: _one(
        Bullets(briefing.next_steps) if briefing.next_steps else None, ids
    ),
    "practice": _practice,
    "instruction": lambda briefing, _: _text(
        "bg-instruction",
        briefing.practice.instruction if briefing.practice else None,
        inline=True,
    ),
    "questions": lambda briefing, ids: _practice(briefing, ids, instruction=False),
    "key_message": lambda briefing, ids: _one(
        KeyMessage(briefing.key_message) if briefing.key_message else None, ids
    ),
    "resources": lambda briefing, ids: _one(
        Resources(list(briefing.resources)) if briefing.resources else None, ids
    ),
    "anonymisation_note": lambda briefing, ids: _one(
        Note(briefing.anonymisation_note) if briefing.anonymisation_note else None, ids
    ),
}


__all__ = [
    "BriefingView",
    "NoteView",
    "ResourceView",
    "SectionView",
    "blocks_of",
    "content_hash",
    "month_year",
    "present",
    "present_notes",
]
