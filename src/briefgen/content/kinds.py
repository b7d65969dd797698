"""A project's own kinds of block, declared in YAML: `templates/blocks/NAME.yaml`.

A partnership's briefings bring kinds the theme has not got (a chronology, a rating
scale, a list of myths and facts). Each is declared beside its template, with no Python:

    description: A chronology of a case: what happened, and when.
    budget_name: The chronology
    item_noun: event
    fields:
      events:
        type: list
        required: true
        min: 2
        record:
          date: {type: date, required: true, description: When it happened.}
          event: {type: text, required: true, description: What happened.}
    example:
      events: [...]

briefgen builds a pydantic model from the declaration (unknown keys refused, each field
described, its example in the schema), registers it beside the built-in kinds for this
project only (`briefing_model`), and the kind is then read, checked, guarded, laid out and
measured like any other. A declaration's own mistakes are told at their line in it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from briefgen.content.blocks import REGISTRY, Block, BlockKind, Ids, Section, Subsection
from briefgen.content.load import validate
from briefgen.content.markdown import plain_text, render_block, render_inline
from briefgen.content.messages import explain
from briefgen.content.model import Briefing, Entry
from briefgen.content.values import (
    MAX_FIGURE,
    NUMBER_NOT_TEXT,
    Date,
    Label,
    LongText,
    Strict,
    Text,
    WebUrl,
)
from briefgen.content.yaml_reader import Document, read_yaml
from briefgen.errors import ContentError, Problem
from briefgen.gate import KIND
from briefgen.paths import TEMPLATES_FOLDER

KINDS_FOLDER = "blocks"  # in a project's templates/, beside the kinds' templates
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_FIELDS = 20
MAX_ITEMS = 50  # a list's items where the declaration sets no `max`
MAX_CHOICES = 12
MAX_LIST = 200  # a list's items at most: a two-page briefing shows a few dozen
# Names a field cannot take: the model's own attributes, and what a kind says of itself.
RESERVED = frozenset(dir(BaseModel)) | {"key", "budget_name", "item_noun", "example", "view"}
RESERVED |= {"words", "declaration", "id", "template", "template_name", "source", "frame"}


class FieldType(StrEnum):
    """The types of value a declared field holds."""

    TEXT = "text"  # one line, in Markdown
    MARKDOWN = "markdown"  # paragraphs, in Markdown
    NUMBER = "number"
    DATE = "date"
    LINK = "link"
    CHOICE = "choice"
    LIST = "list"


# The most a `max` may allow: a briefing is bounded (briefgen.review.limits), its kinds too.
MOST = {FieldType.LIST: MAX_LIST, FieldType.TEXT: 10_000}
# A bound, or a number a declared field holds: within what a page can print.
Bound = Annotated[float, Field(ge=-MAX_FIGURE, le=MAX_FIGURE), NUMBER_NOT_TEXT]


def _colour(value: str | None) -> str | None:
    if value is not None and not HEX_COLOUR.match(value):
        raise ValueError(
            f"{value!r} is not a colour; write it as # and six hex digits, like #2E7D32"
        )
    return value.upper() if value else value


class Choice(Strict):
    """How one word of a choice is shown: its colour and its icon, both optional."""

    colour: Label | None = Field(
        default=None,
        description="Its colour, # and six hex digits: shown beside the word, never instead "
        "of it; it must contrast with the page (3:1) and carry black or white text (4.5:1).",
        examples=["#2E7D32"],
    )
    icon: Label | None = Field(
        default=None,
        description="An icon of the theme's templates/icons/, by its name without .svg.",
        examples=["tick"],
    )

    @field_validator("colour")
    @classmethod
    def _a_colour(cls, value: str | None) -> str | None:
        return _colour(value)

    @field_validator("icon")
    @classmethod
    def _an_icon(cls, value: str | None) -> str | None:
        if value is not None and not NAME.match(value):
            raise ValueError(f"{value!r} is not an icon's name; write it like `tick`")
        return value


class FieldDeclaration(Strict):
    """One field of a declared kind: its type, what it is for, and its bounds."""

    type: FieldType = Field(
        description="text (one line), markdown (paragraphs), number, date, link, choice or list.",
        examples=["text"],
    )
    description: Text = Field(
        description="What the field holds, as the editor shows it.", examples=["When it happened."]
    )
    required: bool = Field(
        default=False, strict=True, description="Whether it must be given.", examples=[True]
    )
    example: Any = Field(
        default=None,
        description="A value, for the editor and messages.",
        examples=["Health visiting"],
    )
    min: Bound | None = Field(
        default=None,
        description="The least: a number's value, a list's items or a text's characters.",
        examples=[1],
    )
    max: Bound | None = Field(
        default=None,
        description="The most: a number's value, a list's items or a text's characters.",
        examples=[10],
    )
    choices: dict[str, Choice | None] | None = Field(
        default=None,
        description="A choice's words, each with its colour and icon (optional).",
        examples=[{"good": {"colour": "#2E7D32", "icon": "tick"}}],
    )
    item: FieldDeclaration | None = Field(
        default=None,
        description="A list's items, each one value of this field.",
        examples=[{"type": "text", "description": "A point."}],
    )
    record: dict[str, FieldDeclaration] | None = Field(
        default=None,
        description="A list's items, each a small record of these fields.",
        examples=[{"date": {"type": "date", "required": True, "description": "When."}}],
    )

    @model_validator(mode="after")
    def _fits_its_type(self) -> FieldDeclaration:
        problem = _type_problem(self)
        if problem:
            raise ValueError(problem)
        return self


def _type_problem(field: FieldDeclaration) -> str | None:
    """What a field declares that its type cannot have, in words."""
    if field.type is FieldType.CHOICE:
        if not field.choices:
            return "a choice needs `choices:`, its words, such as `good:` and `inadequate:`"
        if len(field.choices) > MAX_CHOICES:
            return f"a choice has at most {MAX_CHOICES} words"
    elif field.choices is not None:
        return "only a field of type `choice` has `choices`"
    if field.type is FieldType.LIST:
        if (field.item is None) == (field.record is None):
            return "a list needs `item:` (one field) or `record:` (a few fields), one of the two"
        inner = [field.item] if field.item else list((field.record or {}).values())
        if any(part.type is FieldType.LIST for part in inner):
            return "a list holds values or small records, not lists: flatten it"
    elif field.item is not None or field.record is not None:
        return "only a field of type `list` has `item` or `record`"
    most = MOST.get(field.type)
    if most is not None and field.max is not None and field.max > most:
        return f"`max` is at most {most:,} for a {field.type.value}"
    if field.min is not None and field.max is not None and field.min > field.max:
        return f"`min` ({field.min:g}) is more than `max` ({field.max:g})"
    if (field.min is not None or field.max is not None) and field.type not in (
        FieldType.NUMBER,
        FieldType.LIST,
        FieldType.TEXT,
    ):
        return "`min` and `max` bound a number, a list's items or a text's characters"
    return _names_problem(field.record or {}) or _names_problem(field.choices or {}, words=True)


def _names_problem(names: Mapping[str, object], *, words: bool = False) -> str | None:
    for name in names:
        if words:
            if not name.strip() or len(name) > 40:
                return f"{name!r} is not a word to show; write one to 40 characters"
        elif not NAME.match(name) or name in RESERVED:
            return _name_fix(name)
    return None


def _name_fix(name: str) -> str:
    if name in RESERVED:
        return f"a field cannot be called `{name}` (briefgen uses that name); choose another"
    return (
        f"{name!r} is not a field's name; write it in lower case, with letters, digits and "
        "underscores, like `event_date`"
    )


FieldDeclaration.model_rebuild()


class KindDeclaration(Strict):
    """A project's own kind of block: what it is for, how the page budget names it, its
    fields and an example."""

    description: Text = Field(
        description="What the kind is for, as the editor shows it.",
        examples=["A chronology of a case: what happened, and when."],
    )
    budget_name: Label = Field(
        description="How the page budget names it when it runs over: `The chronology`.",
        examples=["The chronology"],
    )
    item_noun: Label = Field(
        default="item",
        description="How the page budget names its items: `event`, for `(events 3-5)`.",
        examples=["event"],
    )
    fields: dict[str, FieldDeclaration] = Field(
        min_length=1,
        max_length=MAX_FIELDS,
        description="The kind's fields, by name.",
        examples=[{"title": {"type": "text", "description": "Words over it."}}],
    )
    example: dict[str, Any] = Field(
        description="A whole block of this kind, for the editor's completion and the README.",
        examples=[
            {"events": [{"date": "2024-03-01", "event": "Referral to children's social care."}]}
        ],
    )

    @model_validator(mode="after")
    def _names(self) -> KindDeclaration:
        problem = _names_problem(self.fields)
        if problem:
            raise ValueError(problem)
        return self


# What a template is given for each type of value: Markup for text, the shown form for the
# rest, each of which prints as its words with `{{ value }}`.
@dataclass(frozen=True)
class DateView:
    """A date: `text` as written ("March 2024"), `iso` for `<time datetime>`."""

    text: str
    iso: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class LinkView:
    """A link: its address and the words shown for it (the address, without https://)."""

    href: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ChoiceView:
    """A chosen word, with its colour (`colour`, and `ink`, black or white text to write on
    it), its icon's name and a CSS class naming it (`bg-choice-requires-improvement`)."""

    word: str
    colour: str | None
    ink: str | None
    icon: str | None
    css: str
    field: str = ""  # the field's name: `rating`

    def __str__(self) -> str:
        return self.word


def grouped(number: float) -> str:
    """A number as the briefing prints it: 26,000; 2.5."""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,}"


def ink_on(colour: str) -> str:
    """Black or white: whichever text reads better on `colour` (WCAG's luminance)."""
    return "#000000" if luminance(colour) > 0.179 else "#FFFFFF"


def luminance(colour: str) -> float:
    """WCAG's relative luminance of a #RRGGBB colour."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class DeclaredKind(Strict, BlockKind):
    """The base of every kind a project declares: its view and words come from its
    declaration, field by field."""

    frame: ClassVar[str | None] = "components/kind.html.j2"
    declaration: ClassVar[KindDeclaration]
    template: ClassVar[Path]  # its template, templates/blocks/<key>.html.j2
    template_name: ClassVar[str]  # and as the theme names it: blocks/<key>.html.j2
    source: ClassVar[Path]  # its declaration, as the user knows it

    def view(self, ids: Ids) -> Any:
        values = {
            name: _shown(getattr(self, name), field, name)
            for name, field in self.declaration.fields.items()
        }
        return {"id": ids.next(self.key), **values}

    def words(self) -> list[str]:
        found: list[str] = []
        for name, field in self.declaration.fields.items():
            found.extend(_words(getattr(self, name), field))
        return found

    def addresses(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Each address of its link fields, with its path in the block: a `mailto:` or a
        `tel:` address is as personal as the text (the personal-data guard reads them)."""
        for name, field in self.declaration.fields.items():
            yield from _addresses(getattr(self, name), field, (name,))

    def chosen(self) -> Iterator[ChoiceView]:
        """Every word chosen in the block, each time it is chosen."""
        for name, field in self.declaration.fields.items():
            yield from chosen_in(_shown(getattr(self, name), field, name))


def _addresses(
    value: Any, field: FieldDeclaration, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if value is None:
        return
    if field.type is FieldType.LINK:
        yield path, str(value)
    elif field.type is FieldType.LIST:
        for index, item in enumerate(value):
            if field.item is not None:
                yield from _addresses(item, field.item, (*path, index))
            for name, inner in (field.record or {}).items():
                yield from _addresses(getattr(item, name), inner, (*path, index, name))


def chosen_in(value: Any) -> Iterator[ChoiceView]:
    """Every chosen word in a block's values or its view, however deep: in lists, records
    and objects (one walk for the block's words and for the check that each is printed)."""
    if isinstance(value, ChoiceView):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from chosen_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from chosen_in(item)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        for item in vars(value).values():
            yield from chosen_in(item)


def _shown(value: Any, field: FieldDeclaration, name: str) -> Any:
    """A value as the template shows it (one return a type)."""
    if value is None:
        return None
    if field.type is FieldType.LIST:
        return [_shown_item(item, field, name) for item in value]
    if field.type is FieldType.TEXT:
        return render_inline(value)
    if field.type is FieldType.MARKDOWN:
        return render_block(value)
    if field.type is FieldType.NUMBER:
        return grouped(value)
    if field.type is FieldType.DATE:
        return DateView(value.shown, value.written)
    if field.type is FieldType.LINK:
        address = str(value)
        return LinkView(address, re.sub(r"^(https?://|mailto:|tel:)", "", address).rstrip("/"))
    return _choice_view(value.value, field, name)


def choice_class(name: str, word: str) -> str:
    """The CSS class of a word of a choice field: `bg-rating-requires-improvement`."""
    slug = "-".join(re.findall(r"[a-z0-9]+", word.lower())) or "word"
    return f"bg-{name.replace('_', '-')}-{slug}"


def _choice_view(word: str, field: FieldDeclaration, name: str) -> ChoiceView:
    look = (field.choices or {}).get(word) or Choice()
    colour = look.colour
    ink = ink_on(colour) if colour else None
    return ChoiceView(word, colour, ink, look.icon, choice_class(name, word), name)


def _shown_item(item: Any, field: FieldDeclaration, name: str) -> Any:
    if field.item is not None:
        return _shown(item, field.item, name)
    return {
        inner_name: _shown(getattr(item, inner_name), inner, inner_name)
        for inner_name, inner in (field.record or {}).items()
    }


def _words(value: Any, field: FieldDeclaration) -> list[str]:
    """The text of a value that must appear in both the PDF and the web page."""
    if value is None:
        return []
    if field.type is FieldType.LIST:
        found: list[str] = []
        for item in value:
            if field.item is not None:
                found.extend(_words(item, field.item))
            else:
                for name, inner in (field.record or {}).items():
                    found.extend(_words(getattr(item, name), inner))
        return found
    if field.type in (FieldType.TEXT, FieldType.MARKDOWN):
        return [plain_text(value)]
    return [str(_shown(value, field, ""))]


def _value_type(name: str, field: FieldDeclaration, owner: str) -> Any:
    """The pydantic type of a declared field's value."""
    if field.type is FieldType.TEXT:
        longest = int(field.max) if field.max is not None else 2000
        return Annotated[str, Field(min_length=max(1, int(field.min or 1)), max_length=longest)]
    if field.type is FieldType.MARKDOWN:
        return LongText
    if field.type is FieldType.NUMBER:
        least = -MAX_FIGURE if field.min is None else _as_written(field.min)
        most = MAX_FIGURE if field.max is None else _as_written(field.max)
        return Annotated[float, Field(ge=least, le=most), NUMBER_NOT_TEXT]
    if field.type is FieldType.DATE:
        return Date
    if field.type is FieldType.LINK:
        return WebUrl
    if field.type is FieldType.CHOICE:
        words = list(field.choices or {})
        choice = Enum(_class_name(owner, name), [(word, word) for word in words], type=str)  # type: ignore[misc]  # a name made at run time
        return Annotated[choice, BeforeValidator(_as_word)]
    most = int(field.max) if field.max is not None else MAX_ITEMS
    least = int(field.min) if field.min is not None else 1
    if field.item is not None:
        inner = _value_type(name, field.item, owner)
    else:
        inner = _record_model(_class_name(owner, name), field.record or {})
    return Annotated[list[inner], Field(min_length=least, max_length=most)]  # type: ignore[valid-type]


def _as_written(bound: float) -> float:
    """A bound as messages print it: 500, not 500.0."""
    return int(bound) if float(bound).is_integer() else bound


def _as_word(value: object) -> object:
    """A scale of numbers (`1:` to `4:`) is a choice of words: `rating: 3` is the word "3"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return grouped(value)
    return value


def _class_name(*parts: str) -> str:
    return "".join(word[:1].upper() + word[1:] for part in parts for word in part.split("_"))


def _fields_of(fields: Mapping[str, FieldDeclaration], owner: str) -> dict[str, Any]:
    made: dict[str, Any] = {}
    for name, field in fields.items():
        kind = _value_type(name, field, owner)
        examples = [field.example] if field.example is not None else None
        if field.required:
            made[name] = (kind, Field(description=field.description, examples=examples))
        else:
            made[name] = (
                kind | None,
                Field(
                    default=None, description=f"{field.description} (optional)", examples=examples
                ),
            )
    return made


def _record_model(name: str, fields: Mapping[str, FieldDeclaration]) -> type[Strict]:
    model: type[Strict] = create_model(
        name, __base__=Strict, __doc__="One item of the list.", **_fields_of(fields, name)
    )
    return model


@dataclass(frozen=True)
class ProjectKinds:
    """The kinds a project declares, each its model class, in the order of their names."""

    declared: tuple[type[DeclaredKind], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.declared)

    @property
    def kinds(self) -> dict[str, type[DeclaredKind]]:
        return {kind.key: kind for kind in self.declared}


NO_KINDS = ProjectKinds()


@dataclass(frozen=True)
class ChoiceStyle:
    """The colours of one word of a choice, for the style sheet."""

    css: str
    colour: str | None
    ink: str | None
    icon: str | None


@dataclass(frozen=True)
class KindStyle:
    """What the style sheet says of one kind: the colours of its choices' words, and its
    own style sheet (templates/blocks/<kind>.css), where it has one."""

    css: str
    choices: tuple[ChoiceStyle, ...]
    style: str | None


def kind_styles(kinds: ProjectKinds) -> list[KindStyle]:
    """The style of each declared kind, in the order of their names."""
    return [
        KindStyle(
            f"bg-{kind.key.replace('_', '-')}",
            tuple(_choice_styles(kind.declaration.fields)),
            kind.template_name.removesuffix(".html.j2") + ".css"
            if kind.template.with_name(f"{kind.key}.css").is_file()
            else None,
        )
        for kind in kinds.declared
    ]


def _choice_styles(fields: Mapping[str, FieldDeclaration]) -> Iterator[ChoiceStyle]:
    for name, field in declared_fields(fields):
        for word, look in (field.choices or {}).items():
            if look is not None and (look.colour or look.icon):
                ink = ink_on(look.colour) if look.colour else None
                yield ChoiceStyle(choice_class(name, word), look.colour, ink, look.icon)


def declared_fields(
    fields: Mapping[str, FieldDeclaration], path: tuple[str, ...] = ("fields",)
) -> Iterator[tuple[str, FieldDeclaration]]:
    """Every field of a declaration, those of its lists' items and records too."""
    for name, field in fields.items():
        yield name, field
        if field.item is not None:
            yield name, field.item
        yield from declared_fields(field.record or {}, (*path, name, "record"))


def kind_model(
    key: str, declaration: KindDeclaration, template: Path, source: Path
) -> type[DeclaredKind]:
    """The model class of a declared kind: its fields, its example and what it says of itself."""
    base: type[DeclaredKind] = type(
        f"{_class_name(key)}Declared",
        (DeclaredKind,),
        {
            "key": key,
            "budget_name": declaration.budget_name,
            "item_noun": declaration.item_noun,
            "example": declaration.example,
            "declaration": declaration,
            "template": template,
            "template_name": source.with_name(template.name)
            .relative_to(TEMPLATES_FOLDER)
            .as_posix(),
            "source": source,
            "__doc__": declaration.description,
        },
    )
    model: type[DeclaredKind] = create_model(
        _class_name(key),
        __base__=base,
        __doc__=declaration.description,
        **_fields_of(declaration.fields, _class_name(key)),
    )
    return model


def declaration_files(templates: Path) -> list[Path]:
    """The declarations of a project's kinds: every templates/blocks/*.yaml, and those of
    the folders of kinds shared between projects, templates/blocks/<folder>/*.yaml."""
    folder = templates / KINDS_FOLDER
    if not folder.is_dir():
        return []
    return sorted([*folder.glob("*.yaml"), *folder.glob("*/*.yaml")])


def load_kinds(root: Path) -> ProjectKinds:
    """Every kind the project at `root` declares; ContentError with every declaration's
    mistakes, each at its line."""
    templates = root / TEMPLATES_FOLDER
    problems: list[Problem] = []
    kinds: dict[str, type[DeclaredKind]] = {}
    for path in declaration_files(templates):
        display = path.relative_to(root)
        try:
            kind = read_kind(path, display, root)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if kind.key in kinds:
            first = kinds[kind.key].source
            problems.append(Problem(display, *_declared_twice(kind.key, first), line=1, column=1))
        kinds[kind.key] = kinds.get(kind.key, kind)
    if problems:
        raise ContentError(problems)
    return ProjectKinds(tuple(kinds.values()))


def read_kind(path: Path, display: Path, root: Path) -> type[DeclaredKind]:
    """One declaration, read through the gate and checked: its name, its template, its
    fields and its example."""
    document = read_yaml(path, display, KIND, within=[root])
    key = path.stem
    if key in REGISTRY:
        raise ContentError([_at_top(document, *_shadowing(key))])
    if not NAME.match(key):
        raise ContentError([_at_top(document, *_bad_name(key))])
    template = path.with_name(f"{key}.html.j2")
    if not template.is_file():
        raise ContentError([_at_top(document, *_no_template(key))])
    declaration = validate(KindDeclaration, document)
    faint = list(_faint_colours(declaration.fields, document))
    if faint:
        raise ContentError(faint)
    model = kind_model(key, declaration, template, display)
    _check_example(model, document)
    return model


PAGE = "#FFFFFF"
NON_TEXT = 3.0  # WCAG 2.2 1.4.11: a mark that carries meaning, against the page
TEXT = 4.5  # WCAG 2.2 1.4.3: a word written on the colour


def _faint_colours(
    fields: Mapping[str, FieldDeclaration], document: Document, path: tuple[str | int, ...] = ()
) -> Iterator[Problem]:
    """Each declared colour must show against the page and carry its word: a rating drawn
    too faint to see, or written on a colour too dark or too light to read, is refused."""
    for name, field in fields.items():
        where = (*path, "record", name) if path else ("fields", name)
        yield from _faint_choices(field, document, where)
        if field.item is not None:
            yield from _faint_choices(field.item, document, (*where, "item"))
        yield from _faint_colours(field.record or {}, document, where)


def _faint_choices(
    field: FieldDeclaration, document: Document, where: tuple[str | int, ...]
) -> Iterator[Problem]:
    for word, look in (field.choices or {}).items():
        if look is None or look.colour is None:
            continue
        on_page = contrast(look.colour, PAGE)
        with_ink = contrast(look.colour, ink_on(look.colour))
        if on_page < NON_TEXT or with_ink < TEXT:
            yield document.problem(
                (*where, "choices", word, "colour"),
                f"the colour {look.colour} of {word!r} is {on_page:.2f}:1 against the white "
                f"page (it needs 3:1) and {with_ink:.2f}:1 with the text written on it "
                "(it needs 4.5:1)",
                "choose a darker colour; a contrast checker shows the ratio as you adjust "
                "it (WCAG 2.2 AA)",
                value=look.colour,
            )


def _at_top(document: Document, message: str, fix: str) -> Problem:
    return Problem(document.file, message, fix, line=1, column=1)


def _shadowing(key: str) -> tuple[str, str]:
    return (
        f"`{key}` is the name of a built-in kind of block; a project's kind cannot replace it",
        f"rename this file and its template, such as `our_{key}.yaml` and "
        f"`our_{key}.html.j2`; to restyle the built-in `{key}`, keep only its template",
    )


def _declared_twice(key: str, first: Path) -> tuple[str, str]:
    return (
        f"the kind `{key}` is declared twice, here and in {first.as_posix()}",
        "keep one of them, or rename this one with its template and style sheet",
    )


def _bad_name(key: str) -> tuple[str, str]:
    return (
        f"{key!r} cannot name a kind of block: the file's name is the kind's name",
        "name the file in lower case, with letters, digits and underscores, such as "
        "`rating_scale.yaml`, and its template alike",
    )


def _no_template(key: str) -> tuple[str, str]:
    return (
        f"the kind `{key}` has no template",
        f"add templates/blocks/{key}.html.j2 beside it, which shows a block of the kind",
    )


def _check_example(model: type[DeclaredKind], document: Document) -> None:
    """The declaration's example must be a valid block of the kind: it is what the editor
    offers, and what the README shows."""
    holder = create_model("Declaration", __base__=Strict, example=(model, ...))
    data = document.data if isinstance(document.data, dict) else {}
    try:
        holder.model_validate({"example": data.get("example")})
    except ValidationError as error:
        raise ContentError(list(explain(holder, error, document))) from None


@functools.lru_cache(maxsize=8)  # a preview reloads the kinds at each change of them
def briefing_model(kinds: ProjectKinds) -> type[Briefing]:
    """The briefing's model with the project's kinds beside the built-in ones: a block may
    be any of them, wherever a block may stand."""
    if not kinds:
        return Briefing
    fields = {
        key: (cls | None, Field(default=None, description=cls.__doc__, examples=[cls.example]))
        for key, cls in kinds.kinds.items()
    }
    block = create_model("Block", __base__=Block, __doc__=Block.__doc__, **fields)  # type: ignore[call-overload]
    subsection = _with(Subsection, "blocks", list[block])
    section = _with(Section, "blocks", list[block], subsections=list[subsection])  # type: ignore[valid-type]
    entry = _with(Entry, "sections", list[section])  # type: ignore[valid-type]
    model: type[Briefing] = _with(
        Briefing,
        "sections",
        list[section],  # type: ignore[valid-type]
        entries=list[entry],  # type: ignore[valid-type]
    )
    return model


def _with(model: type[Strict], name: str, annotation: Any, **more: Any) -> Any:
    """`model` with some of its fields' types replaced, in their places, with their
    descriptions, examples and bounds."""
    changed = {name: annotation, **more}
    fields = {}
    for field, kind in changed.items():
        info = model.model_fields[field]
        fields[field] = (kind, info)
    return create_model(model.__name__, __base__=model, __doc__=model.__doc__, **fields)  # type: ignore[call-overload]


__all__ = [
    "KINDS_FOLDER",
    "NO_KINDS",
    "ChoiceStyle",
    "ChoiceView",
    "DateView",
    "DeclaredKind",
    "FieldDeclaration",
    "FieldType",
    "KindDeclaration",
    "KindStyle",
    "LinkView",
    "ProjectKinds",
    "briefing_model",
    "choice_class",
    "chosen_in",
    "contrast",
    "declaration_files",
    "declared_fields",
    "grouped",
    "ink_on",
    "kind_model",
    "kind_styles",
    "load_kinds",
    "read_kind",
]
