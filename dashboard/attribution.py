"""Who says so: quotations with their speakers, and the source of each sentence
("according to X", "X said", "said X", "he added" -> the last named speaker)."""
from __future__ import annotations

import re

from dashboard.model import Quote
from dashboard.text import Sentence
from dashboard.vocabulary import MONTHS, SPEECH_WORDS, WEEKDAYS

_SPEECH = f"(?:{'|'.join(sorted(SPEECH_WORDS))})"
_GROUPS = (r"(?:[a-z-]+[ \t]+)?(?:officials|sources|residents|witnesses|police|authorities|activists|"
           r"analysts|monitors|diplomats|medics|doctors|commanders|locals|villagers|militants|rebels|troops)")
# "a military official", "the district governor", "a spokesman for the ministry": a role, never a clause
# ("said the town had fallen")
_ROLE_WORDS = (r"(?:official|spokes(?:man|woman|person)|commander|source|resident|witness|officer|governor|"
               r"minister|analyst|diplomat|medic|doctor|lawmaker|leader|chief|member|activist|elder|mayor)s?")
_ROLE_PHRASE = (rf"(?:an?|the|one|some)[ \t]+(?:[\w-]+[ \t]+){{0,3}}{_ROLE_WORDS}\b"
                rf"(?:[ \t]+(?:of|for|at|in|with)[ \t]+(?:the[ \t]+)?"
                rf"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*)?")
_WHO = (rf"(?:{_GROUPS}|[A-Z][\w'’.-]*(?:[ \t]+(?:of[ \t]+|for[ \t]+|the[ \t]+|al[- ]|ul[- ])?"
        rf"[A-Z][\w'’.-]*)*|{_ROLE_PHRASE})")
_ACCORDING = re.compile(rf"\b(?i:according)[ \t]+to[ \t]+(?P<who>{_WHO})(?=[,.;]|$|[ \t]+(?:who|on|in|,))")
_WHO_SAID = re.compile(rf"(?P<who>{_WHO})(?:,[^,]{{3,80}},)?[ \t]+(?:also[ \t]+|later[ \t]+)?{_SPEECH}\b")
# "told Reuters": the listener
_SAID_WHO = re.compile(rf"\b(?!told\b){_SPEECH}[ \t]+(?P<who>{_WHO})(?=[,.;]|$)")
_PRONOUN = re.compile(rf"\b(?:he|she|they)[ \t]+(?:also[ \t]+)?{_SPEECH}\b", re.I)
_QUOTE = re.compile(r"[“\"](?P<q>[^”\"\n]{8,600})[”\"]")
_CUE = re.compile(rf"\b(?:{_SPEECH}|(?i:according))\b")  # cheap test before the three costly patterns
_WHO_REACH = 240  # characters: a long name, an 80-character aside between commas, "also"
_NOT_SPEAKER = re.compile(r"^(?:The|A|An|It|This|That|There|But|And|In|On)$")
_ROLE = re.compile(r"^(?:an?|the|one|some)[ \t]", re.I)


def _clean(who: str) -> str | None:
    who = who.strip(" ,.;")
    if not who or _NOT_SPEAKER.match(who) or who.lower() in WEEKDAYS or who.lower() in MONTHS:
        return None  # "The ministry on Sunday confirmed": a day is never the speaker
    return who


def sources(sentences: list[Sentence]) -> list[str | None]:
    """The source of each sentence, carrying the last named speaker into "he said"."""
    out: list[str | None] = []
    last_named: str | None = None
    for s in sentences:
        who = None
        cue = _CUE.search(s.text)
        # Each pattern holds a cue word, so its search starts at the first cue (a speaker's name
        # stands at most _WHO_REACH before it): a search over the whole sentence cost 4x more.
        for pattern, pos in ((_ACCORDING, cue.start()), (_SAID_WHO, cue.start()),
                             (_WHO_SAID, max(0, cue.start() - _WHO_REACH))) if cue else ():
            m = pattern.search(s.text, pos)
            if m and (who := _clean(m.group("who"))):
                break
        if who is None and cue and _PRONOUN.search(s.text):
            who = last_named
        if who and not _ROLE.match(who):
            last_named = _surname_to_full(who, last_named)
        out.append(_surname_to_full(who, last_named) if who else None)
    return out


def _surname_to_full(who: str, last_named: str | None) -> str:
    """ "Rahman" after "Mohib-ul Rahman" is the same person: keep the full name."""
    if last_named and " " not in who and last_named.endswith(" " + who):
        return last_named
    return who


def quotes(text: str, sentences: list[Sentence], sentence_sources: list[str | None]) -> list[Quote]:
    """Exact quotations, each with the speaker named around it (same or next sentence)."""
    out: list[Quote] = []
    for m in _QUOTE.finditer(text):
        speaker = None
        for i, s in enumerate(sentences):
            if s.start <= m.end() and m.start() < s.end or s.start >= m.start():
                speaker = sentence_sources[i] or (sentence_sources[i + 1] if i + 1 < len(sentences) else None)
                break
        body = m.group("q").rstrip(" ,")
        out.append(Quote(text=body, start=m.start("q"), end=m.start("q") + len(body), speaker=speaker))
    return out
