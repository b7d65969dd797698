"""The command line: maps flags into the pipeline and errors out. The only module that prints.

Every failure briefgen explains is printed as a plain message with the label of its
kind (see `briefgen.errors`): the user's mistake (file:line, what is wrong, how to fix
it), a problem with this computer, or an internal error whose traceback is in a log;
exit code 1, or 2 for a wrong use of the command line. Any other exception is a bug
and keeps its traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.resources import files as package_files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefgen import __version__
from briefgen.errors import (
    BriefgenError,
    ContentError,
    Crash,
    EnvironmentProblem,
    Explained,
    Mistake,
    Problem,
    UsageError,
)
from briefgen.outcomes import Options, Outcome, Report
from briefgen.paths import (
    CONTENT_FOLDER,
    content_sources,
    escape_controls,
    find_project_root,
    output_folder,
    shown_path,
)
from briefgen.pipeline import Pipeline

if TYPE_CHECKING:
    from briefgen.collect.collection import Collection, Treatment
    from briefgen.engine.process import Engine, EngineProcess
    from briefgen.preview.server import ServeEvent

# Each command imports the stages it needs when it runs (ruff's PLC0415 is waived for
# these): a rebuild with nothing to do answers from file hashes in a fraction of a second,
# without importing pydantic, Jinja or WeasyPrint.

app = typer.Typer(
    name="briefgen",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ProjectOption = Annotated[
    Path,
    typer.Option(
        "--project", "-C", help="The project folder (with briefgen.yaml); default: here or above."
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat the content checks' warnings as errors.")
]
AllowOverflowOption = Annotated[
    bool,
    typer.Option(
        "--allow-overflow", help="Build a briefing that runs over its page budget, with a warning."
    ),
]
FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Briefing files to work on; default: every file in content/.", show_default=False
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefgen {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Build learning briefings (PDF, web page and embeddable fragment) from YAML.

    \b
    Examples:
      briefgen new neglect-audit-2025      start a briefing
      briefgen check                       check every briefing, write nothing
      briefgen build                       build every briefing into output/
      briefgen serve                       preview in a browser, rebuilt as you save
      briefgen collect returns/            read the returned discussion records
    """


@app.command("build")
def build_command(
    context: typer.Context,
    files: FilesArgument = None,
    project: ProjectOption = Path(),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write; default: output/.")
    ] = None,
    strict: StrictOption = False,
    allow_overflow: AllowOverflowOption = False,
    proof: Annotated[
        bool,
        typer.Option("--proof", help="Also write each PDF page as a PNG image, for sign-off."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild every briefing, changed or not.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes; default: one a core."),
    ] = None,
) -> None:
    """Build briefings into a PDF, a web page and a fragment each, and the index.

    \b
    Examples:
      briefgen build                                 every briefing in content/
      briefgen build content/neglect-audit-2025.yaml one briefing
      briefgen build --proof                         and PNG proofs of the pages
      briefgen build -o public                       write into public/ instead
    """
    root = find_project_root(project)
    options = Options(
        strict=strict, allow_overflow=allow_overflow, proof=proof, force=force, jobs=jobs
    )
    target = output_folder(root, output)
    # Nothing to do is answered from hashes alone, without loading the rest of briefgen.
    plan = Pipeline.plan(root, files or (), options, target)
    report = Pipeline.unchanged(plan, root, options)
    if report is not None:
        for outcome in report.outcomes:
            _print_outcome(outcome)
    else:
        with _engine(context, serial=len(plan.stale) <= 1 or jobs == 1) as engine:
            from briefgen.content.config import load_project  # noqa: PLC0415

            pipeline = Pipeline.start(load_project(root, output), options, engine)
            with _progress(len(plan.inputs)) as progress:
                named = files or ()  # a build of named files withdraws no other briefing
                report = pipeline.build(named, progress)
    _print_built(report, root)


def _print_built(report: Report, root: Path) -> None:
    """What a build did besides each briefing: notices, withdrawals, the index; its end."""
    _print_notices(report)
    for slug in report.withdrawn:
        gone = f"{CONTENT_FOLDER}/{slug}.yaml"
        typer.echo(f"withdrawn: {slug} ({gone} is gone); its outputs were removed")
    if report.index:
        typer.echo(f"Index: {shown_path(report.index, root)}")
    _finish(report, "built")


@app.command("check")
def check_command(
    context: typer.Context,
    files: FilesArgument = None,
    project: ProjectOption = Path(),
    strict: StrictOption = False,
    allow_overflow: AllowOverflowOption = False,
) -> None:
    """Check briefings for mistakes, and that each fits its pages, without writing anything.

    \b
    Examples:
      briefgen check                                 every briefing in content/
      briefgen check content/neglect-audit-2025.yaml one briefing
      briefgen check --strict                        warnings count as errors
    """
    options = Options(strict=strict, allow_overflow=allow_overflow)
    root = find_project_root(project)
    sources = content_sources(root, files or ())
    with _engine(context, serial=True) as engine:
        from briefgen.content.config import load_project  # noqa: PLC0415

        pipeline = Pipeline.start(load_project(root), options, engine)
        with _progress(len(sources)) as progress:
            report = pipeline.check(sources, progress)
    _print_notices(report)
    _finish(report, "checked")


@app.command("collect")
def collect_command(
    folder: Annotated[
        Path,
        typer.Argument(
            help="The folder of returned discussion records (its subfolders too); it may be "
            "outside the project, such as a shared drive."
        ),
    ],
    project: ProjectOption = Path(),
) -> None:
    """Read the returned discussion records and write the impact report in reports/.

    Every file in FOLDER is listed with what was done with it: read, not counted (a blank
    record, a withdrawn briefing's, a copy), not a record, or refused (macros, a zip bomb,
    links out, damaged, password-protected). Text that may identify a person is held back
    from the report until acknowledged under `collect.acknowledge` in briefgen.yaml.

    \b
    Examples:
      briefgen collect returns/
      briefgen collect "/mnt/shared/Learning/Returned records"
    """
    from briefgen.content.config import load_project  # noqa: PLC0415

    loaded = load_project(project)
    pipeline = Pipeline.start(loaded)
    collected = pipeline.collect(folder, _print_treatment)
    collection = collected.collection
    _print_held(collection)
    for path in collected.written:
        typer.echo(f"Wrote {loaded.relative(path)}")
    _finish_collect(collection)


def _print_treatment(treatment: Treatment) -> None:
    """One file's line: a tick for a record read, else its treatment, why, and what to do."""
    if treatment.status == "read":
        typer.echo(f"{typer.style('✓', fg='green')} {treatment.file}: {treatment.reason}")
        return
    colour = "red" if treatment.status == "refused" else "yellow"
    label = typer.style(str(treatment.status), fg=colour, bold=True)
    typer.echo(f"{treatment.file}: {label}: {escape_controls(treatment.reason)}", err=True)
    if treatment.fix:
        typer.echo(f"    fix: {escape_controls(treatment.fix)}", err=True)


def _print_held(collection: Collection) -> None:
    """Each finding of the personal-data guard: held back from the report until it is
    acknowledged, with the entry that would acknowledge it."""
    for held in collection.held:
        label = typer.style("held back", fg="red", bold=True)
        typer.echo(
            f"{escape_controls(held.file)} ({held.field}): {label}: "
            f"{held.kind}, {escape_controls(repr(held.text))}, may identify a person",
            err=True,
        )
        typer.echo(
            "    fix: if the report may show it, add under `collect: acknowledge:` in "
            f"briefgen.yaml: {{file: {escape_controls(repr(held.file))}, field: {held.field}, "
            f"text: {escape_controls(repr(held.text))}, reason: ...}}",
            err=True,
        )


def _finish_collect(collection: Collection) -> None:
    """A summary line; exit code 1 where a file was refused or text was held back: both
    need the collector's attention."""
    counts: dict[str, int] = {}
    for treatment in collection.treatments:
        counts[treatment.status] = counts.get(treatment.status, 0) + 1
    order = ("read", "not counted", "not a record", "refused")  # Status's, in its order
    parts = [f"{counts[status]} {status}" for status in order if counts.get(status)]
    files = len(collection.treatments)
    typer.echo(f"{files} file{'s' if files != 1 else ''}: {', '.join(parts) or 'none'}.")
    if counts.get("refused") or collection.held:
        raise typer.Exit(1)


@app.command("new")
def new_command(
    name: Annotated[str, typer.Argument(help="The new briefing's name: lower case and hyphens.")],
    project: ProjectOption = Path(),
    layout: Annotated[
        str,
        typer.Option(
            help="The shape to start from: 'audit summary', '7-minute briefing' or "
            "'learning questions'."
        ),
    ] = "audit summary",
) -> None:
    """Start a briefing: writes content/NAME.yaml, with notes, ready to fill in.

    \b
    Examples:
      briefgen new neglect-audit-2025
      briefgen new bruising-2025 --layout "7-minute briefing"
    """
    from briefgen.content.config import load_project  # noqa: PLC0415
    from briefgen.content.kinds import load_kinds  # noqa: PLC0415
    from briefgen.content.schema import SCHEMA_FOLDER, write_schemas  # noqa: PLC0415
    from briefgen.gate import create_file  # noqa: PLC0415
    from briefgen.steps import check_name  # noqa: PLC0415

    loaded = load_project(project)
    target = loaded.content / f"{check_name(name)}.yaml"
    starter = starter_file(layout)
    if target.exists() or target.is_symlink():
        raise Mistake(
            f"{loaded.relative(target)} already exists",
            "choose another name, or edit the existing file",
        )
    with _writing(loaded.relative(target)):
        write_schemas(loaded.root / SCHEMA_FOLDER, load_kinds(loaded.root))
        text = starter_text(loaded.relative(target), starter)
        create_file(target, text.encode(), loaded.root)  # never over a file just made
    typer.echo(
        f"Wrote {loaded.relative(target)}: fill it in, then run: "
        f"briefgen build {loaded.relative(target)}"
    )


@app.command("schema")
def schema_command(project: ProjectOption = Path()) -> None:
    """Write the JSON Schemas that let editors complete and check briefings as you type.

    Writes schema/briefing.schema.json (with the project's own kinds of block),
    schema/briefgen.schema.json and schema/kind.schema.json (for templates/blocks/*.yaml).
    Briefings started with `briefgen new` already point at the first.

    \b
    Examples:
      briefgen schema
    """
    from briefgen.content.config import load_project  # noqa: PLC0415
    from briefgen.content.kinds import load_kinds  # noqa: PLC0415
    from briefgen.content.schema import SCHEMA_FOLDER, write_schemas  # noqa: PLC0415

    loaded = load_project(project)
    with _writing(loaded.relative(loaded.root / SCHEMA_FOLDER)):
        written = write_schemas(loaded.root / SCHEMA_FOLDER, load_kinds(loaded.root))
    for path in written:
        typer.echo(f"Wrote {loaded.relative(path)}")


@app.command("serve")
def serve_command(
    port: Annotated[
        int,
        typer.Option(
            "--port", "-p", min=0, max=65535, help="The port to listen on; 0 picks a free one."
        ),
    ] = 8000,
    project: ProjectOption = Path(),
) -> None:
    """Preview the briefings in a browser: rebuilt and reloaded whenever a file is saved.

    Builds into output/, then serves it on this computer only (127.0.0.1). A mistake in
    a briefing shows in its page until the file is saved again. Ctrl-C stops it.

    \b
    Examples:
      briefgen serve                   open http://127.0.0.1:8000/ in a browser
      briefgen serve --port 8001       when port 8000 is taken
      briefgen serve -C ../other       preview another project
    """
    from briefgen.preview.server import PreviewServer  # noqa: PLC0415

    server = PreviewServer(find_project_root(project), port, _print_serve_event)
    try:
        server.run()
    except KeyboardInterrupt:
        typer.echo("Stopped.")


def _print_serve_event(event: ServeEvent) -> None:
    from briefgen.preview.server import Changed, Listening, Previewed, ProjectFailed  # noqa: PLC0415

    if isinstance(event, Listening):
        typer.echo(f"Serving the preview at {event.url} (Ctrl-C to stop)")
    elif isinstance(event, Changed):
        typer.echo(f"Changed: {', '.join(str(file) for file in event.files)}; rebuilding")
    elif isinstance(event, ProjectFailed):
        _print_error(event.error)
    elif isinstance(event, Previewed):
        pass  # the web pages are shown; each briefing's outcome follows with its PDF
    else:
        _print_outcome(event)


STARTERS = {
    "audit summary": "starter.yaml",
    "7-minute briefing": "starter-7-minute-briefing.yaml",
    "learning questions": "starter-learning-questions.yaml",
}


def starter_file(layout: str) -> str:
    """The starter of a built-in layout, or a plain error naming them."""
    if layout not in STARTERS:
        raise UsageError(
            f"there is no starter for the layout {layout!r}",
            "use --layout with one of: " + ", ".join(repr(name) for name in STARTERS),
        )
    return STARTERS[layout]


def starter_text(file: Path, starter: str = "starter.yaml") -> str:
    import jinja2  # noqa: PLC0415

    template = package_files("briefgen").joinpath(starter).read_text(encoding="utf-8")
    return str(
        jinja2.Template(template, keep_trailing_newline=True).render(
            file=file,
            title="Title of the briefing, in sentence case",
            today=dt.date.today().isoformat(),
            schema_url="../schema/briefing.schema.json",
        )
    )


@contextmanager
def _engine(context: typer.Context, *, serial: bool) -> Iterator[Engine]:
    """The PDF engine for a serial build or check: a process of its own, started before
    the rest of briefgen is imported (by briefgen.launch, which hands it over as the
    context's object, or here), so that WeasyPrint loads while briefgen does. A parallel
    build's workers each keep their own instead."""
    from briefgen.engine.process import IN_PROCESS, EngineProcess  # noqa: PLC0415

    early = context.obj if isinstance(context.obj, EngineProcess) else None
    if not serial:
        if early is not None:
            early.close()
        yield IN_PROCESS
        return
    engine = early or EngineProcess.start()
    try:
        yield engine
    finally:
        engine.close()


@contextmanager
def _writing(shown: Path) -> Iterator[None]:
    """A failure to write into the project (a full disk, a file where a folder must be,
    no permission), told as this computer's problem rather than as a traceback."""
    try:
        yield
    except OSError as error:
        raise EnvironmentProblem(
            f"cannot write {escape_controls(str(shown))}: {error.strerror or error}",
            "check that the project folder can be written to, that nothing of that name is "
            "in the way and that the disk has room; then run the command again",
        ) from None


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Outcome], None]]:
    """Print each briefing as it finishes; on a terminal, with a progress bar below."""
    if total < 2 or not sys.stderr.isatty():
        yield _print_outcome
        return
    with typer.progressbar(length=total, label="Building", file=sys.stderr) as bar:

        def report(outcome: Outcome) -> None:
            typer.echo("\r\x1b[2K", nl=False, err=True)  # clear the bar's line first
            _print_outcome(outcome)
            bar.update(1)

        yield report


def _print_outcome(outcome: Outcome) -> None:
    for problem in outcome.warnings:
        _print_problem(problem)
    if outcome.error is not None:
        _print_error(outcome.error)
        return
    details = []
    if outcome.pages:
        details.append(f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}")
    if outcome.unchanged:
        details.append("unchanged")
    detail = f" ({', '.join(details)})" if details else ""
    typer.echo(f"{typer.style('✓', fg='green')} {outcome.source}{detail}")


def _print_notices(report: Report) -> None:
    """What concerns the whole build (the machine, the settings), once, as warnings. A
    notice is one line; a build with nothing to do reads them from the manifest, a file
    anyone could edit, so a terminal's escape codes in one are shown, not obeyed."""
    for notice in report.notices:
        label = typer.style("warning", fg=SEVERITY_COLOURS["warning"], bold=True)
        typer.echo(f"{label}: {escape_controls(notice)}", err=True)


def _finish(report: Report, verb: str) -> None:
    total, failed = len(report.outcomes), len(report.failed)
    if total == 0:
        typer.echo("No briefings found: add one with `briefgen new NAME`.")
    elif failed:
        if total == 1:
            typer.echo("The briefing has errors (see above).", err=True)
        else:
            verb_failed = "has" if failed == 1 else "have"
            typer.echo(
                f"{total - failed} of {total} briefings {verb}; {failed} {verb_failed} errors "
                "(see above).",
                err=True,
            )
        raise typer.Exit(1)
    elif total > 1:
        typer.echo(f"{total} briefings {verb}.")


SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "note": "cyan"}


def _print_problem(problem: Problem) -> None:
    label = typer.style(problem.severity, fg=SEVERITY_COLOURS[problem.severity], bold=True)
    where = f" ({_printable(problem.field)})" if problem.field else ""
    message = _printable(problem.message)
    typer.echo(f"{_printable(problem.location)}: {label}: {message}{where}", err=True)
    if problem.value is not None:
        typer.echo(f"    you wrote: {_printable(problem.value)}", err=True)
    if problem.fix:
        typer.echo(f"    fix: {_printable(problem.fix)}", err=True)


def _printable(text: str) -> str:
    """A problem's text with what a terminal would act on shown as escapes (`\\x1b`), its
    line breaks kept: a fix may show YAML on lines of their own. The warnings of a briefing
    left unchanged come from the manifest, a file anyone could edit."""
    return "\n".join(escape_controls(line) for line in str(text).split("\n"))


def _print_error(error: BriefgenError) -> None:
    """A failure with the label of its kind: the user's mistake ("error"), a problem with
    this computer, or an internal error (a bug, whose details are in a log)."""
    if isinstance(error, ContentError):
        for problem in error.problems:
            _print_problem(problem)
        return
    colour = "magenta" if isinstance(error, EnvironmentProblem) else "red"
    label = typer.style(error.label, fg=colour, bold=True)
    if not isinstance(error, Explained):
        typer.echo(f"{label}: {error}", err=True)
        return
    where = f"{error.source}: " if isinstance(error, Crash) else ""
    typer.echo(f"{where}{label}: {error.message}", err=True)
    if error.fix:
        typer.echo(f"    fix: {error.fix}", err=True)


def main(argv: Sequence[str] | None = None, engine: EngineProcess | None = None) -> int:
    """Run the command line; the one place where user errors are caught. `engine`: the
    PDF engine's process, if briefgen.launch started it for this command (it is ended
    here whatever became of the command)."""
    command = typer.main.get_command(app)
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        # Typer reports a wrong use of the command line itself, with exit code 2.
        command.main(args=args, prog_name="briefgen", obj=engine)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 0
    except BriefgenError as error:
        _print_error(error)
        return error.exit_code
    finally:
        if engine is not None:
            engine.close()
    return 0


__all__ = [
    "main",
]
