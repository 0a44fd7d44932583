"""Claims: who took, lost, fled, crossed or retook which place, when, according to whom.

One pass of verb patterns per sentence. Active verbs take their place from the clause after
the verb ("seized control of Imam Sahib"), passives and "fell to" from before it ("Mosul falls
to militants"); nominals ("the Russian takeover of Avdiivka") from the "of" phrase. Actors are
noun phrases; descriptions ("the religious organization", "an al Qaeda splinter group") and
pronouns refer back to the article's named armed actor.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from dashboard.gazetteer import NameIndex, lower_same_length
from dashboard.model import Claim, DateRef, Place, Quote
from dashboard.text import Sentence

FORCE_NOUNS = (r"forces|force|troops|soldiers|army|armies|militias?|militants|fighters|rebels|insurgents|"
               r"personnel|separatists|paramilitar(?:y|ies)|police|units|brigades?|battalions?|groups?|"
               r"movement|organi[sz]ation|jihadists|extremists|guerrillas|mercenaries|commandos|marines|"
               r"gunmen|men|coalition|regime|government|military")
_FORCE = re.compile(rf"\b(?:{FORCE_NOUNS})\b", re.I)

# verb pattern -> (action, voice): "active" takes the place after the verb, "passive" before it.
_VERBS: list[tuple[str, str, str]] = [
    (r"(?:was|were|been|being|is|are)[ \t]+(?:\w+[ \t]+)?(?:captured|seized|taken|overrun|occupied)[ \t]+by", "captured", "passive"),
    (r"(?:was|were|been|is|are)[ \t]+(?:\w+[ \t]+)?(?:retaken|recaptured|liberated)[ \t]+by", "retook", "passive"),
    (r"(?:fell|falls|fall|fallen|falling)[ \t]+(?:\w+[ \t]+)?to", "captured", "passive"),
    (r"(?:re-?took|recaptured?|recapturing|regained|regains?|liberated|liberates|retaken)(?:[ \t]+control[ \t]+of)?", "retook", "active"),
    (r"(?:seized|seizes?|seizing|captured?|captures|capturing|overran|overruns?|occupied|occupies|"
     r"took|takes|taking|taken|acquired|gained|gains|won|wrested)(?:[ \t]+(?:full[ \t]+)?(?:control|hold)[ \t]+(?:of|over))?"
     r"(?:[ \t]+over)?", "captured", "active"),
    (r"(?:withdrew|withdrawn|withdrawing|withdraws|retreated|retreating|pulled[ \t]+out)[ \t]+(?:from|of)", "withdrew", "active"),
    (r"(?:abandoned|abandoning|evacuated|surrendered|lost)", "withdrew", "active"),
    (r"(?:fled|fleeing|flee|flees)(?:[ \t]+(?:to|into|from|across|toward|towards))?", "fled", "active"),
    (r"(?:crossed|crossing|crosses)(?:[ \t]+(?:into|over|from|across))?", "crossed", "active"),
    (r"(?:advanced|advancing|pushed|pushing|marched)[ \t]+(?:on|toward|towards|into)", "advanced", "active"),
    (r"(?:besieged|encircled|surrounded|shelled|attacked|stormed)", "besieged", "active"),
]
_VERB = re.compile("|".join(rf"(?P<v{i}>\b{p}\b)" for i, (p, _, _) in enumerate(_VERBS)), re.I)
_NOMINAL = re.compile(
    r"\b(?:(?P<who>[A-Z][\w'’-]+)(?:['’]s)?[ \t]+)?(?P<noun>takeover|capture|seizure|fall|recapture|loss|liberation)"
    r"[ \t]+of[ \t]+", re.I)
_NOMINAL_ACTION = {"takeover": "captured", "capture": "captured", "seizure": "captured", "fall": "fell",
                   "recapture": "retook", "liberation": "retook", "loss": "lost"}
_CLAUSE_BREAK = re.compile(r";|,[ \t]+(?:while|but|as|although|though|even as|which|who)\b|[ \t]+(?:while|but|although|after|before|as|when)[ \t]+|\bthat[ \t]+")
_AUX = re.compile(r"(?:[ \t]+(?:have|has|had|was|were|is|are|be|been|reportedly|also|then|now|later|"
                  r"quickly|briefly|finally|already|just|allegedly|apparently|subsequently|eventually|had|"
                  r"recently|largely|mainly|all|both|currently))+[ \t]*$", re.I)
_ACTOR = re.compile(
    rf"(?:(?:[A-Z][\w'’.-]*|al|el|of|and|the|for)[ \t,]+)*?"
    rf"(?:[A-Z][\w'’.-]*)(?:[ \t]+\([A-Z][\w-]*\))?(?:[ \t]+(?:[\w-]+[ \t]+){{0,2}}(?:{FORCE_NOUNS}))?$"
    rf"|(?:(?:an?|the|some|many|hundreds[ \t]+of|thousands[ \t]+of|dozens[ \t]+of|[\w-]+)[ \t]+)*?"
    rf"(?:[\w'’,-]+[ \t]+){{0,6}}?(?:{FORCE_NOUNS})$",
)
_PRONOUN_ACTOR = re.compile(r"(?:^|\b)(?:it|they|he|she|who|which)$", re.I)
_DESCRIPTION = re.compile(r"^(?:the|an?|its|their|some|many)\b", re.I)
_QUANT = re.compile(r"^(?:(?:an?|the|some|many|several|more[ \t]+than|over|about|around|nearly|almost|"
                    r"hundreds[ \t]+of|thousands[ \t]+of|dozens[ \t]+of|a[ \t]+small[ \t]+contingent[ \t]+of|"
                    r"[\d,]+|one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+)+", re.I)
_AREA_WORDS = re.compile(r"\b(?:districts?|areas?|villages?|towns?|territor(?:y|ies)|positions?|outposts?|"
                         r"bases?|cities|city|region|checkpoints?)\b", re.I)
_SECURITY_LIST = re.compile(r"^(?P<dem>[A-Z]\w+)[ \t]+(?:[\w]+,[ \t]+)+(?:and[ \t]+)?[\w]+(?:[ \t]+(?:personnel|forces))?$", re.I)


@dataclass(frozen=True)
class _Context:
    text: str
    places: list[Place]
    dates: list[DateRef]
    index: NameIndex
    named_actor: str | None


def _actor_names(text: str, sentences: list[Sentence], index: NameIndex) -> Counter[str]:
    """Named actors of the article: subjects of action verbs that are proper names or acronyms."""
    names: Counter[str] = Counter()
    for s in sentences:
        for m in _VERB.finditer(s.text):
            np = _subject(s.text[:m.start()])
            if np and not _DESCRIPTION.match(np) and not _PRONOUN_ACTOR.search(np):
                names[_canonical(np, index)] += 1
        for m in re.finditer(r"\b[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*[ \t]+\((?P<acr>[A-Z]{2,6})\)", s.text):
            names[m.group("acr")] += 1
    return names


def _subject(before: str) -> str | None:
    """The noun phrase right before a verb, within its clause."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    clause = _AUX.sub("", clause).rstrip(" ,")
    clause = re.split(r"(?<=[a-z])[ \t]+(?:that|and|which|who)[ \t]+(?=[A-Za-z])", clause)[-1] if \
        not re.search(r"\b(?:who|which)$", clause) else clause
    if _PRONOUN_ACTOR.search(clause):
        return re.search(r"\w+$", clause).group()
    m = _ACTOR.search(clause)
    if not m:
        return None
    return m.group().strip(" ,")


def _canonical(np: str, index: NameIndex) -> str:
    """ "more than 300 Afghan military troops" -> "Afghan troops"; security-service lists -> "<X> forces"."""
    np = _QUANT.sub("", np.strip()).strip(" ,")
    np = re.sub(r"^(?:the|an?)[ \t]+", "", np, flags=re.I)
    if (m := _SECURITY_LIST.match(np)) and index.demonyms.get(lower_same_length(m.group("dem"))):
        return f"{m.group('dem')} forces"
    words = np.split()
    if len(words) >= 3 and index.demonyms.get(lower_same_length(words[0])) and _FORCE.fullmatch(words[-1]) \
            and all(w.islower() for w in words[1:]):
        return f"{words[0]} {words[-1]}"
    return np


def find_claims(text: str, sentences: list[Sentence], places: list[Place], dates: list[DateRef],
                sentence_sources: list[str | None], quotes: list[Quote], index: NameIndex) -> list[Claim]:
    """Every claim the sentences state about a place mentioned in the article."""
    names = _actor_names(text, sentences, index)
    ctx = _Context(text, sorted(places, key=lambda p: p.start), dates, index,
                   names.most_common(1)[0][0] if names else None)
    claims: list[Claim] = []
    last_actor: str | None = None
    for i, s in enumerate(sentences):
        for m in _VERB.finditer(s.text):
            idx = int(next(k for k, v in m.groupdict().items() if v)[1:])
            _, action, voice = _VERBS[idx]
            found = _claim_for(ctx, s, m, action, voice, last_actor)
            if found is None:
                continue
            actor, place = found
            last_actor = actor or last_actor
            claims.append(_build(ctx, s, actor, action, place, sentence_sources[i], quotes))
        for m in _NOMINAL.finditer(s.text):
            place = _first_place(ctx, s.start + m.end(), s.start + min(len(s.text), m.end() + 60))
            if place is None:
                continue
            who = m.group("who")
            actor = _country_name(who, ctx.index) if who else None
            if actor is None and who and who[0].isupper() and who.lower() not in ("the", "a"):
                actor = who
            claims.append(_build(ctx, s, actor, _NOMINAL_ACTION[m.group("noun").lower()], place,
                                 sentence_sources[i], quotes))
    return _dedupe(claims)


def _claim_for(ctx: _Context, s: Sentence, m: re.Match[str], action: str, voice: str,
               last_actor: str | None) -> tuple[str | None, Place] | None:
    abs_start, abs_end = s.start + m.start(), s.start + m.end()
    clause_end = _clause_end(s, m.end())
    if voice == "passive":
        by = _ACTOR.search(re.split(r"[,;.]|[ \t]+(?:in|on|at|after|since|during|as|while|overnight)[ \t]+",
                                    s.text[m.end():])[0].strip() or "x")
        actor = by.group().strip() if by and s.text[m.end():].strip() else None
        place = _last_place(ctx, s.start + _clause_start(s, m.start()), abs_start) or \
            _topic_place(ctx, s, abs_start)
        actor = _resolve_actor(actor, ctx, last_actor)
    else:
        np = _subject(s.text[:m.start()])
        actor = _resolve_actor(np, ctx, last_actor)
        place = _first_place(ctx, abs_end, s.start + clause_end)
        if place is None and action == "crossed":
            place = _other_country(ctx, s, actor)
        if place is None and action in ("captured", "withdrew") and _AREA_WORDS.search(s.text[m.end():clause_end]):
            place = _topic_place(ctx, s, abs_start)
    if place is None or (actor is None and voice == "active"):
        return None
    return actor, place


def _resolve_actor(np: str | None, ctx: _Context, last_actor: str | None) -> str | None:
    if not np:
        return None
    if _PRONOUN_ACTOR.fullmatch(np) or re.fullmatch(r"(?:it|they|who|which)", np, re.I):
        return last_actor or ctx.named_actor
    canon = _canonical(np, ctx.index)
    has_name = any(w[:1].isupper() for w in canon.split())
    if not has_name and _DESCRIPTION.match(np) and ctx.named_actor:
        return ctx.named_actor  # "the religious organization" -> the article's named actor
    return canon or None


def _clause_start(s: Sentence, rel: int) -> int:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(s.text[:rel])]
    return breaks[-1] if breaks else 0


def _clause_end(s: Sentence, rel: int) -> int:
    m = _CLAUSE_BREAK.search(s.text, rel)
    return m.start() if m else len(s.text)


def _first_place(ctx: _Context, start: int, end: int) -> Place | None:
    return next((p for p in ctx.places if start <= p.start < end and p.kind != "border" and p.lat is not None), None)


def _last_place(ctx: _Context, start: int, end: int) -> Place | None:
    inside = [p for p in ctx.places if start <= p.start < end and p.kind != "border" and p.lat is not None]
    return inside[-1] if inside else None


def _topic_place(ctx: _Context, s: Sentence, before: int) -> Place | None:
    """The province or town the passage is about: the last one named in this or the 3 sentences before."""
    window = [p for p in ctx.places if s.start - 1200 <= p.start < before
              and p.kind in ("admin1", "admin2", "town", "region") and p.lat is not None]
    return window[-1] if window else None


def _other_country(ctx: _Context, s: Sentence, actor: str | None) -> Place | None:
    """Where a crossing went: a country named in the sentence that is not the actor's own."""
    own = None
    if actor:
        own = ctx.index.demonyms.get(lower_same_length(actor.split()[0]))
    cands = [p for p in ctx.places if s.start <= p.start < s.end and p.kind == "country" and p.country_iso3 != own]
    if cands:
        return cands[0]
    borders = [p for p in ctx.places if p.kind == "border" and p.start < s.end and p.ref]
    if borders and own:
        other = next((iso for iso in borders[-1].ref.removeprefix("border:").split("-") if iso != own), None)
        return next((p for p in ctx.places if p.kind == "country" and p.country_iso3 == other), None)
    return None


def _country_name(word: str, index: NameIndex) -> str | None:
    iso = index.demonyms.get(lower_same_length(word.rstrip("'’s")))
    return index.countries[iso].name if iso and iso in index.countries else None


def _when(ctx: _Context, s: Sentence) -> str | None:
    inside = [d for d in ctx.dates if s.start <= d.start < s.end and d.resolved]
    return inside[0].resolved if inside else None


def _build(ctx: _Context, s: Sentence, actor: str | None, action: str, place: Place, source: str | None,
           quotes: list[Quote]) -> Claim:
    quote = next((q.text for q in quotes if q.start < s.end and s.start < q.end), None)
    return Claim(actor=actor, action=action, place=place.mention, when=_when(ctx, s), source=source, quote=quote,
                 sentence=s.text, start=s.start, end=s.end, admin1=place.admin1, country_iso3=place.country_iso3)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple] = set()
    out = []
    for c in claims:
        key = (c.actor, c.action, c.place, c.start)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
