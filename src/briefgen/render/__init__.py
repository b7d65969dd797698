"""render: a briefing made into HTML, by the project's templates over the theme's.

The view the templates see (present), the sandboxed Jinja environment and its renderer
(sandbox, renderer), the brand's colours (style), each page's metadata (meta), the
library's pages (library_pages), the inline fragment's styles (inline), and the checks
that the web outputs run nothing and load nothing from elsewhere, on parsed HTML, CSS
and SVG (web_check, css_check, svg_check, addresses, assets). Imports the base and
content; never review, which stands beside it.
"""

__all__: list[str] = []  # its modules are imported by name
