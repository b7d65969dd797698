"""Every figure briefgen prints from a number (a cohort's total and counts, a chart's bars and
total, a table's cells) is grouped as the briefing's language writes it, "26,000", in the
PDF and on the page; a figure written as text is printed as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.project import copy_example
from tests.support.text import html_text, pdf_text, seed_data, write_briefing


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("figures") / "project", content=False)
    data = seed_data()
    data["page_budget"] = 4
    cohort = data["method"]["cohort"]
    cohort["total"] = 26000
    cohort["breakdowns"][1]["groups"] = [
        {"label": "Multi-agency audit", "count": 13000},
        {"label": "Single agency audit", "count": 13000},
    ]
    data["sections"] = [
        {
            "heading": "The year in figures",
            "blocks": [
                {
                    "chart": {
                        "title": "Contacts received",
                        "total": 40000,
                        "bars": [
                            {"label": "By telephone", "count": 26000},
                            {"label": "Online", "count": 14000},
                        ],
                    }
                },
                {"statistics": [{"value": "24000", "label": "contacts, as written"}]},
                {
                    "table": {
                        "caption": "Contacts by agency",
                        "columns": [["Agency", "2024", "Share"]],
                        "rows": [["Police", 12500, 31.25], ["Health", "9000", 1234.5]],
                    }
                },
            ],
        }
    ]
    write_briefing(folder, "figures", data)
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output / "figures"


@pytest.mark.parametrize("output", ["figures.pdf", "index.html", "fragment.html"])
def test_figures_are_grouped_and_text_is_as_written(built: Path, output: str) -> None:
    path = built / output
    text = pdf_text(path) if path.suffix == ".pdf" else html_text(path)
    for grouped in (
        "26,000 children",  # the cohort's total
        "13,000 (50%)",  # a breakdown's count
        "By telephone: 26,000 (65%)",  # a chart's bar
        "Out of 40,000",  # a chart's total
        "12,500",  # a table's number
        "1,234.5",
        "31.25",
    ):
        assert grouped in text, (grouped, output)
    assert "24000" in text  # a statistic is text, printed as written
    assert "Health 9000" in text  # a cell written in quotes: text
    assert "26000" not in text
