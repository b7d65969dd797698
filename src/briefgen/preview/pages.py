"""The preview's own HTML: what `briefgen serve` adds to the pages it serves, never to files.

The reload script, a bar of links between a briefing's outputs, the mistakes of a
briefing that failed, and a sample host page around the fragment. Every value from
content or settings is escaped here; the output files themselves come from the theme.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from briefgen.content.config import ProjectConfig
from briefgen.errors import (
    BriefgenError,
    ContentError,
    Crash,
    EnvironmentProblem,
    Explained,
    Problem,
)
from briefgen.outcomes import Outcome

EVENTS_PATH = "/__briefgen__/events"  # underscores: no briefing's slug can take this name
HOST_PAGE = "host.html"  # the fragment inside a sample host page; not a file in output/

PREVIEW_STYLE = """\
.briefgen-preview { margin: 0; padding: 0.5rem 1rem; background: #0B0C0C; color: #FFFFFF;
  font: 1rem/1.5 system-ui, sans-serif; text-align: left; }
.briefgen-preview p { margin: 0; }
.briefgen-preview a { color: #FFFFFF; display: inline-block; min-height: 24px;
  padding: 0.1rem 0.4rem; margin-right: 0.4rem; font-weight: normal; }
.briefgen-preview a[aria-current] { font-weight: bold; }
.briefgen-preview a:focus { outline: 3px solid #FFDD00; outline-offset: 1px; }
.briefgen-preview .briefgen-disabled { padding: 0.1rem 0.4rem; font-style: italic; }
.briefgen-preview .briefgen-status { font-size: 0.9rem; }
.briefgen-errors { margin: 0; padding: 1rem; background: #FFFFFF; color: #0B0C0C;
  border-left: 0.5rem solid #B10E1E; font: 1rem/1.5 system-ui, sans-serif; }
.briefgen-errors > * { max-width: 50rem; }
.briefgen-errors h1, .briefgen-errors h2 { margin: 0 0 0.5rem; font-size: 1.5rem; }
.briefgen-errors ul { padding-left: 1.25rem; }
.briefgen-errors li { margin-bottom: 1rem; }
.briefgen-errors p { margin: 0.25rem 0; }
.briefgen-errors code { font-size: 0.95em; background: #F3F2F1; padding: 0 0.2em;
  overflow-wrap: anywhere; }
.briefgen-errors a { color: #1D4F91; }
"""


def decorate(page: str, top: str, script: str) -> str:
    """The page with the preview bar after <body> and the reload script before </body>."""
    opening = re.search(r"<body\b[^>]*>", page, flags=re.IGNORECASE)
    at = opening.end() if opening else 0
    page = page[:at] + top + page[at:]
    closing = page.lower().rfind("</body>")
    if closing < 0:
        return page + script
    return page[:closing] + script + page[closing:]


def reload_script(generation: str) -> str:
    """Shows the server's latest version of the page when its generation differs from the one
    the page was served at.

    Faster than a reload, which would parse the page's style sheet and decode its fonts
    again: the script fetches the page and swaps in its body, keeping the head and the
    scroll position. When anything in the head but the title and what describes the page
    (its description, Open Graph, canonical link: they follow the briefing's text) differs
    (a theme edit, an error page), or anything fails, it reloads the whole page instead. Of
    two fetches in flight, only the later one is shown.
    """
    return f"""<script id="briefgen-reload">
(function () {{
  var served = "{generation}";
  var events = new EventSource("{EVENTS_PATH}");
  var STYLING = "style, link:not([rel=canonical]):not([rel=alternate]), " +
    "meta:not([property]):not([name=description])";
  function styles(head) {{
    return Array.prototype.map.call(head.querySelectorAll(STYLING), function (e) {{
      return e.outerHTML;
    }}).join("");
  }}
  function show(text) {{
    var next = new DOMParser().parseFromString(text, "text/html");
    if (styles(next.head) !== styles(document.head) ||
        next.documentElement.lang !== document.documentElement.lang) {{
      window.location.reload();
      return;
    }}
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
  }}
  var asked = 0;
  events.onmessage = function (event) {{
    if (event.data === served) {{ return; }}
    served = event.data;
    var mine = ++asked;
    fetch(window.location.href, {{ cache: "no-store" }})
      .then(function (response) {{ return response.text(); }})
      .then(function (text) {{ if (mine === asked) {{ show(text); }} }})
      .catch(function () {{ events.close(); window.location.reload(); }});
  }};
}})();
</script>
"""


@dataclass(frozen=True)
class PdfState:
    """Where a briefing's PDF stands: the web page is shown first, the PDF follows."""

    exists: bool  # output/ holds a PDF of it, from its last good build
    broken: bool = False  # its latest save has mistakes: that PDF is from before them
    laying_out: bool = False  # the web page is from the latest save; its PDF is not yet
    pages: int | None = None  # the pages of its last good PDF
    notes: tuple[str, ...] = ()  # the page budget's notes on that PDF


def preview_bar(slug: str | None, current: str, pdf: PdfState | None = None) -> str:
    """Links between a briefing's outputs, the one at `current` (a request path) marked,
    and where its PDF stands: being laid out, within its page budget, or the last good one.
    """
    current = current.split("?", 1)[0].removesuffix("index.html")
    links = [("/", "All briefings")]
    if slug is not None:
        address = quote(slug)
        links += [
            (f"/{address}/", "Web page"),
            (f"/{address}/{HOST_PAGE}", "In a sample host page"),
        ]
    items = [
        f'<a href="{href}"{_current_mark(href == current)}>{html.escape(text)}</a>'
        for href, text in links
    ]
    status = ""
    if slug is not None:
        pdf = pdf or PdfState(exists=True)
        href = f"/{quote(slug)}/{quote(slug)}.pdf"
        items.append(_pdf_link(href, pdf, is_current=href == current))
        status = f'<p class="briefgen-status" role="status">{_pdf_status(pdf)}</p>'
    return (
        f"<style>{PREVIEW_STYLE}</style>\n"
        f'<nav class="briefgen-preview" aria-label="Preview"><p>Preview, rebuilt as you save: '
        f"{' '.join(items)}</p>{status}</nav>\n"
    )


def _pdf_link(href: str, pdf: PdfState, *, is_current: bool) -> str:
    """The PDF link, which never passes an old PDF off as the latest one."""
    if not pdf.exists:
        waiting = "being laid out" if pdf.laying_out else "none yet: fix the mistakes first"
        return f'<span class="briefgen-disabled">PDF ({waiting})</span>'
    if pdf.broken:
        text = "Last good PDF (from before these mistakes)"
    elif pdf.laying_out:
        text = "Previous PDF (the new one is being laid out)"
    else:
        text = "PDF"
    return f'<a href="{href}"{_current_mark(is_current)}>{text}</a>'


def _pdf_status(pdf: PdfState) -> str:
    if pdf.broken:
        last = "the PDF link gives the last good PDF" if pdf.exists else "there is no PDF yet"
        return f"This briefing has mistakes: {last}, from before them."
    if pdf.laying_out:
        return "Web page updated. Laying out the PDF…"
    if pdf.pages is None:
        return ""
    plural = "s" if pdf.pages != 1 else ""
    notes = "".join(f" {html.escape(_sentence(note))}" for note in pdf.notes)
    return f"The PDF fits its page budget: {pdf.pages} page{plural}.{notes}"


def _sentence(note: str) -> str:
    return note[:1].upper() + note[1:] + ("" if note.endswith(".") else ".")


def _current_mark(is_current: bool) -> str:
    return ' aria-current="page"' if is_current else ""


def failures_panel(failures: Iterable[Outcome]) -> str:
    items = [
        f'<li><a href="/{quote(outcome.slug)}/">{html.escape(str(outcome.source))}</a></li>'
        for outcome in failures
    ]
    if not items:
        return ""
    return (
        '<section class="briefgen-errors" aria-labelledby="briefgen-errors-title">\n'
        '<h2 id="briefgen-errors-title">Briefings with mistakes to fix</h2>\n'
        f"<ul>{''.join(items)}</ul>\n</section>\n"
    )


def error_page(error: BriefgenError, source: Path | None) -> str:
    """The failure, as `briefgen check` prints it: where, what, what you wrote, the fix;
    headed by whose it is to fix (the user's mistakes, this computer's, or briefgen's)."""
    where = str(source) if source else "The project"
    if isinstance(error, EnvironmentProblem | Crash):
        heading = title = f"{where} cannot be built: {error.label}"
        advice = "Once the problem below is fixed, save the file: this page then shows it again."
    else:
        heading, title = f"{where} has mistakes to fix", f"Mistakes in {where}"
        advice = "Save the file with the mistakes fixed: this page then shows the briefing again."
    body = (
        f'<main class="briefgen-errors">\n<h1>{html.escape(heading)}</h1>\n'
        f"<p>{advice}</p>\n<ul>\n{''.join(_error_items(error))}</ul>\n</main>"
    )
    return preview_document(title, body)


def _error_items(error: BriefgenError) -> list[str]:
    if isinstance(error, ContentError):
        return [_problem_item(problem) for problem in error.problems]
    item = f"<p>{html.escape(str(error))}</p>"
    if isinstance(error, Explained) and error.fix:
        item += f"<p><strong>Fix:</strong> {html.escape(error.fix)}</p>"
    return [f"<li>{item}</li>\n"]


def _problem_item(problem: Problem) -> str:
    field_path = f" ({html.escape(problem.field)})" if problem.field else ""
    parts = [
        f"<p><code>{html.escape(problem.location)}</code>{field_path}: "
        f"<strong>{problem.severity}</strong>: {html.escape(problem.message)}</p>"
    ]
    if problem.value is not None:
        parts.append(f"<p>You wrote: <code>{html.escape(problem.value)}</code></p>")
    if problem.fix:
        parts.append(f"<p><strong>Fix:</strong> {html.escape(problem.fix)}</p>")
    return f"<li>{''.join(parts)}</li>\n"


def preview_document(title: str, body: str) -> str:
    """A page of the preview's own: `title` is plain text, `body` HTML."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}: briefgen preview</title>\n"
        "<style>body { margin: 0; }</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


# A content-managed site's usual base styles, deliberately heavy-handed: the fragment must
# keep its own look inside them.
HOST_STYLE = """\
body { margin: 0; font: 18px/1.7 Georgia, "Times New Roman", serif; color: #333333;
  background: #FAF7F2; }
h1, h2, h3, h4 { font-family: Georgia, serif; color: #6B1D3B; text-transform: uppercase; }
p { margin: 0 0 2em; }
ul, ol { margin: 0 0 2em 3em; list-style: square; }
a { color: #8A0F3C; font-weight: bold; }
img, svg { border: 3px solid #6B1D3B; }
.host-header { display: flex; justify-content: space-between; align-items: center;
  padding: 1rem 2rem; background: #6B1D3B; color: #FFFFFF; }
.host-header p { margin: 0; font-size: 1.25rem; }
.host-exit { background: #FFFFFF; color: #6B1D3B; padding: 0.5rem 1rem; }
.host-main { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem; }
.host-note { font-style: italic; }
"""
HOST_HEADINGS = ("Learning briefings", "Audits", "This year")


def host_page(fragment: str, config: ProjectConfig) -> str:
    """The fragment as the partnership's website would show it, below the site's own headings."""
    name = html.escape(config.partnership.name)
    levels = range(1, min(config.fragment.heading_level, len(HOST_HEADINGS) + 1))
    headings = "".join(f"<h{level}>{HOST_HEADINGS[level - 1]}</h{level}>\n" for level in levels)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Sample host page: {name}</title>\n<style>{HOST_STYLE}</style>\n</head>\n"
        f'<body>\n<header class="host-header"><p>{name}</p>'
        '<a class="host-exit" href="https://www.bbc.co.uk/weather">Quick exit</a></header>\n'
        f'<main class="host-main">\n{headings}'
        '<p class="host-note">A sample page of a website, with the heavy base styles of a '
        "typical theme: the briefing below must keep its own layout and colours.</p>\n"
        f"{fragment}</main>\n</body>\n</html>\n"
    )


def not_found_page() -> str:
    return preview_document(
        "Page not found",
        "<h1>Page not found</h1>\n<p>There is no such page in the preview. "
        '<a href="/">See every briefing</a>.</p>',
    )


__all__ = [
    "EVENTS_PATH",
    "HOST_PAGE",
    "PdfState",
    "decorate",
    "error_page",
    "failures_panel",
    "host_page",
    "not_found_page",
    "preview_bar",
    "reload_script",
]
