"""What the website takes from the library: the Atom feed, the sitemap and the JSON listing.

Pure functions: the library's entries and the settings in, bytes (or the page's
metadata) out, the same bytes for the same inputs, so the outputs stay reproducible: a
feed's `updated` is the newest briefing's date, never the clock.

Every text comes from a briefing or the settings and is untrusted. The XML is made with
ElementTree, which escapes `<`, `&` and quotes, never by joining strings; the characters
XML 1.0 cannot carry at all (most control characters, lone surrogates) are removed
first, or the feed would not parse. Absolute addresses need `site.url`, where the web
team publishes the output folder: without it there is no feed, no sitemap, no canonical
link and no Open Graph address or image, and the listing gives relative addresses only.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from briefgen import __version__
from briefgen.content.config import ProjectConfig
from briefgen.names import FEED_NAME, record_name
from briefgen.render.library_pages import ONE_LANGUAGE, Edition, Library, LibraryEntry
from briefgen.render.meta import absolute, site_address
from briefgen.render.words import ENGLISH_WORDS, Words

SITEMAP_NAME = "sitemap.xml"
LISTING_NAME = "briefings.json"
SITE_FILES = (FEED_NAME, SITEMAP_NAME, LISTING_NAME)
LISTING_VERSION = 1  # raised when a field of the listing changes meaning or goes

ATOM = "http://www.w3.org/2005/Atom"
SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # the sitemap's alternates: `xhtml:link hreflang`
# A feed with no briefing still needs an `updated`; a fixed date keeps its bytes reproducible.
NO_DATE = "1970-01-01"


# What XML 1.0 allows in a document (its production `Char`): everything else is removed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (ElementTree would write them raw)."""
    return _NOT_XML.sub("", text)


def timestamp(iso_date: str) -> str:
    """A date as RFC 3339 asks of Atom: midnight UTC that day."""
    return f"{iso_date}T00:00:00Z"


# --- The files the web team uploads beside the index -----------------------------------------


def site_files(
    library: Library, config: ProjectConfig, words: Words = ENGLISH_WORDS
) -> dict[str, bytes]:
    """The listing always; the feed only with `site.url` (it needs absolute addresses):
    those of the library's language (`library.edition`), its words in it (`words`)."""
    base = site_address(config)
    edition = library.edition
    entries = list(library.entries)
    files = {edition.name(LISTING_NAME): json_listing(entries, config, edition)}
    if base is not None:
        files[edition.feed] = atom_feed(entries, config, base, words, edition)
    return files


def site_map(written: Sequence[Library], config: ProjectConfig) -> dict[str, bytes]:
    """The one sitemap of every language's library, with `site.url` only (it needs
    absolute addresses)."""
    base = site_address(config)
    return {} if base is None else {SITEMAP_NAME: sitemap(written, base)}


def _element(
    parent: ET.Element, tag: str, text: str | None = None, **attributes: str
) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {name: xml_text(value) for name, value in attributes.items()}
    )
    if text is not None:
        element.text = xml_text(text)
    return element


def _serialised(root: ET.Element) -> bytes:
    """The document, indented, its namespace declared as a plain `xmlns` attribute of the
    root (ElementTree's `default_namespace` refuses unqualified attributes such as `rel`)."""
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def atom_feed(
    entries: list[LibraryEntry],
    config: ProjectConfig,
    base: str,
    words: Words = ENGLISH_WORDS,
    edition: Edition = ONE_LANGUAGE,
) -> bytes:
    """The Atom feed (RFC 4287): one entry a briefing, newest first, for the website's CMS
    and for readers who follow the partnership's learning; in a project of several
    languages, one feed a language (`edition`), linking to the others' feeds."""
    name = config.partnership.name
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": words.language.tag})
    _element(feed, "id", base + edition.index)
    title = words.gettext("Learning briefings: %(partnership)s") % {"partnership": name}
    _element(feed, "title", title, type="text")
    # Undated briefings are listed last: the newest date is the first that is given.
    newest = next((entry.published for entry in entries if entry.published), NO_DATE)
    _element(feed, "updated", timestamp(newest))
    _author(feed, name, config.partnership.website)
    _element(feed, "link", rel="self", type="application/atom+xml", href=base + edition.feed)
    _element(feed, "link", rel="alternate", type="text/html", href=base + edition.index)
    for other in edition.others:  # the same feed in another language
        _element(
            feed,
            "link",
            rel="alternate",
            type="application/atom+xml",
            hreflang=other.tag,
            title=other.name,
            href=base + other.feed,
        )
    _element(feed, "generator", "briefgen", version=__version__)
    for entry in entries:
        _feed_entry(feed, entry, base, words)
    return _serialised(feed)


def _author(parent: ET.Element, name: str, website: object | None) -> None:
    author = _element(parent, "author")
    _element(author, "name", name)
    if website is not None:
        _element(author, "uri", str(website))


def _feed_entry(feed: ET.Element, entry: LibraryEntry, base: str, words: Words) -> None:
    item = _element(feed, "entry")
    _element(item, "id", base + entry.page)
    _element(item, "title", entry.title, type="text")
    if entry.summary:
        _element(item, "summary", entry.summary, type="text")
    if entry.published:  # Atom asks every entry for `updated`, and lets `published` be
        _element(item, "published", timestamp(entry.published))
    _element(item, "updated", timestamp(entry.published or NO_DATE))
    if entry.partnership:
        _author(item, entry.partnership, None)
    _element(item, "link", rel="alternate", type="text/html", href=base + entry.page)
    _element(
        item,
        "link",
        rel="enclosure",
        type="application/pdf",
        length=str(entry.pdf_bytes),
        title=f"{entry.title} ({words.gettext('PDF, %(size)s') % {'size': entry.pdf_size}})",
        href=base + entry.pdf,
    )
    for term in dict.fromkeys([*entry.themes, entry.type_label]):
        if xml_text(term).strip():
            _element(item, "category", term=term)


def sitemap(written: Sequence[Library], base: str) -> bytes:
    """The sitemap (sitemaps.org): each language's index and each briefing's page, so that
    search engines find a new briefing without waiting for a link to it; a page in several
    languages names each of them (`xhtml:link hreflang`), as search engines ask, so that
    they offer each reader theirs."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAPS})
    indexes = {library.edition.tag: base + library.edition.index for library in written}
    pages = {
        entry.slug: (entry.language, base + entry.page)
        for library in written
        for entry in library.entries
    }
    versions: dict[str, list[str]] = {}
    for library in written:
        for entry in library.entries:
            versions.setdefault(entry.translation_of or entry.slug, []).append(entry.slug)
    if len(indexes) > 1 or any(len(slugs) > 1 for slugs in versions.values()):
        urlset.set("xmlns:xhtml", XHTML)
    for library in written:
        entries = library.entries
        newest = next((entry.published for entry in entries if entry.published), None)
        _sitemap_url(urlset, base + library.edition.index, newest, indexes)
        for entry in entries:
            group = versions[entry.translation_of or entry.slug]
            alternates = dict(pages[slug] for slug in group)
            _sitemap_url(urlset, base + entry.page, entry.published, alternates)
    return _serialised(urlset)


def _sitemap_url(
    urlset: ET.Element, address: str, modified: str | None, alternates: dict[str, str]
) -> None:
    """A page of the sitemap, with its versions in other languages (itself among them, as
    search engines ask) where it has any and each names its language."""
    url = _element(urlset, "url")
    _element(url, "loc", address)
    if modified:  # optional in a sitemap: an undated briefing has none
        _element(url, "lastmod", modified)
    if len(alternates) > 1 and all(alternates):
        for tag, page in alternates.items():
            _element(url, "xhtml:link", rel="alternate", hreflang=tag, href=page)


def json_listing(
    entries: list[LibraryEntry], config: ProjectConfig, edition: Edition = ONE_LANGUAGE
) -> bytes:
    """The library for a CMS import: every field of each entry, with where its page, PDF,
    fragment and discussion record are (relative to the output folder, and absolute with
    `site.url`), newest first; in a project of several languages, one listing a language
    (`edition`). Versioned, so an importer can tell a format it does not know."""
    base = site_address(config)
    listing = {
        "format": "briefgen briefings listing",
        "version": LISTING_VERSION,
        "partnership": config.partnership.name,
        "language": edition.tag or config.language,
        "site_url": base,
        "index": edition.index,
        "index_url": absolute(base, edition.index),
        "feed_url": absolute(base, edition.feed),
        "briefings": [_listed(entry, base) for entry in entries],
    }
    text = json.dumps(listing, indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8", "replace")  # a lone surrogate is no text: it becomes "?"


def _listed(entry: LibraryEntry, base: str | None) -> dict[str, Any]:
    record = record_name(entry.slug)
    addresses = {
        "page": entry.page,
        "pdf": entry.pdf,
        "fragment": f"{entry.slug}/fragment.html",
        "discussion_record": f"{entry.slug}/{record}" if record in entry.files else None,
    }
    listed = asdict(entry)
    for name, relative in addresses.items():
        listed[name] = relative
        listed[f"{name}_url"] = None if relative is None else absolute(base, relative)
    return listed


__all__ = [
    "FEED_NAME",
    "LISTING_NAME",
    "SITEMAP_NAME",
    "SITE_FILES",
    "atom_feed",
    "json_listing",
    "site_files",
    "site_map",
    "sitemap",
    "xml_text",
]
