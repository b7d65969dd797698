"""The one place that builds the Jinja environment and renders HTML.

Templates are looked up in the project's own `templates/` first and in the
built-in theme after it, so a project overrides the theme file by file.
Autoescaping is on for HTML and SVG, undefined names fail loudly, and assets
(fonts, icons, the logo) are read only from those two folders and the project.

Templates are untrusted: they run in Jinja's immutable sandbox (briefgen.render.sandbox), which
sees only the briefing's data, the settings' fields and the theme's helpers, and bounds
what a template makes and how long it runs. A template that reaches for anything else
(`lipsum.__globals__`, `''.__class__`, `list.append`) is refused; so is one that would
make too much, and one that runs past the briefing's budget (briefgen.untrusted).

A mistake in a template is reported with the template's file and line. The web
page and the fragment may load nothing from elsewhere and run no script: a
template that adds either is refused, naming the template and what it adds.
"""

from __future__ import annotations

import base64
import contextlib
import mimetypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

import jinja2
from jinja2 import meta
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from briefgen import __version__, untrusted
from briefgen.content.config import Project, ProjectConfig, pdf_folder_address
from briefgen.content.identity import Logo, partnership_in
from briefgen.content.kinds import kind_styles, load_kinds
from briefgen.content.languages import Language, language_of
from briefgen.content.yaml_reader import Document
from briefgen.errors import BriefgenError, ContentError, Mistake, OverBudget, shorten
from briefgen.font_check import FONT_SUFFIXES, font_problem
from briefgen.gate import FONT, IMAGE, TEMPLATE, kind_of, read_bytes, read_text
from briefgen.names import (
    INDEX_NAME,
    bilingual_name,
    language_infix,
    library_name,
    pdf_name,
    record_name,
)
from briefgen.paths import (
    builtin_theme,
    confined,
    escape_controls,
    readable_roots,
    theme_folders,
)
from briefgen.render import sandbox
from briefgen.render.assets import Location, check_logo, find_text, svg_verdict
from briefgen.render.inline import TooMuchToInline, inline_styles, inlining_passes
from briefgen.render.kind_check import kind_blocks, kind_problems
from briefgen.render.meta import index_meta, page_meta, site_address
from briefgen.render.present import BriefingView, blocks_of
from briefgen.render.sandbox import ThemeSandbox, TooMuch, bounded_filters, bounded_range
from briefgen.render.style import Palette, make_palette
from briefgen.render.template_cache import template_cache
from briefgen.render.web_check import web_reaches
from briefgen.render.words import (
    Words,
    load_words,
    speaking,
    spoken_gettext,
    spoken_ngettext,
    spoken_npgettext,
    spoken_pgettext,
)

if TYPE_CHECKING:
    from briefgen.render.library_pages import Library, LibraryPage

INDEX_FRAGMENT = "index-fragment.html"
# The library's fragment in the briefing fragment's three variants: with its <style>, with
# its styles inlined `!important` (a CMS that strips <style>, or a site whose rules carry
# ids or !important), and in a shadow root (the latter too). Each file's template is its
# name with ".j2".
LIBRARY_FRAGMENTS = (INDEX_FRAGMENT, "index-fragment-inline.html", "index-fragment-shadow.html")

Mode = Literal["print", "page", "fragment"]

BRIEFGEN_CODE = Path(__file__).resolve().parents[1]  # the whole package
# The sandbox acts for the template: what fails in it is the template's (`raised_by_template`).
SANDBOX_CODE = Path(sandbox.__file__).resolve()
# Jinja's own filters act only on the values given them, through the sandbox's checks; `random`
# is left out because it would make two builds of the same inputs differ.
LEFT_OUT_FILTERS = ("random",)


SHADOW_FRAGMENT = "fragment-shadow.html.j2"
# The templates of the web page and the fragments' three variants.
WEB_TEMPLATES = (
    "page.html.j2",
    "fragment.html.j2",
    "fragment-inline.html.j2",
    "fragment-shadow.html.j2",
)


@dataclass(frozen=True)
class HeadingLevels:
    """The heading level of the title, of the sections, of the groups of findings (and of
    subsections), and of the groups of findings inside a subsection."""

    title: int
    section: int
    group: int
    subgroup: int

    @classmethod
    def starting_at(cls, level: int) -> HeadingLevels:
        return cls(level, min(level + 1, 6), min(level + 2, 6), min(level + 3, 6))

    @property
    def below(self) -> HeadingLevels:
        """The levels one further down: an entry's sections sit under its title."""
        return HeadingLevels.starting_at(min(self.title + 1, 6))


class RecordingLoader(jinja2.BaseLoader):
    """Reads templates through the gate (only inside the project and the theme, symbolic
    links resolved, of a template's size), first match of `folders` wins, and remembers
    which files it read, in order, so that errors can name them."""

    def __init__(self, folders: list[Path], root: Path) -> None:
        self.folders = folders
        self.root = root
        self.allowed = readable_roots(root)
        self.files: dict[Path, None] = {}  # a set that keeps its order

    def get_source(
        self,
        environment: jinja2.Environment,  # noqa: ARG002 (Jinja's interface)
        template: str,
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        found = (Path(folder, *pieces) for folder in self.folders)
        file = next((candidate for candidate in found if candidate.is_file()), None)
        if file is None:
            raise jinja2.TemplateNotFound(template)
        source = read_text(file, TEMPLATE, self.allowed)
        modified = file.stat().st_mtime_ns
        self.files[file] = None
        return source, str(file), lambda: _modified(file) == modified


def _modified(file: Path) -> int | None:
    try:
        return file.stat().st_mtime_ns
    except OSError:
        return None


# A reference to a note, as briefgen.content.markdown writes it, with its id.
_NOTE_REFERENCE = re.compile(r'<sup class="bg-footnote-ref" id="([A-Za-z0-9_-]+)">')


def slot_note_references(html: str) -> str:
    """The shadow fragment with a slot before each reference to a note, where the mark of
    the page of its id stands (fragment-shadow.html.j2): a note's link back finds no id
    inside a shadow root. The references are Markdown's, rendered before any template
    knows which fragment it draws, so the slot is put in here, as the template puts one
    before each heading and each note."""
    return _NOTE_REFERENCE.sub(r'<slot name="\1"></slot>\g<0>', html)


class Renderer:
    """Renders a project's briefings with its templates and brand."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.folders = theme_folders(project.root)
        self.palette = make_palette(project.config.brand)
        # The project's own kinds of block: a declaration's mistake is the project's, told
        # once, before any briefing, at its line.
        self.kinds = load_kinds(project.root)
        self.loader = RecordingLoader(self.folders, project.root)
        self.usable_fonts: set[Path] = set()
        # A renderer serves one build: the theme's files do not change under it, and every
        # briefing's page inlines the same fonts and draws the same icons.
        self.data_uris: dict[Path, str] = {}
        self.icons: dict[tuple[str, str], str] = {}
        self._preloaded: set[str] = set()  # see preload
        # Each logo checked (by its file as the settings or a briefing name it), and its type.
        self.logos: dict[str, tuple[Path, str]] = {}
        self.words: dict[str, Words] = {}  # by language tag (words_for)
        self.language = language_of(project.config.language)
        self.print_stylesheets: dict[str, str] = {}  # by language tag (print_stylesheet_for)
        # A logo that cannot be drawn is the project's mistake: told once, before any briefing.
        self.logo = self.check_logo()

    @property
    def template_files(self) -> list[Path]:
        """Every template file read so far, in the order first read."""
        return list(self.loader.files)

    @cached_property
    def environment(self) -> jinja2.Environment:
        environment = ThemeSandbox(
            loader=self.loader,
            # Style sheets are trusted theme files and must not be HTML-escaped.
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html", "html.j2", "svg"),
                disabled_extensions=("css", "css.j2"),
                default_for_string=True,
                default=True,
            ),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # `_()`, `{% trans %}`: every word the theme writes, from the catalogue of the
            # language being rendered (briefgen.render.words).
            extensions=["jinja2.ext.i18n"],
        )
        environment.filters["css_string"] = css_string
        for name in LEFT_OUT_FILTERS:
            del environment.filters[name]
        environment.filters = bounded_filters(environment.filters)
        # Only what the theme uses: Jinja's `lipsum`, `cycler`, `joiner`, `namespace` and
        # `dict` are left out, so that a template reaches no object the theme does not need.
        environment.globals.clear()
        environment.globals.update(
            range=bounded_range,
            version=__version__,
            config=self.project.config,
            palette=self.palette,
            icon=self.icon,
            kinds=kind_styles(self.kinds),
            kind_templates={kind.key: kind.template_name for kind in self.kinds.declared},
            page_numbers=page_numbers,
        )
        environment.install_gettext_callables(  # type: ignore[attr-defined]
            spoken_gettext,
            spoken_ngettext,
            newstyle=True,
            pgettext=spoken_pgettext,
            npgettext=spoken_npgettext,
        )
        environment.globals["_"] = environment.globals["gettext"]
        # Last: what the templates compile to depends on all of the above.
        environment.bytecode_cache = template_cache(environment, sandbox.COMPILERS)
        return environment

    def words_for(self, language: Language) -> Words:
        """The words of `language`, read once a build (a project's catalogue first)."""
        if language.tag not in self.words:
            self.words[language.tag] = load_words(language, self.folders, self.project.root)
        return self.words[language.tag]

    def find_asset(self, name: str) -> Path:
        """A theme file by its name inside the theme, project first; never outside."""
        if not isinstance(name, str):  # a template's mistake, told at its line
            raise jinja2.TemplateRuntimeError(
                "asset() takes the name of a theme file, such as "
                f"'fonts/BriefgenSans-Regular.ttf', not {shorten(name)}"
            )
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise Mistake(f"the theme asks for {name!r}, which is outside the theme", "")
        for folder in self.folders:
            candidate = folder / relative
            if candidate.is_file():
                confined(candidate, self.loader.allowed, self.project.root, "the theme file")
                self.check_font(candidate)
                return candidate
        raise Mistake(
            f"the theme file {name!r} is missing",
            f"restore it in {self.project.relative(self.project.templates)}, "
            "or remove your override",
        )

    def check_font(self, path: Path) -> None:
        """A damaged font would be replaced by a system font without a word: refuse it."""
        if path.suffix.lower() not in FONT_SUFFIXES or path in self.usable_fonts:
            return
        problem = font_problem(read_bytes(path, FONT, self.loader.allowed))
        if problem:
            raise Mistake(
                f"the font file {self.project.relative(path)} cannot be used: {problem}",
                f"copy {escape_controls(path.name)} again from briefgen's theme "
                f"(templates/{escape_controls(path.parent.name)}/), "
                "or delete your copy to use the theme's own",
            )
        self.usable_fonts.add(path)

    def data_uri(self, path: Path, kind: str | None = None) -> str:
        if path not in self.data_uris:
            if kind is None:
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                if path.suffix == ".woff2":
                    kind = "font/woff2"
            data = read_bytes(path, kind_of(path), self.loader.allowed)
            encoded = base64.b64encode(data).decode("ascii")
            self.data_uris[path] = f"data:{kind};base64,{encoded}"
        return self.data_uris[path]

    def icon(self, name: str, colour: str) -> str:
        """An icon of the theme as an SVG data URI, drawn in `colour`."""
        if (name, colour) not in self.icons:
            template = self.environment.get_template(f"icons/{name}.svg")
            svg = template.render(colour=colour)
            problem, _ = svg_verdict(svg.encode())
            if problem:  # WeasyPrint draws it in the PDF: it is held to the logo's rules
                raise Mistake(
                    f"{self.shown(Path(str(template.filename)))}: the icon cannot be drawn: "
                    f"{problem}",
                    "draw it with shapes alone, or delete your copy to use the theme's own",
                )
            # No quote of either kind left bare: the inline fragment carries the URI in
            # url('…') inside a style attribute.
            data = quote(" ".join(svg.split()), safe=" =:/,.-")
            self.icons[name, colour] = "data:image/svg+xml," + data
        return self.icons[name, colour]

    def asset_link(self, mode: Mode) -> Callable[[str], str]:
        """How a template refers to a theme file: a file URL for print, inline for the web."""
        if mode == "print":
            return lambda name: self.find_asset(name).resolve().as_uri()
        return lambda name: self.data_uri(self.find_asset(name))

    def logo_source(self, mode: Mode, logo: Logo | None = None) -> str | None:  # noqa: ARG002
        """A logo (by default the project's) as a data URI, the same in every mode: its type
        is told by its content, so WeasyPrint and the browser draw what was checked,
        whatever the file's name. A logo of the settings was checked as the renderer
        started; a briefing's own is checked as it is first used (`check_own_logo`)."""
        if logo is None:
            return None if self.logo is None else self.data_uri(*self.logo)
        if logo.file not in self.logos:
            self.logos[logo.file] = self.checked_logo(logo, "the briefing's partnership's logo")
        return self.data_uri(*self.logos[logo.file])

    def check_logo(self) -> tuple[Path, str] | None:
        """The project's logo's file and media type, once it is known to be an image that can
        be drawn; and every logo of briefgen.yaml's other partnerships, checked alike."""
        config = self.project.config
        for other in config.partnerships:
            if other.logo is not None and other.logo.file not in self.logos:
                self.logos[other.logo.file] = self.checked_logo(
                    other.logo, f"briefgen.yaml: the logo of {other.name}"
                )
        logo = config.partnership.logo
        if logo is None:
            return None
        self.logos[logo.file] = self.checked_logo(logo, "briefgen.yaml: the logo")
        return self.logos[logo.file]

    def checked_logo(self, logo: Logo, what: str) -> tuple[Path, str]:
        """A logo's file and media type, once it is known to be an image that can be drawn:
        a file of the project (no link out of it), an SVG, PNG or JPEG of bounded size."""
        root = self.project.root
        path = root / logo.file
        shown = self.project.relative(path)
        fix = "put the partnership's logo (SVG, PNG or JPEG) in the project and name it as file:"
        if not path.is_file():
            missing = "is missing" if not path.exists() else "is not a file"
            raise Mistake(f"{what} {shown} {missing}", fix)
        data = read_bytes(path, IMAGE, [root], shown=shown, what=what)
        checked = check_logo(data)
        if checked.kind is None or checked.problem:
            raise Mistake(f"{what} {shown} cannot be drawn: {checked.problem}", fix)
        return path, checked.kind

    def check_own_logo(self, view: BriefingView, document: Document) -> None:
        """The logo a briefing gives its own partnership, checked as the project's is; a
        mistake in it is the briefing's, told at its line."""
        logo = view.identity.logo
        if logo is None or not view.identity.logo_is_own or logo.file in self.logos:
            return
        try:
            self.logos[logo.file] = self.checked_logo(logo, "the logo")
        except Mistake as mistake:
            path = ("partnership", "logo", "file")
            raise ContentError(
                [document.problem(path, mistake.message, mistake.fix, value=logo.file)]
            ) from None

    def render(
        self, template: str, mode: Mode, words: Words | None = None, **context: object
    ) -> str:
        """`template` rendered, within the briefing's allowance (briefgen.untrusted), in the
        language of `words` (by default, the project's)."""
        spoken = words or self.words_for(self.language)
        try:
            with untrusted.step(untrusted.RENDERING), speaking(spoken):
                values = {
                    "mode": mode,
                    "asset": self.asset_link(mode),
                    "logo_src": self.logo_source(mode),
                    # In a shadow root, a heading a link leads to has a slot for its mark
                    # (fragment-shadow.html.j2).
                    "shadow": template == SHADOW_FRAGMENT,
                    **context,
                }
                return self.environment.get_template(template).render(values)
        except jinja2.TemplateSyntaxError as error:
            where = self.shown(Path(error.filename)) if error.filename else error.name
            raise Mistake(
                f"{where}:{error.lineno}: the template cannot be read: {error.message}",
                "correct the template at that line; `briefgen build` shows the error again",
            ) from None
        except (jinja2.TemplateError, OverBudget) as error:
            raise self.template_error(template, error) from None
        except Exception as error:
            # The template's own code failed (`{{ title + 1 }}`): the template's mistake. An
            # error raised inside briefgen's Python code keeps its traceback: it is a bug.
            if self.raised_by_template(error.__traceback__):
                raise self.template_error(template, error) from None
            raise

    def template_error(self, template: str, error: Exception) -> Mistake:
        location = self.template_line(error.__traceback__)
        if location is None and error.__context__ is not None:  # a MemoryError, told as such
            location = self.template_line(error.__context__.__traceback__)
        where = f"{self.shown(location.file)}:{location.line}" if location else template
        if isinstance(error, OverBudget):
            return Mistake(f"{where}: {error.message}", error.fix)
        if isinstance(error, TooMuch):
            return Mistake(
                f"{where}: {error}",
                "briefgen bounds what a template makes, so that no template can exhaust the "
                "computer: make the template do less at that line",
            )
        if isinstance(error, SecurityError):
            return Mistake(
                f"{where}: {error}",
                "templates may show the briefing's data and style it, nothing more: remove "
                "that from the template",
            )
        if isinstance(error, jinja2.TemplateNotFound):
            message = f"the template {error.name!r} does not exist"
            fix = f"restore it, or correct the name in {where}"
        elif isinstance(error, jinja2.UndefinedError):
            message = str(error.message)
            fix = "the template uses a name the briefing does not have; check its spelling"
        else:
            message = f"{type(error).__name__}: {error}"
            fix = "correct the template at that line"
        return Mistake(f"{where}: template error: {message}", fix)

    def template_line(self, traceback: TracebackType | None) -> Location | None:
        """The innermost line of a template in a traceback (Jinja maps frames to templates)."""
        found = None
        while traceback is not None:
            file = Path(traceback.tb_frame.f_code.co_filename)
            if file in self.loader.files:
                found = Location(file, traceback.tb_lineno)
            traceback = traceback.tb_next
        return found

    def raised_by_template(self, traceback: TracebackType | None) -> bool:
        """Whether the template's own code failed: no briefgen code ran after its last line.

        What a template calls in Jinja or Python (a filter, `str.format_map`) failing is the
        template's mistake; a failure inside briefgen's helpers (`icon`) is a bug.
        """
        in_template = False
        while traceback is not None:
            file = Path(traceback.tb_frame.f_code.co_filename)
            if file in self.loader.files:
                in_template = True
            elif file.is_relative_to(BRIEFGEN_CODE) and file != SANDBOX_CODE:
                in_template = False
            traceback = traceback.tb_next
        return in_template

    def shown(self, path: Path) -> Path:
        """A template's path as the user knows it: the project's own relative to the project."""
        return self.project.relative(path)

    @property
    def own_template_files(self) -> list[Path]:
        """The project's own template files read so far, not the theme's: where to look
        when what the templates made went wrong."""
        return [file for file in self.template_files if file.is_relative_to(self.project.templates)]

    def refuse_reaching_out(self, html: str, output: str) -> str:
        """The web outputs load nothing from elsewhere and run no script (the host page's rule)."""
        reaches = web_reaches(html)
        if not reaches:
            return html
        details = "; ".join(
            f"{self.where_written(reach.needle)}{reach.what}" for reach in dict.fromkeys(reaches)
        )
        raise Mistake(
            f"the {output} would load or run what briefgen does not allow: {details}",
            "remove it from the template: the web outputs carry their images and fonts inside "
            "them, load nothing from elsewhere and run no script",
        )

    def where_written(self, needle: str) -> str:
        location = find_text(needle, self.template_files)
        return f"{self.shown(location.file)}, line {location.line}: " if location else ""

    def render_print(self, view: BriefingView, pinned_date: str | None, fit_step: int = 0) -> str:
        html = self.render(
            "print.html.j2",
            "print",
            logo_src=self.logo_source("print", view.identity.logo),
            words=self.words_for(view.language),
            briefing=view,
            levels=HeadingLevels.starting_at(1),
            pinned_date=pinned_date,
            fit_step=fit_step,
        )
        self.check_kinds(html, view)
        return html

    def check_kinds(self, html: str, view: BriefingView) -> None:
        """The blocks of the project's own kinds drawn as the accessibility checks can
        follow them (briefgen.render.kind_check); refused at their template's line."""
        blocks = kind_blocks(blocks_of(view), self.kinds)
        problems = kind_problems(html, blocks, self.kinds)
        if not problems:
            return
        first = problems[0]
        found = (find_text(needle, [first.template]) for needle in first.needles)
        location = next((place for place in found if place is not None), None)
        line = location.line if location else 1
        raise Mistake(
            f"{self.shown(first.template)}:{line}: {first.message}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            first.fix,
        )

    @property
    def print_stylesheet(self) -> str:
        """The print style sheet of the project's language."""
        return self.print_stylesheet_for(self.language)

    def print_stylesheet_for(self, language: Language) -> str:
        """The print style sheet: the same for every briefing of a language (its page
        footer's words are the language's), so parsed once a process and language."""
        if language.tag not in self.print_stylesheets:
            words = self.words_for(language)
            sheet = self.render(
                "print-stylesheet.css.j2", "print", words, direction=language.direction
            )
            self.print_stylesheets[language.tag] = sheet
        return self.print_stylesheets[language.tag]

    def render_page(self, view: BriefingView, pdf_size: str, record_size: str | None = None) -> str:
        """The web page; with `record_size`, it links the team discussion record beside it."""
        page = self.render(
            "page.html.j2",
            "page",
            logo_src=self.logo_source("page", view.identity.logo),
            words=self.words_for(view.language),
            briefing=view,
            levels=HeadingLevels.starting_at(1),
            pdf_size=pdf_size,
            pdf_href=pdf_name(view.slug),  # the page sits beside its PDF and its record
            record_size=record_size,
            record_href=record_name(view.slug) if record_size else None,
            bilingual_href=bilingual_name(view.slug) if view.bilingual_size else None,
            meta=page_meta(view, self.project.config, self.words_for(view.language)),
            # Its language's index: a Welsh page's "All briefings" lists the Welsh briefings.
            library_href="../"
            + library_name(INDEX_NAME, language_infix(view.language.tag, self.language.tag)),
        )
        self.check_kinds(page, view)  # as in print: the preview's draft shows the refusal
        return self.refuse_reaching_out(page, "web page")

    def render_web(
        self, view: BriefingView, pdf_size: str, record_size: str | None = None
    ) -> dict[str, str]:
        """The web page and the fragments, by output file name; with `record_size`, each
        links the team discussion record."""
        return {
            "index.html": self.render_page(view, pdf_size, record_size),
            **self.render_fragments(view, pdf_size, record_size),
        }

    def render_fragment(
        self, view: BriefingView, pdf_size: str, record_size: str | None = None
    ) -> str:
        """The fragment for a host page that keeps the fragment's `<style>`."""
        return self.render_fragment_variant("fragment.html.j2", view, pdf_size, record_size)

    def render_fragments(
        self, view: BriefingView, pdf_size: str, record_size: str | None = None
    ) -> dict[str, str]:
        """The fragment in its three variants, by output file name: for a CMS that keeps
        `<style>`, for one that strips it (styles inlined), and in a shadow root."""
        return {
            "fragment.html": self.render_fragment(view, pdf_size, record_size),
            "fragment-inline.html": self.render_inline_fragment(view, pdf_size, record_size),
            "fragment-shadow.html": self.render_fragment_variant(
                "fragment-shadow.html.j2", view, pdf_size, record_size
            ),
        }

    def render_fragment_variant(
        self, template: str, view: BriefingView, pdf_size: str, record_size: str | None = None
    ) -> str:
        html = self.fragment_html(template, view, pdf_size, record_size)
        if template == SHADOW_FRAGMENT and view.notes:
            html = slot_note_references(html)
        return self.refuse_reaching_out(html, "fragment")

    def fragment_html(
        self, template: str, view: BriefingView, pdf_size: str, record_size: str | None
    ) -> str:
        """A fragment: its download links are absolute, from `fragment.pdf_base_url` (or
        `site.url`), as it is pasted into pages elsewhere; without either it has none."""
        base = pdf_folder_address(self.project.config)
        return self.render(
            template,
            "fragment",
            logo_src=self.logo_source("fragment", view.identity.logo),
            words=self.words_for(view.language),
            briefing=view,
            levels=HeadingLevels.starting_at(self.project.config.fragment.heading_level),
            pdf_size=pdf_size,
            pdf_href=pdf_address(base, view.slug),
            record_size=record_size,
            record_href=record_address(base, view.slug) if record_size else None,
            bilingual_href=published_address(base, view.slug, bilingual_name(view.slug))
            if view.bilingual_size
            else None,
        )

    def render_inline_fragment(
        self, view: BriefingView, pdf_size: str, record_size: str | None = None
    ) -> str:
        """The fragment with its style in each element's style attribute, for a CMS that
        strips `<style>` (WordPress does for editors without unfiltered HTML). Checked once
        inlined: its style sheet is not in the HTML before."""
        html = self.fragment_html("fragment-inline.html.j2", view, pdf_size, record_size)
        inlined = self.inlined(html, self.inline_stylesheet, "fragment-inline.html")
        return self.refuse_reaching_out(inlined, "fragment")

    def too_much_to_inline(self, error: TooMuchToInline, name: str) -> Mistake:
        """Inlining refused for its size, told with the selector's file and line where one
        is at fault, else with the project's own templates it would have inlined."""
        where = ""
        if error.selector:
            where = self.where_written(error.selector) or self.where_written(error.selector[:20])
        own = [str(self.shown(file)) for file in self.own_template_files]
        if not where and own:
            where = f"{', '.join(own)}: "
        return Mistake(
            f"{where}the fragment's styles cannot be inlined into {name}: {error}",
            "briefgen bounds what inlining takes, so that no style sheet can hold up the "
            "build: write fewer selectors (a :where() of several choices multiplies them)",
        )

    @cached_property
    def inline_stylesheet(self) -> str:
        return self.render("fragment-inline.css.j2", "fragment")

    def preload_web(self) -> None:
        """Compile the web outputs' templates ahead of use, and make the inline fragment's
        style sheet: a build does it while the engine lays the PDF out, as the web outputs,
        which give the PDF's size, wait for the PDF. A style sheet that fails is told where
        it is used."""
        self.preload(*WEB_TEMPLATES)
        with contextlib.suppress(BriefgenError, TooMuchToInline):
            inlining_passes(self.inline_stylesheet)

    def preload_library(self) -> None:
        """Compile the library's templates ahead of use: a build does it while the engine
        lays a PDF out, so that the index, written after, does not wait for it."""
        self.preload("index.html.j2", *(f"{name}.j2" for name in LIBRARY_FRAGMENTS))
        with contextlib.suppress(BriefgenError, TooMuchToInline):
            inlining_passes(self.library_inline_stylesheet)

    def preload(self, *names: str) -> None:
        """Compile templates, and every template they name, ahead of use. A template that
        cannot be read or compiled is left as it is: its error is told where it is used."""
        pending = list(names)
        while pending:
            name = pending.pop()
            if name in self._preloaded:
                continue  # once a renderer: each briefing of a build asks again
            self._preloaded.add(name)
            try:
                source, _, _ = self.loader.get_source(self.environment, name)
                self.environment.get_template(name)
                named = meta.find_referenced_templates(self.environment.parse(source))
            except (jinja2.TemplateError, BriefgenError, OSError):
                continue
            pending += [other for other in named if other is not None]

    def render_library(self, library: Library) -> Iterator[tuple[str, str]]:
        """The library's files, each name with its HTML: the index, a page for each of its
        filters, and the index fragment in its three variants; one at a time, so that the
        caller keeps each page once (encoded), not twice."""
        for page in library.pages():
            yield page.file, self.render_index(library, page)
        for name in LIBRARY_FRAGMENTS:
            yield library.edition.name(name), self.render_index_fragment(library, name)

    def library_language(self, library: Library) -> Language:
        """The language of a library's pages: its edition's, else the project's."""
        return language_of(library.edition.tag) if library.edition.tag else self.language

    def config_in(self, language: Language) -> ProjectConfig:
        """The settings as pages in `language` show them: the partnership's name, website and
        logo's text alternative in it (`partnership.translations`)."""
        config = self.project.config
        partnership = partnership_in(config.partnership, language.tag)
        return config.model_copy(update={"partnership": partnership})

    def render_index(self, library: Library, page: LibraryPage) -> str:
        """The index or one of its filter pages: each sits at the top of the output folder,
        so that every link (to a briefing, to another filter) is the same relative one."""
        chosen = page.chosen.label if page.chosen else None
        language = self.library_language(library)
        words = self.words_for(language)
        config = self.config_in(language)
        meta = index_meta(list(page.entries), config, page.file, chosen, words)
        index = self.render(
            "index.html.j2",
            "page",
            words=words,
            config=config,
            library=library,
            page=page,
            entries=page.entries,
            levels=HeadingLevels.starting_at(1),
            language=language,
            addresses=LibraryAddresses(),
            site=site_address(self.project.config) or "",
            meta=meta,
            feed_href=library.edition.feed if meta.url else None,
        )
        return self.refuse_reaching_out(index, "index page")

    def render_index_fragment(self, library: Library, name: str = INDEX_FRAGMENT) -> str:
        """The whole library for the CMS page, in the variant `name` (LIBRARY_FRAGMENTS):
        scoped as the briefing's fragment, its links absolute from `site.url` (relative to
        the output folder without it). The inline variant is checked once inlined."""
        language = self.library_language(library)
        config = self.config_in(language)
        site = site_address(config) or ""
        fragment = self.render(
            f"{name}.j2",
            "fragment",
            self.words_for(language),
            config=config,
            library=library,
            entries=library.entries,
            levels=HeadingLevels.starting_at(config.fragment.heading_level),
            language=language,
            addresses=LibraryAddresses(site, config.fragment.pdf_base_url),
            feed_href=f"{site}{library.edition.feed}" if site else None,
        )
        if name == LIBRARY_FRAGMENTS[1]:
            stylesheet = self.library_inline_stylesheet
            fragment = self.inlined(fragment, stylesheet, name, len(library.entries))
        return self.refuse_reaching_out(fragment, "index fragment")

    def inlined(self, html: str, stylesheet: str, name: str, entries: int = 1) -> str:
        """`html` with `stylesheet` in its elements' style attributes, within the budget of
        untrusted work (which grows with the `entries` it lists); refused with where the
        style sheet is at fault, if it is."""
        try:
            with untrusted.step(untrusted.INLINING):
                return inline_styles(html, stylesheet, entries=entries)
        except TooMuchToInline as error:
            raise self.too_much_to_inline(error, name) from None

    @cached_property
    def library_inline_stylesheet(self) -> str:
        return self.render("index-fragment-inline.css.j2", "fragment")


@dataclass(frozen=True)
class LibraryAddresses:
    """Where the library's links lead: relative to the output folder by default (the index
    and its filter pages sit at its top), or from `site` (the folder's published address,
    ending in a slash). PDFs and records follow `fragment.pdf_base_url` where it is set, as
    the briefing's fragment does."""

    site: str = ""
    pdf_base: object | None = None

    def page(self, slug: str) -> str:
        return f"{self.site}{slug}/index.html"

    def filter(self, file: str) -> str:
        """A filter's page (`theme-neglect.html`), beside the index."""
        return f"{self.site}{file}"

    def pdf(self, slug: str) -> str:
        return pdf_address(self.pdf_base, slug) or f"{self.site}{slug}/{pdf_name(slug)}"

    def record(self, slug: str) -> str:
        return record_address(self.pdf_base, slug) or f"{self.site}{slug}/{record_name(slug)}"


def pdf_address(base: object | None, slug: str) -> str | None:
    """Where the fragment's download link points: the PDF as uploaded beside the others
    under `fragment.pdf_base_url` (or `site.url`: see `pdf_folder_address`), in a folder of
    its own name, as the build writes it
    (output/<slug>/<slug>.pdf). None without a base: a relative link breaks once pasted."""
    return published_address(base, slug, pdf_name(slug))


def record_address(base: object | None, slug: str) -> str | None:
    """Where the fragment's link to the team discussion record points: beside the PDF, as
    the build writes it (output/<slug>/<slug>-discussion-record.docx). None without a base."""
    return published_address(base, slug, record_name(slug))


def published_address(base: object | None, slug: str, name: str) -> str | None:
    """A file of a briefing's output folder as published under `base`; None without one."""
    if base is None:
        return None
    return f"{str(base).rstrip('/')}/{slug}/{name}"


def css_string(value: str) -> Markup:
    """A value as a quoted CSS string, safe inside a style sheet."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\\n\r<>' or ord(char) < 0x20 else char for char in value
    )
    return Markup(f'"{escaped}"')  # noqa: S704 (every special character is escaped above)


COUNTERS = re.compile(r"%\((page|pages)\)s")


def page_numbers() -> Markup:
    """The page footer's number, "Page 1 of 2", as a CSS `content` value in the language
    being rendered: its words as strings, the numbers as the page counters."""
    words = spoken_gettext("Page %(page)s of %(pages)s")
    pieces = COUNTERS.split(words)
    values = [
        f"counter({piece})" if index % 2 else str(css_string(piece))
        for index, piece in enumerate(pieces)
        if index % 2 or piece
    ]
    return Markup(" ".join(values))  # noqa: S704 (strings escaped by css_string, counters ours)


__all__ = [
    "INDEX_FRAGMENT",
    "LIBRARY_FRAGMENTS",
    "Mode",
    "Palette",
    "Renderer",
    "builtin_theme",
    "css_string",
    "slot_note_references",
]
