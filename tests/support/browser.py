"""Accessibility checks run inside a real browser page: axe-core, and what axe cannot see.

axe-core checks the markup and the colours. Reflow, text spacing, zoom, focus
visibility and target sizes depend on the layout, so they are measured here in
the laid-out page, each by a small script that returns what it found wrong
(an empty list when all is well). tests/system/test_web_checks.py shows that every
check reports a page built to fail it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import axe_playwright_python
from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# WCAG 1.4.12 Text Spacing: the minimum a user may set, all at once.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# The smallest target WCAG 2.5.8 (Target Size, Minimum) allows, in CSS pixels.
SMALLEST_TARGET = 24
# Rounding of layout to device pixels: a box 0.5 px over is not a defect.
TOLERANCE = 1


@cache
def axe_script() -> str:
    """axe-core as bundled by axe-playwright-python (no download at test time)."""
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str | None
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {', '.join(self.targets[:5])}"


def axe_violations(page: Page, context: str = "html") -> list[Violation]:
    """axe-core's WCAG 2.2 A and AA rules over `context` (a CSS selector) in `page`."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    result: dict[str, Any] = page.evaluate(
        """([context, tags]) => axe.run(context, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [context, WCAG_TAGS],
    )
    return [
        Violation(
            violation["id"],
            violation.get("impact"),
            [" ".join(map(str, node["target"])) for node in violation["nodes"]],
        )
        for violation in result["violations"]
    ]


def open_page(
    browser: Browser, url: str, width: int = 1280, height: int = 900, scale: float = 1
) -> Page:
    """A new tab at a viewport of `width` CSS pixels, with the page and its fonts loaded."""
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


class OpenPages:
    """Pages kept open for a module's tests that only read them: one tab per URL and width.

    Loading a page with its inline fonts and injecting axe-core take most of a browser
    test's time; tests that change a page (text spacing, zoom) open their own.
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.pages: dict[tuple[str, int], Page] = {}

    def __call__(self, url: str, width: int = 1280) -> Page:
        if (url, width) not in self.pages:
            self.pages[url, width] = open_page(self.browser, url, width=width)
        return self.pages[url, width]

    def close(self) -> None:
        for page in self.pages.values():
            page.close()


def open_html(browser: Browser, html: str, width: int = 1280, height: int = 900) -> Page:
    """A new tab showing `html` (a host page with a fragment pasted in, say)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(html, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


def apply_text_spacing(page: Page) -> None:
    """The user's text-spacing overrides of WCAG 1.4.12, as !important rules.

    Playwright cannot add a user style sheet; an author style sheet with
    !important wins over the same rules without it, and the theme has none.
    """
    page.add_style_tag(content=TEXT_SPACING)
    page.evaluate("new Promise(resolve => requestAnimationFrame(() => resolve(true)))")


# Text nodes that a sighted reader sees: not in <style>, <script> or SVG <title>, and not
# inside a visually hidden box (the 1 px clipped box that screen-reader-only text lives in).
_VISIBLE_TEXT = """
function visibleTextNodes(root) {
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.data.trim()) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest('style, script, title, desc, noscript')) continue;
    if (isVisuallyHidden(parent)) continue;
    nodes.push(node);
  }
  return nodes;
}
function isVisuallyHidden(element) {
  for (let current = element; current; current = current.parentElement) {
    const style = getComputedStyle(current);
    if (style.display === 'none' || style.visibility === 'hidden') return true;
    const clipped = style.overflow !== 'visible' || style.clipPath !== 'none';
    const box = current.getBoundingClientRect();
    if (clipped && box.width <= 1 && box.height <= 1) return true;
  }
  return false;
}
function describe(element) {
  const name = element.tagName.toLowerCase();
  const classes = [...element.classList].slice(0, 2).map(c => '.' + c).join('');
  return name + classes + ' "' + element.textContent.trim().slice(0, 40) + '"';
}
function textRects(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  return [...range.getClientRects()].filter(rect => rect.width > 0 && rect.height > 0);
}
function scrollRegion(element) {
  // The region a wide table scrolls in, as GOV.UK Frontend's: it scrolls sideways on its
  // own, is named (role=region, labelled) and reachable from the keyboard (tabindex=0).
  // WCAG 1.4.10 lets a data table keep its two dimensions; its region must still fit.
  for (let current = element; current; current = current.parentElement) {
    const style = getComputedStyle(current);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    if (scrolls && current.getAttribute('role') === 'region' && current.tabIndex === 0
        && current.hasAttribute('aria-labelledby')) return current;
  }
  return null;
}
function inkRect(rect) {
  // A line's box spans the font's ascent and descent; the glyphs sit mostly in its
  // middle three fifths, which is what must not touch another line.
  const inset = rect.height / 5;
  return {left: rect.left, right: rect.right, top: rect.top + inset, bottom: rect.bottom - inset};
}
"""


def with_text_helpers(script: str) -> str:
    """A function for page.evaluate that can call the helpers above."""
    return f"(argument) => {{ {_VISIBLE_TEXT}\n return ({script})(argument); }}"


_OVERFLOW = """(tolerance) => {
  const problems = [];
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth > width + tolerance)
    problems.push(`the page scrolls sideways: ${root.scrollWidth} px in ${width} px`);
  for (const node of visibleTextNodes(document.body)) {
    const region = scrollRegion(node.parentElement);
    for (const rect of region ? [region.getBoundingClientRect()] : textRects(node)) {
      if (rect.left < -tolerance || rect.right > width + tolerance) {
        problems.push(`text beyond the viewport (${Math.round(rect.left)} to ` +
          `${Math.round(rect.right)} of ${width} px): ${describe(node.parentElement)}`);
        break;
      }
    }
  }
  return problems;
}"""


def horizontal_overflow(page: Page) -> list[str]:
    """What makes the page scroll sideways, or sits beyond its right or left edge.

    The document's scroll width is compared with its width (WCAG 1.4.10 Reflow), and,
    because a host's `overflow-x: hidden` can hide a scroll bar without bringing text
    back, every line of visible text must also lie inside the viewport. A wide table's
    text may lie beyond it inside its scroll region (WCAG 1.4.10 exempts data tables),
    which must then lie inside the viewport itself.
    """
    return list(page.evaluate(with_text_helpers(_OVERFLOW), TOLERANCE))


_CLIPPED = """(tolerance) => {
  const problems = [];
  for (const element of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    const hidesX = style.overflowX !== 'visible';
    const hidesY = style.overflowY !== 'visible';
    if (!hidesX && !hidesY) continue;
    if (element.closest('svg') || !element.textContent.trim()) continue;
    if (isVisuallyHidden(element)) continue;
    // A table's scroll region shows the rest as it scrolls: it hides nothing sideways.
    const scrolled = scrollRegion(element) === element;
    const overX = hidesX && !scrolled && element.scrollWidth > element.clientWidth + tolerance;
    const overY = hidesY && element.scrollHeight > element.clientHeight + tolerance;
    if (overX || overY)
      problems.push(`clipped (${element.scrollWidth}x${element.scrollHeight} in ` +
        `${element.clientWidth}x${element.clientHeight}): ${describe(element)}`);
  }
  return problems;
}"""


def clipped_text(page: Page) -> list[str]:
    """Boxes with text whose content overflows them where the overflow is not shown."""
    return list(page.evaluate(with_text_helpers(_CLIPPED), TOLERANCE))


_OVERLAPPING = """(tolerance) => {
  const boxes = [];
  visibleTextNodes(document.body).forEach((node, index) => {
    for (const rect of textRects(node)) boxes.push({index, node, rect: inkRect(rect)});
  });
  const problems = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.index === b.index) continue;
      const across = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const down = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (across > tolerance && down > tolerance)
        problems.push(`${describe(a.node.parentElement)} overlaps ` +
          `${describe(b.node.parentElement)}`);
    }
  }
  return [...new Set(problems)];
}"""


def overlapping_text(page: Page) -> list[str]:
    """Pairs of lines of text, from different text nodes, drawn over each other.

    Each line is taken as the middle three fifths of its box (the box spans the
    font's whole ascent and descent, which a tight line height lets overlap the next
    line's without any glyph touching), so lines that merely follow each other never
    count, while text pushed over other text by a box too small for it does.
    """
    return list(page.evaluate(with_text_helpers(_OVERLAPPING), TOLERANCE))


_TEXT_SIZES = """() => {
  const sizes = {};
  visibleTextNodes(document.body).forEach((node, index) => {
    sizes[index + ' ' + describe(node.parentElement)] =
      parseFloat(getComputedStyle(node.parentElement).fontSize);
  });
  return sizes;
}"""


def text_sizes(page: Page) -> dict[str, float]:
    """The font size, in CSS pixels, of every element that holds text, by a stable key."""
    return dict(page.evaluate(with_text_helpers(_TEXT_SIZES)))


@dataclass(frozen=True)
class FocusStop:
    """One element reached with the Tab key, and how its look changed when it got focus."""

    name: str
    changes: dict[str, tuple[str, str]]  # property: (unfocused, focused)
    outline_width: float
    outline_style: str
    outline_color: str = ""

    @property
    def visibly_focused(self) -> bool:
        """An outline of at least 2 px, or a changed shadow or background, shows focus. A
        transparent outline (GOV.UK Frontend's, for forced-colour modes) shows nothing."""
        transparent = self.outline_color in ("transparent", "rgba(0, 0, 0, 0)")
        outline = self.outline_style != "none" and self.outline_width >= 2 and not transparent
        return (outline and "outline-style" in self.changes) or bool(
            {"box-shadow", "background-color"} & set(self.changes)
        )


FOCUS_PROPERTIES = [
    "outline-style",
    "outline-width",
    "outline-color",
    "box-shadow",
    "background-color",
    "color",
    "text-decoration-line",
]
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)


def tab_through(page: Page) -> tuple[list[str], list[FocusStop]]:
    """Every focusable element in document order, and the stops the Tab key makes.

    Each element's style is read before anything has focus, then again when the
    Tab key has moved focus to it (so that :focus-visible applies, as for a
    keyboard user), and the two are compared.
    """
    page.evaluate("document.activeElement && document.activeElement.blur()")
    unfocused: list[dict[str, str]] = page.evaluate(
        """([selector, properties]) => [...document.querySelectorAll(selector)].map(
          (element, index) => {
            element.dataset.focusIndex = String(index);
            const style = getComputedStyle(element);
            return Object.fromEntries([['key', element.dataset.focusIndex],
              ['name', element.tagName.toLowerCase() + ' "' +
                element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50) + '"'],
              ...properties.map(property => [property, style.getPropertyValue(property)])]);
        })""",
        [FOCUSABLE, FOCUS_PROPERTIES],
    )
    before = {entry["key"]: entry for entry in unfocused}
    stops: list[FocusStop] = []
    reached: set[str] = set()
    for _ in range(len(unfocused) + 2):
        page.keyboard.press("Tab")
        focused: dict[str, str] | None = page.evaluate(
            """(properties) => {
                const element = document.activeElement;
                if (!element || element === document.body || !element.dataset.focusIndex)
                  return null;
                const style = getComputedStyle(element);
                return Object.fromEntries([['key', element.dataset.focusIndex],
                  ...properties.map(property => [property, style.getPropertyValue(property)])]);
            }""",
            FOCUS_PROPERTIES,
        )
        if focused is None or focused["key"] in reached:
            break
        reached.add(focused["key"])
        stops.append(_focus_stop(before[focused["key"]], focused))
    return [entry["name"] for entry in unfocused], stops


def _focus_stop(unfocused: dict[str, str], focused: dict[str, str]) -> FocusStop:
    changes = {
        name: (unfocused[name], focused[name])
        for name in FOCUS_PROPERTIES
        if unfocused[name] != focused[name]
    }
    return FocusStop(
        unfocused["name"],
        changes,
        float(focused["outline-width"].removesuffix("px") or 0),
        focused["outline-style"],
        focused["outline-color"],
    )


def small_targets(page: Page, smallest: int = SMALLEST_TARGET) -> list[str]:
    """Links and controls smaller than `smallest` CSS px either way (WCAG 2.5.8).

    WCAG exempts a target "in a sentence or [whose] size is otherwise constrained
    by the line-height of non-target text". A target counts as inline in a
    sentence when it is laid out inline (display: inline) and its nearest block
    holds words besides its own: a link in a finding is exempt; a link alone in
    its list item or paragraph, or one styled as a block or button, is not. A
    skip link, clipped to 1 px until it has focus, is no target for a pointer.
    """
    return list(
        page.evaluate(
            """([selector, smallest, tolerance]) => {
          const problems = [];
          const words = text => text.replace(/[^\\p{L}\\p{N}]+/gu, '');
          for (const element of document.querySelectorAll(selector)) {
            const style = getComputedStyle(element);
            if (style.display === 'none' || style.visibility === 'hidden') continue;
            if (style.display === 'inline') {
              let block = element.parentElement;
              while (block && getComputedStyle(block).display.startsWith('inline'))
                block = block.parentElement;
              const around = block ? words(block.textContent).length -
                words(element.textContent).length : 0;
              if (around > 0) continue;
            }
            const box = element.getBoundingClientRect();
            const hidden = style.overflow !== 'visible' || style.clipPath !== 'none';
            if (hidden && box.width <= 1 && box.height <= 1) continue;
            if (box.width + tolerance < smallest || box.height + tolerance < smallest)
              problems.push(`${Math.round(box.width)}x${Math.round(box.height)} px: ` +
                element.tagName.toLowerCase() + ' "' +
                element.textContent.trim().slice(0, 40) + '"');
          }
          return problems;
        }""",
            [FOCUSABLE, smallest, 0.5],
        )
    )


def heading_levels(page: Page, within: str = "body") -> list[int]:
    """The levels of the headings inside `within`, in document order."""
    return list(
        page.evaluate(
            """(within) => [...document.querySelector(within)
                .querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1]))""",
            within,
        )
    )


def styles_outside(
    page: Page, root: str, properties: list[str], pseudo: str | None = None
) -> list[dict[str, str]]:
    """The computed `properties` of every element of the page that is not inside `root`.

    The document's own elements (<html>, <body> and all within it, less <style> and
    <script>), in document order, each named by its tag and classes.
    """
    return list(
        page.evaluate(
            """([root, properties, pseudo]) =>
          [document.documentElement, document.body, ...document.body.querySelectorAll('*')]
            .filter(element => !element.closest(root) &&
              !['style', 'script'].includes(element.tagName.toLowerCase()))
            .map(element => {
              const style = getComputedStyle(element, pseudo);
              return Object.fromEntries([
                ['element', element.tagName.toLowerCase() +
                  [...element.classList].map(c => '.' + c).join('')],
                ...properties.map(property => [property, style.getPropertyValue(property)])]);
            })""",
            [root, properties, pseudo],
        )
    )


def styles_within(
    page: Page,
    root: str,
    properties: list[str],
    pseudo: str | None = None,
    shadow_host: str | None = None,
) -> list[dict[str, str]]:
    """The computed `properties` of every element inside `root`, in document order; with
    `shadow_host`, `root` is looked for in the shadow root of that element.

    <style> is left out (the fragment carries its own, the page has it in <head>), and so is
    <slot>: the shadow-root fragment's places for the marks its section links lead to.
    """
    return list(
        page.evaluate(
            """([root, properties, pseudo, host]) =>
          [...(host ? document.querySelector(host).shadowRoot : document)
             .querySelector(root).querySelectorAll('*')]
            .filter(element => !['style', 'slot'].includes(element.tagName.toLowerCase()))
            .map(element => {
              const style = getComputedStyle(element, pseudo);
              // Headings are compared by class: the page starts at h1, the fragment at h2.
              const tag = element.tagName.toLowerCase().replace(/^h[1-6]$/, 'h');
              return Object.fromEntries([
                ['element', tag + [...element.classList].map(c => '.' + c).join('')],
                ...properties.map(property => [property, style.getPropertyValue(property)])]);
            })""",
            [root, properties, pseudo, shadow_host],
        )
    )
