"""A folder of returned discussion records, each file given its treatment.

The folder is named by the person who collects, and may be anywhere (a shared drive): it is
read through the gate, confined to itself, a link that leads out of it refused. Every file
in it gets a treatment that the listing shows, and none is silently dropped:

- **read**: a record of a briefing of the project, counted (of an earlier version of the
  briefing, it is read with its own questions, and says so; the same team returning the
  same briefing again is read, and shown once with both dates);
- **not counted**: a record sent back blank, a record of a withdrawn briefing, the same
  file twice;
- **not a record**: a Word document briefgen did not make, an older version of the record,
  any other file;
- **refused**: a file built to harm (macros, a zip bomb, XML entities, references to files
  outside it), a damaged or password-protected one, a link out of the folder.

One file's failure never stops the others. The personal-data guard reads every field of
every record read: what it finds is held back from the report, with its file and field,
until `briefgen.yaml`'s `collect.acknowledge` lets it through.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from briefgen.collect.package import Unreadable, open_package
from briefgen.collect.returns import NotARecord, Record, read_record
from briefgen.content.config import ReturnAcknowledgement
from briefgen.content.privacy import find_personal_data, normalise
from briefgen.gate import RECORD, Found, Refused, fetch_bytes, files_in
from briefgen.paths import escape_controls

WORD_FILES = (".docx", ".docm", ".dotm", ".dotx", ".doc")
LOCK_FILE = "~$"  # Word's mark of a document open on another computer


class Status(StrEnum):
    """A file's treatment, as the listing names it."""

    READ = "read"
    NOT_COUNTED = "not counted"
    NOT_A_RECORD = "not a record"
    REFUSED = "refused"


@dataclass(frozen=True)
class Known:
    """A briefing of the project, as a record is matched with it."""

    slug: str
    title: str
    content: str  # its content hash now (`briefgen.render.present.content_hash`)
    version: str = ""


@dataclass(frozen=True)
class Held:
    """Text the personal-data guard found in a return, held back until acknowledged."""

    file: str
    field: str
    kind: str  # "a name", "a postcode"
    text: str


@dataclass
class Return:
    """A record read and counted: its file (as the listing names it), what it holds, and
    the text held back from it."""

    file: str
    record: Record
    current: bool  # of the briefing as it is now (its content hash matches)
    held: list[Held] = field(default_factory=list)
    same_team_as: str | None = None  # an earlier return of the same team and briefing

    @property
    def slug(self) -> str:
        return self.record.identity.slug

    def shown(self, name: str, words: str) -> str:
        """A field's words for the report: held back while the guard's finding stands."""
        if any(held.field == name for held in self.held):
            return "[held back: it may identify a person; see the collect listing]"
        return words


@dataclass(frozen=True)
class Treatment:
    """What was done with one file, and why: the listing's line."""

    file: str
    status: Status
    reason: str
    fix: str = ""
    hostile: bool = False


@dataclass
class Collection:
    """Every file of the folder with its treatment, and the returns read."""

    folder: Path
    treatments: list[Treatment] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)
    teams: dict[tuple[str, str], str] = field(default_factory=dict)  # (briefing, team): file

    @property
    def held(self) -> list[Held]:
        return [held for found in self.returns for held in found.held]


Progress = Callable[[Treatment], None]


def collect_returns(
    folder: Path,
    briefings: Mapping[str, Known],
    acknowledged: Sequence[ReturnAcknowledgement] = (),
    progress: Progress | None = None,
) -> Collection:
    """Every file in `folder` treated, in order of its path; `briefings`: the project's,
    by name. Each treatment is reported through `progress` as it is decided."""
    collection = Collection(folder)
    seen: dict[str, str] = {}  # the hash of a file's bytes to the first file of them
    for found in files_in(folder):
        shown = _shown(found.path, folder)
        try:
            treatment = _treat(found, shown, folder, briefings, seen, collection)
        except Exception as error:  # one file's failure is its own: the others go on
            treatment = Treatment(
                shown,
                Status.REFUSED,
                f"could not be read: an error in briefgen ({type(error).__name__})",
                "report it to whoever supports briefgen, with the file if it can be shared",
            )
        if treatment.status is Status.READ:
            _guard(collection.returns[-1], acknowledged)
        collection.treatments.append(treatment)
        if progress:
            progress(treatment)
    return collection


def _treat(
    found: Found,
    shown: str,
    folder: Path,
    briefings: Mapping[str, Known],
    seen: dict[str, str],
    collection: Collection,
) -> Treatment:
    """One file's treatment; a record read is added to `collection.returns`."""
    path = found.path
    if found.refused is not None:
        return Treatment(shown, Status.REFUSED, found.refused.reason, found.refused.fix)
    if path.name.startswith(LOCK_FILE):
        reason = "is Word's lock file of a document someone has open"
        return Treatment(shown, Status.NOT_A_RECORD, reason, "close the document; it goes")
    if path.suffix.lower() not in WORD_FILES:
        reason = "is not a Word document"
        return Treatment(shown, Status.NOT_A_RECORD, reason)
    try:
        data = fetch_bytes(path, RECORD, within=[folder], area="the folder of records")
    except Refused as refusal:
        return Treatment(shown, Status.REFUSED, refusal.reason, refusal.fix)
    try:
        package = open_package(data, path.name)
    except Unreadable as unreadable:
        return Treatment(
            shown, Status.REFUSED, unreadable.reason, unreadable.fix, unreadable.hostile
        )
    digest = hashlib.sha256(data).hexdigest()
    if digest in seen:
        reason = f"is the same file as {seen[digest]}, which is counted"
        return Treatment(shown, Status.NOT_COUNTED, reason, "remove the copy")
    seen[digest] = shown
    try:
        record = read_record(package)
    except NotARecord as other:
        return Treatment(shown, Status.NOT_A_RECORD, other.reason, other.fix)
    return _matched(shown, record, briefings, collection)


def _matched(
    shown: str, record: Record, briefings: Mapping[str, Known], collection: Collection
) -> Treatment:
    """A record matched with its briefing: counted, or why not."""
    identity = record.identity
    briefing = briefings.get(identity.slug)
    if briefing is None:
        reason = (
            f"is a record of “{identity.title}” ({identity.slug}), which is not in content/: "
            "the briefing was withdrawn (or is another project's)"
        )
        return Treatment(shown, Status.NOT_COUNTED, reason)
    if record.empty:
        reason = "was sent back with nothing filled in"
        return Treatment(shown, Status.NOT_COUNTED, reason, "ask the team to fill it in")
    found = Return(shown, record, current=identity.content == briefing.content)
    notes = list(_notes(found, collection.teams))
    collection.returns.append(found)
    return Treatment(shown, Status.READ, f"a record of {identity.slug}" + "".join(notes))


def _notes(found: Return, teams: dict[tuple[str, str], str]) -> Iterator[str]:
    """What the listing says of a record read, beyond its briefing; `teams`: the first
    return of each team and briefing, by briefing and team (`team_key`)."""
    record = found.record
    if not found.current:
        version = f" (version {record.identity.version})" if record.identity.version else ""
        yield (
            f"; made for an earlier version of the briefing{version}: read with the "
            "questions it asked"
        )
    team = team_key(record.fields.get("team", ""))
    if team:
        first = teams.setdefault((found.slug, team), found.file)
        if first != found.file:
            found.same_team_as = first
            yield f"; the same team as {first}: shown once, with both dates"
    if record.changes:
        yield "; its tracked changes are read as accepted"
    if record.notes:
        yield f"; {len(record.notes)} note(s) written outside the fields, kept"


def team_key(team: str) -> str:
    """A team's name as compared: case, spaces and punctuation aside ("MASH team" is
    "Mash Team.")."""
    return " ".join(re.sub(r"[^\w]+", " ", normalise(team).casefold()).split())


def fields_of(found: Return) -> Iterator[tuple[str, str]]:
    """Every field of a return by the name the listing and `collect.acknowledge` give it."""
    record = found.record
    yield from ((name, words) for name, words in record.fields.items() if words)
    for row, (role, agency) in enumerate(record.participants, start=1):
        yield f"role.{row}", role
        yield f"agency.{row}", agency
    for row, action in enumerate(record.actions, start=1):
        yield f"action.{row}.what", action.what
        yield f"action.{row}.owner", action.owner
        yield f"action.{row}.by", action.by
    for number, (_, words) in enumerate(record.notes, start=1):
        yield f"note.{number}", words


def _guard(found: Return, acknowledged: Sequence[ReturnAcknowledgement]) -> None:
    """The personal-data guard on every field of a return; what it finds is held back,
    unless acknowledged for this file, field and text."""
    for name, words in fields_of(found):
        for finding in find_personal_data(words):
            if not any(_covers(ack, found.file, name, finding.text) for ack in acknowledged):
                found.held.append(Held(found.file, name, finding.kind.value, finding.text))


def _covers(ack: ReturnAcknowledgement, file: str, name: str, text: str) -> bool:
    return ack.file == file and ack.field == name and normalise(ack.text) == normalise(text)


def _shown(path: Path, folder: Path) -> str:
    """A file as the listing names it: within the folder, with `/`, safe to print."""
    try:
        relative = path.relative_to(folder)
    except ValueError:
        relative = path
    return escape_controls(relative.as_posix()) if relative.parts else "."


__all__ = [
    "Collection",
    "Held",
    "Known",
    "Progress",
    "Return",
    "Status",
    "Treatment",
    "collect_returns",
    "fields_of",
    "team_key",
]
