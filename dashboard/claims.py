"""Claims: who took, lost, fled, entered or besieged which place, when, according to whom.

Read from a dependency parse. For each place mention, climb from the place to the word that
governs it (through lists, appositions and "the town of X"), read which slot of that word the
place fills, and look the word up in the frame table (``frames.py``): the frame names the
action and the slots holding the actor and the loser. The governing verb's negation, modal or
intent verb gives the claim's modality. Only sentences holding a place and a predicate word are
parsed (``nlp.parse``, batched and shared with the places pass).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dashboard import bundled_data, nlp, sides
from dashboard.actors import (DESCRIBED_SIDES, ActorBook, ActorPhrase, armed_actor_names, civil_body, classify,
                              known_long_forms, long_forms, national, non_state_actor_names, side_of)
from dashboard.frames import (
    OFFICIAL_BODIES,
    DENIAL_LEMMAS,
    DISTANCE_UNITS,
    NATURAL_FEATURES,
    DENIAL_NOUNS,
    EXCLUDED_OBJECTS,
    CIVILIAN_NOUNS,
    GENERIC_NON_STATE,
    GENERIC_STATE,
    HELD_MODIFIERS,
    INTENT_LEMMAS,
    IRREGULAR_FORMS,
    MODAL_WORDS,
    NAMING_LEMMAS,
    VERB_FRAMES,
    NOMINALS_BY_LEMMA,
    LOCATIVE_PREPS,
    NOMINAL_CARRIERS,
    PLACE_NOUNS,
    QUANTITY_NOUNS,
    ROLE_NOUNS,
    SPEAKER_BODIES,
    TARGET_NOUNS,
    UNIT_NOUNS,
    VERBS_BY_LEMMA,
    WEAPON_NOUNS,
    ALLEGIANCE_WORDS,
    Frame,
)
from dashboard.calendars import MONTH_NAMES
from dashboard.model import Claim, DateRef, Place, Quote
from dashboard.text import Sentence, SpanIndex
from dashboard.vocabulary import ARABIC_ARTICLES, COMPASS_POINTS, FORCE_NOUNS, GIVING_UP, SPEECH_VERBS, STATE_WORDS, TAKING, Action, Modality

if TYPE_CHECKING:  # spaCy is imported by nlp.pipeline() when a sentence needs a parse, not by importing this
    from spacy.tokens import Doc, Span, Token

# A claim's confidence is how its actor was read (shown to the analyst; low ones are flagged).
CONFIDENCE_NAMED, CONFIDENCE_REFERRED, CONFIDENCE_UNSAID = 0.9, 0.6, 0.4
PERSONAL_ACTIONS = frozenset({Action.FLED, Action.CROSSED, Action.ENTERED, Action.WITHDREW})
WHOLE_PLACE_EXCLUDED = frozenset(
    {Action.CAPTURED, Action.RETOOK, Action.CONTROLS, Action.LOST, Action.BESIEGED}
)

_TRANSPARENT_PREPS = frozenset({"including", "like", "as", "among"})  # "towns including X", "such as X"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_TEMPORAL = frozenset({"DATE", "TIME"})
_NAMED = frozenset({"GPE", "LOC", "FAC"})
_CLAUSE_LINKS = frozenset(
    {"xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "pobj", "dobj", "prep", "attr", "oprd"}
)
_DROP_FIRST = frozenset(
    {
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "these",
        "those",
        "some",
        "many",
        "most",
        "several",
        "both",
        "all",
        "other",
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "more",
        "than",
        "at",
        "least",
        "up",
        "to",
        "hundreds",
        "thousands",
        "dozens",
        "of",
        "and",
        "also",
        "then",
        "now",
        "reportedly",
        "allegedly",
    }
)


def _forms(lemma: str) -> set[str]:
    """A lemma's regular forms: "capture" -> captures, captured, capturing; "seize" -> seizes;
    "occupy" -> occupies, occupied; "grab" -> grabbed, grabbing; "push" -> pushes."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # grab -> grabbed
    return out


def _word_cue() -> frozenset[str]:
    """The words that may state a claim: every form of a frame's predicate, irregular forms, and the
    object nouns of light verbs. A verb whose every frame needs such an object ("have control",
    "launch an offensive") is no cue by itself: its object is; a force noun ("sent troops") is
    never one (nearly every sentence of war news has one)."""
    def needs_object(f: Frame) -> bool:  # "launched an offensive": the offensive is the cue
        return bool(f.object) and not set(f.object) & FORCE_NOUNS  # "sent troops": the verb is

    verbs = {lemma for lemma, frames in VERBS_BY_LEMMA.items() if not all(needs_object(f) for f in frames)}
    objects = {noun for frames in VERBS_BY_LEMMA.values() for f in frames for noun in f.object} - FORCE_NOUNS
    lemmas = verbs | set(NOMINALS_BY_LEMMA) | objects | {"control", "hand"} | TARGET_NOUNS
    return frozenset(form for lemma in lemmas for form in _forms(lemma)) | frozenset(IRREGULAR_FORMS)


_CUE_WORDS = _word_cue()
_WORD = re.compile(r"[a-z]+")


def worth_parsing(s: Sentence, located: SpanIndex[Place] | None = None) -> bool:
    """Is the sentence parsed for claims: a frame word and a place found in it (``located``), or a
    capitalised name the gazetteer may lack? Without ``located``, the names alone: what a batch
    can parse ahead before its places are resolved."""
    return (
        (located is not None and bool(located.within(s.start, s.end))) or _NAME_INSIDE.search(s.text) is not None
    ) and _has_cue(s.text)


def _has_cue(text: str) -> bool:
    """A cheap test of which sentences may state a claim (whole words, lower-cased)."""
    return not _CUE_WORDS.isdisjoint(_WORD.findall(text.lower()))





@dataclass(frozen=True)
class Hit:
    """One frame matched around one place: the predicate, the action, and the phrases it gives."""

    predicate: Token
    action: Action
    actor: Token | None
    loser: Token | None
    modality: Modality


def find_claims(
    text: str,
    sentences: list[Sentence],
    places: list[Place],
    dates: list[DateRef],
    sentence_sources: list[str | None],
    quotes: list[Quote],
) -> list[Claim]:
    """Every claim the sentences state about a place mentioned in the article."""
    located = SpanIndex(p for p in places if p.kind != "river")
    todo = [(i, s) for i, s in enumerate(sentences) if worth_parsing(s, located)]
    if not todo:
        return []
    docs = nlp.parse([s.text for _, s in todo])
    countries = {p.country_iso3 for p in places if p.country_iso3}
    book = ActorBook({**known_long_forms(countries), **long_forms(text)}, non_state_actor_names())
    book.register_mentions(
        text, (s.name for s in sides.table().sides if s.kind == "non-state" and s.countries & countries)
    )
    dated = SpanIndex(d for d in dates if d.resolved)
    mentions = Counter(p.mention.casefold() for p in places)
    found: list[tuple[int, Sentence, Place, Hit, ActorPhrase | None, ActorPhrase | None]] = []
    for (i, s), doc in zip(todo, docs, strict=True):
        first = len(found)  # this sentence's hits start here
        for tok in doc:
            if (
                tok.dep_ != "nsubj"
                or tok.is_punct
                or tok.lower_ in _ARTICLES  # "Hayat Tahrir al-Sham stormed": "al" misread as the subject
                or _places_at(tok, s, located)
            ):
                continue
            if tok.head.lemma_.lower() in VERBS_BY_LEMMA and (phrase := _actor_phrase(tok)) is not None:
                book.register(s.start + tok.idx, phrase)  # "The M23 has seized swaths of...": named here
            # the subject a later "it" refers to first: "The AA, the armed wing of the ULA, launched ..."
            book.mark_subject(s.start + tok.left_edge.idx, s.start + tok.idx + len(tok))
        unlisted = _unlisted_places(doc, s, located, book)
        named: list[tuple[Token, Place]] = []
        for place in [*located.within(s.start, s.end), *unlisted]:
            span = _place_span(doc, s, place)
            if span is None or span.root.is_space:
                continue  # a place in the dateline, which the parser read as spaces
            if place.kind in ("admin1", "region", "border") and _locates(span.root, LOCATIVE_PREPS):
                continue  # "Bulo Burde in the Hiiraan region", "Herat, near the Iranian border": where it lies
            if _describes_a_named_place(span.root):
                continue  # "the Red Sea port city of Mokha": the port is Mokha
            named.append((span.root, place))
        referred = _referred_places(doc, s, located.within(0, s.end), mentions)
        for root, place in [*named, *referred]:
            for hit in frame_hits(root):
                if place.lat is None and place.kind == "other" and hit.action not in UNLISTED_ACTIONS:
                    continue
                actor = (
                    _actor_phrase(hit.actor)
                    if hit.actor is not None and not _a_town(hit.actor, s, located)
                    else None
                )
                loser = _actor_phrase(hit.loser) if hit.loser is not None else None
                for phrase, tok, losing in (
                    (actor, hit.actor, hit.action in GIVING_UP),
                    (loser, hit.loser, True),
                ):
                    if (
                        phrase is not None and tok is not None and not _places_at(tok, s, located)
                    ):  # "Tamboul" read as a headline's subject is no actor
                        book.register(s.start + tok.idx, phrase, losing)
                found.append((i, s, place, hit, actor, loser))
        taken = [(place, hit) for _, _, place, hit, _, _ in found[first:] if _takes_town(place, hit)]
        for place, hit in taken:
            for left in _implicit_withdrawals(doc, hit):
                found.append((i, s, place, left, _actor_phrase(left.actor), None))
    claims: list[Claim] = []
    countries_named = {p.country_iso3: p for p in places if p.kind == "country" and p.country_iso3}
    for i, s, place, hit, actor, loser in found:
        if hit.action is Action.CROSSED and place.kind == "border":
            place = _far_side(place, countries_named)
        claim = _claim(hit, actor, loser, place, s, book, dated, sentence_sources[i], quotes, text)
        if claim is None:
            continue
        claims.append(claim)
        if (
            claim.loser
            and hit.modality is not Modality.EXPECTED  # "we need an army to drive them out of X": no loss yet
            and hit.action in TAKING
            and loser is not None
            and loser.armed
            and loser.head not in PLACE_NOUNS
        ):  # "retook Wad Madani from the RSF": the RSF lost it
            claims.append(
                replace(
                    claim,
                    actor=claim.loser,
                    action=Action.LOST.value,
                    loser=claim.actor,
                    side=book.side(claim.loser).value,
                )
            )
    return dedupe(claims)


_DIRECTIONS = ("to", "toward", "towards", "into", "across")
# Verbs that besiege or attack a place by hemming in or striking the forces in it.
_HEMMING_IN = frozenset(
    lemma for frame in VERB_FRAMES if frame.action in (Action.BESIEGED, Action.ATTACKED) for lemma in frame.lemmas
)


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause holds ``tok``: itself, else its nearest verb above."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head != tok:
        tok = tok.head
    return tok


def _places_at(tok: Token, s: Sentence, located: SpanIndex[Place]) -> list[Place]:
    """The located places a token of sentence ``s`` lies in."""
    at = s.start + tok.idx
    return located.within(at, at + len(tok))


def _a_town(tok: Token, s: Sentence, located: SpanIndex[Place]) -> bool:
    """Is the token part of a place other than a country ("Manbij" misread as a clause's subject)?
    A country may act ("Russia captured"), and a capital for its government ("Moscow could push"), a
    town may not."""
    capitals = bundled_data.capitals()
    return any(p.kind != "country" and p.mention not in capitals for p in _places_at(tok, s, located))


def _takes_town(place: Place, hit: Hit) -> bool:
    return (
        hit.action in (Action.CAPTURED, Action.RETOOK, Action.ENTERED)
        and hit.modality is Modality.ASSERTED
        and place.kind not in ("country", "admin1", "region", "border")
    )


def _implicit_withdrawals(doc: Doc, taking: Hit) -> Iterator[Hit]:
    """ "took control of Barawe after the militants withdrew overnight": a withdrawal or flight
    in the sentence of a capture that names no place of its own leaves the place taken."""
    for verb in doc:
        if verb.pos_ != "VERB" or _clause_verb(verb.head) != taking.predicate:
            continue  # "swept into X, and captured Y after the army withdrew": Y's clause, not X's
        obj = _object(verb)
        if obj is not None and (not _own_site(obj) or _slot(verb, tuple(LOCATIVE_PREPS)) is not None):
            continue  # "abandoned their positions near Sake": a place of its own
        slot = "from" if obj is None else "dobj"
        for frame in _frames_for(verb, slot, None):
            if frame.action not in (Action.WITHDREW, Action.FLED) or _slot(
                verb, (*(p for p in frame.place if p != "dobj"), *_DIRECTIONS)
            ) is not None:
                continue  # "pulled back from several positions", "fled towards the mountains": a place of its own
            for hit in _hits(frame, verb, slot, None):
                if hit.actor is None:
                    continue
                if taking.actor is None or (hit.actor != taking.actor and not hit.actor.is_ancestor(taking.actor)):
                    yield hit  # the one who left is not the taker


def _own_site(obj: Token) -> bool:
    """ "abandoned its headquarters", "left their positions": the leaver's own site, named by no place
    (in the sentence of a capture, the place taken)."""
    return (
        (obj.lemma_.lower() in PLACE_NOUNS or obj.lower_ in PLACE_NOUNS)  # "headquarters": lemma "headquarter"
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children)
        and not any(c.dep_ == "prep" for c in obj.children)
    )


# People a force takes out of a place ("evacuated civilians from X"): the force does not leave it.
CARRIED = CIVILIAN_NOUNS | {"staff", "diplomat", "national", "citizen", "wounded", "body", "hostage", "worker"}


# Place nouns whose owner holds the place: "the Taliban stronghold of Musa Qala".
STRONGHOLD_NOUNS = frozenset({"stronghold", "bastion"})
# What a stronghold's owner held before, not after, when the sentence asserts it.
_CHANGES_OF_HANDS = frozenset({Action.CAPTURED, Action.RETOOK, Action.ENTERED}) | GIVING_UP


# A place noun standing for a place named before it: "the town" for the town the article is about, "ten
# districts" for the province they lie in. Kinds of place each noun may refer to.
REFERRING_NOUNS: dict[str, tuple[str, ...]] = {
    "town": ("town",), "city": ("town",), "village": ("town",), "settlement": ("town",), "district": ("admin2",),
    "province": ("admin1",),
}
CONTAINED_NOUNS: dict[str, tuple[str, ...]] = {"districts": ("admin1",)}


def _referred_places(
    doc: Doc, s: Sentence, before: list[Place], mentions: Counter[str]
) -> list[tuple[Token, Place]]:
    """Place nouns that name no place of their own and refer to one named before: "the town" (a town
    named earlier in the sentence, else the town the article names most so far), "ten districts have
    fallen" (the districts of the province the article names most so far)."""
    out = []
    for tok in doc:
        at = s.start + tok.idx
        if tok.lower_ in ("it", "them") and tok.dep_ in ("dobj", "nsubjpass"):
            # "Stepanakert, whose authorities said the army had shelled it": a town named in the sentence,
            # not one named to say where it lies ("Baiji, 200 km north of Baghdad, ... since ISIS overran it")
            near = [p for p in before if s.start <= p.start < at and _antecedent(p, ("town",))][-6:]  # the nearest
            here = [p for p in near if not _reference_point(doc, s, p)]
            here = [p for p in here if not _seat_of(doc, s, p)] or here  # "Officials in X said ... shelled it": X
            here = [p for p in here if not _describes_another(doc, s, p, here)] or here
            if tok.lower_ == "it" and here:
                out.append((tok, here[-1]))
            elif (
                here
                and tok.head.lemma_.lower() in _HANDS_CHANGING
                and not any(c.dep_ in ("prep", "prt") for c in tok.head.children)
            ):
                # "the towns of Zinjibar and Jaar ... after militants seized them": every town of the list
                # (not "drove them out of X": there "them" are people)
                listed = _listed_with(doc, s, here[-1], here)
                out.extend((tok, p) for p in listed if len(listed) > 1)
            continue
        if tok.pos_ != "NOUN" or tok.dep_ in ("appos", "compound", "attr") or any(
            c.dep_ in ("compound", "appos", "nmod") or (c.dep_ == "amod" and c.pos_ == "PROPN") or _names_of(c)
            for c in tok.children
        ):
            continue  # "the town of X", "Kunduz city", "X, a town in ...": named where it stands
        dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
        if tok.lower_ in REFERRING_NOUNS and dets == ["the"]:
            kinds = REFERRING_NOUNS[tok.lower_]
        elif tok.lower_ in CONTAINED_NOUNS and any(c.dep_ == "nummod" or c.lower_ in ("several", "many", "most")
                                                   for c in tok.children):
            kinds = CONTAINED_NOUNS[tok.lower_]
        else:
            continue
        earlier = [p for p in before if p.start < at and _antecedent(p, kinds)]
        here = [p for p in earlier if p.start >= s.start and not _reference_point(doc, s, p) and not _seat_of(doc, s, p)]
        here = [p for p in here if not _describes_another(doc, s, p, here)] or here
        if here:  # "Gondar, where the militia has seized parts of the city"
            out.append((tok, here[-1]))
        elif earlier:  # the town the article is about
            out.append((tok, max(reversed(earlier), key=lambda p: mentions[p.mention.casefold()])))
    return out


# Verbs whose object "them" may be towns: they take or hold places ("seized them"); "attacked them" are people.
_HANDS_CHANGING = frozenset(
    lemma
    for frame in VERB_FRAMES
    if frame.action in (Action.CAPTURED, Action.RETOOK, Action.CONTROLS) and "dobj" in frame.place
    for lemma in frame.lemmas
) - {"attack", "hit", "strike"}


def _listed_with(doc: Doc, s: Sentence, place: Place, places: list[Place]) -> list[Place]:
    """The places of ``places`` in the same list as ``place`` ("Zinjibar and Jaar"), in order."""
    span = _place_span(doc, s, place)
    if span is None:
        return [place]
    items = {t.i for t in (span.root, *span.root.conjuncts)}
    return [p for p in places if (other := _place_span(doc, s, p)) is not None and other.root.i in items]


def _names_of(tok: Token) -> bool:
    """Is the child an "of" naming the noun ("the town of Kunduz"), not measuring it ("the city of 2 million")?"""
    return tok.lower_ == "of" and not any(c.dep_ == "pobj" and c.like_num or any(
        n.dep_ == "nummod" for n in c.children) for c in tok.children)


def _seat_of(doc: Doc, s: Sentence, place: Place) -> bool:
    """Is the place named as where a body sits ("the Defence Ministry in Baku", "a spokesman in Kabul"): no
    town a later "the town" tells of."""
    span = _place_span(doc, s, place)
    if span is None or not _locates(span.root, LOCATIVE_PREPS):  # "in", not "the governor of X"
        return False
    host = span.root.head.head
    return host.ent_type_ == "ORG" or host.lemma_.lower() in SPEAKER_BODIES | ROLE_NOUNS


def _describes_another(doc: Doc, s: Sentence, place: Place, places: list[Place]) -> bool:
    """Is the place named inside a description hung on another of ``places`` ("Avdiivka, known as the
    gateway to the city of Donetsk"): less salient than the place described, for "the town" after it."""
    roots = {span.root.i for p in places if p is not place and (span := _place_span(doc, s, p)) is not None}
    span = _place_span(doc, s, place)
    if span is None:
        return False
    return any(t.dep_ in ("acl", "appos", "relcl") and t.head.i in roots for t in span.root.ancestors)


def _antecedent(place: Place, kinds: tuple[str, ...]) -> bool:
    """Can a place noun or "it" refer to the place: one of ``kinds``, placed, and not a dateline
    ("KABUL, Aug 20 (Reuters) -", written in capitals)."""
    return place.kind in kinds and place.lat is not None and not place.mention.isupper()


def _far_side(border: Place, countries: dict[str, Place]) -> Place:
    """Who crosses a border from its home side ("Afghan troops crossed the border" in a story told
    from Afghanistan) enters the country on the other side, when the article names it."""
    ends = (border.ref or "").removeprefix("border:").split("-")
    other = next((iso for iso in ends if iso != border.country_iso3), None) if len(ends) == 2 else None
    return countries.get(other, border) if other else border


def _describes_a_named_place(tok: Token) -> bool:
    """Is the name a modifier of a place noun that names its own place through "of" ("the Red Sea port
    city of Mokha", "the Kunduz provincial capital of Kunduz city")?"""
    noun = tok.head
    return (
        tok.dep_ in ("compound", "amod", "nmod")
        and noun.lemma_.lower() in PLACE_NOUNS
        and any(c.lower_ == "of" and any(g.pos_ == "PROPN" for g in c.children) for c in noun.children)
    )


def _place_span(doc: Doc, s: Sentence, place: Place) -> Span | None:
    """The tokens of sentence ``s``'s parse that a place covers."""
    return doc.char_span(place.start - s.start, place.end - s.start, alignment_mode="expand")


def _reference_point(doc: Doc, s: Sentence, place: Place) -> bool:
    """Is the place named only to say where another lies ("60 km north of Kabul")?"""
    span = _place_span(doc, s, place)
    if span is None:
        return False
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in ("of", "from") and (
        head.head.lower_ in COMPASS_POINTS or head.head.lemma_.lower() in DISTANCE_UNITS
    )


# A capitalised word after a sentence's first: a name the gazetteer may not know.
_NAME_INSIDE = re.compile(r"\S\s+[A-Z][a-z]")
# What a name the gazetteer does not know may be said to undergo: a change of hands, not a flight
# or an attack (names of people, units and operations fill those slots as often as places do).
UNLISTED_ACTIONS = frozenset({Action.CAPTURED, Action.RETOOK, Action.CONTROLS, Action.WITHDREW, Action.LOST, Action.ENTERED, Action.BESIEGED, Action.ATTACKED})
_MONTHS = frozenset(m.lower() for months in MONTH_NAMES.values() for names in months for m in names)
_NOT_PLACES = frozenset({"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT"})


# Verbs whose object is a place, never a person or a body ("retook Anefis", "overran Damasak"), whatever
# the tagger guessed the name to be ("capture" and "take" also take prisoners).
_TAKEN_NOT_PEOPLE = frozenset({"retake", "recapture", "regain", "liberate", "overrun", "storm", "occupy", "besiege",
                               "encircle", "shell"})


def _named_as_place(tok: Token, located: SpanIndex[Place] | None = None, start: int = 0) -> bool:
    """ "the town of X", "the villages of X, Y and Z", "X, a town in ...", "captured Masisi and X":
    the text says it is a place, whatever the tagger guessed (it reads unknown village names as
    people). ``located``: the places found in the sentence, which starts at offset ``start``."""
    if _called_a_place(tok):
        return True
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
        if located is not None and located.within(start + tok.idx, start + tok.idx + len(tok)):
            return True  # a list item beside a place the gazetteer knows
    head = tok.head
    return (tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS) or (
        _called_a_place(tok)
    )


def _called_a_place(tok: Token) -> bool:
    """ "X, a town in ...": a place noun in apposition."""
    return any(c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS for c in tok.children)


def _joined(tok: Token) -> bool:
    """A word or hyphen written against the next word, with no space."""
    return not tok.whitespace_ and (tok.is_alpha or tok.text == "-")


def _unlisted_places(doc: Doc, s: Sentence, located: SpanIndex[Place], book: ActorBook) -> list[Place]:
    """Proper names in the sentence that no place covers and that name no actor, date or person:
    villages and neighbourhoods the bundled gazetteer lacks ("captured Minova"). Read as places
    only where a frame's place slot holds them, for a change of hands (``UNLISTED_ACTIONS``)."""
    actors = armed_actor_names()
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat") or not tok.is_title:
            continue
        words = [w for w in tok.lefts if w.dep_ in ("compound", "flat", "nmod", "amod") and w.is_title] + [tok]
        first, last = min(w.i for w in words), tok.i
        if last - first + 1 != len(words) or (
            any(w.ent_type_ in _NOT_PLACES for w in words)
            and not _named_as_place(tok, located, s.start)
            and not (tok.dep_ == "dobj" and tok.head.lemma_.lower() in _TAKEN_NOT_PEOPLE)
        ):
            continue
        while first > 0 and _joined(doc[first - 1]):
            first -= 1  # "Pul-e-Khumri", "Maroun al-Ras": one name across its hyphens
        while last + 1 < len(doc) and not doc[last].whitespace_ and _joined(doc[last + 1]):
            last += 1
        while first < last and doc[first].text == "-":
            first += 1
        while last > first and doc[last].text == "-":
            last -= 1
        span = doc[first : last + 1]
        start, end = s.start + span.start_char, s.start + span.end_char
        name = span.text
        if (
            located.within(start, end)
            or name.lower() in actors
            or name.lower() in book.names
            or name in bundled_data.demonyms()
            or name.lower() in bundled_data.common_words()
            or tok.lower_ in FORCE_NOUNS | UNIT_NOUNS  # "the 1st Armoured Division", "Battalion 15"
            or tok.lower_ in _MONTHS  # "Saratan", "Shawwal": months of other calendars
            or _in_dateline(tok)
            or (last + 1 < len(doc) and doc[last + 1].lemma_.lower() in NATURAL_FEATURES)
            or tok.head.lemma_.lower() in NATURAL_FEATURES  # "the Mokri Yaly river"
            or (tok.lemma_.lower() in NATURAL_FEATURES and tok != doc[first])  # "along the Euphrates River"
        ):
            continue
        out.append(Place(mention=name, start=start, end=end, kind="other", reason="not in the bundled gazetteer"))
    return out


def _claim(
    hit: Hit,
    actor_phrase: ActorPhrase | None,
    loser_phrase: ActorPhrase | None,
    place: Place,
    s: Sentence,
    book: ActorBook,
    dated: SpanIndex[DateRef],
    source: str | None,
    quotes: list[Quote],
    text: str,
) -> Claim | None:
    at = s.start + hit.predicate.idx
    if actor_phrase is not None and actor_phrase.kind == "pronoun" and actor_phrase.text.lower() in ("we", "us"):
        actor = book.speaker(source, at)  # "'We have lost Mosul,' said a colonel": the colonel's side
    elif actor_phrase is not None and actor_phrase.ours:
        # "'Our troops entered Zinjibar,' the official said": the speaker's side, else the description's
        actor = book.speaker(source, at) or book.name(actor_phrase, at)
    else:
        actor = book.name(actor_phrase, at) if actor_phrase is not None else None
    # how sure the actor is: named in the clause, read through a description or pronoun, or left unsaid
    confidence = (
        CONFIDENCE_NAMED if actor_phrase is not None and actor_phrase.kind == "named" else CONFIDENCE_REFERRED
    )
    if (
        actor is None
        and hit.action in (Action.CAPTURED, Action.RETOOK)
        and (
            _is_passive(hit.predicate)
            or hit.predicate.lemma_ in ("fall", "capture", "recapture", "liberation")
        )
    ):
        actor = book.last(at)  # "Kunduz fell on Sunday", "Bakhmut was taken": the actor named last
        confidence = CONFIDENCE_UNSAID
    if actor is None:
        return None
    if actor.lower() == place.mention.lower():
        return None  # "Mosul residents fled Mosul": the place is no actor
    if (
        actor_phrase is not None
        and (actor_phrase.person or not actor_phrase.armed)
        and hit.action not in PERSONAL_ACTIONS
    ):
        return None  # "Ilham Aliyev captured", "residents captured": a force takes a town, not a person
    if (
        actor_phrase is not None
        and not actor_phrase.armed
        and not actor_phrase.person
        and actor_phrase.head not in ROLE_NOUNS | SPEAKER_BODIES | OFFICIAL_BODIES
    ):
        # "residents fled", "20,000 people crossed into Chad": displacement, no change of hands; "rain
        # entered the valley": only officials, their bodies and named people move without being a force
        return None
    if (
        actor_phrase is not None
        and actor_phrase.person
        and (obj := _object(hit.predicate)) is not None
        and obj.lower_ in FORCE_NOUNS
    ):
        return None  # "Netanyahu vowed to send troops into Rafah": his troops enter, not he
    if place.kind in ("country", "border") and hit.action in WHOLE_PLACE_EXCLUDED:
        return None  # a country or a border line changes hands town by town, not in one claim
    loser = book.name(loser_phrase, at) if loser_phrase is not None else None
    quote = next((q.text for q in quotes if q.start < s.end and s.start < q.end), None)
    return Claim(
        actor=actor,
        action=hit.action.value,
        place=place.mention,
        when=_when(hit.predicate, s, dated),
        source=source,
        quote=quote,
        sentence=text[s.start : s.end],
        start=s.start,
        end=s.end,
        admin1=place.admin1,
        country_iso3=place.country_iso3,
        modality=hit.modality.value,
        loser=loser if loser != actor else None,
        side=book.side(actor).value,
        confidence=confidence,
    )


def frame_hits(place: Token) -> Iterator[Hit]:
    """The frames that govern the place token: a verb's object or subject, a preposition's
    object, a nominal's complement, with the actor and loser its frame names. A stronghold's owner
    holds it only while no frame changes its hands ("captured Adan Yabaal, a key al-Shabab
    stronghold": held before, not after)."""
    held = list(_held_by(place))
    framed = list(_governed(place))
    changed = any(h.action in _CHANGES_OF_HANDS and h.modality is Modality.ASSERTED for h in framed)
    yield from (h for h in held if not (changed and h.predicate.lemma_.lower() in STRONGHOLD_NOUNS))
    yield from framed
    yield from _targeted(place)
    yield from (h for hit in framed for h in _siege_before(hit))


_SIEGE_NOUNS = frozenset(
    lemma for lemma, frames in NOMINALS_BY_LEMMA.items() if any(f.action is Action.BESIEGED for f in frames)
)


def _siege_before(hit: Hit) -> Iterator[Hit]:
    """ "seized X after an 18-month siege": the taker besieged the place first."""
    if hit.action not in (Action.CAPTURED, Action.RETOOK) or hit.predicate.pos_ != "VERB":
        return
    for prep in hit.predicate.children:
        if prep.dep_ == "prep" and prep.lower_ in ("after", "following"):
            for noun in prep.children:
                if (
                    noun.dep_ == "pobj"
                    and noun.lemma_.lower() in _SIEGE_NOUNS
                    and not any(c.dep_ == "prep" and c.lower_ in ("of", "on") for c in noun.children)
                ):
                    yield Hit(noun, Action.BESIEGED, hit.actor, None, hit.modality)


def _targeted(place: Token) -> Iterator[Hit]:
    """ "TFG officials said their next target was Baidoa": a plan to take the place, by the target's owner."""
    anchor = _anchor(place)
    verb = anchor.head
    if anchor.dep_ != "attr" or verb.lemma_ != "be" or any(c.dep_ == "neg" for c in verb.children):
        return
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in TARGET_NOUNS), None)
    owner = next((c for c in subject.children if c.dep_ in ("poss", "compound")), None) if subject else None
    if subject is not None and owner is None:
        owner = _referent(subject)  # "Coalition officials said the next target was Khokha": the speakers'
    if owner is not None:
        yield Hit(subject, Action.CAPTURED, owner, None, Modality.EXPECTED)


def _governed(place: Token) -> Iterator[Hit]:
    anchor = _anchor(place)
    if anchor != place and not _locates(place):  # "X, a town in Y, which the army took": the clause on X
        yield from _framed(_relative_clauses(place, place))
    elif _locates(place) and not _place_like(place.head.head):
        # "Police in Balakliia, which Ukrainian forces recaptured": the clause tells of the place, not the police
        yield from _framed(_relative_clauses(place, place, own=True))
    apposed = _apposition_after(place)
    if apposed is not None:
        yield from _framed(_relative_clauses(apposed))
    decided = False
    for pred, slot, via_object in _governors(anchor, place):
        if decided and not (pred.dep_ in ("relcl", "conj", "acl", "ccomp") and via_object is None):
            continue  # the nearest governor with a frame decides: "took control of X" is no "control of X"
        frames = _frames_for(pred, slot, via_object)
        for frame in frames:
            yield from _hits(frame, pred, slot, via_object)
        decided = decided or bool(frames)


def _framed(governors: Iterator[tuple[Token, str, Token | None]]) -> Iterator[Hit]:
    """Every frame's hits for each (predicate, slot, light-verb object)."""
    for pred, slot, via_object in governors:
        for frame in _frames_for(pred, slot, via_object):
            yield from _hits(frame, pred, slot, via_object)


def _apposition_after(place: Token) -> Token | None:
    """ "Beledweyne, the Hiiraan regional capital, which the group had blockaded": the place noun
    that follows the place and a comma, when the parser hung it elsewhere; its clause tells of the place."""
    doc = place.doc
    last = max((place, *place.conjuncts), key=lambda t: t.i)  # "Souq al-Hout and Sabri, the last two districts"
    if last.i + 2 >= len(doc) or doc[last.i + 1].text != ",":
        return None
    noun = next(
        (
            t
            for t in doc[last.i + 2 : last.i + 8]
            if t.left_edge.i == last.i + 2
            and (t.dep_ == "appos" or (t.dep_ == "dobj" and last.dep_ in ("dobj", "conj") and t.head != last))
        ),
        None,
    )  # a second object of the same verb after a comma is the parser's reading of an apposition
    if noun is None or noun.head == place or noun.lemma_.lower() not in PLACE_NOUNS:
        return None
    return noun


def _held_by(place: Token) -> Iterator[Hit]:
    """ "the rebel-held enclave", "Kurdish-controlled X", "the Kurdish-controlled town of X": who
    holds the place, read off a modifier of its name or of the place noun it names."""
    doc = place.doc
    nouns = [place]
    tok = place
    for _ in range(3):
        head = tok.head
        if tok.dep_ in ("compound", "amod", "appos") and head.lemma_.lower() in PLACE_NOUNS:
            tok = head
        elif tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
            tok = head.head
        elif tok.dep_ == "conj":
            tok = head  # "the SDF-held towns of Shuhayl and Diban": the list's first item
        elif tok.dep_ == "pobj" and head.lower_ in _TRANSPARENT_PREPS:
            # "SDF-held towns such as Manbij", "rebel-held areas including X"
            noun = head.head.head if head.head.lower_ == "such" else head.head
            if noun.lemma_.lower() not in PLACE_NOUNS:
                break
            tok = noun
        else:
            break
        nouns.append(tok)
    for noun, mod in ((n, m) for n in nouns for m in n.children):
        action = HELD_MODIFIERS.get(mod.lower_)
        if (
            action is not None
            and mod.dep_ in ("amod", "compound", "acl")
            and mod.i >= 2
            and mod.i < noun.i
            and doc[mod.i - 1].text == "-"
            and (prefix := doc[mod.i - 2]).pos_ in ("PROPN", "NOUN", "ADJ")
        ):
            yield Hit(mod, action, prefix, None, Modality.ASSERTED)
    described = [c for n in nouns for c in n.children if c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS]
    # "villages near Kunduz under Taliban control": the villages are, not Kunduz
    beside = place.dep_ == "pobj" and place.head.lower_ in ("near", "outside", "around", "beyond", "past", "by")
    for noun in [] if beside else nouns + described:  # "Sloviansk and Kramatorsk, the two biggest cities still
        control = _under_control(noun)  # under Ukrainian control"
        if control is not None and (owner := _owner(control)) is not None:
            yield Hit(control, Action.CONTROLS, owner, None, Modality.ASSERTED)
    apposed = [c for c in place.children if c.dep_ == "appos" and c.lemma_.lower() in STRONGHOLD_NOUNS]
    for noun in nouns + apposed:  # "the militants' strongholds of Raqqa", "Musa Qala, a Taliban stronghold"
        owner = next((c for c in noun.children if c.dep_ in ("poss", "compound") and c.pos_ != "DET"), None)
        if noun.lemma_.lower() in STRONGHOLD_NOUNS and owner is not None and owner.lemma_.lower() not in PLACE_NOUNS:
            yield Hit(noun, Action.CONTROLS, owner, None, Modality.ASSERTED)


def _under_control(noun: Token) -> Token | None:
    """The "control" of "under X control" said of a place noun, directly or after a phrase that says
    where it lies ("the last cities in Donetsk Oblast under Ukrainian control"); not "no longer under"."""
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        around = noun.doc[max(noun.i, prep.i - 2) : prep.right_edge.i + 4]  # "both under Russian control until"
        if prep.lower_ == "under" and not any(
            c.lower_ in ("longer", "not", "never", "formerly", "once", "until", "till", "previously") for c in around
        ):
            control = next((c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() == "control"), None)
            if control is not None:
                return control
        elif prep.lower_ in ("in", "inside"):  # "cities in Donetsk Oblast under Ukrainian control"; not "near"
            inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if inner is not None and (found := _under_control(inner)) is not None:
                return found
    return None


def _anchor(tok: Token) -> Token:
    """Climb from a place to the phrase that fills a predicate's slot: lists ("A, B and C"),
    appositions, "the town of X", "parts of X", "towns including X", "Kunduz city"."""
    for _ in range(8):
        head = tok.head
        if head == tok:
            break
        if tok.dep_ == "conj" and head.ent_type_ in _TEMPORAL and tok.ent_type_ not in _TEMPORAL:
            # "captured X in May and Y": a list item the parser hung on the date; the verb's object
            verb = head
            while verb.dep_ in ("pobj", "prep") and verb.head != verb:
                verb = verb.head
            # "captured X in May and Y": the date hangs on the verb, or on its object X
            obj = verb if verb.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("NOUN", "PROPN") else _object(verb)
            if obj is None or obj == tok:
                break
            tok = obj
        elif (
            tok.dep_ == "conj"
            and head.pos_ == "VERB"
            and (tok.pos_ in ("NOUN", "PROPN") or not any(c.dep_ in ("nsubj", "dobj", "aux") for c in tok.children))
            and (obj := _object_before(head, tok.i)) is not None
        ):  # "still controls Fallujah and Hit in Anbar": a place name tagged a verb is no verb
            tok = obj  # "seized X, near the border, and the towns of Y": a list item hung on the verb
        elif (
            tok.dep_ in ("conj", "appos")
            and tok.pos_ == "PROPN"
            and head.dep_ == "pobj"
            and head.head.lower_ in LOCATIVE_PREPS
            and head.head.head.pos_ == "PROPN"
        ):
            tok = head.head.head  # "Nyala in South Darfur, Zalingei in Central Darfur": Nyala's list
        elif (
            tok.dep_ == "pobj"
            and head.lower_ == "of"
            and head.i > 0
            and (before := tok.doc[head.i - 1]).lower_ in PLACE_NOUNS | QUANTITY_NOUNS
            and before.dep_ == "conj"
            and before.head == head.head
        ):
            tok = before  # "taking Falluja and parts of Ramadi": "of Ramadi" hung on Falluja, not on "parts"
        elif (
            tok.dep_ in ("oprd", "dobj", "attr", "xcomp")
            and head.lemma_.lower() in NAMING_LEMMAS
            and head.dep_ == "relcl"
            and head.head.pos_ == "PROPN"
        ):
            tok = head.head  # "Chasiv Yar, which Russian officials call Chasov Yar": the same town
        elif tok.dep_ == "pobj" and head.lower_ in ("of", "from") and head.head.lemma_.lower() in DISTANCE_UNITS:
            tok = head.head  # "to within a few kilometres of X": the distance stands in the slot
        elif tok.dep_ in ("conj", "appos"):
            tok = head
        elif (
            tok.dep_ == "compound" or (tok.dep_ == "amod" and (tok.pos_ == "PROPN" or tok.ent_type_ in _NAMED))
        ) and (
            head.lemma_.lower() in PLACE_NOUNS and head.dep_ != "appos"  # "Beledweyne, the Hiiraan capital"
        ):
            tok = head  # "Kunduz city", "the Eastern Ghouta enclave"
        elif (
            tok.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.dep_ != "appos"
            and (
                head.head.lemma_.lower() in PLACE_NOUNS
                or head.head.lower_ in QUANTITY_NOUNS
                or head.head.pos_ == "NUM"
            )
        ):
            tok = head.head  # "the town of X", "four of the capitals"
        elif (
            tok.dep_ == "pobj"
            and head.lower_ in LOCATIVE_PREPS
            and head.head.pos_ == "NOUN"
            and head.head.lemma_.lower() in PLACE_NOUNS
            and head.head.dep_ != "appos"  # "Imam Sahib, a town in Kunduz province": where it lies
        ):
            tok = head.head  # "dozens of villages in the Fuzuli district", "positions near Lyman"
        elif tok.dep_ == "pobj" and head.lower_ in _TRANSPARENT_PREPS and head.head != head:
            # "several settlements, including X": the settlements' slot; "the withdrawal from the
            # right bank, including X": the slot of the phrase the list item belongs to
            target = head.head
            if target.lemma_.lower() in NAMING_LEMMAS and target.tag_ == "VBN":
                # "the city, known locally as Tadmur": the noun it renames
                named = target.head if target.dep_ == "acl" else _noun_before(target)
                if named is None:
                    break
                tok = named
                continue
            if target.pos_ in ("VERB", "AUX") and (obj := _object(target)) is not None and obj.i < head.i:
                target = obj  # "liberated 30 settlements in 24 hours, including X": the settlements
            elif target.lemma_.lower() not in PLACE_NOUNS and target.pos_ != "PROPN":
                sibling = [
                    g
                    for c in target.children
                    if c.dep_ == "prep" and c.i < head.i
                    for g in c.children
                    if g.dep_ == "pobj" and g.ent_type_ not in _TEMPORAL
                ]
                if sibling:
                    target = sibling[-1]
            tok = target
        elif tok.dep_ in ("npadvmod", "nmod") and head.lemma_.lower() in PLACE_NOUNS and head.dep_ != "appos":
            tok = head
        else:
            break
    return tok


def _object_before(verb: Token, i: int) -> Token | None:
    """The verb's object that comes before position ``i``: its direct object, else the object of
    its preposition (chain): "were pushed out of X and Y" lists Y with X."""
    obj = _object(verb)
    if obj is not None:
        return obj if obj.i < i else None
    found = None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i < i):
        tok = prep
        while (nxt := next((c for c in tok.children if c.dep_ == "prep"), None)) is not None:
            tok = nxt  # "out of"
        pobj = next((c for c in tok.children if c.dep_ == "pobj" and c.i < i), None)
        if pobj is not None:
            found = pobj
    return found


def _noun_before(tok: Token) -> Token | None:
    """The nearest noun before a token in its sentence, past punctuation (",  known as")."""
    for i in range(tok.i - 1, max(tok.i - 4, -1), -1):
        if tok.doc[i].pos_ in ("NOUN", "PROPN"):
            return tok.doc[i]
    return None


def _governors(anchor: Token, place: Token | None = None) -> Iterator[tuple[Token, str, Token | None]]:
    """(predicate, slot, light-verb object) for the anchor: "dobj"/"nsubj"/"nsubjpass" of a verb,
    a preposition chain ("out of") to a verb or noun; a noun that is a verb's object also offers
    that verb, with the noun as its object ("took control of X", "launched an attack on X")."""
    dep = anchor.dep_
    head = anchor.head
    if dep in ("advmod", "npadvmod") and anchor.i == head.i + 1 and head.pos_ == "VERB":
        dep = "dobj"  # "took Bakhmut, about 60 km to the northeast": the distance read as the object
    if (
        dep == "pobj"
        and head.lower_ in LOCATIVE_PREPS
        and head.head.pos_ == "VERB"
        and (obj := _object(head.head)) is not None
        and obj.i < head.i
        and obj.pos_ == "NOUN"
        and head.doc[head.i - 1].text != ","  # "units in Kupiansk, in the Kharkiv region": where Kupiansk lies
        and (
            obj.lemma_.lower() in PLACE_NOUNS
            or (obj.lemma_.lower() in FORCE_NOUNS and head.head.lemma_.lower() in _HEMMING_IN)
        )
    ):
        # "took over the camp in Ber", "encircled Ukrainian units in Kupiansk": where the object lies
        head, dep = head.head, "dobj"
    elif dep == "pobj" and head.lower_ in LOCATIVE_PREPS and (site := _site_object(head.head)) is not None:
        head, dep = site.head, site.dep_  # "captured the headquarters of the army's command in Lashio"
    if dep == "nsubj":
        done = next((c for c in head.children if _passive_as_state(c)), None)
        if done is not None and done.lemma_.lower() in VERBS_BY_LEMMA:
            head, dep = done, "nsubjpass"  # "the city is completely liberated": a passive read as a state
    if dep in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") and head != anchor:
        yield head, dep, None
        if dep in ("nsubj", "nsubjpass"):  # "X was seized by A, but was retaken by B": B's verb shares X
            for verb in head.conjuncts:
                if verb.pos_ in ("VERB", "AUX") and not any(c.dep_ in _SUBJECTS for c in verb.children):
                    yield verb, "nsubjpass" if _is_passive(verb) else dep, None
        yield from _relative_clauses(anchor, place)
        return
    for verb in anchor.lefts:
        if verb.dep_ in ("amod", "acl") and verb.tag_ == "VBD" and any(c.dep_ == "nsubj" for c in verb.children):
            yield verb, "dobj", None  # "The Taliban captured Banu district" misread as one noun phrase
    if dep == "acl" and anchor.tag_ == "VBN":  # "the town, captured by the Taliban"
        return
    if dep == "pobj" and head.lower_ == "of" and head.head.ent_type_ in _TEMPORAL:
        # "took control on Saturday of Kiwanja": the "of" of the light verb's object, hung on the date
        verb = _clause_verb(head.head)
        obj = _object(verb)
        if obj is not None and obj.i < head.i:
            yield verb, "of", obj
            return
    if dep == "pobj":
        if head.dep_ == "conj" and head.head.pos_ == "ADP":
            # "the fall of Zaranj on Friday, and of Sheberghan": the earlier "of" it repeats
            same = [t for t in head.doc[: head.i] if t.lower_ == head.lower_ and t.dep_ == "prep"]
            framed = [
                t
                for t in same
                if t.head.lemma_.lower() in VERBS_BY_LEMMA or t.head.lemma_.lower() in NOMINALS_BY_LEMMA
            ]
            if not same and head.lower_ in LOCATIVE_PREPS and head.doc[head.i - 1].text == ",":
                return  # "attacks on Herat, near the Iranian border": "near" only says where Herat lies
            head = (framed or same or [head.head])[-1]
        preps = [head.lower_]
        pred = head.head
        while (
            pred.dep_ in ("prep", "prt", "advmod")
            and pred.pos_ in ("ADP", "ADV", "PART")
            and pred.head != pred
        ):
            if pred.pos_ != "ADV" or pred.lower_ in _SLOT_ADVERBS or pred.lower_ in COMPASS_POINTS:
                preps.insert(0, pred.lower_)  # "out of", "back from", "north of"; not "move next on X": "on"
            pred = pred.head
        slot = " ".join(preps)
        if (
            pred.pos_ in ("NOUN", "PROPN")
            and pred.dep_ in ("dobj", "nsubjpass", "pobj")
            and pred.head != pred
        ):
            verb = pred.head
            if pred.dep_ == "pobj" and verb.dep_ == "prep":  # "under (M23) control", "in control of"
                verb = verb.head
            yield verb, slot, pred  # a light verb first: "repelled an attack on X" is a repulse
        yield pred, slot, None
    yield from _relative_clauses(anchor, place)


# Adverbs that are part of a frame's slot ("pushed out of", "pulled back from"); others ("next", "further")
# only stand between the verb and its preposition.
_SLOT_ADVERBS = frozenset(
    word for frames in VERBS_BY_LEMMA.values() for f in frames for slot in f.place for word in slot.split()
) | {"out", "back", "away", "off", "up", "down", "over", "through", "in", "on"}


def _site_object(tok: Token) -> Token | None:
    """The site a verb takes that a noun belongs to through "of" ("the headquarters of the army's
    Northeastern Command"): its object or passive subject, when a place noun names it. A named place
    on the way ("the village of Robotyne in Zaporizhzhia") is what the locative places, not the site."""
    if tok.ent_type_ in _NAMED:
        return None
    for _ in range(3):
        if (
            tok.dep_ in ("dobj", "nsubjpass")
            and tok.pos_ == "NOUN"
            and tok.lemma_.lower() in PLACE_NOUNS
            and tok.lower_ not in REFERRING_NOUNS  # "the town of X in Y": X is named, Y says where it lies
        ):
            return tok if tok.head.pos_ == "VERB" else None
        if tok.dep_ != "pobj" or tok.head.lower_ != "of":
            return None
        tok = tok.head.head
    return None


def _locates(tok: Token, preps: frozenset[str] = LOCATIVE_PREPS | {"of"}) -> bool:
    """Does the place only say where another is ("villages in Y", "the capital of Y", "the town of
    Y"), as the object of one of ``preps``? A relative clause the parser hangs on it then tells of
    the other."""
    return tok.dep_ == "pobj" and tok.head.lower_ in preps and tok.head.head.pos_ in ("NOUN", "PROPN")


def _place_like(tok: Token) -> bool:
    """A place noun or a name: what a place after "in" or "of" may locate ("villages in Y", "Lyman in
    Donetsk Oblast"), unlike "police in Y" or "residents of Y"."""
    return tok.lemma_.lower() in PLACE_NOUNS or tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "LOC", "FAC")


def _clause_hosts(anchor: Token) -> list[Token]:
    """The anchor and the places that locate it inside its phrase ("Laukkai, the capital of the
    Kokang zone, which fell to the MNDAA": the clause hangs on "zone" but tells of Laukkai)."""
    hosts = [anchor]
    for tok in anchor.subtree:
        if tok.i <= anchor.i or not (_locates(tok) or tok.dep_ == "appos"):
            continue  # "X, the capital of the zone, which": the apposition describes X itself
        up = tok
        while up != anchor and up.dep_ in ("pobj", "prep", "appos", "conj", "compound"):
            up = up.head
        if up == anchor:
            hosts.append(tok)
    return hosts


def _relative_clauses(
    anchor: Token, place: Token | None = None, own: bool = False
) -> Iterator[tuple[Token, str, Token | None]]:
    """ "X, which the Taliban captured": a relative clause whose object is the place; "X,
    captured in August": a participle that says what was done to it. A clause hung on a place
    that locates the anchor ("positions near Lyman in Donetsk Oblast, which Russian forces
    captured") tells of a place named before it, not of that one, unless ``own``."""
    hosts = [anchor] if own else [] if _locates(anchor) else _clause_hosts(anchor)
    hosts = [
        h
        for h in hosts
        if h == anchor
        or place is None
        or place.i < h.i
        or (h == place and h.head.lower_ == "of" and h.head.head == anchor)  # "the town of X, which"
        or place in h.conjuncts  # "Crater and Tawahi, which remain": the clause hangs on the first item
    ]
    for rel in (r for host in hosts for r in host.children):
        if own and rel.left_edge.i > anchor.i + 2:
            continue  # only a clause set right after the place ("Y, which"), not one the parser strayed to
        if rel.dep_ == "acl" and rel.tag_ == "VBN" and rel.i > anchor.i:
            yield rel, "nsubjpass", None
            continue
        if rel.dep_ == "relcl":
            # "which the Taliban took", "which fell to the M23", "which Russian forces are trying to
            # encircle" (the object of its complement)
            for verb in (rel, *(c for c in rel.children if c.dep_ == "xcomp")):
                obj = next(
                    (
                        c
                        for c in verb.children
                        if c.dep_ in ("dobj", "nsubjpass", "nsubj") and c.lower_ in ("which", "that")
                    ),
                    None,
                )
                if obj is not None:
                    yield verb, obj.dep_, None
                    break
            else:
                yield from _stranded(rel)


def _stranded(rel: Token) -> Iterator[tuple[Token, str, Token | None]]:
    """ "villages that Ukraine's military said it had withdrawn from": a preposition left without its
    object in a relative clause (or a clause it reports) takes the place the clause hangs on."""
    verbs = [rel, *(c for c in rel.subtree if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"))]
    for verb in verbs:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.i > verb.i and not any(
                g.dep_ in ("pobj", "pcomp", "prep") for g in prep.children
            ):
                yield verb, prep.lower_, None
                return


def _verbal(tok: Token) -> bool:
    """A word tagged a noun that heads a clause ("the group could next move on X"): a verb."""
    return any(c.dep_ in ("aux", "nsubj", "neg") for c in tok.children)


def _frames_for(pred: Token, slot: str, via_object: Token | None) -> list[Frame]:
    lemma = pred.lemma_.lower()
    passive = _is_passive(pred)
    out = []
    if pred.pos_ in ("NOUN", "PROPN") and via_object is None and not _verbal(pred):
        return [f for f in NOMINALS_BY_LEMMA.get(lemma, ()) if slot in f.place]
    for frame in VERBS_BY_LEMMA.get(lemma, ()):
        place_slot = "dobj" if passive and slot == "nsubjpass" else slot
        if place_slot not in frame.place and not (
            passive and slot == "nsubjpass" and "nsubjpass" in frame.place
        ):
            continue
        if frame.particle and not any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ == frame.particle
                                      for c in pred.children):
            continue  # "hand over X", not "hand X a letter"; "turn over X", not "turned X into rubble"
        obj = via_object if via_object is not None else _object(pred)
        if frame.object:
            if obj is None or obj.lemma_.lower() not in frame.object:
                continue
        elif via_object is not None or (
            obj is not None and obj.lemma_.lower() in EXCLUDED_OBJECTS and place_slot != "dobj"
        ):  # "took place in X", "take part in"; but "seized parts of X" names X's parts
            continue
        if frame.action in GIVING_UP and place_slot != "dobj" and obj is not None and obj.lemma_.lower() in CARRIED:
            continue  # "evacuate embassy staff from the city": people taken out, not a withdrawal
        out.append(frame)
    # a light verb's own sense first ("pressing attacks on X"), then a particle's ("took back X")
    out.sort(key=lambda f: (not f.object, not f.particle))
    return out[:1]


def _hits(frame: Frame, pred: Token, slot: str, via_object: Token | None) -> Iterator[Hit]:
    modality = _modality(pred)
    if frame.nominal:
        actor = _nominal_actor(frame, pred)
        yield Hit(pred, frame.action, actor, _slot(pred, frame.loser), modality)
        return
    passive = _is_passive(pred)
    subject = _subject(pred)
    if passive and frame.passive_subject and slot != "nsubjpass" and subject is not None:
        yield Hit(
            pred, frame.passive_subject, subject, None, modality
        )  # "were pushed out of X": they withdrew
        agent = _slot(pred, ("agent",))
        if agent is not None:
            yield Hit(pred, frame.action, agent, subject, modality)
        return
    actor = None
    for name in frame.actor:
        if name == "nsubj":
            actor = subject if not passive else None
        elif name == "agent":
            actor = _slot(pred, ("agent",)) if passive else None
        else:
            actor = _slot(pred, (name,))
        if actor is not None:
            break
    if actor is not None and actor.lemma_.lower() in ("control", "hand"):
        actor = _owner(actor)  # "under M23 control", "in the hands of the Taliban"
    if (
        actor is None
        and (pred.dep_ == "relcl" or (pred.dep_ == "acl" and pred.tag_ == "VBN"))
        and frame.action is Action.CAPTURED
        and _modality(pred) is Modality.ASSERTED
        and not any(c.lower_ in ("almost", "nearly", "never") for c in pred.children)
    ):  # "the insurgents now hold Gamboru, seized in August, and Damasak, which fell in November": theirs
        actor = _holder_of(pred.head)
    loser = _slot(pred, frame.loser)
    if frame.passive_subject and not passive and slot != "dobj":
        loser = _object(pred) or loser  # "drove the Taliban out of Kunduz"
    yield Hit(pred, frame.action, actor, loser, modality)


_HOLDING = frozenset(lemma for frame in VERB_FRAMES if frame.action is Action.CONTROLS for lemma in frame.lemmas) - {
    "be", "come", "fall", "have"
}


def _holder_of(noun: Token) -> Token | None:
    """Who holds the place a noun names, when a holding verb's object leads to it (through lists and
    "including"): the subject of "hold", "control"."""
    tok = noun
    for _ in range(6):
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _HOLDING:
            subject = _subject(tok.head)
            return subject if subject is not None and _may_act(subject) else None
        if tok.dep_ not in ("conj", "appos", "pobj", "prep"):
            return None
        tok = tok.head
    return None


def _nominal_actor(frame: Frame, noun: Token) -> Token | None:
    """A nominal's actor: its owner, a name compounded with it, its "by"/"to" object, a demonym
    before it ("the Russian withdrawal"), else the subject of the verb it is the object of."""
    for name in frame.actor:
        if name in ("poss", "compound"):
            tok = next(
                (
                    c
                    for c in noun.children
                    if c.dep_ == name
                    and (name == "poss" or c.pos_ == "PROPN" or c.ent_type_ == "ORG" or _demonym(c))
                ),
                None,
            )
        else:
            tok = _slot(noun, (name,))
            if tok is None and frame.actor == ("to",) and noun.dep_ == "dobj":
                tok = _slot(noun.head, (name,))  # "negotiated the handover of X to Y": "to" hung on the verb
            if (
                name == "of"
                and tok is not None
                and tok.lemma_.lower() not in ("force", "troop", "soldier", "unit", "fighter", "army")
            ):
                tok = None
        if tok is not None:
            return tok
    demonym = next((c for c in noun.children if c.dep_ == "amod" and _demonym(c)), None)
    if demonym is not None:
        return demonym
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in NOMINAL_CARRIERS and "poss" in frame.actor:
        return _subject(noun.head)  # "announced the capture of X": the announcer's side
    return None


def _slot(pred: Token, names: tuple[str, ...]) -> Token | None:
    """The word in one of the named slots: "agent" (the object of a passive's "by"), or a
    preposition (chain) whose object it is."""
    for name in names:
        words = name.split()
        for child in pred.children:
            if name == "agent" and child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ in ("prep", "prt", "advmod", "agent") and child.lower_ == words[0]:
                tok = child
                for word in words[1:]:
                    tok = next((c for c in tok.children if c.lower_ == word), None)
                    if tok is None:
                        break
                if tok is not None:
                    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
    return None


def _owner(noun: Token) -> Token | None:
    """Who "control" or "hands" belongs to: "M23 control", "the army's control", "control of the RSF"."""
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ in ("compound", "amod")
            and child.pos_ in ("PROPN", "ADJ", "NOUN")
            and child.lower_ not in ("full", "total", "complete", "effective", "firm")
        ):
            return child
    return _slot(noun, ("of",))


def _object(pred: Token) -> Token | None:
    return next((c for c in pred.children if c.dep_ == "dobj"), None)


def _is_passive(pred: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in pred.children) or (
        pred.tag_ == "VBN" and pred.dep_ == "acl"
    ) or _passive_as_state(pred)


def _passive_as_state(tok: Token) -> bool:
    """A participle the parser read as the complement of "be" ("the city is completely liberated")."""
    return tok.tag_ == "VBN" and tok.dep_ == "acomp" and tok.head.lemma_ == "be"


def _subject(pred: Token) -> Token | None:
    """The predicate's subject, else the one it shares: a conjoined verb's ("entered X and took Y"),
    a complement's ("managed to take"), a participle clause's ("..., capturing X"), a relative
    clause's head ("the Taliban, who captured X"). A trailing participle whose clause subject cannot
    act tells of the last party named before it ("The fall of Mosul is a blow to efforts to fight
    militants who regained ground, taking Falluja": the militants)."""
    subj = _shared_subject(pred)
    if subj is not None and pred.tag_ == "VBG" and pred.dep_ == "advcl" and not _may_act(subj):
        party = next(
            (
                t
                for t in reversed(pred.doc[subj.i + 1 : pred.i])
                if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "dobj", "appos") and _may_act(t)
            ),
            None,
        )
        return party or subj
    return subj


def _shared_subject(pred: Token) -> Token | None:
    tok = pred
    for _ in range(4):
        subj = _nearest_subject(tok)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return _named_in_apposition(tok.head)
            return subj
        if tok.dep_ == "xcomp" and (obj := _object(tok.head)) is not None and obj.i < tok.i:
            return obj  # "permitted the retreating forces to enter X", "forced them to withdraw": the object
        if tok.head != tok and (
            tok.dep_ in ("conj", "xcomp", "advcl", "ccomp", "acomp")  # "were likely to push on": the subject of "were"
            or (tok.dep_ == "dep" and tok.pos_ == "VERB" and tok.head.pos_ == "VERB")  # "took X, then pushed"
        ):
            tok = tok.head
        elif tok.dep_ == "pcomp" and tok.head.head != tok.head:
            tok = tok.head.head  # "seize Tikrit after overrunning Mosul"
        elif tok.dep_ == "relcl":
            return _named_in_apposition(tok.head)
        else:
            return None
    return None


def _nearest_subject(verb: Token, skip: Token | None = None) -> Token | None:
    """The verb's subject nearest before it ("KYIV, Ukraine (AP) — The head of X claimed": the
    head, not the dateline); a pronoun is skipped when resolving another pronoun."""
    subjects = [
        c
        for c in verb.children
        if c.dep_ in _SUBJECTS
        and not c.is_punct  # "Hayat Tahrir al-Sham stormed": "al" and "-" misread as subjects
        and c.lower_ not in _ARTICLES
        and (skip is None or (c != skip and not c.is_ancestor(skip) and c.pos_ != "PRON"))
    ]
    before = [c for c in subjects if c.i < verb.i]
    if not subjects and verb.pos_ == "VERB":
        # "The TPLF fired rockets": a name before the verb, misread as an adverbial
        before = [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i < verb.i]
    last = (before or subjects or [None])[-1]
    if last is not None and last.pos_ == "PRON" and last.i > 0:
        participle = last.nbor(-1)
        if participle.dep_ == "acl" and participle.tag_ == "VBG" and participle.head.pos_ in ("NOUN", "PROPN"):
            return participle.head  # "the battalion defending it abandoned": "it" is the participle's object
    return last


def _modality(pred: Token) -> Modality:
    """Denied when negated or under "deny"/"fail"; expected under a modal ("could soon capture"),
    an intent verb ("vowed to retake") or "if"; else asserted."""
    tok = pred
    for depth in range(5):
        children = list(tok.children)
        if any(c.dep_ == "neg" for c in children):
            return Modality.DENIED
        if depth and (tok.lemma_.lower() in DENIAL_LEMMAS or tok.lemma_.lower() in DENIAL_NOUNS):
            return Modality.DENIED
        if any(c.dep_ == "aux" and c.lower_ in MODAL_WORDS for c in children):
            return Modality.EXPECTED
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
            return Modality.EXPECTED
        if depth and tok.lemma_.lower() in INTENT_LEMMAS and pred.dep_ != "conj":
            return Modality.EXPECTED
        if depth == 1 and tok.lemma_ == "be" and pred.dep_ == "xcomp":
            return Modality.EXPECTED  # "Armenia is to hand over Kalbajar by 25 November": a plan
        if tok.dep_ not in _CLAUSE_LINKS or tok.head == tok or (depth and tok.dep_ == "conj"):
            break
        if tok.dep_ in ("advcl", "relcl") and _finite(tok) and _nearest_subject(tok) is not None:
            break  # "it would set up ..., as it did after seizing X": a clause with its own tense
        tok = tok.head
    return Modality.ASSERTED


# A state's services that a sentence lists as one actor ("the army, police and intelligence").
_SERVICES = frozenset({"army", "police", "intelligence", "military", "gendarmerie", "militia", "militias",
                       "forces", "troops", "soldiers", "personnel", "policemen", "officers", "guards"})


def _same_side_conjuncts(tok: Token) -> list[Token]:
    """The services listed with ``tok`` ("army, police, and intelligence personnel"), in order;
    empty when any conjunct is no service (then the list names different actors)."""
    conj = [c for c in tok.conjuncts if c.i > tok.i]
    return conj if conj and all(c.lower_ in _SERVICES for c in conj) else []


def _finite(verb: Token) -> bool:
    """A verb with its own tense: "took", "has taken", "did" (not "taking", "to take")."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") or c.dep_ == "nsubj"
        for c in verb.children
    )  # a participle with a subject of its own is a past tense the tagger missed


def _phrase(tok: Token) -> tuple[str, str, bool, bool, bool, bool, bool] | None:
    """The noun phrase a token heads, without determiners, quantities, clauses or a dateline
    before it: (text, head lemma, named, armed, plural, person, indefinite). None when it is no noun
    phrase (a verb, a date)."""
    if tok.pos_ in ("VERB", "AUX", "NUM", "ADP", "SCONJ", "CCONJ") or tok.ent_type_ in _TEMPORAL or (
        tok.ent_type_ == "CARDINAL" and tok.pos_ != "PROPN"  # "ISIL" is sometimes tagged a number
    ):
        return None
    left = [c for c in tok.subtree if c.i < tok.i]
    words = left + [tok]
    # a parenthesised acronym right after the head: "Rapid Support Forces (RSF)"
    right = [
        c for c in tok.rights if c.dep_ == "appos" and c.i == tok.i + 2 and tok.doc[tok.i + 1].text == "("
    ]
    if right and right[0].i + 1 < len(tok.doc) and tok.doc[right[0].i + 1].text == ")":
        words += [tok.doc[tok.i + 1], right[0], tok.doc[right[0].i + 1]]
    elif tok.lower_ in _SERVICES and (same := _same_side_conjuncts(tok)):
        # "Afghan army, police and intelligence personnel", "the Iraqi army and police": one actor
        words += [w for w in tok.doc[tok.i + 1 : max(c.i for c in same[-1].subtree) + 1]]
    breaks = [
        w.i
        for w in left
        if w.pos_ in ("VERB", "AUX", "SPACE")
        or w.ent_type_ in ("DATE", "TIME")
        or w.dep_ in ("relcl", "acl")
        or w.text in (":", ";", ")")
        or _free_dash(w)  # not the hyphen of "Anti-Taliban"
        or "\n" in w.text_with_ws
    ]
    # "By Tuesday the FDS": a preposition before the head opens an adverbial, not the name
    breaks += [max(c.i for c in w.subtree) for w in left if w.dep_ == "prep" and w.i < tok.i and w.head == tok]
    if breaks:
        words = [w for w in words if w.i > max(breaks)]
    while words and (words[0].lower_ in _DROP_FIRST or words[0].is_punct or words[0].pos_ in ("DET", "NUM")):
        words = words[1:]
    while len(words) > 1 and words[-1].is_punct and words[-1].text != ")":
        words = words[:-1]
    if not words:
        return None
    text = tok.doc[words[0].i : words[-1].i + 1].text
    named = any(
        (w.pos_ == "PROPN" and not _capitalised_as_opening(w))
        or w.ent_type_ in ("ORG", "GPE")
        or _demonym(w)
        or (w.is_upper and len(w) > 1)
        for w in words
    )
    if _in_dateline(tok):
        return None  # "KYIV, Ukraine (AP) —", "Addis Ababa (AFP) -": a dateline, not an actor
    armed = not civil_body(text) and (
        tok.lemma_.lower() in FORCE_NOUNS
        or tok.lower_ in FORCE_NOUNS
        or tok.lemma_.lower() in GENERIC_NON_STATE
        or tok.pos_ == "PROPN"
        or tok.ent_type_ in ("ORG", "GPE", "NORP")
        or (tok.is_upper and len(tok) > 1)
        or (tok.is_title and not tok.is_sent_start)  # "the Houthis" tagged as a common noun
        or (
            tok.lemma_.lower() in WEAPON_NOUNS  # "Turkish drones", "Israel's warplanes"
            and any(c.dep_ in ("amod", "compound", "poss") and (_demonym(c) or c.pos_ == "PROPN") for c in tok.children)
        )
    )  # "UK nationals", "Afghan civilians": named, but no force
    # a person's name is two words or more ("Ilham Aliyev"); "Al-Shabab" is one word, hyphenated
    person = text.lower() not in armed_actor_names() and (  # "Boko Haram" is tagged a person's name
        (
            tok.ent_type_ == "PERSON"
            and tok.tag_ == "NNP"
            and sum(w.ent_type_ == "PERSON" and w.is_alpha and w.doc[w.i - 1].text != "-" for w in words) >= 2
        )
        or (  # "GNA military spokesman Mohamed Gnounou": a name after a role is a person's
            tok.pos_ == "PROPN" and any(w.lemma_.lower() in ROLE_NOUNS and w.pos_ == "NOUN" for w in words[:-1])
        )
        or (  # "Gnounou said", "Pletenchuk acknowledged": a surname alone, speaking (the tagger may give it
            tok.ent_type_ in ("PERSON", "")  # no type); not a country, a state's force or an acronym
            and tok.pos_ == "PROPN"
            and not national(tok.text)
            and tok.lower_ not in STATE_WORDS
            and not tok.is_upper
            and len(words) == 1
            and tok.dep_ == "nsubj"
            and tok.head.lemma_.lower() in SPEECH_VERBS
            and tok.text not in bundled_data.capitals()  # "Azerbaijan claims", "Kyiv said": tagged a person
        )
    )
    return (
        text,
        _singular(tok.lower_) if _capitalised_as_opening(tok) else tok.lemma_.lower(),  # "Rebels": rebel
        named,
        armed and not person,
        tok.tag_ in ("NNS", "NNPS") or tok.lower_ == "taliban",
        person,
        # "a militant group", not "a group of gunmen" (a number of them)
        tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
        and not any(c.lower_ == "of" for c in tok.children),
    )


def _capitalised_as_opening(tok: Token) -> bool:
    """A common word the tagger took for a name for its capital: a description that opens the
    sentence ("Rebels said ...", also after a dateline read as spaces), or any common word of a line
    in title case (a headline)."""
    if not tok.is_title:
        return False
    if all(t.is_space for t in tok.doc[: tok.i]):
        return _singular(tok.lower_) in GENERIC_NON_STATE | GENERIC_STATE | FORCE_NOUNS
    return _title_cased(tok.doc) and tok.lower_ in bundled_data.common_words()


def _singular(word: str) -> str:
    """ "rebels" -> "rebel", "gunmen" -> "gunman", "militias" -> "militia": a plural the tagger left
    unlemmatised because it read the word as a name."""
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word.removesuffix("s")


def _title_cased(doc: Doc) -> bool:
    """Is the line in title case (most of its longer words capitalised, as headlines are)? There a
    capital says nothing about a name. Computed once per parse."""
    if "title_cased" not in doc.user_data:
        words = [t for t in doc if t.is_alpha and len(t) > 3]
        doc.user_data["title_cased"] = len(words) >= 4 and sum(t.is_title for t in words) >= 0.8 * len(words)
    return doc.user_data["title_cased"]


_DASHES = frozenset({"—", "–", "-", "--"})
_ARTICLES = frozenset(ARABIC_ARTICLES) | {"wal"}  # before a hyphen; "wal-": "and the"


def _free_dash(tok: Token) -> bool:
    """A dash with a space on either side ("(AP) —", "Kabul - The"), not a hyphen inside a name."""
    return tok.text in _DASHES and bool(tok.whitespace_ or tok.doc[tok.i - 1].whitespace_)


def _demonym(tok: Token) -> bool:
    """ "Ukrainian", "Afghan": a people's adjective, by the tagger or the bundled list (the tagger
    misses some after a dash or at a line's start)."""
    return tok.ent_type_ == "NORP" or tok.text in bundled_data.demonyms()


def _people(tok: Token) -> str:
    """A people's adjective in full: "South African", not "South"."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end and e.label_ == "NORP"), None)
    return ent.text if ent is not None else tok.text


def _in_dateline(tok: Token) -> bool:
    """A place or agency before the dash that opens a wire story ("MAE SOT, Thailand (AP) —")."""
    doc = tok.doc
    dash = next(  # a free-standing dash ("(AP) —"), not a hyphen inside a name ("al-Bab")
        (t.i for t in doc[:12] if _free_dash(t)),
        None,
    )
    return (
        dash is not None
        and tok.i < dash
        and (doc[0].is_upper or tok.ent_type_ in ("GPE", "LOC") or any(t.text == "(" for t in doc[:dash]))
    )


def _actor_phrase(tok: Token, depth: int = 0) -> ActorPhrase | None:
    """The actor phrase a token stands for: its noun phrase, or what a pronoun, "its forces" or
    "the head of X" refers to."""
    if depth > 3:
        return None
    if tok.pos_ == "ADJ" and _demonym(tok):  # "the Russian withdrawal": Russian forces
        return ActorPhrase(f"{_people(tok)} forces", "force", "named")
    if tok.pos_ == "PRON" and tok.lower_ not in ("who", "which", "that"):
        referent = _referent(tok)
        return (
            _actor_phrase(referent, depth + 1)
            if referent is not None
            else ActorPhrase(
                tok.text, tok.lower_, "pronoun", plural=tok.lower_ in ("they", "them", "we", "us")
            )
        )
    if (tok.lower_ in QUANTITY_NOUNS or tok.pos_ == "NUM") and (whole := _slot(tok, ("of",))) is not None:
        return _actor_phrase(whole, depth + 1)  # "Thousands of inhabitants of Bunagana"
    if tok.lower_ in FORCE_NOUNS:
        # "Fighters from the M23 armed group", "Forces aligned with the GNA": the group they belong to
        group = _slot(tok, ("from", "of"))
        for mod in tok.children:
            if mod.dep_ in ("acl", "amod") and mod.lemma_.lower() in ALLEGIANCE_WORDS:
                group = _slot(mod, ("with", "to")) or group
        if (
            group is not None
            # "Rebels from Ethiopia's Tigray region": from where, not whose ("Islamic State Sahel Province" is)
            and not (group.pos_ == "NOUN" and group.lemma_.lower() in PLACE_NOUNS)
            and (found := _actor_phrase(group, depth + 1)) is not None
            and found.kind == "named"
        ):
            return found
        if (
            tok.pos_ == "NOUN"
            and all(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            and (speaker := _referent(tok)) is not None
            and (said := _actor_phrase(speaker, depth + 1)) is not None
            and said.kind == "named"
            and said.armed
            and not said.person
            and (national(said.text) or said.text.lower() in armed_actor_names() or said.text.isupper())
            and (bare := _phrase(tok)) is not None
            and DESCRIBED_SIDES.get(classify(*bare).kind) == side_of(said.text, non_state_actor_names())
        ):  # "Russia says troops pulled out of Lyman": a bare force noun its own side reports is its own
            return said  # (not "the Taliban said the troops fled": the other side's)
    if (
        tok.ent_type_ == "PERSON"
        and (role := next((c for c in tok.children if c.dep_ == "appos"), None)) is not None
        and role.lemma_.lower() in ROLE_NOUNS
        and (group := _slot(role, ("for", "of"))) is not None
    ):
        return _actor_phrase(group, depth + 1)  # "Ahmed al-Mismari, a spokesman for the LNA": the LNA
    if (
        tok.lemma_.lower() in ROLE_NOUNS | SPEAKER_BODIES or (tok.ent_type_ == "PERSON" and tok.tag_ == "NNP")
    ) and not (tok.lower_ in UNIT_NOUNS and tok.is_title and tok.pos_ == "PROPN"):  # "Military Operations Command"
        # "the head of the Russian private army Wagner": Wagner; "Ukraine's top commander",
        # "Russia's defence ministry": Ukraine, Russia; "Azerbaijani President Ilham Aliyev": Azerbaijani forces
        if (group := _slot(tok, ("of",))) is not None:
            return _actor_phrase(group, depth + 1)
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is not None:
            return _actor_phrase(owner, depth + 1)
        group = next(
            (
                c
                for c in tok.children
                if c.dep_ == "compound" and c.pos_ == "PROPN" and c.nbor().text not in _DASHES  # "UN-recognised"
            ),
            None,
        )
        if group is not None and tok.ent_type_ != "PERSON":
            return _actor_phrase(group, depth + 1)  # "a Fano commander", "a Taliban spokesman": the group
        generic = next(
            (c for c in tok.children if c.dep_ in ("compound", "amod") and c.lemma_.lower() in GENERIC_NON_STATE),
            None,
        )
        if generic is not None and tok.ent_type_ != "PERSON":  # "rebel leaders said they would": the rebels
            return ActorPhrase(tok.doc[generic.i : tok.i + 1].text, generic.lemma_.lower(), "non-state")
        demonym = next(  # not a backer's: "the Saudi-backed government"
            (c for c in tok.subtree if _demonym(c) and c.i < tok.i and c.nbor().text not in _DASHES), None
        )
        if demonym is not None:
            return ActorPhrase(f"{_people(demonym)} forces", "force", "named")
        if tok.ent_type_ != "PERSON" and any(
            w.lower_ in STATE_WORDS
            for c in tok.children
            if c.dep_ in ("compound", "amod", "prep", "nmod")
            for w in c.subtree
        ):
            # "a colonel at a local military command center", "an army spokesman": the state's forces
            return ActorPhrase(tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text, "force", "state")
    if (name := _apposed_name(tok)) is not None:
        return _actor_phrase(name, depth + 1)  # "the group's political umbrella, the Congo River Alliance"
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if owner is not None and tok.lower_ in FORCE_NOUNS | {"men"} and (referent := _referent(owner)) is not None:
        said = _actor_phrase(referent, depth + 1)  # "Moscow announced the withdrawal of its forces": Moscow's
        if said is not None and (owner.lower_ not in ("our", "my") or re.search(r"\b[A-Z]", said.text)):
            return said  # "our forces", said by "a TPLF spokesman"; not by "the official" (see ``_claim``)
    found = _phrase(tok)
    if found is None:
        return None
    phrase = classify(*found)
    if owner is not None and owner.lower_ in ("our", "my") and phrase.kind in ("state", "non-state"):
        return replace(phrase, text=f"{owner.text} {phrase.text}", ours=True)  # the speaker's ("Our forces")
    return phrase


def _referent(pronoun: Token) -> Token | None:
    """What a pronoun refers to inside its sentence: the subject of the clause that reports or
    frames its own ("The army said it repelled", "Moscow announced the withdrawal of its forces")."""
    tok = pronoun.head
    for _ in range(6):
        subj = _nearest_subject(tok, skip=pronoun)
        if subj is not None and not _may_act(subj) and pronoun.lower_ not in ("we", "our", "us"):
            subj = _apposed_name(subj)  # "The withdrawal is Moscow's prize since its troops took X": no
            # withdrawal's troops; "the group's wing, the Congo River Alliance, said it": the name
        if subj is not None and tok != pronoun.head and tok.lemma_.lower() in SPEECH_VERBS:
            return subj  # "The army said it repelled": the speaker
        if subj is not None and pronoun.dep_ == "poss":
            return subj
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def _named_in_apposition(tok: Token) -> Token:
    """ "the Derna Protection Force, the coalition that has held the city": the name the
    description stands beside."""
    return tok.head if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and tok.pos_ == "NOUN" else tok


def _apposed_name(tok: Token) -> Token | None:
    """The name in apposition to a description that cannot act by itself ("the group's political
    wing, the Congo River Alliance")."""
    if tok.pos_ != "NOUN" or _may_act(tok):
        return None
    return next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > tok.i), None)


def _may_act(tok: Token) -> bool:
    """Can the word stand for a party: a name, a pronoun, a force, a speaker or a role (not "the
    withdrawal", "the city")?"""
    lemma = tok.lemma_.lower()
    return (
        tok.pos_ in ("PROPN", "PRON")
        or tok.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")
        or lemma in FORCE_NOUNS
        or tok.lower_ in FORCE_NOUNS
        or lemma in GENERIC_NON_STATE
        or lemma in ROLE_NOUNS | SPEAKER_BODIES
        or _demonym(tok)
    )


def _when(pred: Token, s: Sentence, dated: SpanIndex[DateRef]) -> str | None:
    """The resolved date attached to the predicate's own clause: a date whose nearest governing
    predicate is this one, else the nearest date inside its clause."""
    doc = pred.doc
    found = dated.within(s.start, s.end)
    if not found:
        return None
    lo = s.start + doc[pred.left_edge.i].idx
    hi = s.start + doc[pred.right_edge.i].idx + len(doc[pred.right_edge.i])
    own, near = [], []
    for d in found:
        span = doc.char_span(d.start - s.start, d.end - s.start, alignment_mode="expand")
        if span is None:
            continue
        gov = span.root
        while gov.head != gov and gov.pos_ not in ("VERB", "AUX") and gov != pred:
            gov = gov.head
        if gov == pred:
            own.append(d)
        elif lo <= d.start < hi:
            near.append(d)
    pick = own or near
    if not pick:
        return None
    at = s.start + pred.idx
    return min(pick, key=lambda d: abs(d.start - at)).resolved


def dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple] = set()
    out = []
    for c in claims:
        key = (c.actor, c.action, c.place, c.start)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
