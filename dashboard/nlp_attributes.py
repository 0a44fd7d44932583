"""The model's own attribute rules (``attribute_ruler``: a tag's part of speech and morphology, and
exceptions such as "ai n't" -> "be"), applied by table look-up instead of spaCy's ``Matcher``.

Every rule of en_core_web_sm 3.8 tests one token, or two in a row, on LOWER, TAG, DEP or IS_SPACE
with a value, an IN / NOT_IN set or a REGEX. What a token gets therefore depends only on those four
values (its neighbour's for a pair), so each combination is worked out once and remembered. The
``Matcher`` tried all 179 rules at every token: 15 % of the parse of the bench's claim sentences,
0.32 of 2.1 CPU seconds, against 0.02 s for this table (README, "The parse reader's cost"). Same
rules, same order (the later rule's attribute wins, as ``AttributeRuler.set_annotations`` sorts by
rule), same annotations: a test compares both on the devset's sentences.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # the token values a rule may test, in key order
_MEMO_SIZE = 200_000  # token value combinations remembered (a long batch meets ever more words)
Key = tuple[int, int, int, int]
Test = Callable[[Key], bool]


class UnsupportedRule(ValueError):
    """A rule this table cannot read (an operator, an extension, another attribute): keep spaCy's."""


class AttributeTable:
    """A pipeline component doing what the given ``AttributeRuler`` does, from its own rules."""

    def __init__(self, ruler: AttributeRuler) -> None:
        from spacy.strings import get_string_id
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self._strings = ruler.vocab.strings
        self._id = get_string_id
        self._attrs: list[dict[Any, Any]] = list(ruler.attrs)
        singles: list[tuple[int, Test]] = []
        self._runs: list[tuple[int, list[Test], int]] = []  # rule, a test per token, which token gets it
        for rule, index in enumerate(ruler.indices):
            for pattern in ruler.matcher.get(str(rule))[1]:
                tests = [self._token_test(spec) for spec in pattern]
                if len(tests) == 1:
                    if index not in (0, -1):
                        raise UnsupportedRule(f"rule {rule}: index {index} of a one-token pattern")
                    singles.append((rule, tests[0]))
                else:
                    if not -len(tests) <= index < len(tests):
                        raise UnsupportedRule(f"rule {rule}: index {index} outside its pattern")
                    self._runs.append((rule, tests, index % len(tests)))
        self._singles = singles
        self._of_key: dict[Key, tuple[tuple[int, ...], tuple[int, ...]]] = {}  # memo of ``_known``
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}  # rules met -> attributes, later ones win

    def _token_test(self, spec: dict[str, Any]) -> Test:
        checks: list[Test] = []
        for name, value in spec.items():
            if name not in _ATTRS:
                raise UnsupportedRule(f"attribute {name}")
            at = _ATTRS.index(name)
            if isinstance(value, dict):
                if len(value) != 1:
                    raise UnsupportedRule(f"{name}: {value}")
                ((op, arg),) = value.items()
                checks.append(self._operator(at, op, arg))
            else:
                wanted = int(value) if isinstance(value, bool) else self._id(value)
                checks.append(lambda key, at=at, wanted=wanted: key[at] == wanted)
        return lambda key: all(check(key) for check in checks)

    def _operator(self, at: int, op: str, arg: Any) -> Test:
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            ids = frozenset(self._id(v) for v in arg)
            return (lambda key: key[at] in ids) if op == "IN" else (lambda key: key[at] not in ids)
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return lambda key: regex.search(self._strings[key[at]]) is not None
        raise UnsupportedRule(f"{op}: {arg!r}")

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        keys: list[Key] = [tuple(row) for row in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()]
        known = [self._known(key) for key in keys]
        met = [rules for rules, _ in known]
        for start, (_, runs) in enumerate(known):  # rules on a run of tokens whose first one fits
            for run in runs:
                rule, tests, target = self._runs[run]
                if start + len(tests) <= len(keys) and all(
                        test(keys[start + k]) for k, test in enumerate(tests) if k):
                    met[start + target] = tuple(sorted({*met[start + target], rule}))
        for i, rules in enumerate(met):
            if rules:
                self._set(doc[i], self._attributes(rules))
        return doc

    def _known(self, key: Key) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The one-token rules a token with these values meets, and the runs it may start."""
        known = self._of_key.get(key)
        if known is None:
            if len(self._of_key) >= _MEMO_SIZE:
                self._of_key.clear()
            singles = tuple(sorted({rule for rule, test in self._singles if test(key)}))
            starts = tuple(i for i, (_, tests, _) in enumerate(self._runs) if tests[0](key))
            known = self._of_key[key] = (singles, starts)
        return known

    def _attributes(self, rules: tuple[int, ...]) -> dict[Any, Any]:
        merged = self._merged.get(rules)
        if merged is None:
            merged = self._merged[rules] = {k: v for rule in rules for k, v in self._attrs[rule].items()}
        return merged
