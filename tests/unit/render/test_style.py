"""Brand colours: every text colour of the theme contrasts with its background (WCAG 2.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.config import Brand
from briefgen.errors import Mistake
from briefgen.render.style import check_contrast, contrast, contrast_pairs, make_palette
from tests.support.project import Runner


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    "primary", ["#00558C", "#1D4F91", "#6A1B9A", "#B3261E", "#005A30", "#000000"]
)
def test_usable_brands_pass_every_pair(primary: str) -> None:
    palette = make_palette(Brand(primary=primary))
    check_contrast(palette)
    assert all(pair.ratio >= pair.minimum for pair in contrast_pairs(palette))


def test_a_pale_brand_colour_is_refused_naming_the_pair_and_the_ratio() -> None:
    with pytest.raises(Mistake) as caught:
        check_contrast(make_palette(Brand(primary="#7FB2E5")))
    message = caught.value.message
    assert "headings and links on the page: #7FB2E5 on #FFFFFF is 2.2" in message
    assert "needs 4.5:1" in message


def test_the_command_refuses_a_pale_brand(project_folder: Path, briefgen_main: Runner) -> None:
    config = project_folder / "briefgen.yaml"
    config.write_text(config.read_text().replace('primary: "#00558C"', 'primary: "#F2C200"'))
    result = briefgen_main("build", "--project", project_folder)
    assert result.code == 1
    assert "#F2C200 on #FFFFFF is 1.6" in result.err
    assert "choose a darker brand.primary" in result.err
