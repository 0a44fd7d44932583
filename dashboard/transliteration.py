"""Transliteration-tolerant keys for names: one key for the spellings wire copy and GeoNames give
one place ("Maarat al-Numan" / "Ma‘arrat an Nu‘mān", "Ben Jawad" / "Bin Jawwād", "Pul-e-Hesar" /
"Pul-e Ḩişār", "Banibangou" / "Bani Bangou").

The key drops what transliterations disagree on and keeps what they share: accents and case;
apostrophes, ayn and hamza marks, hyphens and spaces; the Arabic article before a capitalised word
(assimilated or not: "an Nu‘mān", "al-Numan"); doubled letters ("Jawwād"); and the vowels they write
differently (e/i/y, o/u: "Hesar"/"Hisar", "Zaytoun"/"Zaitun"), q/k, an h that marks the consonant
before it ("gh", "kh", "dh", "th") and a word's final h after a vowel ("Misratah"). ``loosened``
gives a text's key with each key letter's span in the text, so a match in the key maps back to the
words it came from.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dashboard.vocabulary import ARABIC_ARTICLES

# Forms of the article in GeoNames' and in French transliterations besides wire copy's.
_ARTICLES = sorted({*ARABIC_ARTICLES, "adh", "ath", "ed", "es", "er", "en", "et", "ez", "il"}, key=len,
                   reverse=True)
# An article written apart from its word or joined by a hyphen, before a capitalised word (checked
# in ``_article_spans``): "an Nu‘mān", "al-Watiya", "Jisr ash Shughūr".
_ARTICLE = re.compile(r"(?<![\w'’‘ʿʾ`])(?i:%s)[- ]+(?=\w)" % "|".join(_ARTICLES))
# Letters NFKD does not decompose, as the Latin letter transliterations write for them.
_LETTERS = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
            "ß": "ss"}
_JOINERS = frozenset("'’‘`´ʿʾ")  # marks inside a word: "Nu‘mān", "Pil’na"
_VOWELS = str.maketrans({"e": "i", "y": "i", "o": "u", "q": "k"})
# An h that only marks the consonant before it ("Barsalogho"/"Barsalogo", "Dhusamareb"/"Dusamareb").
_MARKED = frozenset("gkdtp")


@lru_cache(maxsize=4096)
def _letter_key(ch: str) -> str:
    """What one character of a name contributes to its key ("" for marks, spaces and punctuation)."""
    low = ch.lower()
    low = _LETTERS.get(low, low)
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    # modifier letters (ayn ʿ, hamza ʾ) are letters to Python, marks to a reader
    kept = "".join(c for c in base if c.isalnum() and unicodedata.category(c) != "Lm")
    return kept.translate(_VOWELS)


def _article_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ARTICLE.finditer(text) if text[m.end()].isupper()]


@dataclass(frozen=True)
class Loosened:
    """A text's key; ``starts[i]``..``ends[i]`` is the span of the text key letter ``i`` stands for."""

    key: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def loosened(text: str) -> Loosened:
    """The key of ``text`` with, for each key letter, the span of text it comes from."""
    skipped = bytearray(len(text))
    for start, end in _article_spans(text):
        skipped[start:end] = b"\x01" * (end - start)
    key: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    apart = False  # a space, hyphen or article since the last letter: doubled letters across it stay two
    word = 0  # where the current word starts in ``key``
    for i, ch in enumerate(text):
        letters = "" if skipped[i] else _letter_key(ch)
        if not letters:
            if unicodedata.combining(ch) and key:
                ends[-1] = i + 1  # a decomposed accent belongs to its letter
            elif skipped[i] or ch not in _JOINERS and unicodedata.category(ch) != "Lm":
                _drop_final_h(key, starts, ends, word)
                apart, word = True, len(key)
            continue
        for letter in letters:
            if key and not apart and (key[-1] == letter or letter == "h" and key[-1] in _MARKED):
                ends[-1] = i + 1  # doubled letters are one ("Jawwād", "Ma‘arrat"), and so are "gh", "kh"
                continue
            key.append(letter)
            starts.append(i)
            ends.append(i + 1)
        apart = False
    _drop_final_h(key, starts, ends, word)
    return Loosened("".join(key), tuple(starts), tuple(ends))


def _drop_final_h(key: list[str], starts: list[int], ends: list[int], word: int) -> None:
    """A word's final h after a vowel is silent ("Saqlawiyah"/"Saqlawiya", "Misratah"/"Misrata"): the
    vowel's span takes it in."""
    if len(key) - word >= 4 and key[-1] == "h" and key[-2] in "aiu":
        ends[-2] = ends[-1]
        del key[-1], starts[-1], ends[-1]


def loose_key(name: str) -> str:
    """The transliteration-tolerant key of a name."""
    return loosened(name).key
