"""Templates run in a sandbox: a project's template override can style, never run code.

Each attack is written on line 2 of the project's own key-message template and built
through the command line, as a partnership's web team would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.project import SEED_SLUG, Runner, copy_example, run_briefgen

OVERRIDE = Path("templates") / "blocks" / "key_message.html.j2"
SANDBOX = "which templates may not use"
UNDEFINED = "is undefined"

# Each attack and what the refusal must say. `{marker}` is a file the attack would create.
ATTACKS = {
    "lipsum's globals": (
        "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
        UNDEFINED,
    ),
    "cycler's __init__": (
        "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
        UNDEFINED,
    ),
    "joiner's __init__": ("{{ joiner.__init__ }}", UNDEFINED),
    "namespace": ("{% set ns = namespace(x=1) %}{{ ns.x }}", UNDEFINED),
    "a helper's globals": (
        "{{ icon.__globals__['os'].popen('touch {marker}').read() }}",
        f"method.__globals__, {SANDBOX}",
    ),
    "a lambda's globals": ("{{ asset.__globals__ }}", f"function.__globals__, {SANDBOX}"),
    "a helper's object": ("{{ icon.__self__.project }}", f"method.__self__, {SANDBOX}"),
    "a string's class": (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        f"str.__class__, {SANDBOX}",
    ),
    "the settings' class": ("{{ config.__class__ }}", f"ProjectConfig.__class__, {SANDBOX}"),
    "a settings method that reads a file": (
        "{{ config.parse_file('/etc/passwd') }}",
        f"ProjectConfig.parse_file, {SANDBOX}",
    ),
    "a settings method by subscript": (
        "{{ config['model_dump']() }}",
        f"ProjectConfig.model_dump, {SANDBOX}",
    ),
    "the template's __dict__": ("{{ self.__dict__ }}", f"TemplateReference.__dict__, {SANDBOX}"),
    "the template's context": (
        "{{ self._TemplateReference__context }}",
        f"TemplateReference._TemplateReference__context, {SANDBOX}",
    ),
    "a method's function": ("{{ briefing.id.__func__ }}", f"method.__func__, {SANDBOX}"),
    "appending to a list": (
        "{% set items = [1] %}{{ items.append(2) }}",
        f"list.append, {SANDBOX}",
    ),
    "updating a dict": ("{{ {}.update(a=1) }}", f"dict.update, {SANDBOX}"),
    "a range too large": ("{{ range(10**9)|length }}", "a range of more than 100,000 numbers"),
    "a huge power": ("{{ 2 ** 1000000 }}", f"a power as large as 2 ** 1000000, {SANDBOX}"),
    "a huge repetition": ("{{ 'x' * 10**9 }}", "a repetition of more than a million"),
    "str.format reaching a class": (
        "{{ '{0.__class__}'.format(briefing) }}",
        f"BriefingView.__class__, {SANDBOX}",
    ),
    "str.format reaching globals": (
        "{{ '{0.__globals__}'.format(icon) }}",
        f"method.__globals__, {SANDBOX}",
    ),
    "the attr filter": ("{{ briefing|attr('__class__') }}", f"BriefingView.__class__, {SANDBOX}"),
    "a do statement": ("{% do [].append(1) %}", "Encountered unknown tag 'do'"),
}


def write_override(folder: Path, attack: str) -> None:
    override = folder / OVERRIDE
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<p>Our key message:\n" + attack + "\n</p>\n")


@pytest.mark.parametrize("name", list(ATTACKS))
@pytest.mark.slow
def test_a_template_that_reaches_outside_its_data_is_refused_with_its_file_and_line(
    tmp_path: Path, briefgen_main: Runner, name: str
) -> None:
    folder = copy_example(tmp_path / "project")
    marker = tmp_path / "ran"
    attack, said = ATTACKS[name]
    write_override(folder, attack.replace("{marker}", str(marker)))
    run = briefgen_main("build", "--project", folder)
    assert run.code == 1
    assert f"error: {OVERRIDE}:2: " in run.err, run.err
    assert said in run.err
    assert "fix: " in run.err
    assert "Traceback" not in run.err
    assert not marker.exists(), "the attack ran"
    assert not (folder / "output" / SEED_SLUG).exists(), "nothing of the briefing is written"


@pytest.mark.slow
def test_a_template_cannot_run_a_command_through_the_command_line(tmp_path: Path) -> None:
    """The issue's attack, in a separate process: exit code 1 and nothing of `id` anywhere."""
    folder = copy_example(tmp_path / "project")
    write_override(folder, "{{ lipsum.__globals__['os'].popen('id').read() }}")
    run = run_briefgen("build", cwd=folder)
    assert run.code == 1
    assert f"{OVERRIDE}:2: template error: 'lipsum' is undefined" in run.err
    assert "uid=" not in run.out + run.err
    written = [path for path in (folder / "output").rglob("*") if path.is_file()]
    assert all(b"uid=" not in path.read_bytes() for path in written)


@pytest.mark.slow
def test_a_template_may_still_loop_filter_and_call_the_themes_helpers(
    tmp_path: Path, briefgen_main: Runner
) -> None:
    folder = copy_example(tmp_path / "project")
    write_override(
        folder,
        "{% for step in range(2) %}<span id=\"{{ briefing.id('step') }}-{{ step }}\">"
        "{{ config.partnership.name|upper }} {{ briefing.published.isoformat() }}"
        "</span>{% endfor %}{{ briefing.keywords|join(', ')|length > 0 }}"
        "{% set words = ['a', 'b'] %}{{ words|sort|first }}",
    )
    run = briefgen_main("build", "--project", folder)
    assert run.code == 0, run.err
    fragment = (folder / "output" / SEED_SLUG / "fragment.html").read_text()
    assert (
        f'<span id="{SEED_SLUG}-step-1">WEST SUSSEX SAFEGUARDING CHILDREN PARTNERSHIP 2020-05'
        in (fragment)
    )
