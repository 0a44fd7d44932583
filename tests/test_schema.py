"""docs/schema.md lists exactly the fields the extractor returns, and the CLI and README point to it."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from dashboard.__main__ import build_parser
from dashboard.model import Claim, Consistency, DateRef, Figure, Place, Quote, ReportMeta

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")


def documented(section: str) -> set[str]:
    """Field names in the first column of the table under ``### section``."""
    body = SCHEMA.split(f"\n### {section}\n", 1)[1].split("\n#", 1)[0]
    names: set[str] = set()
    for line in body.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([a-z_0-9]+)`", line.split("|")[1]))
    return names


@pytest.mark.parametrize(("section", "cls"), [
    ("report", ReportMeta), ("places", Place), ("figures", Figure), ("dates", DateRef), ("claims", Claim),
    ("quotes", Quote), ("consistency", Consistency)])
def test_every_returned_field_is_documented_and_nothing_else(section, cls):
    assert documented(section) == {f.name for f in fields(cls)}


def test_the_example_object_has_every_list_of_a_report():
    from dashboard.model import Report
    example = SCHEMA.split("```json", 1)[1].split("```", 1)[0]
    for f in fields(Report):
        assert f'"{f.name}"' in example


def all_help() -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.choices and isinstance(a.choices, dict))
    return parser.format_help() + "".join(p.format_help() for p in sub.choices.values())


def test_readme_and_help_stand_alone():
    for text in (all_help(), (ROOT / "README.md").read_text(encoding="utf-8")):
        assert "../shared" not in text and "shared/eval" not in text
    assert "docs/schema.md" in all_help()
    assert "docs/schema.md" in (ROOT / "README.md").read_text(encoding="utf-8")
