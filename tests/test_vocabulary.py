"""The one vocabulary: word lists declared once in dashboard/vocabulary.py, and no module spelling
them out again (issue 18, finding 10: speech verbs were declared five times, force nouns six)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard import vocabulary

PACKAGE = Path(vocabulary.__file__).parent
LISTS = {
    "weekdays": set(vocabulary.WEEKDAYS),
    "month names": set(vocabulary.MONTH_NAMES),
    "speech verbs": {past for _, past in vocabulary.SPEECH_FORMS.values()} - {"reported"},
    "force nouns": set(vocabulary.FORCE_NOUNS),
    "number words": {w for w, n in vocabulary.SMALL_NUMBERS.items() if 1 <= n <= 9},
}


def _literals(path: Path) -> list[tuple[int, str]]:
    """The module's string constants but its docstrings (prose may name any word)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def test_speech_forms_cover_every_speech_verb() -> None:
    assert set(vocabulary.SPEECH_VERBS) <= set(vocabulary.SPEECH_FORMS)
    assert {"said", "says", "told", "claimed", "denies"} <= vocabulary.SPEECH_WORDS
    assert set(vocabulary.CLAIMING_VERBS) <= set(vocabulary.SPEECH_VERBS)


def test_calendar_and_numbers() -> None:
    assert sorted(set(vocabulary.MONTHS.values())) == list(range(1, 13))
    assert vocabulary.MONTHS["sept"] == vocabulary.MONTHS["september"] == 9
    assert vocabulary.WEEKDAYS["monday"] == 0 and vocabulary.WEEKDAYS["sunday"] == 6  # date.weekday()
    assert vocabulary.SMALL_NUMBERS["nineteen"] == 19 and vocabulary.SMALL_NUMBERS["ninety"] == 90


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "vocabulary.py"))
def test_no_module_spells_out_a_shared_word_list(module: str) -> None:
    """A string literal naming five or more words of one shared list is a second declaration of it."""
    found = []
    for line, literal in _literals(PACKAGE / module):
        words = set(re.findall(r"[a-z]+", literal.lower()))
        found += [(line, name, sorted(words & listed)) for name, listed in LISTS.items()
                  if len(words & listed) >= 5]
    assert not found, f"{module} re-declares shared word lists: {found}"
