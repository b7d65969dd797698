"""A briefing's language: a BCP 47 tag of a language the CLDR knows, given on the briefing
or by default in briefgen.yaml; its direction and Open Graph locale follow from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from briefgen.content.config import ProjectConfig
from briefgen.content.languages import (
    DEFAULT_LANGUAGE,
    ENGLISH_PHRASES,
    language_of,
    untranslated,
)
from briefgen.content.model import Briefing


def briefing(**fields: Any) -> Briefing:
    data = {"title": "Fathers", "type": "rapid review", "published": "2021-03"}
    data |= {"introduction": "Why we looked.", **fields}
    return Briefing.model_validate(data)


@pytest.mark.parametrize(
    ("tag", "primary", "direction", "og_locale"),
    [
        ("en-GB", "en", "ltr", "en_GB"),
        ("en", "en", "ltr", "en_GB"),
        ("cy", "cy", "ltr", "cy_GB"),
        ("cy-GB", "cy", "ltr", "cy_GB"),
        ("ur", "ur", "rtl", "ur_PK"),
        ("ur-IN", "ur", "rtl", "ur_IN"),
        ("ar", "ar", "rtl", "ar_EG"),
        ("pl", "pl", "ltr", "pl_PL"),
    ],
)
def test_a_language_knows_its_direction_and_locale(
    tag: str, primary: str, direction: str, og_locale: str
) -> None:
    language = language_of(tag)
    assert (language.tag, language.primary) == (tag, primary)
    assert language.direction == direction
    assert language.right_to_left is (direction == "rtl")
    assert language.og_locale == og_locale


def test_a_briefing_gives_its_language_and_the_settings_a_default() -> None:
    assert briefing(language="cy").language == "cy"
    assert briefing().language is None
    config = ProjectConfig.model_validate({"partnership": {"name": "Anytown"}})
    assert config.language == DEFAULT_LANGUAGE == "en-GB"
    welsh = ProjectConfig.model_validate({"partnership": {"name": "Anytown"}, "language": "cy"})
    assert welsh.language == "cy"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("Welsh", "`Welsh` is not a language tag"),
        ("cy_GB", "`cy_GB` is not a language tag"),
        ("xx", "briefgen knows no language `xx`"),
    ],
)
def test_a_language_that_is_no_tag_is_told_with_an_example(value: str, said: str) -> None:
    with pytest.raises(ValidationError) as raised:
        briefing(language=value)
    message = str(raised.value)
    assert said in message
    assert "`cy` for Welsh" in message


def test_messages_of_the_code_are_marked_and_english_as_written() -> None:
    assert untranslated("Key findings") == "Key findings"
    assert ENGLISH_PHRASES.gettext("Findings") == "Findings"
    assert ENGLISH_PHRASES.period(dt.date(2019, 7, 1), dt.date(2019, 12, 31)) == (
        "July to December 2019"
    )
