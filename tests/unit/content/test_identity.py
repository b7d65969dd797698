"""A partnership's whole identity, or none: resolved from briefgen.yaml or the briefing."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from briefgen.content.config import ProjectConfig
from briefgen.content.identity import OtherPartnership, check_send_to, identity_of

PROJECT: dict[str, Any] = {
    "partnership": {
        "name": "West Sussex Safeguarding Children Partnership",
        "website": "https://www.westsussexscp.org.uk",
        "logo": {"file": "assets/logo.svg", "alt": "West Sussex logo"},
    },
    "discussion_record": {"send_to": "learning@westsussexscp.org.uk"},
    "partnerships": [
        {
            "name": "Example Safeguarding Children Partnership",
            "website": "https://www.example.org",
            "logo": {"file": "assets/example-logo.svg", "alt": "Example logo"},
            "discussion_record": {"send_to": "learning@example.org"},
        },
        {"name": "Bare Partnership"},
    ],
}
CONFIG = ProjectConfig.model_validate(PROJECT)


def test_a_briefing_that_names_no_partnership_or_the_projects_is_the_projects() -> None:
    for given in (None, "West Sussex Safeguarding Children Partnership"):
        identity = identity_of(given, CONFIG)
        assert identity.name == "West Sussex Safeguarding Children Partnership"
        assert identity.website == "https://www.westsussexscp.org.uk/"
        assert identity.logo is not None
        assert identity.logo.alt == "West Sussex logo"
        assert identity.send_to == "learning@westsussexscp.org.uk"
        assert not identity.logo_is_own


def test_a_partnership_of_briefgen_yaml_is_taken_whole_and_borrows_nothing() -> None:
    example = identity_of("Example Safeguarding Children Partnership", CONFIG)
    assert (example.website, example.send_to) == (
        "https://www.example.org/",
        "learning@example.org",
    )
    assert example.logo is not None
    assert example.logo.file == "assets/example-logo.svg"
    assert example.declared
    bare = identity_of("Bare Partnership", CONFIG)
    assert (bare.website, bare.logo, bare.send_to) == (None, None, None)  # not the project's


def test_a_name_briefgen_yaml_does_not_know_is_its_name_alone() -> None:
    unknown = identity_of("Elsewhere Board", CONFIG)
    assert (unknown.name, unknown.website, unknown.logo, unknown.send_to) == (
        "Elsewhere Board",
        None,
        None,
        None,
    )
    assert not unknown.declared


def test_a_partnership_given_in_the_briefing_has_its_own_logo() -> None:
    own = OtherPartnership.model_validate(
        {"name": "Own", "logo": {"file": "assets/own.png", "alt": "Own logo"}}
    )
    identity = identity_of(own, CONFIG)
    assert identity.logo_is_own
    assert identity.send_to is None


def test_two_partnerships_of_one_name_are_refused() -> None:
    twice = {**PROJECT, "partnerships": [*PROJECT["partnerships"], {"name": "Bare Partnership"}]}
    with pytest.raises(ValidationError, match="two partnerships are called 'Bare Partnership'"):
        ProjectConfig.model_validate(twice)


@pytest.mark.parametrize(
    "address", ["a@b.org\r\nBcc: x@y.org", "a@b.org%0ABcc:x@y.org", "not an address"]
)
def test_an_address_to_send_records_to_is_one_address_alone(address: str) -> None:
    with pytest.raises(ValueError, match=r"address|control"):
        check_send_to(address)


def test_a_briefing_in_another_language_shows_the_partnership_in_it() -> None:
    config = ProjectConfig.model_validate(
        {
            "partnership": {
                "name": "Mid and West Wales Safeguarding Board",
                "website": "https://www.cysur.wales",
                "logo": {"file": "assets/logo.svg", "alt": "Mid and West Wales board logo"},
                "translations": {
                    "cy": {
                        "name": "Bwrdd Diogelu Canolbarth a Gorllewin Cymru",
                        "website": "https://www.cysur.cymru",
                        "logo_alt": "Logo Bwrdd Diogelu Canolbarth a Gorllewin Cymru",
                    },
                    "pl": {"name": "Rada ds. Ochrony Środkowej i Zachodniej Walii"},
                },
            }
        }
    )
    welsh = identity_of(None, config, "cy-GB")
    assert welsh.name == "Bwrdd Diogelu Canolbarth a Gorllewin Cymru"
    assert welsh.website == "https://www.cysur.cymru/"
    assert welsh.logo is not None
    assert welsh.logo.alt == "Logo Bwrdd Diogelu Canolbarth a Gorllewin Cymru"
    assert welsh.logo.file == "assets/logo.svg"
    polish = identity_of(None, config, "pl")  # what it does not give stays the project's
    assert (polish.website, polish.logo) == ("https://www.cysur.wales/", config.partnership.logo)
    assert identity_of(None, config, "en-GB").name == "Mid and West Wales Safeguarding Board"
    assert identity_of(None, config).name == "Mid and West Wales Safeguarding Board"
