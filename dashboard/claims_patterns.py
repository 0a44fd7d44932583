"""The claims reader on surface patterns (wave 1, kept for comparison: DASHBOARD_CLAIMS=patterns;
the parse reader in claims.py is the default).

One pass of verb patterns per sentence. Active verbs take their place from the object right
after the verb ("seized control of the Iraqi city of Mosul"), passives and "fell to" from the
subject before it ("Mosul falls to militants"), nominals from the "of" phrase ("the Russian
takeover of Avdiivka"). Actors are the noun phrase before an active verb or after "by"/"to";
descriptions ("the religious organization", "an al Qaeda splinter group"), bare generic nouns
("militants") and pronouns refer to the article's named armed actor.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from dashboard.actors import known_long_forms, long_forms
from dashboard.claims import dedupe
from dashboard.border_mentions import iso_of
from dashboard.gazetteer import NameIndex
from dashboard.frames import CIVILIAN_NOUNS, GENERIC_NON_STATE
from dashboard.vocabulary import (CLAIMING_VERBS, COMPASS_POINTS, FORCE_NOUNS, MONTH_NAMES, SMALL_NUMBERS,
                                  SPEECH_FORMS, SPEECH_WORDS,
                                  STATE_WORDS, WEEKDAYS)
from dashboard.model import Claim, DateRef, Place, Quote
from dashboard.text import Sentence, SpanIndex, lower_same_length, matches_near

# Armed men named by what they are, not who: "militants", "gunmen" (plurals of the parse reader's
# generic non-state nouns).
GENERIC_ARMED = frozenset(w for w in FORCE_NOUNS
                          if {w, w.removesuffix("s"), w.replace("men", "man")} & GENERIC_NON_STATE)
# A state's forces: "the army" is not the rebel group the article names most, and a description of
# insurgents is not the government's "FDS" ("Defence and Security Forces (FDS)").
# Bare "forces" and "guard" name rebels too ("Rapid Support Forces", "Revolutionary Guard" aside).
_STATE_NAMES = STATE_WORDS - {"forces", "guard"} | {"armed forces", "security forces", "national guard"}
_STATE = re.compile(rf"\b(?:{'|'.join(sorted(_STATE_NAMES))})\b", re.I)

# (pattern, action); whether a match is passive is read from the words before it (``_is_passive``)
_FORCE_NOUN = "|".join(sorted(FORCE_NOUNS))
_FORCE_PLURAL = "|".join(sorted(w for w in FORCE_NOUNS if w.endswith(("s", "men"))))  # men, not "a unit"
_FORCES_OBJ = rf"(?:[ \t]+(?:its|their|his|her|the)?[ \t]*(?:{_FORCE_NOUN}))?"
_VERBS: list[tuple[str, str]] = [
    (r"(?:fell|falls|fall|fallen|falling)[ \t]+(?:\w+[ \t]+)?to", "captured"),
    (r"(?:re-?took|re-?takes?|re-?taking|recaptured?|recaptures|recapturing|regained|regains?|regaining|"
     r"liberated|liberates|liberating|retaken)(?:[ \t]+control[ \t]+(?:of|over))?", "retook"),
    (r"(?:seized|seizes?|seizing|captured?|captures|capturing|overran|overruns?|overrun|overrunning|occupied|"
     r"occupies|occupy|occupying|took|takes?|taking|taken|wrested)(?![ \t]+(?:place|part|up|office|power|"
     r"responsibility)\b)(?:[ \t]+(?:full[ \t]+|total[ \t]+)?(?:control|hold)[ \t]+(?:of|"
     r"over))?(?:[ \t]+over)?", "captured"),
    # "pushing IS out of Hajin", "drove the Taliban out of Kunduz": the subject takes it (the object loses it)
    (r"(?:push(?:ed|es|ing)?|dr(?:ove|ives?|iving)|forc(?:ed|es|ing)|chas(?:ed|es|ing)|kick(?:ed|s|ing)?)"
     r"[ \t]+(?:[\w'’-]+[ \t]+){1,4}?out[ \t]+of", "captured"),
    (r"(?:acquired|gained|gains|won|assumed|claims?|claimed)[ \t]+(?:full[ \t]+|"
     r"total[ \t]+)?control[ \t]+(?:of|over)", "captured"),
    # "Nyala ... are now under RSF control", "under the control of the army", "in the hands of the Taliban"
    (r"(?:under[ \t]+(?:the[ \t]+)?(?:full[ \t]+|firm[ \t]+|total[ \t]+)?control[ \t]+of|"
     r"in[ \t]+the[ \t]+hands[ \t]+of|under(?=[ \t]+(?:full[ \t]+)?(?:[a-z][\w'’-]*[ \t]+){1,4}control\b))",
     "controls"),
    # "now control at least 12 of", "which separatists have held since 2014": who holds a place now
    (r"(?:controls?|controlled|controlling|held|holds?|holding)(?![ \t]+(?:talks|a|an|the[ \t]+line)\b)",
     "controls"),
    (r"(?:entered|enters?|entering|(?:march|marches|marched|marching|moved|moves|rolled|rolls|swept|sweeps|"
     r"poured|pours)[ \t]+into)",
     "entered"),
    (r"(?:withdrew|withdrawn|withdrawing|withdraws?|retreated|retreating|retreats?|"
     r"pulled|pulls?|pulling)" + _FORCES_OBJ +
     r"(?:[ \t]+(?:out|back))?[ \t]+(?:from|of)", "withdrew"),
    (r"(?:abandoned|abandoning|abandons?|evacuated|surrendered|lost|left|"
     r"(?:driven|pushed|forced|chased|expelled|ousted|routed)[ \t]+(?:out[ \t]+of|from))", "withdrew"),
    (r"(?:fled|fleeing|flee|flees)(?:[ \t]+(?:to|into|from|across|toward|towards))?", "fled"),
    (r"(?:crossed|crosses)(?:[ \t]+(?:into|over|from|across))?|crossing[ \t]+(?:into|over|from|across)",
     "crossed"),
    (r"(?:advanced|advancing|pushed|pushing|pressed|pressing|marched|moved)(?:[ \t]+(?:deeper|further|"
     r"farther|north|south|east|west))?[ \t]+(?:on|toward|towards|into)", "advanced"),
    (r"(?:besieged|besieges?|besieging|encircled|encircles?|encircling|surrounded|surrounds?|surrounding|"
     r"shelled|shells|shelling|attacked|attacks|attacking|stormed|storms?|storming|(?:laid|lay|lays|"
     r"laying)[ \t]+siege[ \t]+to)", "besieged"),
]
# One word-start test before the alternation, not one per verb: mid-word positions fail at once.
# Matched on lower-cased text: re.IGNORECASE made this scan three times slower.
_VERB = re.compile(r"(?<![\w-])(?:%s)\b" % "|".join(rf"(?P<v{i}>{p})" for i, (p, _) in enumerate(_VERBS)))
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)(?:[ \t]+\w+ly)?[ \t]*$", re.I)
_NOMINAL_NOUNS = (r"takeover|capture|seizure|fall|recapture|loss|liberation|attack|assault|offensive|siege|"
                  r"shelling|bombardment")
_NOMINAL_OF = r"[ \t]+(?:of|on|against)[ \t]"  # "capture of", "attack on"
_NOMINAL = re.compile(
    r"\b(?:(?P<who>(?-i:[A-Z][\w'’-]+?))(?:['’]s)?[ \t]+(?:(?-i:[a-z]+)[ \t]+)?)?"  # "Hamas rocket attack on"
    rf"(?P<noun>{_NOMINAL_NOUNS}){_NOMINAL_OF}+", re.I)
_NOMINAL_CUE = re.compile(rf"\b(?:{_NOMINAL_NOUNS}){_NOMINAL_OF}", re.I)
_NOMINAL_REACH = 80  # "Hamas's rocket " before the noun
_ANNOUNCED = re.compile(r"(?P<before>.*?)[ \t]+(?:announced|claimed|confirmed|hailed|celebrated|declared)"
                        r"[ \t]+(?:(?:the|its|their|his|her)[ \t]+)?(?:[a-z]+[ \t]+)?$")
_NOMINAL_ACTION = {"takeover": "captured", "capture": "captured", "seizure": "captured", "fall": "fell",
                   "recapture": "retook", "liberation": "retook", "loss": "lost", "attack": "attacked",
                   "assault": "attacked", "offensive": "attacked", "siege": "besieged",
                   "shelling": "attacked",
                   "bombardment": "attacked"}
_CLAUSE_BREAK = re.compile(r";|:|—|–|[ \t]-[ \t]|(?<=[0-9a-z]{2})\.[ \t]+|"
                           r"\b(?i:according)[ \t]+to[ \t]+[^,]{2,80},|,[ \t]+(?:while|but|as|although|"
                           r"though|even as|which|where)\b|[ \t]+(?:while|but|although|after|before|because|"
                           r"when|since)[ \t]+|\bthat[ \t]+")
_AUX = re.compile(r"(?:[ \t]+(?:have|has|had|was|were|is|are|be|been|reportedly|also|then|now|later|quickly|"
                  r"briefly|likely|probably|claims?|says?|finally|already|still|effectively|just|allegedly|"
                  r"apparently|subsequently|eventually|recently|largely|mainly|currently|succeeded[ \t]+in|"
                  r"managed[ \t]+to|forced[ \t]+to|had[ \t]+to|able[ \t]+to|obliged[ \t]+to|tried[ \t]+to|"
                  r"attempted[ \t]+to|continued[ \t]+to|began|started|sought[ \t]+to|vowed[ \t]+to|would|"
                  r"will|could|may|might|did|not|(?-i:[a-z]{3,}ly)))+[ \t]*$", re.I)
_STOP = frozenset(
    """in on at from to with by for into across toward towards since after before during
    over under against between through within without upon that while as because but although if when where
    whereas than then who which whom whose saying claiming adding insisting noting stating acknowledging
    warning today yesterday tonight morning evening night day days week weeks month months year years
    weekend ago""".split()) | {past for _, past in SPEECH_FORMS.values()} | {"says"} | set(WEEKDAYS) \
    | set(MONTH_NAMES) - {"may"}  # "may" is the modal; "claims" and "reports" are nouns as often
_NUMBER_WORDS = "|".join([w for w, n in SMALL_NUMBERS.items() if 1 <= n <= 10] + ["hundred", "thousand"])
_QUANT = re.compile(r"^(?:(?:an?|the|some|many|several|more[ \t]+than|over|about|around|nearly|"
                    r"almost|at[ \t]+least|"
                    rf"tens|hundreds|thousands|dozens|scores|[\d,]+|{_NUMBER_WORDS}|"
                    r"small|large|contingent|number|column|convoy|of|including)[ \t]+)+", re.I)
_OBJECT_GAP = re.compile(
    # "taken the al-Tanf crossing": the article before the name
    r"^['’\"”]?(?:[ \t]+|,[ \t]*)?(?:(?:the|a|an|its|their|his|her|full|total|partial|control|of|over|most|"
    r"parts?|much|all|key|strategic|almost|nearly|virtually|largely|swaths?|swathes?|large|town|city|village|"
    r"district|province|region|capital|provincial|regional|state|hometown|stronghold|bastion|heartland|"
    r"northern|southern|eastern|western|central|north|south|east|west|northeastern|northwestern|southeastern|"
    r"southwestern|nearby|neighbouring|neighboring|border|frontline|front-line|besieged|embattled|to|into|"
    r"toward|towards|across|back|centre|center|outskirts|heart|edge|suburbs|remaining|rest|"
    r"[A-Z][\w'’-]*)[ \t]+)*(?:(?:al|el|ad|as|an|ar)-)?$")
# "pushed toward the hilltop town of Khiam": any few words before the kind of place
_TYPED_GAP = re.compile(r"^[ \t]+(?:(?:the|a|an|its|their)[ \t]+)?(?:[a-z][\w-]*[ \t]+){0,3}?(?:towns?|city|"
                        r"cities|villages?|districts?|provinces?|regions?|hub|stronghold|enclave|port|"
                        r"capital|base)[ \t]+of[ \t]+(?:the[ \t]+)?$")
# "captured the headquarters of the army's Northeastern Command in Lashio": a facility in the place
_FACILITY_GAP = re.compile(r"^[ \t]+(?:[\w'’-]+[ \t]+){0,5}?(?:headquarters|base|bases|command|airport|"
                           r"airbase|garrison|compound|positions|outposts?|checkpoints?|bridge|barracks|post|"
                           r"camp|dam|port)\b(?:[ \t]+[\w'’-]+){0,6}?[ \t]+(?:in|at|near|outside|"
                           r"of)[ \t]+(?:the[ \t]+)?$")
_PEOPLE_IN_GAP = re.compile(r"^[ \t]+(?:(?:the|its|their)[ \t]+)?(?:[a-z][\w-]*[ \t]+){0,3}?"
                            rf"(?:{_FORCE_PLURAL}|defenders|holdouts|garrison|civilians|residents)"
                            r"[ \t]+(?:in|inside)[ \t]+(?:the[ \t]+)?$")
_COORDINATED = re.compile(r"^(?:,[ \t]*|[ \t]+)(?:and|or)?[ \t]*(?:(?:parts|part|most|much|"
                          r"all)[ \t]+of[ \t]+)?(?:the[ \t]+(?:town|city|village)s?[ \t]+of[ \t]+)?$")
_WHO_AFTER_NAME = re.compile(r"(?:^|[ \t])(?:the[ \t]+)?((?-i:[A-Z][\w'’-]*)(?:[ \t]+(?-i:[A-Z][\w'’-]*))*),"
                             r"?[ \t]+who\b[^,;]*$",
                             re.I)
# "Islamic State 'seizes' Palmyra", "forces 'take full control' of Afrin": quotation marks (not the
# apostrophe inside "Saddam's") are blanked before the sentence is read, offsets unchanged
# A quote mark not inside a word ("'seizes'", but not "Sudan's"). Opening with the mark lets the
# search skip to quote marks; (?<!\w.) after it is "no word character before the mark".
_SCARE_QUOTE = re.compile(r"['‘’\"“”](?:(?<!\w.)|(?!\w))")
_IN_QUALIFIER = re.compile(r"[ \t]+in[ \t]+(?:the[ \t]+)?")
_INCLUDING = re.compile(r"[^.;:]{1,80}?\b(?:settlements|villages|towns|districts|areas|localities|positions|"
                        r"cities|capitals)\b[^.;:]{0,60}?(?:,?[ \t]+(?:including|among[ \t]+them|"
                        r"such[ \t]+as)[ \t]+|:[ \t]+)")
_AREA_WORDS = re.compile(r"\b(?:districts?|areas?|villages?|territor(?:y|ies)|checkpoints?|bulk|majority)\b",
                         re.I)
_GERUND_BEFORE = re.compile(r"\b(?-i:[a-z]+ing)[ \t]+$")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|their)[ \t]+$", re.I)
_BACKED_BY = re.compile(r"[ \t,]+(?:backed|led|supported|aided|armed|funded|trained|sponsored|"
                        r"commanded)[ \t]+by[ \t]+[^,;]*$")
_THE_TOWN = re.compile(r"^[ \t]+(?:the|this)[ \t]+(?:town|city|village)\b", re.I)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,5}\b(?<![0-9]{4})")  # "RSF", "M23"
_NOT_ACTOR_ACRONYMS = frozenset("USA UAE NATO EU UN AP AFP BBC CNN NBC CBS ABC".split())


# ", who ousted the government in late 2014," / ", an alliance of armed groups,": an insert between
# the subject and its verb, dropped before the subject is read
_INSERTED = re.compile(r"(?:,[ \t]+(?:which|who|whose|an?|the)\b(?:[^,;]|(?<=[0-9]),(?=[0-9])){0,150},|"
                       r"[ \t]+[–—][^–—;]{1,150}[–—])(?=" + _AUX.pattern + r"|[ \t]*$)",
                       re.I)  # "The M23 – part of ... –"
_PRONOUNS = ("and", "who", "which", "it", "they", "he", "she", "we")
# "Troops of Operation Lafiya Dole on Sunday regained": when, between the subject and its verb
_TIME_TAIL = re.compile(rf"(?:[ \t]+(?:on[ \t]+)?(?:{'|'.join(day.title() for day in WEEKDAYS)})"
                        r"(?:[ \t]+(?:morning|afternoon|evening|night))?|[ \t]+(?:today|yesterday|overnight|"
                        r"last[ \t]+(?:week|month|night|year)|earlier[ \t]+(?:this|on)[ \t]+\w+))+[ \t]*$",
                        re.I)
_SPEECH = "|".join(sorted(SPEECH_WORDS | {"say"}))  # "the Taliban say"
_SPEECH_VERB = re.compile(rf"\b(?:{_SPEECH})\b")
# "vowed to take Kyiv", "will capture": an intention, not a change of hands ("forced to flee" is one)
_INTENT = re.compile(
    r"(?<!forced[ \t])(?<!\bhad[ \t])(?<!managed[ \t])(?<!\bable[ \t])(?<!obliged[ \t])\b(?:to|will|would|"
    r"could|may|might|must|should|shall|can|cannot)[ \t]+$",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|never|n't|no[ \t]+longer|failed[ \t]+to|"
                      r"yet[ \t]+to)\b(?:[ \t]+[\w-]+){0,3}[ \t]*$", re.I)
# "340km north of Addis Ababa": a place named to say where another is, not the one taken
_COMPASS = "|".join(sorted({*COMPASS_POINTS, *(p[:5] + "-" + p[5:] for p in COMPASS_POINTS if len(p) > 5)}))
_REFERENCE_POINT = re.compile(rf"\b(?:{_COMPASS})[ \t]+of[ \t]+(?:the[ \t]+)?$", re.I)
_ROLE_OF = re.compile(r"^(?:head|leader|chief|commander|founder|boss|owner|spokes(?:man|woman|"
                      r"person))[ \t]+of[ \t]+(?:the[ \t]+)?", re.I)
_WHICH_BEFORE = re.compile(r",[ \t]+(?:which|that)[ \t]+[^,;]*$")
_OPERATIONS_OF = re.compile(
    r"\b(?:operations?|offensive|advance|assault|counteroffensive|counter-offensive)[ \t]+(?:of|by)"
    r"[ \t]+(?:the[ \t]+)?(?P<np>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*)"
)
# "Turkish-backed SNA", "the SDF-affiliated Manbij Military Council": the name, not who stands behind it
_BACKER_BEFORE_NAME = re.compile(r"^(?:the[ \t]+)?[\w'’]+-(?:backed|led|affiliated|aligned|allied|linked|"
                                 r"supported)[ \t]+(?=[A-Z])")
_OWNER_BEFORE_NAME = re.compile(
    r"^(?P<owner>[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*)['’]s[ \t]+(?:[a-z][\w-]*[ \t]+)*(?=[A-Z])"
)
_CLAIMING = "|".join(sorted({form for verb in CLAIMING_VERBS for form in (verb, *SPEECH_FORMS[verb])}))
_SAID_PRONOUN = re.compile(rf"(?P<who>[^,;:]+?)[ \t]+(?:{_CLAIMING})(?:[ \t]+(?:on[ \t]+)?(?:early[ \t]+|"
                           rf"late[ \t]+)?[A-Z][a-z]+day)?"
                           r"(?:[ \t]+(?:through|in|on|via)[ \t]+[^,;]{1,60}?)?(?:[ \t]+that)?[ \t]+"
                           r"(?:they|it|he|she|its|their|his|her)\b[^,;]*$")
_CIVILIANS = re.compile(rf"\b(?:{'|'.join(sorted(CIVILIAN_NOUNS))})\b", re.I)
_FORCE_WORD = re.compile(rf"\b(?:{_FORCE_NOUN}|front|alliance)\b",
                         re.I)
_Known = tuple[str | None, str | None,
               str | None]  # actor earlier in the sentence, last actor, sentence source


@dataclass(frozen=True)
class _Context:
    places: SpanIndex[Place]
    dates: SpanIndex[DateRef]
    index: NameIndex
    named_actor: str | None
    named_is_state: bool = False
    long_forms: dict[str, str] = field(default_factory=dict)
    text: str = ""  # the article as given (sentences are read with their quotation marks blanked)
    armed_group: str | None = None  # the non-state actor the article names most


def _tokens(s: str) -> list[str]:
    return re.findall(r"\([A-Z][\w-]*\)|[\w'’.-]+|,", s)


def _np_before(before: str) -> str | None:
    """The noun phrase ending right before a verb (auxiliaries dropped); "and"/"who" are returned as such."""
    before = _INSERTED.sub("", before)
    clause = _CLAUSE_BREAK.split(before)[-1]
    clause = _AUX.sub("", _TIME_TAIL.sub("", _AUX.sub("", clause))).rstrip(" ,")
    clause = _BACKED_BY.sub("", clause)  # "M23 rebels backed by Rwanda": the rebels act
    toks = _tokens(clause)
    if not toks:
        return None
    if toks[-1].lower() in ("and", "or", "then"):
        return "and"
    if toks[-1].lower() in ("who", "which", "it", "they", "he", "she", "we"):
        return toks[-1].lower()
    out: list[str] = []
    listed = False
    for tok in reversed(toks):
        low = tok.lower()
        if tok == ",":
            if listed or (out and out[0].lower() in ("and", "or")):
                listed = True
                out.insert(0, tok)
                continue
            break
        if low in _STOP:
            break
        out.insert(0, tok)
    phrase = " ".join(out).replace(" ,", ",").strip(" ,")
    return phrase or None


_ROLE_NOUN = r"(?:spokes(?:man|woman|person)|commander|official|leader|fighter|member|head|chief)"
_SPEAKER_ROLE = re.compile(
    rf"\b(?P<group>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*)(?:['’]s)?[ \t]+(?:military[ \t]+|chief[ \t]+)?"
    rf"{_ROLE_NOUN}\b|\b{_ROLE_NOUN}[ \t]+(?:for|of)[ \t]+(?:the[ \t]+)?"
    r"(?P<group_after>[A-Z][\w'’-]*(?:[ \t]+(?:of[ \t]+|for[ \t]+|"
    r"the[ \t]+)*[A-Z][\w'’-]*)*)"
)


def _speaker_group(ctx: _Context, s: Sentence) -> str | None:
    """Who "we" are in a quotation: the group of the speaker the sentence names ("'Maungdaw is
    under our control,' AA spokesman Khaing Thukha told reporters" -> AA)."""
    role = _SPEAKER_ROLE.search(s.text)
    return canonical_actor(role.group("group") or role.group("group_after"), ctx.index) if role else None


def _in_quotation(ctx: _Context, s: Sentence, rel: int) -> bool:
    """Is offset ``rel`` of the sentence inside a quotation (the sentence is read with its marks blanked)?"""
    before = ctx.text[s.start:s.start + rel]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _speaker_np(clause: str) -> str | None:
    """The subject of "X says/said ...": the clause's opening noun phrase ("The Saudi-Emirati military
    coalition fighting in Yemen"), unless that is a bare description ("Fighters from the M23 armed
    group"), then the phrase before the speech verb."""
    # "Ukraine said Russia's Defense Ministry"
    clause = _SPEECH_VERB.split(_CLAUSE_BREAK.split(clause)[-1])[-1]
    clause = clause.lstrip(" \t-–—•*·")  # a bullet
    lead: list[str] = []
    for tok in _tokens(clause):
        low = tok.lower()
        if tok == "," or low in _STOP or (low.endswith("ing") and tok.islower() and lead):
            break
        lead.append(tok)
    opening = " ".join(lead).strip() or None
    before_verb = _np_before(clause)
    if opening and (not _is_description(opening) or before_verb is None or _is_description(before_verb)):
        return opening
    return before_verb


def _np_after(after: str) -> str | None:
    """The noun phrase right after "by"/"to": names, demonyms, and a force noun ("the Taliban",
    "Moscow-backed separatists")."""
    toks = _tokens(after)
    out: list[str] = []
    for tok in toks:
        low = tok.lower().rstrip(".,")
        if tok == "," or (out and low in _STOP):
            break
        if tok[:1].isupper() or tok.startswith("(") or low in ("the", "a", "an", "al",
                                                               "of") or low in FORCE_NOUNS \
                or (out and tok.islower() and len(out) < 4 and not low.endswith("ly")):
            out.append(tok.rstrip(".,"))
            if low in FORCE_NOUNS and not tok[:1].isupper():
                break
            continue
        break
    while out and out[-1].lower() in ("the", "a", "an", "of", "al"):
        out.pop()
    while out and out[-1].islower() and out[-1].lower() not in FORCE_NOUNS:
        out.pop()
    return " ".join(out) or None


def canonical_actor(np: str, index: NameIndex) -> str:
    """The actor as the article words it, with the side and kind of force it groups under when
    those differ: "more than 300 Afghan military troops" -> "Afghan military troops (Afghan troops)",
    "Afghan army, police, and intelligence personnel" -> "... personnel (Afghan forces)"."""
    np = _QUANT.sub("", np.strip(" \t-–—•*·'\"“”‘’")).strip(" ,")
    np = re.sub(r"^(?:and|or|but|then)[ \t]+", "", np)  # "July 24, and government troops were driven out"
    if (owned := _OWNER_BEFORE_NAME.match(np)) and (
        index.lookup(owned["owner"]) or index.demonym(owned["owner"])
    ):
        np = np[owned.end():]  # "Sudan's Rapid Support Forces", but "Tigray People's Liberation Front" whole
    np = _BACKER_BEFORE_NAME.sub("", np)
    words = np.replace(",", " ,").split()
    words = [w for w in words if w.lower() not in ("fleeing", "retreating", "besieged", "beleaguered")]
    if not words:
        return np
    for k in range(1, len(words)):
        if index.demonym(words[k]) and words[k - 1].islower() and words[k - 1] not in ("of", "and", "the",
                                                                                       "pro"):
            words = words[k:]  # "the only regional capital Russian forces had captured": the clause's subject
            break
    worded = " ".join(words).replace(" ,", ",")
    demonym = index.demonym(words[0])
    if demonym and len(words) >= 3:
        rest = [w.strip(",").lower() for w in words[1:] if w != ","]
        if "," in words or "and" in rest:
            if all(w in FORCE_NOUNS or w == "and" for w in rest):
                return f"{worded} ({words[0]} forces)"
        elif rest[-1] in FORCE_NOUNS and all(w.islower() for w in words[1:]):
            return f"{worded} ({words[0]} {rest[-1]})"
    return worded


def _is_description(np: str) -> bool:
    """ "the religious organization", "an al Qaeda splinter group", "militants": not a name."""
    words = np.split()
    if words[0].lower() in ("a", "an"):
        return True
    if words[0].lower() in ("the", "its", "their") and not any(w[:1].isupper() for w in words[1:]):
        return True
    if words[0].lower() in FORCE_NOUNS and len(words) > 1 and all(w.islower() for w in words[1:]):
        return True  # "Forces aligned (with the GNA)", "Fighters loyal (to Haftar)"
    return len(words) == 1 and words[0].lower() in GENERIC_ARMED


def _actor_names(sentences: list[Sentence], verbs: list[list[re.Match[str]]],
                 index: NameIndex) -> Counter[str]:
    """Named actors of the article: proper-noun subjects of action verbs, and armed groups' acronyms."""
    names: Counter[str] = Counter()
    for s, found in zip(sentences, verbs, strict=True):
        for m in found:
            if _is_passive(m, s.text[:m.start()]):
                continue  # its subject is the place taken, not who took it
            np = _np_before(s.text[:m.start()])
            if np and np not in _PRONOUNS and not _is_description(np) \
                    and any(w[:1].isupper() for w in np.split()):
                names[_named_core(canonical_actor(np, index))] += 1
        for acr in _ACRONYM.findall(s.text):
            if acr not in _NOT_ACTOR_ACRONYMS and not index.lookup(acr):
                names[acr] += 1
    return names


def _named_core(actor: str) -> str:
    """ "Taliban fighters" -> "Taliban": the name without the kind of force, for counting who acts most."""
    words = actor.split()
    while len(words) > 1 and words[-1].lower() in FORCE_NOUNS and words[-1].islower():
        words.pop()
    return " ".join(words)


def find_claims(text: str, sentences: list[Sentence], places: list[Place], dates: list[DateRef],
                sentence_sources: list[str | None], quotes: list[Quote], index: NameIndex) -> list[Claim]:
    """Every claim the sentences state about a place mentioned in the article."""
    sentences = [Sentence(s.start, s.end, _SCARE_QUOTE.sub(" ",
                                                           s.text)) for s in sentences]  # read without quotes
    verbs = [list(_VERB.finditer(lower_same_length(s.text))) for s in sentences]
    names = _actor_names(sentences, verbs, index)
    named = next((n for n, _ in names.most_common() if not index.demonym(n.split()[0])),
                 None)
    defined = long_forms(text)

    def is_state(name: str) -> bool:  # by the article's words: a table's "Arakan Army" is no state army
        return bool(_STATE.search(defined.get(name, name)))

    armed_group = next((n for n,
                        _ in names.most_common() if not index.demonym(n.split()[0]) and not is_state(n)),
                       None)
    forms = {**known_long_forms({p.country_iso3 for p in places if p.country_iso3}), **defined}
    ctx = _Context(SpanIndex(p for p in places if p.kind != "river"), SpanIndex(dates), index, named,
                   named is not None and is_state(named), forms, text, armed_group)
    claims: list[Claim] = []
    last_actor: str | None = None
    for i, s in enumerate(sentences):
        sentence_actor: str | None = None
        sentence_place: Place | None = None
        for m in verbs[i]:
            if _DETERMINER_BEFORE.search(s.text[max(0, m.start() - 6):m.start()]) \
                    or _GERUND_BEFORE.search(s.text, max(0, m.start() - 20), m.start()):
                continue  # "the crossing", "the fall", "pressing attacks": a noun, not a verb
            if _NEGATED.search(s.text, max(0, m.start() - 40), m.start()) \
                    or _INTENT.search(s.text, max(0, m.start() - 20), m.start()):
                # "not to have fallen to the group", "never captured", "vowed to take": no change of hands
                continue
            action = _VERBS[int(next(k for k, v in m.groupdict().items() if v)[1:])][1]
            actor, found = _verb_claim(ctx, s, m, action, (sentence_actor, last_actor, sentence_sources[i]),
                                       sentence_place)
            if found or action != "controls":  # "were holding them off": no place, and maybe no actor either
                sentence_actor = actor or sentence_actor
            sentence_place = found[-1] if found else sentence_place
            for place in found:
                claims.append(_build(ctx, s, m.start(), actor, _action_on(action, actor, place), place,
                                     sentence_sources[i], quotes))
                if action in ("captured", "retook") and (loser := _taken_from(ctx, s, m,
                                                                              place)) and loser != actor:
                    claims.append(_build(ctx, s, m.start(), loser, "lost", place, sentence_sources[i],
                                         quotes))
        for m in matches_near(_NOMINAL, _NOMINAL_CUE, s.text, _NOMINAL_REACH):
            place = _object_place(ctx, s, m.end())
            if place is None:
                continue
            who = m.group("who")
            actor = _country_name(who, index) if who else None
            if actor is None and who and who.lower() not in ("the", "a", "an", "its", "their"):
                actor = who
            if actor is None and (announced := _ANNOUNCED.search(s.text, 0, m.start())):
                # "He announced the capture of Hadrut": the announcer's side
                actor = _resolve(_np_before(announced.group("before")), ctx, s, m.start(),
                                 (sentence_actor, last_actor, sentence_sources[i]))
            claims.append(_build(ctx, s, m.start(), actor, _NOMINAL_ACTION[m.group("noun").lower()], place,
                                 sentence_sources[i], quotes))
        last_actor = sentence_actor or last_actor
    return dedupe(claims)


def _action_on(action: str, actor: str | None, place: Place) -> str:
    """The verb's action as it applies to one place: entering a country is crossing into it, entering
    a town is taking it; civilians who cross into a country flee there."""
    if action == "entered":
        action = "crossed" if place.kind == "country" else "captured"
    if action == "crossed" and place.kind == "country" and actor and _CIVILIANS.search(actor):
        return "fled"
    return action


def _with_long_form(actor: str | None, forms: dict[str, str]) -> str | None:
    """ "RSF units" -> "Rapid Support Forces (RSF) units" where the article defines RSF: one name
    for the group however a sentence shortens it."""
    if not actor or "(" in actor:
        return actor
    return re.sub(r"\b[A-Z]{2,6}\b",
                  lambda m: f"{forms[m.group()]} ({m.group()})" if m.group() in forms else m.group(),
                  actor, count=1)


def _is_passive(m: re.Match[str], before: str) -> bool:
    """ "Mosul falls to", "was seized by": the place comes before the verb."""
    verb = m.group().lower()
    word = verb.split()[0]
    if verb.startswith(("fall", "under", "in")):  # "Mosul falls to", "Nyala is under RSF control"
        return True
    # "were holding them off", "is pressing toward": a progressive or present form is never passive
    participle = not word.endswith(("ing", "s")) and word not in ("take", "seize", "capture", "hold",
                                                                  "control")
    return participle and bool(_PASSIVE_BEFORE.search(before)) \
        and not re.match(r"(?:fled|crossed|withdrew|retreated|entered)|\w+[ \t]+(?:out[ \t]+of|from)$", verb)


def _verb_claim(ctx: _Context, s: Sentence, m: re.Match[str], action: str, known: _Known,
                sentence_place: Place | None) -> tuple[str | None, list[Place]]:
    sentence_actor = known[0]
    before = s.text[:m.start()]
    if _is_passive(m, before):
        verb = m.group().lower()
        after = s.text[m.end():]
        # "under RSF control": the holder stands before "control"; "our control": the speaker's
        if verb == "under":
            agent = re.match(r"^[ \t]+(?:full[ \t]+)?(?P<np>(?:[A-Z][\w'’-]*[ \t]+){1,4}|our[ \t]+)control\b",
                             after)
        elif verb.endswith(("to", "of")):
            agent = re.match(r"^[ \t]+(?P<np>.*)", after)
        else:
            agent = re.match(r"^(?:[ \t]+(?:\w+[ \t]+){0,3}?)?(?:by|to)[ \t]+(?P<np>.*)", after)
        np = (
            None
            if agent is None
            else "our"
            if agent.group("np").strip() == "our"
            else _np_after(agent.group("np"))
        )
        actor = _resolve(np, ctx, s, m.start(), known)
        if actor is None and (by := _OPERATIONS_OF.search(before)):
            actor = canonical_actor(by.group("np"),
                                    ctx.index)  # "operations of the Azerbaijan Army, Shusha was liberated"
        if actor is None and _in_quotation(ctx, s, m.start()):
            actor = _speaker_group(ctx,
                                   # "'Myawaddy is under the control of the revolution,' a KNU spokesperson
                                   # said"
                                   s)
        if (
            actor is None
            and agent is None
            and action == "captured"
            and ctx.named_actor
            and not ctx.named_is_state
        ):
            # "Ghazni ... was captured on Thursday", in an article about the Taliban's advance
            actor = ctx.named_actor
        coordinated = re.search(r"\b(?:and|but)[ \t]+(?:was|were|is|are)(?:[ \t]+\w+ly)?[ \t]*$", before)
        places = [sentence_place] if coordinated and sentence_place else _subject_places(ctx, s, m.start())
        if not places and agent is not None and (topic := _topic_place(ctx, s)):
            places = [topic]  # "Ten districts have fallen to the Taliban": the passage's province
        return actor, places
    participle = m.group().lower().split()[0].endswith("ing")
    after_comma = bool(re.search(r",[ \t]*$", before))
    if participle and sentence_actor and after_comma:
        actor = sentence_actor  # "refugees fled to Sudan, crossing into Kassala": the main clause's subject
    else:
        actor = _resolve(_np_before(before), ctx, s, m.start(), known)
    if actor is None and participle:
        actor = sentence_actor  # "..., a week after seizing most of Aleppo"
        if actor is None and after_comma and (subject := _np_after(s.text)):
            # "The rebels staged a comeback in June, retaking the regional capital": the sentence's subject
            actor = _resolve(subject, ctx, s, m.start(), known)
    if actor is None:
        return None, []
    found = _object_places(ctx, s, m.end(), skip_origin=action == "crossed", people_in=action == "besieged")
    if not found and action == "crossed":
        other = _other_country(ctx, s, actor)
        found = [other] if other else []
    if not found and (listed := _INCLUDING.match(s.text, m.end())):
        found = _object_places(ctx, s,
                               listed.end())  # "liberated more than 30 settlements, including X and Y"
    if not found and action == "captured" and _AREA_WORDS.search(s.text[m.end():m.end() + 60]):
        topic = _topic_place(ctx, s)
        found = [topic] if topic else []
    if not found and (rel := _WHICH_BEFORE.search(before)):
        # "withdrew from Balakliia, which Ukrainian forces recaptured": the place the clause hangs on
        found = [p for p in ctx.places.within(s.start,
                                              s.start + rel.start()) if p.end == s.start + rel.start()]
    if not found and action == "withdrew" and _THE_TOWN.match(s.text[m.end():]):
        town = _focus_town(ctx, s.start + m.start())
        found = [town] if town else []
    return actor, found


def _resolve(np: str | None, ctx: _Context, s: Sentence, verb_at: int, known: _Known) -> str | None:
    """The actor a noun phrase names, following "and", "who", pronouns and descriptions to their referent."""
    sentence_actor, last_actor, source = known
    if not np:
        return None
    if np == "and":
        return sentence_actor
    if np in ("who", "which"):
        named = _WHO_AFTER_NAME.search(s.text[:verb_at])  # "The Houthis, who control the capital"
        return _antecedent(ctx, s.text[:verb_at]) or (canonical_actor(named.group(1),
                                                                      ctx.index) if named else None) \
            or sentence_actor
    if np in ("it", "they", "he", "she"):
        if (said := _SAID_PRONOUN.search(s.text[:verb_at])) and (who := _speaker_np(said.group("who"))) \
                and who not in _PRONOUNS:
            # "The Arakan Army said it had seized"; "An ethnic armed group ... said that it had captured":
            # whom
            # the description refers to
            return (
                _resolve(who, ctx, s, verb_at, known)
                if _is_description(who)
                else canonical_actor(who, ctx.index)
            )
        speaker_group = source if np in ("it", "they") and source and _FORCE_WORD.search(source) else None
        armed_last = last_actor if last_actor and not _CIVILIANS.search(last_actor) else None
        return speaker_group or _in_sentence_name(ctx, s.text[:verb_at]) or armed_last or ctx.named_actor
    if np in ("we",
              "our") or np.lower().startswith("our "):  # "Our forces have taken ...," a TPLF spokesman said
        return _speaker_group(ctx, s)
    if re.match(r"(?:its|their|his|her)\b", np, re.I):
        said = _SAID_PRONOUN.search(s.text[:verb_at])
        who = _speaker_np(said.group("who")) if said else None
        speaker = (
            canonical_actor(who, ctx.index)
            if who and who not in _PRONOUNS and not _is_description(who)
            else None
        )
        # the speaker's country ("Ukraine's top commander", "Russia's Defense Ministry"), else the
        if speaker:
            # speaker ("the head of the private army Wagner", "the Saudi-Emirati military coalition fighting
            # in Yemen")
            owner = re.match(r"([A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*)['’]s[ \t]", who)
            country = _country_name(owner.group(1), ctx.index) if owner else None
            forces = _officials_forces(who, np, ctx) if np.split()[0].lower() in ("his", "her") else None
            return country or forces or _ROLE_OF.sub("", speaker) or speaker
        if owner := _in_sentence_name(ctx, s.text[:verb_at]):
            return owner  # "Russia claimed its forces had captured ..."
        if ctx.named_actor and np.split()[0].lower() in ("his", "her"):
            return ctx.named_actor
    if _is_description(np):
        if ctx.named_actor and not _STATE.search(np) and not ctx.named_is_state:
            return ctx.named_actor
        return canonical_actor(np, ctx.index)  # "the army" stays the army
    return canonical_actor(np, ctx.index) or None


def _officials_forces(who: str, np: str, ctx: _Context) -> str | None:
    """ "Aliyev said his forces had taken Jabrayil", the article having named "Azerbaijani President
    Ilham Aliyev": "Azerbaijani forces" (the speaker's country, read from how the article titles him)."""
    surname = who.split()[-1]
    if not surname[:1].isupper():
        return None
    titled = re.search(rf"\b([A-Z][\w'’-]+)[ \t]+(?:(?:President|Prime|Minister|Defen[cs]e|Foreign|Army|"
                       rf"Chief|General|Gen\.|Commander|Leader|of|the|"
                       rf"Staff)[ \t]+)+(?:[A-Z][\w'’-]+[ \t]+){{0,2}}{re.escape(surname)}\b", ctx.text)
    if not titled or not ctx.index.demonym(titled.group(1)):
        return None
    kind = np.split()[-1].lower()
    return f"{titled.group(1)} {kind if kind in FORCE_NOUNS else 'forces'}"


def _antecedent(ctx: _Context, before: str) -> str | None:
    """ "fleeing Afghan soldiers, including several hundred who": the last force noun phrase."""
    hits = [m for m in re.finditer(r"[\w'’-]+", before) if m.group().lower() in FORCE_NOUNS]
    if not hits:
        return None
    np = _np_before(before[:hits[-1].end()])
    if not np or np in ("and", "who", "which"):
        return None
    return canonical_actor(_head_phrase(np), ctx.index)


def _head_phrase(np: str) -> str:
    """The head noun with its names and at most two adjectives: "fight Sunni militants" -> "Sunni
    militants"."""
    words = np.split()
    kept = [words[-1]]
    lowercase = 0
    for w in reversed(words[:-1]):
        if w[:1].isupper():
            kept.insert(0, w)
        elif any(k[:1].isupper() for k in kept) or lowercase == 2:
            break
        else:
            lowercase += 1
            kept.insert(0, w)
    return " ".join(kept)


def _in_sentence_name(ctx: _Context, before: str) -> str | None:
    """ "was Russia's biggest victory since it captured": the country named just before the pronoun."""
    # a word of a longer name ("the Congo River Alliance") is not the country
    for m in reversed(list(re.finditer(r"(?<![A-Z][\w'’-] )[A-Z][\w]+(?=['’]s\b|\b)(?![ \t]+[A-Z])",
                                       before))):
        if name := _country_name(m.group(), ctx.index):
            return name
    return None


def _object_places(ctx: _Context, s: Sentence, rel: int, skip_origin: bool = False,
                   people_in: bool = False) -> list[Place]:
    """The place(s) the verb acts on: the first right after it, and any coordinated with it."""
    first = _object_place(ctx, s, rel, skip_origin, people_in)
    if first is None:
        return []
    found, pending, last_end = [first], [], first.end
    for p in ctx.places.within(first.end + 1, s.end):
        gap = _without_dates(ctx, s.text[last_end - s.start:p.start - s.start], last_end)
        if _IN_QUALIFIER.fullmatch(gap) and p.kind in ("admin1", "region", "country"):
            last_end = p.end  # "Nyala in South Darfur, Zalingei in Central Darfur": where the item is
            continue
        possessive = re.match(r"['’]s\b", s.text[p.end - s.start:p.end - s.start + 2])
        if not _COORDINATED.match(gap) or p.kind == "border" or possessive:
            break
        pending.append(p)
        last_end = p.end
        if re.search(r"\b(?:and|or)\b",
                     gap):  # a comma list counts once it ends with "and" ("Kunduz, Afghanistan" does not)
            found += pending
            pending = []
    return found


_DATE_MARK = "\x00"
_DATE_IN_GAP = re.compile(rf"[ \t]+(?:(?:in|on|since|by|during|as[ \t]+of)[ \t]+)?{_DATE_MARK}")


def _without_dates(ctx: _Context, gap: str, offset: int) -> str:
    """``gap`` (the text at ``offset``) without the dates it names: "Buthidaung in May and Paletwa"
    is a list of two places, each with its date."""
    for d in reversed(ctx.dates.within(offset, offset + len(gap))):
        if d.end <= offset + len(gap):
            gap = gap[:d.start - offset] + _DATE_MARK + gap[d.end - offset:]
    return _DATE_IN_GAP.sub("", gap) if _DATE_MARK in gap else gap


def _object_place(ctx: _Context, s: Sentence, rel: int, skip_origin: bool = False,
                  people_in: bool = False) -> Place | None:
    """The place right after offset ``rel`` that the verb acts on; with ``people_in``, also through
    the people in it ("besieging the remaining jihadists in Baghouz")."""
    for p in ctx.places.within(s.start + rel, s.end):
        if p.kind == "border":
            continue
        gap = s.text[rel:p.start - s.start]
        if skip_origin and re.search(r"\bfrom[ \t]+(?:the[ \t]+)?$|\bfrom[ \t]+[A-Z][\w]+['’]s[ \t]+$",
                                     s.text[:p.start - s.start]):
            rel = p.end - s.start
            continue
        if (
            not ((_OBJECT_GAP.match(gap) or _TYPED_GAP.match(gap)) and len(gap) <= 60)
            and not (_FACILITY_GAP.match(gap) and len(gap) <= 90)
            and not (people_in and _PEOPLE_IN_GAP.match(gap))
        ):
            return None
        if re.match(r"['’]s[ \t]+[A-Z]", s.text[p.end - s.start:p.end - s.start + 4]):
            rel = p.end - s.start + 2  # "capture of DR Congo's Goma": the owner's place is not the one taken
            continue
        return p
    return None


_LIST_GAP = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+)")


def _subject_places(ctx: _Context, s: Sentence, verb_rel: int) -> list[Place]:
    """A passive's places: the last one named before the verb, with those listed before it
    ("Nyala, Zalingei and El Geneina - are now under RSF control")."""
    inside = [p for p in ctx.places.within(s.start, s.start + verb_rel) if p.kind != "border"
              and not _REFERENCE_POINT.search(_words_before(s, p))]
    listed = inside[-1:]
    for p in reversed(inside[:-1]):
        if not _LIST_GAP.fullmatch(s.text, p.end - s.start, listed[0].start - s.start):
            break
        listed.insert(0, p)
    return listed


def _words_before(s: Sentence, p: Place) -> str:
    """The words of the sentence just before a place."""
    return s.text[max(0, p.start - s.start - 30):p.start - s.start]


def _topic_place(ctx: _Context, s: Sentence, kinds: tuple[str, ...] = ("admin1", "admin2", "town",
                                                                       "region")) -> Place | None:
    """The province or town the passage is about: the last one named in this or the sentences just before."""
    window = [p for p in ctx.places.within(s.start - 1200, s.end) if p.kind in kinds]
    return window[-1] if window else None


def _focus_town(ctx: _Context, before: int) -> Place | None:
    """What "the town" refers to: the town named most often so far (latest on ties)."""
    towns = [p for p in ctx.places.within(before - 5000, before) if p.kind == "town"]
    if not towns:
        return None
    counts = Counter(p.name for p in towns)
    return max(reversed(towns), key=lambda p: counts[p.name])


def _other_country(ctx: _Context, s: Sentence, actor: str | None) -> Place | None:
    """Where a crossing went: a country named in the sentence that is not the actor's own."""
    own = ctx.index.demonym(actor.split()[0]) if actor else None
    cands = [p for p in ctx.places.within(s.start, s.end) if p.kind == "country" and p.country_iso3 != own]
    if cands:
        return cands[0]
    borders = [p for p in ctx.places.within(s.start - 5000, s.end) if p.kind == "border" and p.ref]
    if borders and own:
        other = next((iso for iso in borders[-1].ref.removeprefix("border:").split("-") if iso != own), None)
        return next((p for p in ctx.places.items if p.kind == "country" and p.country_iso3 == other), None)
    return None


def _country_name(word: str, index: NameIndex) -> str | None:
    """ "Russian", "Russia's", "Russia" -> "Russia" (borders.iso_of reads demonyms and country names)."""
    iso = iso_of(word, index)
    return index.countries[iso].name if iso and iso in index.countries else None


def _when(ctx: _Context, s: Sentence, at: int) -> str | None:
    """The resolved date nearest the verb in its own clause (another clause's date is another event's)."""
    lo, hi = s.start + _clause_start(s, at - s.start), s.start + _clause_end(s, at - s.start)
    same_clause = [d for d in ctx.dates.within(lo, hi) if d.resolved]
    return min(same_clause, key=lambda d: abs(d.start - at)).resolved if same_clause else None


def _clause_start(s: Sentence, rel: int) -> int:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(s.text[:rel])]
    return breaks[-1] if breaks else 0


def _clause_end(s: Sentence, rel: int) -> int:
    m = _CLAUSE_BREAK.search(s.text, rel + 1)
    return m.start() if m else len(s.text)


_PUSHED_OUT = re.compile(r"\w+[ \t]+(?P<np>.+?)[ \t]+out[ \t]+of$")
_IRREGULARS = re.compile(
    rf"(?:the[ \t]+)?(?:{'|'.join(sorted(GENERIC_ARMED | {'separatists', 'terrorists'}))})", re.I
)
_FROM = re.compile(r"[ \t]*(?:back[ \t]+)?from[ \t]+(?:the[ \t]+)?(?P<np>[^,;.]+)")


def _taken_from(ctx: _Context, s: Sentence, m: re.Match[str], place: Place) -> str | None:
    """Who lost the place: "recaptured Wad Madani from the RSF", "wrested back from the RSF", "pushing IS out
    of"."""
    if pushed := _PUSHED_OUT.match(s.text, m.start(), m.end()):
        np = _np_after(" " + pushed.group("np"))
        return canonical_actor(np, ctx.index) if np and any(w[:1].isupper() for w in np.split()) else None
    for at in (place.end - s.start, m.end()):
        if 0 <= at <= len(s.text) and (taken := _FROM.match(s.text, at)):
            np = _np_after(taken.group("np"))
            if np and np[:1].isupper() and not ctx.index.lookup(np):  # a group, not "from Kherson"
                return canonical_actor(np, ctx.index)
            if np and _IRREGULARS.fullmatch(np) and ctx.armed_group:
                return _with_long_form(ctx.armed_group,
                                       ctx.long_forms)  # "from paramilitaries": the article's armed group
    return None


def _build(ctx: _Context, s: Sentence, rel: int, actor: str | None, action: str, place: Place,
           source: str | None, quotes: list[Quote]) -> Claim:
    quote = next((q.text for q in quotes if q.start < s.end and s.start < q.end), None)
    return Claim(actor=_with_long_form(actor, ctx.long_forms), action=action, place=place.mention,
                 when=_when(ctx, s, s.start + rel), source=source, quote=quote,
                 sentence=ctx.text[s.start:s.end],
                 start=s.start, end=s.end, admin1=place.admin1, country_iso3=place.country_iso3)
