"""A project's own kinds of block: declared in YAML, read and checked like a built-in kind,
and every mistake in a declaration or a block told at its line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefgen.content.blocks import Ids
from briefgen.content.kinds import (
    DeclaredKind,
    briefing_model,
    grouped,
    load_kinds,
)
from briefgen.content.load import load_briefing
from briefgen.content.schema import schema_text, write_schemas
from briefgen.errors import ContentError
from tests.support.project import REPOSITORY, Runner

OWN_KINDS = REPOSITORY / "examples" / "own-kinds"
EXAMPLE = OWN_KINDS / "content" / "case-chronology-and-ratings-2025.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project with its own kinds, without its outputs."""
    target = tmp_path / "own-kinds"
    shutil.copytree(OWN_KINDS, target, ignore=shutil.ignore_patterns("output"))
    return target


def problems_of(project: Path, briefing: str) -> list[str]:
    """Every mistake `briefgen check` would tell of `briefing`, as `file:line: message`."""
    source = project / "content" / "mistaken.yaml"
    source.write_text(briefing, encoding="utf-8")
    model = briefing_model(load_kinds(project))
    with pytest.raises(ContentError) as raised:
        load_briefing(source, Path("content/mistaken.yaml"), [project], model)
    return [f"{p.line}: {p.message}. fix: {p.fix}" for p in raised.value.problems]


def declaration_problems(project: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_kinds(project)
    return [f"{p.file}:{p.line}: {p.message}. fix: {p.fix}" for p in raised.value.problems]


BRIEFING = """\
title: A title
type: learning briefing
published: 2025-09
introduction: Why we looked.
sections:
  - heading: What happened
    blocks:
      - chronology:
          events:
            - date: 2024-03
              event: A bruise was seen.
            - date: 2024-04-12
              evnt: A referral was closed.
      - rating_scale:
          ratings:
            - area: Sharing information
              rating: poor
"""


def test_the_example_project_declares_a_chronology_and_a_rating_scale() -> None:
    kinds = load_kinds(OWN_KINDS)
    assert sorted(kinds.kinds) == ["chronology", "rating_scale"]
    assert kinds.kinds["chronology"].budget_name == "The chronology"
    assert kinds.kinds["rating_scale"].item_noun == "rating"


def test_a_block_of_a_declared_kind_is_read_as_its_model() -> None:
    model = briefing_model(load_kinds(OWN_KINDS))
    loaded = load_briefing(EXAMPLE, within=[OWN_KINDS], model=model)
    kinds = [block for _, block in loaded.briefing.blocks() if isinstance(block, DeclaredKind)]
    assert [kind.key for kind in kinds] == ["chronology", "rating_scale"]
    words = kinds[1].words()
    assert "Seeking a medical opinion" in words
    assert "inadequate" in words  # the chosen word is text both outputs must carry


def test_each_mistake_in_a_block_of_a_declared_kind_is_told_at_its_line(project: Path) -> None:
    told = problems_of(project, BRIEFING)
    assert any(
        line.startswith("13: unknown field `evnt`") and "did you mean `event`?" in line
        for line in told
    ), told
    assert not any("`event` is missing" in line for line in told)  # the typo says it
    assert any(
        line.startswith("17:") and "outstanding, good, requires improvement, inadequate" in line
        for line in told
    ), told


def test_a_declared_list_keeps_to_its_bounds(project: Path) -> None:
    one_event = BRIEFING.replace(
        "            - date: 2024-04-12\n              evnt: A referral was closed.\n", ""
    )
    told = problems_of(project, one_event)
    assert any(line.startswith("10:") and "at least 2" in line for line in told), told


def test_a_kind_not_declared_is_not_a_kind(project: Path) -> None:
    told = problems_of(project, BRIEFING.replace("- chronology:", "- chronolgy:"))
    assert any("chronolgy" in line and "did you mean `chronology`?" in line for line in told)


def test_a_project_kind_cannot_shadow_a_built_in_name(project: Path) -> None:
    blocks = project / "templates" / "blocks"
    shutil.copy(blocks / "chronology.yaml", blocks / "table.yaml")
    shutil.copy(blocks / "chronology.html.j2", blocks / "table.html.j2")
    told = declaration_problems(project)
    assert told == [
        "templates/blocks/table.yaml:1: `table` is the name of a built-in kind of block; a "
        "project's kind cannot replace it. fix: rename this file and its template, such as "
        "`our_table.yaml` and `our_table.html.j2`; to restyle the built-in `table`, keep only "
        "its template"
    ]


def test_a_mistake_in_a_declaration_is_told_at_its_own_line(project: Path) -> None:
    declaration = project / "templates" / "blocks" / "chronology.yaml"
    text = declaration.read_text()
    declaration.write_text(text.replace("    type: list\n", "    type: lst\n"))
    told = declaration_problems(project)
    line = text.splitlines().index("    type: list") + 1
    assert len(told) == 1
    assert told[0].startswith(f"templates/blocks/chronology.yaml:{line}: ")
    assert "markdown" in told[0]  # the types it may be


def test_a_declaration_whose_example_does_not_fit_is_told_at_the_example(project: Path) -> None:
    declaration = project / "templates" / "blocks" / "rating_scale.yaml"
    text = declaration.read_text()
    declaration.write_text(text.replace("      rating: good\n", "      rating: fine\n"))
    told = declaration_problems(project)
    line = text.splitlines().index("      rating: good") + 1
    assert len(told) == 1
    assert told[0].startswith(f"templates/blocks/rating_scale.yaml:{line}: ")


def test_a_declared_colour_too_faint_is_refused_at_its_line(project: Path) -> None:
    declaration = project / "templates" / "blocks" / "rating_scale.yaml"
    text = declaration.read_text()
    declaration.write_text(text.replace('colour: "#2E7D32"', 'colour: "#9BE59F"'))
    told = declaration_problems(project)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "#2E7D32" in row)
    assert len(told) == 1
    assert told[0].startswith(f"templates/blocks/rating_scale.yaml:{line}: the colour #9BE59F")
    assert "3:1" in told[0]


def test_a_kind_without_its_template_is_refused(project: Path) -> None:
    (project / "templates" / "blocks" / "chronology.html.j2").unlink()
    told = declaration_problems(project)
    assert told == [
        "templates/blocks/chronology.yaml:1: the kind `chronology` has no template. fix: add "
        "templates/blocks/chronology.html.j2 beside it, which shows a block of the kind"
    ]


def test_the_guard_reads_the_text_of_a_declared_kind(project: Path, briefgen_main: Runner) -> None:
    source = project / "content" / "case-chronology-and-ratings-2025.yaml"
    text = source.read_text()
    source.write_text(text.replace("The health visitor saw", "Mrs Okafor saw"))
    result = briefgen_main("check", "--project", project)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "The health visitor saw" in row)
    assert result.code == 1
    assert f"case-chronology-and-ratings-2025.yaml:{line}:" in result.err
    assert "Mrs Okafor" in result.err
    assert "sections.1.blocks.1.chronology.events.1.event" in result.err  # counted from 1


def test_numbers_are_grouped_as_the_briefing_prints_them() -> None:
    assert grouped(26000) == "26,000"
    assert grouped(26000.0) == "26,000"
    assert grouped(2.5) == "2.5"


# --- The editor: the project's schema holds its kinds ----------------------------------------


def test_the_project_schema_offers_each_kind_with_its_description_and_example(
    tmp_path: Path,
) -> None:
    written = write_schemas(tmp_path, load_kinds(OWN_KINDS))
    schema = json.loads((tmp_path / "briefing.schema.json").read_text())
    assert tmp_path / "kind.schema.json" in written
    block = schema["$defs"]["Block"]["properties"]["chronology"]
    assert block["description"].startswith("A chronology of the case")
    assert block["examples"][0]["events"][0]["event"].startswith("The health visitor")
    data = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text()), default=str))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_the_example_projects_committed_schemas_are_not_stale(tmp_path: Path) -> None:
    write_schemas(tmp_path, load_kinds(OWN_KINDS))
    for name in ("briefing.schema.json", "kind.schema.json"):
        committed = (OWN_KINDS / "schema" / name).read_text()
        assert committed == (tmp_path / name).read_text(), "run `briefgen schema` there"


def test_the_declarations_schema_is_the_models(tmp_path: Path) -> None:
    from briefgen.content.kinds import KindDeclaration  # noqa: PLC0415

    write_schemas(tmp_path)
    assert (tmp_path / "kind.schema.json").read_text() == schema_text(KindDeclaration)


COMPLETING = """\
title: A title
type: learning briefing
published: 2025-09
introduction: Why we looked.
sections:
  - heading: What happened
    blocks:
      - {cursor}
"""


@pytest.mark.slow
def test_the_editor_completes_a_declared_kind_and_checks_its_fields(tmp_path: Path) -> None:
    """The real yaml-language-server, given the project's schema, offers the kind where a
    block stands, with its description, and underlines a word the kind's choice has not."""
    from tests.support.lsp import yaml_language_server  # noqa: PLC0415

    write_schemas(tmp_path / "schema", load_kinds(OWN_KINDS))
    folder = tmp_path / "content"
    folder.mkdir()
    document = folder / "completing.yaml"
    document.write_text(COMPLETING.format(cursor=""), encoding="utf-8")
    with yaml_language_server(
        tmp_path / "schema" / "briefing.schema.json", f"{folder}/*.yaml"
    ) as server:
        server.diagnostics(document)  # opens it, as the editor does
        offered = {item["label"]: item for item in server.completions(document, 8, 9)}
        assert "chronology" in offered, sorted(offered)
        assert "rating_scale" in offered
        assert "paragraphs" in offered  # beside the built-in kinds
        documented = json.dumps(offered["rating_scale"].get("documentation", ""))
        assert "Areas of practice, each rated" in documented
        wrong = folder / "wrong.yaml"
        wrong.write_text(
            COMPLETING.format(
                cursor="rating_scale:\n          ratings:\n            - area: Sharing\n"
                "              rating: poor"
            ),
            encoding="utf-8",
        )
        underlined = server.diagnostics(wrong)
    assert [(d.line, d.message) for d in underlined] == [
        (11, "Use one of: outstanding, good, requires improvement, inadequate.")
    ]


def test_a_kind_declared_twice_is_told_at_the_second(project: Path) -> None:
    blocks = project / "templates" / "blocks"
    shared = blocks / "shared"
    shared.mkdir()
    for name in ("chronology.yaml", "chronology.html.j2"):
        shutil.copy(blocks / name, shared / name)
    assert declaration_problems(project) == [
        "templates/blocks/shared/chronology.yaml:1: the kind `chronology` is declared twice, "
        "here and in templates/blocks/chronology.yaml. fix: keep one of them, or rename this "
        "one with its template and style sheet"
    ]


def test_a_declared_list_is_bounded_as_a_briefing_is(project: Path) -> None:
    declaration = project / "templates" / "blocks" / "chronology.yaml"
    text = declaration.read_text()
    declaration.write_text(text.replace("    max: 16\n", "    max: 100000\n"))
    told = declaration_problems(project)
    assert len(told) == 1
    assert "`max` is at most 200 for a list" in told[0]


def test_the_guard_reads_the_addresses_of_a_declared_link(
    project: Path, briefgen_main: Runner
) -> None:
    """A `mailto:` address in a kind's link field is as personal as its text."""
    blocks = project / "templates" / "blocks"
    (blocks / "contact_points.yaml").write_text(
        "description: Where to ask.\nbudget_name: The contact points\nfields:\n"
        "  points:\n    type: list\n    required: true\n    description: The points.\n"
        "    record:\n      team: {type: text, required: true, description: The team.}\n"
        "      link: {type: link, description: How to reach it.}\n"
        "example:\n  points:\n    - {team: MASH, link: 'mailto:mash@example.org'}\n",
        encoding="utf-8",
    )
    (blocks / "contact_points.html.j2").write_text(
        "<ul>{% for item in block.data.points %}<li>{{ item.team }}</li>{% endfor %}</ul>\n"
    )
    source = project / "content" / "case-chronology-and-ratings-2025.yaml"
    source.write_text(
        source.read_text().replace(
            "\npractice:",
            "\n  - blocks:\n      - contact_points:\n          points:\n"
            "            - team: Duty team\n              link: 'mailto:jane.doe@gmail.com'\n"
            "\npractice:",
        )
    )
    result = briefgen_main("check", "--project", project)
    assert result.code == 1
    assert "this looks like an email address" in result.err
    assert "contact_points.points.1.link" in result.err


def test_an_unknown_key_in_a_declaration_is_refused_at_its_line(project: Path) -> None:
    declaration = project / "templates" / "blocks" / "chronology.yaml"
    text = declaration.read_text()
    declaration.write_text(
        text.replace("    required: true\n    min: 2", "    requird: true\n    min: 2")
    )
    told = declaration_problems(project)
    line = text.splitlines().index("    min: 2")  # the line before it, counted from 1
    assert len(told) == 1
    assert told[0].startswith(f"templates/blocks/chronology.yaml:{line}: unknown field `requird`")
    assert "did you mean `required`?" in told[0]


def test_a_scale_of_numbers_is_a_choice_of_words(project: Path) -> None:
    """Many partnerships grade 1 to 4: the grades are the declaration's words (in quotes,
    as every name there is text), a briefing writes them as numbers, and they print as
    written."""
    declaration = project / "templates" / "blocks" / "rating_scale.yaml"
    text = declaration.read_text()
    for word, grade in (("outstanding", 1), ("good", 2), ("requires improvement", 3)):
        text = text.replace(f"          {word}: {{", f'          "{grade}": {{')
        text = text.replace(f"rating: {word}\n", f"rating: {grade}\n")
    declaration.write_text(text.replace("          inadequate: {", '          "4": {'))
    kinds = load_kinds(project)
    source = project / "content" / "case-chronology-and-ratings-2025.yaml"
    written = source.read_text()
    for word, grade in (("outstanding", 1), ("good", 2), ("requires improvement", 3)):
        written = written.replace(f"rating: {word}\n", f"rating: {grade}\n")
    source.write_text(written.replace("rating: inadequate\n", "rating: 4\n"))
    loaded = load_briefing(source, within=[project], model=briefing_model(kinds))
    (scale,) = [b for _, b in loaded.briefing.blocks() if isinstance(b, DeclaredKind)][1:]
    assert [str(item["rating"]) for item in scale.view(Ids("x"))["ratings"]] == ["2", "4", "3", "1"]


@pytest.mark.slow
def test_the_editor_underlines_nothing_in_the_example_kinds_and_their_briefing() -> None:
    """The example project's own schemas, as `briefgen schema` wrote them, accept its
    briefing and its declarations, as the editor reads them."""
    from tests.support.lsp import yaml_language_server  # noqa: PLC0415

    schemas = OWN_KINDS / "schema"
    with yaml_language_server(
        schemas / "briefing.schema.json", f"{OWN_KINDS}/content/*.yaml"
    ) as server:
        assert server.diagnostics(EXAMPLE) == []
    declarations = sorted((OWN_KINDS / "templates" / "blocks").glob("*.yaml"))
    with yaml_language_server(
        schemas / "kind.schema.json", f"{OWN_KINDS}/templates/blocks/*.yaml"
    ) as server:
        assert [server.diagnostics(path) for path in declarations] == [[], []]


def test_the_schema_and_new_commands_write_the_projects_kinds(
    project: Path, briefgen_main: Runner
) -> None:
    for command in (("schema",), ("new", "another-briefing")):
        shutil.rmtree(project / "schema", ignore_errors=True)
        assert briefgen_main(*command, "--project", project).code == 0
        schema = json.loads((project / "schema" / "briefing.schema.json").read_text())
        assert "rating_scale" in schema["$defs"]["Block"]["properties"], command
        assert (project / "schema" / "kind.schema.json").is_file()


def test_a_bad_declaration_stops_the_schema_command_at_its_line(
    project: Path, briefgen_main: Runner
) -> None:
    declaration = project / "templates" / "blocks" / "chronology.yaml"
    declaration.write_text(declaration.read_text().replace("    type: list\n", "    type: lst\n"))
    result = briefgen_main("schema", "--project", project)
    assert result.code == 1
    assert "templates/blocks/chronology.yaml:" in result.err
    assert "Traceback" not in result.err
