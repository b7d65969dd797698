"""The links between a briefing's versions: each named in its own language, in the order
of the project's `languages`, with an address only where `site.url` gives one."""

from __future__ import annotations

from pathlib import Path

from briefgen.content.config import ProjectConfig
from briefgen.content.load import Version, load_briefing
from briefgen.render.alternates import alternates_of

PARTNERSHIP = {"partnership": {"name": "Mid and West Wales Safeguarding Board"}}
SEED = Path(__file__).parents[3] / "content" / "under-twos-repeat-referrals-2020.yaml"
READ = load_briefing(SEED, Path(SEED.name), within=[SEED.parent])


def version(language: str, slug: str, *, readable: bool = True) -> Version:
    loaded = READ if readable else None
    return Version(Path(f"content/{slug}.yaml"), slug, language, loaded, original=False)


def test_a_version_that_cannot_be_read_is_not_linked() -> None:
    config = ProjectConfig.model_validate(PARTNERSHIP)
    versions = [version("cy", "a-cy", readable=False), version("pl", "a-pl")]
    assert [a.tag for a in alternates_of(versions, config)] == ["pl"]


def test_each_version_is_named_in_its_own_language_in_the_projects_order() -> None:
    config = ProjectConfig.model_validate(
        {**PARTNERSHIP, "language": "en-GB", "languages": ["cy", "en-GB", "ur"]}
    )
    versions = [version("ur", "a-ur"), version("en-GB", "a"), version("cy", "a-cy")]
    found = alternates_of(versions, config)
    assert [(a.tag, a.name, a.direction) for a in found] == [
        ("cy", "Cymraeg", "ltr"),
        ("en-GB", "English", "ltr"),
        ("ur", "اردو", "rtl"),
    ]
    assert found[0].page == "../a-cy/index.html"
    assert all(a.address is None for a in found)


def test_with_site_url_each_version_has_its_address() -> None:
    config = ProjectConfig.model_validate(
        {**PARTNERSHIP, "site": {"url": "https://example.org/briefings"}}
    )
    (found,) = alternates_of([version("cy", "a-cy")], config)
    assert found.address == "https://example.org/briefings/a-cy/index.html"
