"""The model's lemmas, and ours for the past forms it misses (``frames.LEMMA_FIXES``), by table look-up.

spaCy's rule lemmatizer gives a token's lemma from its text, part of speech and morphology alone
(its own cache is keyed on those three), but it walks the tokens one Python object at a time, and our
fixes walked them again: 0.063 CPU seconds over the bench's 762 claim sentences, against 0.014 here
(session 10). Here the three values are read for a whole sentence in one array, each combination is
lemmatised once by the model's own lemmatizer and remembered, and the lemmas are written back in one
array: the same lemmas (a test compares both on the devset's sentences).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

_MEMO_SIZE = 200_000  # (text, part of speech, morphology) combinations remembered


class LemmaTable:
    """A pipeline component giving what ``lemmatizer`` followed by our fixes give, from a memo."""

    def __init__(self, lemmatizer: Lemmatizer, fixes: dict[str, str]) -> None:
        from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS

        self._lemmatizer = lemmatizer
        self._strings = lemmatizer.vocab.strings
        self._read = [ORTH, POS, MORPH, LOWER, LEMMA]
        self._write = [LEMMA]
        self._fixes = {self._strings.add(low): self._strings.add(lemma) for low, lemma in fixes.items()}
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(self._read)
        lemmas = rows[:, 4].copy()
        memo, fixes = self._memo, self._fixes
        for i, (orth, pos, morph, lower, lemma) in enumerate(rows.tolist()):
            if lemma == 0:  # the attribute rules' lemmas stand, as the lemmatizer leaves them
                lemma = memo.get((orth, pos, morph))
                if lemma is None:
                    lemma = self._strings.add(self._lemmatizer.lemmatize(doc[i])[0])
                    if len(memo) < _MEMO_SIZE:
                        memo[orth, pos, morph] = lemma
            lemmas[i] = fixes.get(lower, lemma)
        doc.from_array(self._write, lemmas.reshape(-1, 1))
        return doc
