"""Place mentions -> places: which name matches are places at all, which candidate among
namesakes, the admin-1 unit by point-in-polygon, and an honest ACLED precision code.

Recognition (``recognise``): what the text around a name says (a function word, a title, a
qualifier, metonymy, a frequent word, a name inside a longer capitalised run...) gives one verdict
per name; where that leaves it in doubt, spaCy's named entities over the sentence settle it.
Namesakes (``candidate_features`` + ``namesakes.model``): the type and hierarchy the text states
("X province", "a town in Kunduz province", "LEXINGTON, Ky."), the article's country focus,
proximity to its other places, the candidate's kind and population, weighed by a fitted logistic
regression whose probability is the confidence shown.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache


from dashboard import bundled_data, namesakes, spatial
from dashboard.gazetteer import Candidate, NameIndex, NameMatch
from dashboard.model import Place
from dashboard.text import Sentence, SpanIndex, sentence_at
from dashboard.vocabulary import (ARABIC_ARTICLES, FORCE_NOUNS, MONTH_NAMES, SMALL_NUMBERS, SPEECH_FORMS,
                                  WEEKDAYS)

ADMIN1_WORDS = (
    r"provinces?|regions?|states?|oblasts?|governorates?|prefectures?|counties|county|departments?|wilayah?"
)
TOWN_WORDS = r"city|town|village|capital|port|hamlet|settlement"
_AFTER_ADMIN1 = re.compile(rf"^[ \t]+(?:{ADMIN1_WORDS})\b", re.I)
# "Kassala and Gedaref states", "Donetsk and Luhansk regions": the plural types both names
_AFTER_PAIR_OF_UNITS = re.compile(
    r"^(?:,[ \t]*|[ \t]+)(?:and|or)[ \t]+[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?[ \t]+"
    r"(?:provinces|regions|states|oblasts|governorates|prefectures)\b"
)
_AFTER_DISTRICT = re.compile(r"^[ \t]+(?:districts?|raions?|rayons?|municipality|townships?|sub-?districts?|"
                             r"woredas?|territory|zone|LGAs?|local[ \t]+government[ \t]+areas?)\b", re.I)
_AFTER_TOWN = re.compile(rf"^[ \t]+(?:{TOWN_WORDS})\b", re.I)
_BEFORE_ADMIN1 = re.compile(rf"\b(?:{ADMIN1_WORDS})\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+(?:and|or)\s+)?$",
                            re.I)
_BEFORE_TOWN = re.compile(rf"\b(?:{TOWN_WORDS})\s+(?:of\s+)?(?:the\s+)?$|\bthe\s+capital,\s+$", re.I)
_BEFORE_NEAR = re.compile(r"\b(?:near|outside|outskirts\s+of|around|north|south|east|"
                          r"west)\s+(?:of\s+)?(?:the\s+)?$", re.I)
# "X, a town in Kunduz province", "X, the provincial capital of Badakhshan", "X district of Jawzjan"
_PARENT = re.compile(
    r"^(?:[ \t]+(?:district|city|town))?,?[ \t]+(?:(?:a|an|the)[ \t]+)?(?:[\w-]+[ \t]+){0,3}?"
    r"(?:capital|town|city|village|district|seat|centre|center|province|region|area)[ \t]+(?:of|in)[ \t]+"
    r"(?:the[ \t]+)?(?:(?:northern|southern|eastern|western|central|northeastern|northwestern|southeastern|"
    r"southwestern|neighbouring|neighboring)[ \t]+)?(?P<parent>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)*)",
)
_UNIT = r"province|region|state|oblast|governorate|prefecture"
_IN_UNIT = re.compile(
    rf"^[ \t]+in[ \t]+(?:the[ \t]+)?(?P<parent>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)*)[ \t]+(?:{_UNIT})\b"
)
# "Imam Sahib, Kunduz": the second name holds the first; not in a list ("Fuzuli, Jabrayil, Zangilan and
# Gubadli")
_APPOSITION = re.compile(r"^,[ \t]+(?P<parent>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)*)"
                         r"(?!(?:,[ \t]*[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)*)*,?[ \t]+(?:and|or)[ \t]+[A-Z])"
                         r"\s*(?:[—–,:.(]|-\s|$)")
_CAPITAL_OF = re.compile(r"\bcapital\b", re.I)
_RIVER_AFTER = re.compile(r"[ \t]+river\b", re.I)
_AFTER_CROSSING = re.compile(r"^[ \t]+(?:border[ \t]+)?crossing(?:[ \t]+point)?\b", re.I)
_ARTICLES = rf"(?:{'|'.join(ARABIC_ARTICLES)})"
_COMPASS_ADJ = (
    r"(?:northern|southern|eastern|western|central|north|south|east|west|northeastern|northwestern|"
    r"southeastern|southwestern)"
)
_JOINED_ARTICLE = re.compile(r"(?<![\w'’-])(?:al|el|ad|as|an|ar)-$", re.I)
_ARTICLE_JOINED = re.compile(rf"{_ARTICLES}-[A-Z]")
_NAME = rf"(?:(?:{_ARTICLES})-)?[A-Z][\w'’-]+(?:[ \t]+(?:{_ARTICLES}-)?[A-Z][\w'’-]+){{0,2}}"
# Phrases that say a name is a place even when the gazetteer lacks it. Groups: name, optional parent.
_TYPED_UNKNOWN = [
    re.compile(p)
    for p in (
        rf"\b(?:town|city|village|district|township)[ \t]+of[ \t]+(?P<name>{_NAME})"
        rf"(?:[ \t]+in[ \t]+(?:[A-Z][\w-]+['’]s[ \t]+)?(?:{_COMPASS_ADJ}[ \t]+)?(?P<parent>{_NAME}))?",
        rf"(?<![\w'’-])(?P<name>{_NAME}),[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){{0,2}}?(?:town|city|"
        rf"village|district|township)[ \t]+(?:in|of)[ \t]+(?:the[ \t]+)?(?P<parent>{_NAME})",
        rf"(?<![\w'’-])(?P<name>{_NAME})[ \t]+in[ \t]+(?:the[ \t]+)?(?:{_COMPASS_ADJ}[ \t]+)?"
        rf"(?P<parent>{_NAME})[ \t]+(?:{_UNIT})\b",
        rf"(?<![\w'’-])(?P<name>{_NAME})[ \t]+(?:border[ \t]+)?(?P<type>district|township|county|"
        rf"municipality|region|crossing)\b(?:,?[ \t]+(?:of|in)[ \t]+(?:the[ \t]+)?(?P<parent>{_NAME}))?",
    )
]
_TYPE_KIND = {"district": "admin2", "township": "admin2", "county": "admin2", "municipality": "admin2",
              "region": "region", "crossing": "crossing"}
_TITLES = re.compile(
    r"(?:\b(?:President|Gen|General|Minister|Premier|Mr|Mrs|Ms|Dr|Sheikh|Mullah|Maulvi|Commander|Col|Colonel|"
    r"Lt|Maj|Capt|Sgt|Governor|Gov|Mayor|Spokesman|spokesman|spokeswoman|spokesperson|Prince|King|Queen|"
    r"Senator|Sen|Rep|Chief|Ambassador|Judge|Pope|Saint|Emir|Sultan|Marshal|Admiral)\.?\s+)$"
)
_LISTENER_BEFORE = re.compile(r"\b(?:told|telling|tells)[ \t]+(?:[Tt]he[ \t]+)?$")
# "Moscow said", "Washington warned": a government speaking. Not the participles that also follow a
# place in a passive ("fighting in Bakhmut reported by", "deaths in Palma confirmed by"); a present
# tense makes only a country an actor ("Russia says"): "Kigali denies" stays a place (measured on the
# devset gate).
_SPOKE = {past for _, past in SPEECH_FORMS.values()} - {"reported", "confirmed"} | {"says"}
_SPEAKS = {present for present, _ in SPEECH_FORMS.values()} | {"accuses", "wants"}
_SPEECH_AFTER = re.compile(
    rf"^(?:[ \t]+(?:also|later|earlier|then|has|had|have))?[ \t]+(?:{'|'.join(sorted(_SPOKE))})\b")
_SPEAKS_AFTER = re.compile(rf"[ \t]+(?:{'|'.join(sorted(_SPEAKS))})\b")
# Words that may stand in a capitalised run beside a place name without making it another entity.
_RUN_COMPANIONS = frozenset(
    """province provinces region state oblast governorate district city town village capital valley river
    border frontier crossing county prefecture north south east west northern southern eastern western central
    northeast northwest southeast southwest northeastern northwestern southeastern southwestern upper lower
    greater ne nw se sw mid governor mayor police airport zone lga lgas township woreda states regions
    districts oblasts governorates counties townships""".split()
)
# Capitalised at a sentence start or in headlines far more often than names of places.
_FUNCTION_WORDS = frozenset(
    """the a an in on at by for from to with and but or of as after before during since some many both this
    that these those last early late mid according while when where there here it its he she they we our their
    his her who what which why how all any each every no not""".split()
) | {w for w, n in SMALL_NUMBERS.items() if 1 <= n <= 10} | set(WEEKDAYS) | set(MONTH_NAMES)
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|from|at|near|to|of|outside|around|into)[ \t]+(?:the[ \t]+)?$",
                                 re.I)
# "-based"/"-born" are not here: "a UK-based monitor" is somewhere; "Moscow-backed separatists" are someone's.
_ADJECTIVAL = re.compile(r"-(?:backed|led|allied|controlled|held|aligned|funded|supported|made|brokered|"
                         r"sponsored|mediated|trained|armed|owned|run|linked|affiliated|inspired|friendly|"
                         r"leaning|style|era)\b", re.I)
# A dateline's town is followed by a comma, a dash or the agency in brackets ("KABUL (Pajhwok):", "DUBAI
# (Reuters) -"); a capitalised name before a colon opening a line is a dateline ("HYDERABAD:") or a
# headline's kicker ("MALI: ARMY ENTERS KIDAL", "BORNO: Troops retake Marte"), a place of any kind.
_DATELINE_AFTER = re.compile(r"(?:/[A-Z][A-Z -]*[A-Z])*[ \t]*(?:,|\([A-Z][\w .&-]{1,30}\)|[—–]|-[ \t])")
_KICKER_AFTER = re.compile(r"[ \t]*:")
_COMPASS_NAME = re.compile(r"^(?:north|south|east|west|central|middle|far|upper|lower|northern|southern|"
                           r"eastern|western)(?:[ -](?:east|west|north|south|central|eastern|western))?$")
_NAME_CONTINUES_BEFORE = re.compile(r"\b(?:of|the|for)[ \t]+$", re.I)
_PERSON_AFTER = re.compile(r",?[ \t]+(?:an?[ \t]+)?[0-9]{1,3}-year-old\b|,[ \t]+[0-9]{1,3},")
ANCHOR_FOCUS = 0.5
BIG_CITY = 100_000
# a first-pass pick this probable is a place others can be near (0.5 let one wrong pick pull others)
ANCHOR_PROBABILITY = 0.8
VILLAGE_POPULATION = 10_000
REMOTE_KM = 200.0  # a village at least this far from the article's cluster of towns is another village
LOOSE_NEAR_KM = 200.0  # a place spelled otherwise than the gazetteer lies this near the article's others
MIN_FOCUS_SHARE = 0.25  # a small town's country must carry this share of the article's focus
_TOKEN = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True)
class Hints:
    """What the text around a mention says about it."""

    admin1: bool = False
    town: bool = False
    district: bool = False
    crossing: bool = False
    near: bool = False
    capital: bool = False
    parent: tuple[Candidate, ...] = ()
    extend_to: int = 0  # end offset of a type word that belongs to the mention ("Kunduz province")


def _is_capitalised(mention: str) -> bool:
    first = mention.lstrip("'’")[:1]
    if first.isupper():
        return True
    return bool(re.match(r"(?:al|el|ad|an|as|ash|at|az|ar)[- ]\w", mention)) and mention[3:4].isupper()


def _name_word(word: str) -> bool:
    """A word of a proper name: capitalised, or an Arabic article joined to one ("al-Hawa")."""
    return word[:1].isupper() or bool(_ARTICLE_JOINED.match(word))


def _capital_run(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of capitalised words around ``start..end`` on the same line (hyphenated words whole)."""
    run_start = start
    while True:
        m = re.search(r"([\w'’.-]+)[ \t]+$", text[max(0, run_start - 40):run_start])
        word = m.group(1) if m else ""
        if not m or not _name_word(word) or (word.endswith(".") and len(word) > 3) or word.endswith(("'s",
                                                                                                     "’s")):
            break  # "Darfur. In Omdurman", "Sudan's Kassala": the name starts after them
        run_start -= len(m.group(0))
    run_end = end
    while not (run_end > end and text[run_end - 1] == "." and run_end - end > 4):  # "Valley. Dostum": stop
        m = re.match(r"[ \t]+([\w'’.-]+)", text[run_end:run_end + 40])
        if not m or not _name_word(m.group(1)):
            break
        run_end += len(m.group(0))
    return run_start, run_end


def _extra_words(text: str, match: NameMatch, sentence: Sentence | None) -> list[str]:
    """Capitalised words joined to the match that are neither place-type words nor sentence openers."""
    run_start, run_end = _capital_run(text, match.start, match.end)
    before = text[run_start:match.start].split()
    after = text[match.end:run_end].split()
    extras = [w for w in after if w.lower().strip(".,'’") not in _RUN_COMPANIONS]
    for i, word in enumerate(before):
        bare = word.lower().strip(".,'’")
        at_sentence_start = sentence is not None and i == 0 and run_start == sentence.start
        if bare in _RUN_COMPANIONS or (at_sentence_start and _common(bare)) or bare in _FUNCTION_WORDS:
            continue
        extras.append(word)
    return extras


def _common(word: str) -> bool:
    """An ordinary English word (lower-case), by the bundled wordfreq list."""
    return word in bundled_data.common_words()


def _is_title_line(sentence: Sentence | None) -> bool:
    if sentence is None:
        return False
    if sentence.text.rstrip().endswith((".", "!", "?", '"', "”")):
        return False  # headlines carry no closing punctuation; name-heavy sentences do
    words = [w for w in _TOKEN.findall(sentence.text) if w[:1].isalpha()]
    caps = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 4 and caps / len(words) > 0.6


def _person_surnames(text: str, index: NameIndex) -> set[str]:
    """Last words of multi-word capitalised names that are not places ("Mohib-ul Rahman")."""
    surnames: set[str] = set()
    for m in re.finditer(r"\b[A-Z][\w'’-]+(?:[ \t]+(?:(?:al|el|ul|bin|ibn|de|van|von)[- ])?[A-Z][\w'’-]+)+",
                         text):
        words = m.group().split()
        possessive = [i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))]
        if possessive:  # "Congo's Goma": an owner and a place, not a first and a last name
            words = words[possessive[-1] + 1:]
        while words and (words[0].lower() in _FUNCTION_WORDS or _common(words[0].lower())):
            words.pop(0)  # "In Omdurman", "Resistance Kawlin": an opening word, not a first name
        if (
            len(words) < 2
            or index.lookup(" ".join(words))
            or any(w.lower() in _RUN_COMPANIONS for w in words)
        ):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        titled = bool(_TITLES.search(before))
        if titled or not any(index.lookup(w) for w in words[:-1]):
            surnames.add(words[-1].lower())
    return surnames


def hints_for(text: str, match: NameMatch, index: NameIndex) -> Hints:
    """Read the stated type and hierarchy around one mention."""
    after = text[match.end:match.end + 120]
    before = text[max(0, match.start - 60):match.start]
    found: dict[str, object] = {}  # one Hints at the end: dataclasses.replace per cue cost 10% of geocoding
    if m := _AFTER_ADMIN1.match(after):
        found.update(admin1=True, extend_to=match.end + m.end())
    elif m := _AFTER_DISTRICT.match(after):
        found.update(district=True, extend_to=match.end + m.end())
    elif m := _AFTER_TOWN.match(after):
        found.update(town=True)
    elif m := _AFTER_CROSSING.match(after):
        found.update(crossing=True, town=True, extend_to=match.end + m.end())
    if _BEFORE_ADMIN1.search(before) or _AFTER_PAIR_OF_UNITS.match(after):
        found.update(admin1=True)
    if _BEFORE_TOWN.search(before) or _is_dateline(text, match, kicker=False):
        found.update(town=True)
    if _BEFORE_NEAR.search(before):
        found.update(near=True)
    abbreviation = _ABBREVIATION_AFTER.match(after)
    if abbreviation and _written_as_abbreviation(abbreviation.group("abbr")) \
            and (refs := index.abbreviated(abbreviation.group("abbr"))):  # "Lexington, Ky."
        found.update(parent=tuple(c for c in index.lookup(abbreviation.group("abbr")) if c.ref in refs))
        return Hints(**found)
    parent_match = _PARENT.match(after) or _IN_UNIT.match(after) or _APPOSITION.match(after)
    if parent_match:
        parent = parent_match.group("parent")
        cands = _longest_lookup(parent, index)
        cands = tuple(c for c in cands if c.kind in ("country", "admin1", "region"))
        if cands:
            found.update(parent=cands, capital=bool(_CAPITAL_OF.search(parent_match.group(0))))
    return Hints(**found)


_POSSESSIVE = re.compile(r"['’]s?$")


def _longest_lookup(phrase: str, index: NameIndex) -> tuple[Candidate, ...]:
    words = phrase.split()
    for n in range(len(words), 0, -1):
        # "Sudan's" -> Sudan; "Texas" stays; "Middle Shabelle" is GeoNames' "Middle Shabele"
        found = index.lookup(_POSSESSIVE.sub("", " ".join(words[:n])), loose=True)
        if found:
            return found
    return ()


def country_focus(matches: list[NameMatch]) -> Counter[str]:
    """How strongly the article is about each country: named countries, demonyms, provinces."""
    focus: Counter[str] = Counter()
    for m in matches:
        if m.loose:
            continue  # a name in another spelling is too weak a sign of its country ("Nimrud": Nimroz?)
        if m.demonym_of:
            focus[m.demonym_of] += 0.5
        kinds = {c.kind for c in m.candidates}
        if "country" in kinds:
            for c in m.candidates:
                if c.kind == "country":
                    focus[c.country_iso3] += 1.0
        elif len(provinces := {c.country_iso3 for c in m.candidates if c.kind in ("admin1", "region")}) == 1:
            iso3 = next(iter(provinces))
            # a province name of one country, unless a big city elsewhere has it ("Gaza": MOZ province, PSE
            # city)
            if not any(
                c.kind == "town" and c.country_iso3 != iso3 and c.population >= BIG_CITY for c in m.candidates
            ):
                focus[iso3] += 0.7
    return focus


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: within a few percent up to ~1,000 km, enough for the 150/400 km
    proximity cues, at a third of the haversine's cost (it runs for every candidate and anchor)."""
    dx = (lon2 - lon1 + 180.0) % 360.0 - 180.0
    return math.hypot(dx * math.cos(math.radians((lat1 + lat2) / 2)), lat2 - lat1) * 111.32


def _in_focus(iso3: str, focus: Counter[str]) -> bool:
    """Does the article say enough about this country for its lesser places to be meant?"""
    top = max(focus.values(), default=0.0)
    return bool(top) and focus.get(iso3, 0.0) >= MIN_FOCUS_SHARE * top


def _beside_focus(iso3: str, focus: Counter[str]) -> bool:
    return not _neighbours(iso3).isdisjoint(focus)


@lru_cache(maxsize=512)
def _neighbours(iso3: str) -> frozenset[str]:
    """Countries sharing a land border with ``iso3`` (Gaza beside Egypt, Goma beside Rwanda)."""
    return frozenset(b.iso3_b if b.iso3_a == iso3 else b.iso3_a for b in spatial.borders_of(iso3))


# What the text alone says of a name match, before the language model is asked: a place (YES), a
# place only if the named-entity tagger does not call it an organisation or a person (WEAK), not a
# place unless the tagger calls it one (SOFT: a frequent word, a name inside a longer capitalised
# run, a surname), or never a place (NO: a function word, a title, a qualifier, metonymy).
YES, WEAK, SOFT, NO = "yes", "weak", "soft", "no"
# a place named beside capitalised words it may belong to ("Environment Canada"): YES unless tagged inside
RUN = "run"
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset({"ORG", "PERSON"})  # an organisation or person named after a place: "Air Zimbabwe"
Entity = tuple[int, int, str,
               bool]  # start, end (offsets in the article), spaCy label, acting subject (nsubj)


def _entities(sentences: list[Sentence | None]) -> list[Entity]:
    """Named entities of these sentences, from the shared parse (``nlp.parse``: one parse per sentence,
    reused by the claims pass)."""
    todo = list({s.start: s for s in sentences if s is not None}.values())
    if not todo:
        return []
    from dashboard import nlp

    docs = nlp.parse([s.text for s in todo])
    return [(s.start + e.start_char, s.start + e.end_char, e.label_, e.root.dep_ == "nsubj")
            for s, doc in zip(todo, docs) for e in doc.ents]


def _companions_only(text: str, start: int, end: int, match: NameMatch) -> bool:
    """Are the entity's words beside the match only type words ("Abha airport", "the Kunduz province")?"""
    return all(w.lower() in _RUN_COMPANIONS or w.lower() in _FUNCTION_WORDS
               for w in (text[start:match.start] + " " + text[match.end:end]).split())


def _with_entities(verdict: str, match: NameMatch, entities: list[Entity], text: str) -> str:
    """The text's verdict on a name, settled by the named entities over it: YES, SOFT (left to the
    article's country focus) or NO."""
    if verdict in (YES, NO) or not entities:
        return {WEAK: YES, RUN: YES}.get(verdict, verdict)
    length = match.end - match.start
    over = [e for e in entities if e[0] < match.end and match.start < e[1]]
    inside = [e for e in over if e[0] <= match.start and match.end <= e[1]]
    if any(label in _NAME_LABELS and b - a > length and not _companions_only(text, a, b, match) for a, b,
           label, _ in inside):
        return NO  # "Air Zimbabwe", "Texas A&M", "Environment Canada": the place names something else
    # "Floods hit Ohio": a frequent word the tagger reads as a place (not a subject acting:
    if verdict == SOFT:
        # "Washington would lift the designation" is the government, as "Washington said" is)
        return YES if any(label in _PLACE_LABELS and b - a <= length + 4 and not subject
                          for a, b, label, subject in inside) else SOFT
    if verdict == WEAK and any(label == "NORP" for _, _, label, _ in over):
        return NO  # "Houthi fighters": a people or group (the small model tags unknown towns ORG or PERSON,
    return YES  # "the RSF captured Zalingei", so those labels alone do not unmake a town)


@lru_cache(maxsize=1)
def _actor_names() -> frozenset[str]:
    """Armed actors' acronyms and long forms (data/actors.csv) and armed groups' names
    (data/armed_groups.csv):
    never places ("HTS", "Arakan Army", "Taliban")."""
    names = [name for acronym, long_form, _ in bundled_data.actor_acronyms() for name in (acronym, long_form)]
    return frozenset(_alnum(name) for name in [*names, *bundled_data.armed_groups()])


_ABBREVIATION_CONTEXT = re.compile(r"[A-Z][\w'’.-]*,[ \t]+$")  # "Lexington, Ky.", "LEXINGTON, Ky. —"
_ABBREVIATION_AFTER = re.compile(r",[ \t]+(?P<abbr>[A-Z][A-Za-z.]{1,6})")


def _abbreviations_checked(matches: list[NameMatch], text: str, index: NameIndex) -> list[NameMatch]:
    """A state's abbreviation ("Ky.", "Man.", "Que.", "WA") names it only after a town and a comma;
    elsewhere the state is not among the match's candidates ("Man." ending a sentence, "Que" in Vietnam)."""
    out = []
    for m in matches:
        refs = index.abbreviated(m.mention)
        if refs and not (
            _written_as_abbreviation(m.mention)
            and _ABBREVIATION_CONTEXT.search(text, max(0, m.start - 40), m.start)
        ):
            m = replace(m, candidates=tuple(c for c in m.candidates if c.ref not in refs))
        out.append(m)
    return out


def _unit_not_world(match: NameMatch, text: str) -> NameMatch:
    """"Central Africa Province", "Sahel region": a unit named after a world region is not the world
    region."""
    after = text[match.end:match.end + 30]
    if _AFTER_ADMIN1.match(after) or _AFTER_DISTRICT.match(after):
        return replace(match, candidates=tuple(c for c in match.candidates if c.kind != "world"))
    return match


def _written_as_abbreviation(word: str) -> bool:
    """"KY", "Ky.", "N.S.W.", not "on" or "Al"."""
    return word.isupper() if "." not in word else word[0].isupper()


def _abbreviation_of_unit(match: NameMatch, index: NameIndex) -> bool:
    """Is this match a state's abbreviation where one stands (``_abbreviations_checked`` kept its state)?"""
    refs = index.abbreviated(match.mention)
    return bool(refs) and any(c.ref in refs for c in match.candidates)
_LARGE_KINDS = frozenset({"country", "admin1", "region", "world"})


def _plausible(match: NameMatch, text: str, sentence: Sentence | None, surnames: set[str],
               focus: Counter[str] | None = None) -> str:
    """How far this name match is a place mention at all (and not a word, a person or an organisation):
    YES, WEAK, SOFT or NO (above).

    With ``focus`` (a second pass), a capitalised word mid-sentence that names a town of the
    article's country counts too ("overran Sake", "Fallujah and Hit").
    """
    mention = match.mention
    if not match.candidates or not _is_capitalised(mention):
        return NO
    if mention.isupper() and len(mention) > 3 and not _DATELINE_AFTER.match(text, match.end) \
            and not _is_dateline(text, match):
        # all-caps words are acronyms or shouting, except datelines "KABUL, Afghanistan", "DUBAI (Reuters) -"
        return NO
    low = mention.lower()
    words = low.split()
    strong = any(c.kind in _LARGE_KINDS for c in match.candidates)
    if low in _FUNCTION_WORDS:
        return NO
    focus_town = _focus_town_mid_sentence(match, text, sentence, focus)
    # a frequent word names a place if it is a country, a big city where a place goes, or a town or
    # province of the article's own country ("Reading" and "Western" are English units far away)
    word_like = (" " not in low and _common(low)) or bool(_COMPASS_NAME.match(low))  # "North-East", "Central"
    soft = word_like and not any(c.kind in ("country", "world") for c in match.candidates) \
        and not _city_in_place(match, text) and not focus_town and not _focus_unit(match, focus)
    if _PERSON_AFTER.match(text, match.end):
        return NO  # "Sofia, a 61-year-old retired teacher"
    if (_names_a_country(match) or _names_a_world_region(match)) and _country_as_actor(text, match):
        return NO  # "Russia's biggest victory", "Russia says": the state acting, not a location
    if (
        len(mention) <= 4
        and _common(low)
        and not mention.isupper()
        and not _names_a_country(match)
        and not focus_town
    ):
        soft = True  # "Car", "Us": the acronyms CAR and US only in capitals (but "Iran", "Iraq", "Mali")
    if words[0] in _FUNCTION_WORDS and all(_common(w) for w in words[1:]):
        return NO  # "The city", "The Valley": a description, not a name
    if _ADJECTIVAL.match(text[match.end:match.end + 16]):
        return NO  # "Moscow-backed separatists", "US-allied warlords": a qualifier, not a location
    before = text[max(0, match.start - 30):match.start]
    if _TITLES.search(before) or _LISTENER_BEFORE.search(before):
        return NO  # "Governor Kabul", "told The Irrawaddy": a person's title, a listener
    after = text[match.end:match.end + 40]
    if _SPEECH_AFTER.match(after) and not any(c.kind == "country" for c in match.candidates) \
            and not _PREPOSITION_BEFORE.search(before):
        return NO  # "Washington said", "Moscow warned": a government speaking, not a place
    if soft or (low in surnames and not strong):
        return SOFT
    if _is_title_line(sentence):
        return YES if strong else NO
    if _extra_words(text, match, sentence):
        return NO
    run_start, _ = _capital_run(text, match.start, match.end)
    if any(w.lower().strip(".,'’") not in _RUN_COMPANIONS and w.lower() not in _FUNCTION_WORDS
           for w in text[run_start:match.start].split()):
        # "Environment Canada" opening a sentence: a name of its own, or "Europe" after "Meanwhile"?
        return RUN
    if not strong and not focus_town and not _PREPOSITION_BEFORE.search(before) and not _typed(text, match) \
            and not _is_dateline(text, match):
        return WEAK  # "Taliban fighters entered": a town's name with nothing around it saying it is a place
    return YES


def _typed(text: str, match: NameMatch) -> bool:
    """Does a type word stand beside the name ("the town of X", "X district")?"""
    after = text[match.end:match.end + 30]
    before = text[max(0, match.start - 40):match.start]
    return bool(_AFTER_ADMIN1.match(after) or _AFTER_DISTRICT.match(after) or _AFTER_TOWN.match(after)
                or _BEFORE_TOWN.search(before) or _BEFORE_ADMIN1.search(before))


def _focus_town(match: NameMatch, focus: Counter[str]) -> bool:
    return any(c.kind in ("town", "admin2") and _in_focus(c.country_iso3, focus) for c in match.candidates)


def _focus_unit(match: NameMatch, focus: Counter[str] | None) -> bool:
    return bool(focus) and any(c.kind in ("admin1", "region") and _in_focus(c.country_iso3, focus)
                               for c in match.candidates)


def _focus_town_mid_sentence(match: NameMatch, text: str, sentence: Sentence | None,
                             focus: Counter[str] | None) -> bool:
    if not focus or sentence is None or match.start <= sentence.start + 1 or not match.mention[1:].islower():
        return False
    if _NAME_CONTINUES_BEFORE.search(text, max(0, match.start - 5), match.start) \
            and not _BEFORE_NEAR.search(text, max(0, match.start - 30), match.start) \
            and not _typed(text, match):
        # "the Institute for the Study of War", "the Arab League"; but "the outskirts of Sake", "the
        # town of Sake" and "Hong local government area" say a place
        return False
    return any(c.kind in ("town", "admin2") and _in_focus(c.country_iso3, focus) for c in match.candidates)


def _city_in_place(match: NameMatch, text: str) -> bool:
    """A big city whose name is also a frequent word ("London", "Dubai", "Nice") where the text
    puts a place: after "in", "to", "from"..., or as a dateline."""
    if not any(c.kind == "town" and c.population >= BIG_CITY for c in match.candidates):
        return False
    return bool(_PREPOSITION_BEFORE.search(text, max(0, match.start - 20), match.start)) or _is_dateline(
        text, match
    )


def _is_dateline(text: str, match: NameMatch, kicker: bool = True) -> bool:
    """"DUBAI (Reuters) -" opening a line: the town the report is filed from; with ``kicker``, also
    "BORNO:" (a dateline's town or a headline's kicker: some place)."""
    at_line_start = re.fullmatch(
        r"[ \t]*(?:[A-Z][A-Z -]*/)*", text[max(0, match.start - 40) : match.start].rpartition("\n")[2]
    )
    after = _DATELINE_AFTER.match(text, match.end) or (kicker and _KICKER_AFTER.match(text, match.end))
    return match.mention.isupper() and at_line_start is not None and bool(after)


# a country's army, government or people stand for the country as a place too
_GEO_WORDS = frozenset("""district districts province provinces region regions city cities town towns
    village villages territory territories border borders frontier frontiers capital coast coastline
    mountains airspace soil side sides part parts area areas state states oblast oblasts governorate
    governorates enclave enclaves frontline front north south east west northern southern eastern western
    northeast northwest southeast southwest central interior heartland countryside border-crossing crossings
    people population civilians""".split()) | FORCE_NOUNS


def _country_as_actor(text: str, match: NameMatch) -> bool:
    """A country as the subject of speech, or owning something that is not a place: "Russia says",
    "Russia's biggest victory" (but "Afghanistan's 421 districts", "Sudan's Kassala state")."""
    after = text[match.end:match.end + 60]
    if _SPEECH_AFTER.match(after) or _SPEAKS_AFTER.match(after):
        return True
    owned = re.match(r"['’]s[ \t]+(?P<words>(?:[\w‘'’-]+[ \t]*){1,3})", after)
    if not owned:
        return False
    words = owned.group("words").split()
    if words[0][:1].isupper() or words[0][:1].isdigit():
        return False  # "Afghanistan's Taliban", "Sudan's Kassala", "Afghanistan's 421 districts"
    return not any(w.lower().strip("‘'’,.") in _GEO_WORDS for w in words)


def _names_a_world_region(match: NameMatch) -> bool:
    return any(c.kind == "world" for c in match.candidates)


def _names_a_country(match: NameMatch) -> bool:
    return any(c.kind == "country" and _alnum(c.name) == _alnum(match.mention) for c in match.candidates)


def _precision(kind: str, hints: Hints) -> int:
    if kind == "town":
        return 2 if (hints.near or hints.district) else 1
    return 2 if kind == "admin2" else 3  # a district's centroid: part of a region


def _kind(c: Candidate, hints: Hints) -> str:
    if c.kind == "world":
        return "region"  # a continent or world region is a region of the output's vocabulary
    if c.kind == "town" and hints.district:
        return "admin2"
    if c.kind == "town" and hints.crossing:
        return "crossing"  # "the Torkham crossing": the crossing point at that town
    return c.kind


def recognise(text: str, sentences: list[Sentence], matches: list[NameMatch],
              index: NameIndex) -> tuple[list[NameMatch], Counter[str], list[Candidate]]:
    """The name matches that are places, the article's country focus, and the unambiguous places
    (one candidate below country level) that namesakes are measured against."""
    surnames = _person_surnames(text, index)
    matches = [_unit_not_world(m, text) for m in _abbreviations_checked(matches, text, index)
               if _alnum(m.mention) not in _actor_names()]
    at = {m.start: sentence_at(sentences, m.start) for m in matches}
    verdict = {m.start: YES if _abbreviation_of_unit(m, index) else _plausible(m, text, at[m.start], surnames)
               for m in matches}
    # a bare town's name in a country the article is about is a place; the language model is asked
    # only where the text alone leaves a name in doubt
    focus = country_focus([m for m in matches if verdict[m.start] == YES or m.demonym_of])
    verdict |= {m.start: YES for m in matches if verdict[m.start] == WEAK and _focus_town(m, focus)}
    entities = _entities([at[m.start] for m in matches if verdict[m.start] in (WEAK, SOFT, RUN)])
    verdict = {m.start: _with_entities(verdict[m.start], m, entities, text) for m in matches}
    kept = [m for m in matches if verdict[m.start] == YES]
    focus = country_focus(kept + [m for m in matches if m.demonym_of])
    kept = sorted(kept + [m for m in matches if verdict[m.start] == SOFT and _with_entities(
        _plausible(m, text, at[m.start], surnames, focus), m, entities, text) == YES], key=lambda m: m.start)
    # (A district named after its town does not make the town ambiguous: "Abha" town and district.)
    primary = {m.start: [c for c in m.candidates if c.kind != "admin2"] for m in kept}
    anchors = list({primary[m.start][0].ref: primary[m.start][0] for m in kept
                    if len(primary[m.start]) == 1 and not m.loose
                    and primary[m.start][0].kind not in ("country", "world")}.values())
    for a in anchors:  # "Khan Younis" (only one in the world) says the article is also about its country
        focus[a.country_iso3] += ANCHOR_FOCUS
    return kept, focus, anchors


def candidate_features(text: str, m: NameMatch, h: Hints, focus: Counter[str],
                       anchors: list[Candidate]) -> list[tuple[Candidate, tuple[float, ...]]]:
    """Every candidate of one place mention with its namesake features (``namesakes.FEATURES``)."""
    # bare "Kabul"/"Mazar-i-Sharif" is the city, not the province named after it or listing its name
    # (same unit, or same country and same name: Kyiv city vs Kyiv oblast)
    units = {c.admin1_id for c in m.candidates if c.kind == "admin1"}
    countries = {c.country_iso3 for c in m.candidates if c.kind == "admin1"}
    own = set(map(id, m.candidates))
    others = [a for a in anchors if id(a) not in own]
    focus = focus - country_focus([m])  # a name does not vouch for itself ("Sahel": a Burkina region too)
    out = []
    for c in m.candidates:
        inside = None if not h.parent else _inside(c, h.parent) and not (c.kind == "admin1" and c in h.parent)
        twin = c.kind == "town" and not h.admin1 and (
            c.admin1_id in units or c.country_iso3 in countries and _alnum(c.name) == _alnum(m.mention))
        nearest = _nearest_km(c, others)
        x = namesakes.features(c, h, inside, focus, nearest, twin, _alnum(c.name) == _alnum(m.mention),
                               _beside_focus(c.country_iso3, focus))
        out.append((c, x))
    return out


def _stated_fit(c: Candidate, h: Hints) -> int:
    """How many of the text's statements about a mention the candidate fits: its type ("X province",
    "the town of X", "X district") and the larger unit it lies in ("a town in Kunduz province")."""
    kinds = {"admin1": h.admin1, "region": h.admin1, "town": h.town or h.near or h.district,
             "admin2": h.district}
    return int(kinds.get(c.kind, False)) + int(bool(h.parent) and _inside(c, h.parent))


def _nearest_km(c: Candidate, others: list[Candidate]) -> float | None:
    """Distance to the closest other unambiguous place: 0 when one lies in the other (a town in a
    province); between two points, the distance; a province's centroid says nothing about nearness."""
    point = ("town", "admin2")
    near = [
        0.0
        for o in others
        if c.admin1_id and c.admin1_id == o.admin1_id and point.count(c.kind) + point.count(o.kind) < 2
    ]
    near += [_km(c.lat, c.lon, o.lat, o.lon) for o in others if c.kind in point and o.kind in point]
    return min(near, default=None)


def ranked(text: str, kept: list[NameMatch], index: NameIndex, focus: Counter[str], anchors: list[Candidate],
           model: namesakes.Model) -> dict[int, tuple[Hints, list[tuple[float, Candidate, tuple[float,
                                                                                                ...]]]]]:
    """Each place mention's hints and candidates, most likely first: (probability, candidate, features).

    What the text states (the type, the larger unit) decides among the candidates that fit it; the
    model ranks those (or all, when none fits). Two passes: the second measures proximity to the
    first pass's confident picks too ("Lamar County" near "Paris, Texas"), not only to the names
    with one candidate."""
    hints = {m.start: hints_for(text, m, index) for m in kept}

    def rank(near: list[Candidate]) -> dict[int, tuple[Hints, list[tuple[float, Candidate, tuple[float,
                                                                                                 ...]]]]]:
        out = {}
        for m in kept:
            h = hints[m.start]
            rows = [(model.probability(x), c, x) for c, x in candidate_features(text, m, h, focus, near)]
            out[m.start] = (h, sorted(rows, key=lambda r: (-_stated_fit(r[1], h), -r[0], r[1].ref)))
        return out

    first = rank(anchors)
    picks = {rows[0][1].ref: rows[0][1] for _, rows in first.values()
             if rows and rows[0][0] >= ANCHOR_PROBABILITY and rows[0][1].kind not in ("country", "world")}
    return rank(list({**{a.ref: a for a in anchors}, **picks}.values()))


def resolve_places(text: str, sentences: list[Sentence], matches: list[NameMatch],
                   index: NameIndex) -> list[Place]:
    """Choose a candidate for every plausible name match and build the Place records."""
    kept, focus, anchors = recognise(text, sentences, matches, index)
    ranking = ranked(text, kept, index, focus, anchors, namesakes.model())
    places: list[Place] = []
    picks: list[tuple[NameMatch, Hints, Candidate, Place]] = []
    for m in kept:
        h, rows = ranking[m.start]
        if river := _RIVER_AFTER.match(text, m.end):
            places.append(_unresolved(text, sentences, m.start, river.end(), "river",
                                      "rivers are not in the bundled data"))
            continue
        best = rows[0][1]
        if h.parent and best.kind != "country" and not _inside(best, h.parent):
            places.append(_at_parent(text, sentences, m.start, m.end, h.parent[0]))
            continue
        # the most probable candidate that is credible: a foreign town needs a reason to be named
        others_focus = focus - country_focus([m])  # a name does not vouch for itself ("Anaba": DZA province)
        top = max(p for p, _, _ in rows)
        world = any(c.kind == "world" for c in m.candidates)
        credible = [(p, c) for p, c, _ in rows if _credible(c, h, others_focus, p, top, m.mention, world)
                    and (not m.loose or _loose_credible(c, h, others_focus, anchors))]
        if not credible:
            continue
        p, best = credible[0]
        if _remote_village(best, h, anchors):
            reason = (f"its namesake in the bundled gazetteer ({best.name}, {best.admin1}) lies far from the"
                      " article's other places")
            places.append(_unresolved(text, sentences, m.start, m.end, "town", reason))
            continue
        # the confidence: its share among the namesakes still in the running (credible, fitting what is
        # stated)
        rivals = [q for q, c in credible if _stated_fit(c, h) == _stated_fit(best, h)]
        places.append(_place(text, sentences, m, best, h, confidence=namesakes.share(p, rivals)))
        picks.append((m, h, best, places[-1]))
    places = _one_country_per_name(text, sentences, places, picks)
    taken = SpanIndex(places)
    places += [p for p in typed_unknowns(text, sentences, index) if not taken.within(p.start, p.end)]
    return sorted(places, key=lambda p: p.start)


def _one_country_per_name(text: str, sentences: list[Sentence], places: list[Place],
                          picks: list[tuple[NameMatch, Hints, Candidate, Place]]) -> list[Place]:
    """One name written again in an article is the same place: where its mentions were resolved to
    namesakes in different countries (a headline's "Palma" in Majorca, the body's three in Cabo Delgado),
    the country most of them chose wins, unless the text states where a mention lies ("Paris, Texas").
    A tie ("Paris" three times in France, three times in Texas) changes nothing."""
    by_name: dict[str, list[tuple[NameMatch, Hints, Candidate, Place]]] = {}
    for pick in picks:
        by_name.setdefault(_alnum(pick[0].mention), []).append(pick)
    changed: dict[int, Place] = {}
    for group in by_name.values():
        votes = Counter(c.country_iso3 for _, _, c, _ in group)
        if len(votes) < 2:
            continue
        (winner, most), (_, second) = votes.most_common(2)
        if most == second:
            continue
        chosen = max(((place.confidence, c) for _, _, c, place in group if c.country_iso3 == winner),
                     key=lambda pick: pick[0])[1]
        for m, h, c, place in group:
            if c.country_iso3 != winner and not h.parent and chosen in m.candidates:
                changed[id(place)] = _place(text, sentences, m, chosen, h, confidence=place.confidence)
    return [changed.get(id(p), p) for p in places]


def typed_unknowns(text: str, sentences: list[Sentence], index: NameIndex) -> list[Place]:
    """Names the text calls a town or district that the gazetteer lacks ("Bunagana, a town in North
    Kivu province"): placed at the stated province (precision 2) or reported unresolved, with the reason."""
    out: list[Place] = []
    matches = sorted((m for pattern in _TYPED_UNKNOWN for m in pattern.finditer(text)),
                     key=lambda m: m.start("name"))
    seen: set[int] = set()
    for m in matches:
        name = m.group("name")
        if m.start("name") in seen or index.lookup(name) or name.lower() in _FUNCTION_WORDS \
                or index.demonym(name) is not None or _common(name.split()[0].lower()):
            continue
        seen.add(m.start("name"))
        stated = m.groupdict().get("parent")
        parent = _longest_lookup(stated, index) if stated else ()
        parent = tuple(c for c in parent if c.kind in ("admin1", "region", "country"))
        start, end = m.start("name"), m.end("name")
        kind = _TYPE_KIND.get(m.groupdict().get("type") or "", "town")
        if parent:
            out.append(replace(_at_parent(text, sentences, start, end, parent[0]), kind=kind))
        else:
            out.append(_unresolved(text, sentences, start, end, kind, "not in the bundled gazetteer"))
    return out


@lru_cache(maxsize=100_000)
def _alnum(name: str) -> str:
    """Letters and digits without accents: "Herāt" and "Herat" are the same name."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name.lower()) if ch.isalnum() and ch.isascii())


def _inside(c: Candidate, parents: tuple[Candidate, ...]) -> bool:
    return any(p.kind == "country" and p.country_iso3 == c.country_iso3 or
               p.kind == "admin1" and (p.admin1_id == c.admin1_id) or
               p.kind == "region" and p.country_iso3 == c.country_iso3 for p in parents)


def _at_parent(text: str, sentences: list[Sentence], start: int, end: int, parent: Candidate) -> Place:
    """ACLED's rule for a town that cannot be found: the stated larger unit (geo-precision 2; 3 for a
    country)."""
    sent = sentence_at(sentences, start)
    return Place(mention=text[start:end], start=start, end=end, kind="town", name=text[start:end],
                 country_iso3=parent.country_iso3, admin1=parent.admin1, admin1_id=parent.admin1_id,
                 lat=round(parent.lat, 5), lon=round(parent.lon, 5),
                 precision=3 if parent.kind == "country" else 2,
                 ref=parent.ref, confidence=0.5,
                 sentence=sent.text if sent else "",
                 reason=f"not in the bundled gazetteer inside {parent.name}: placed at {parent.name}")


def _unresolved(text: str, sentences: list[Sentence], start: int, end: int, kind: str, reason: str) -> Place:
    sent = sentence_at(sentences, start)
    return Place(mention=text[start:end], start=start, end=end, kind=kind, name=text[start:end],
                 sentence=sent.text if sent else "", reason=reason)


def _credible(c: Candidate, h: Hints, focus: Counter[str], p: float, best: float, mention: str,
              world: bool = False) -> bool:
    """A province abroad named by another spelling of its name ("Anaba", an alternate of Algeria's
    Annaba province, in an Afghan story) needs the text to call it a province, and so does a unit
    named like a world region (``world``: Burkina Faso's Sahel region, not "the Sahel") outside the
    article's countries; towns, below."""
    if c.kind == "world":
        return True
    if c.kind in ("town", "admin2"):
        return _town_credible(c, h, focus, p, best, mention)
    if world and not (h.admin1 or h.parent or _in_focus(c.country_iso3, focus)):
        return False
    if c.kind != "admin1" or h.admin1 or h.parent or _alnum(c.name) == _alnum(mention):
        return True
    return not focus or c.country_iso3 in focus or _beside_focus(c.country_iso3, focus)


def _remote_village(c: Candidate, h: Hints, anchors: list[Candidate]) -> bool:
    """A village far outside the cluster of towns the article names unambiguously in its country is
    another village of that name (GeoNames holds a "Dachne" in Odesa oblast, not the one fought over
    beside Toretsk), unless the text says where or what it is. Far: beyond ``REMOTE_KM`` and beyond
    twice the cluster's spacing (the median distance from each of its towns to the next; an article
    about all Somalia spaces its towns 300 km apart). Villages far from the cluster are not in it: two
    wrong villages 24 km apart do not vouch for each other."""
    if c.kind != "town" or c.population >= VILLAGE_POPULATION or h.parent or h.admin1 or h.district:
        return False
    cluster = [a for a in anchors if a.ref != c.ref and a.kind in ("town", "admin2")
               and a.country_iso3 == c.country_iso3]
    if len(cluster) < 2:
        return False
    spacing = [min(_km(a.lat, a.lon, b.lat, b.lon) for b in cluster if b is not a) for a in cluster]
    far = max(REMOTE_KM, 2 * sorted(spacing)[len(spacing) // 2])
    core = [a for a, gap in zip(cluster, spacing) if gap <= far or a.population >= VILLAGE_POPULATION]
    return len(core) >= 2 and min(_km(c.lat, c.lon, a.lat, a.lon) for a in core) > far


def _loose_credible(c: Candidate, h: Hints, focus: Counter[str], anchors: list[Candidate]) -> bool:
    """A name found only in another spelling ("Ben Jawad" for Bin Jawwād) is that place when the text
    puts it in the place's province or country, or when the article is about that country and the
    place lies near its other places: "Berdin" in a Kursk story is not Bearden, Arkansas, nor "Pylna"
    near Kharkiv a Pil'na 500 km inside Russia."""
    if h.parent:
        return _inside(c, h.parent)
    nearest = _nearest_km(c, [a for a in anchors if a.ref != c.ref])
    return _in_focus(c.country_iso3, focus) and (nearest is None or nearest <= LOOSE_NEAR_KM)


def _town_credible(c: Candidate, h: Hints, focus: Counter[str], p: float, best: float, mention: str) -> bool:
    """A town outside the article's main countries needs a stated type or a large population; a
    district, its stated type or its country in focus."""
    if h.town or h.parent or _in_focus(c.country_iso3, focus):
        return c.kind == "town" or h.district or h.parent or any(focus.values())
    # the most probable namesake, a big city abroad, by its own name (not "Anaba", an alternate of
    # Algeria's Annaba, in an Afghan story)
    return c.population >= 250_000 and p >= best and _alnum(c.name) == _alnum(mention)


def _place(text: str, sentences: list[Sentence], m: NameMatch, c: Candidate, h: Hints,
           confidence: float) -> Place:
    end = h.extend_to if h.extend_to and c.kind in ("admin1", "region", "town", "admin2") else m.end
    start = m.start
    prefix = _JOINED_ARTICLE.search(text, max(0, start - 3), start)  # "al-Khokha", not "Myanmar-Bangladesh"
    if prefix:
        start -= len(prefix.group())
    sent = sentence_at(sentences, m.start)
    admin1_id, admin1 = c.admin1_id, c.admin1
    if c.kind == "town" and not (admin1_id or "").startswith(f"{c.country_iso3}-"):
        # the build placed nearly every town by the same point-in-polygon rule; the rest, here
        found = spatial.admin1_of_point(c.lon, c.lat, c.country_iso3)
        if found:
            admin1_id, admin1 = found
    return Place(mention=text[start:end], start=start, end=end, kind=_kind(c, h), name=c.name,
                 country_iso3=c.country_iso3 or None, admin1=admin1, admin1_id=admin1_id, lat=round(c.lat, 5),
                 lon=round(c.lon, 5), precision=_precision(c.kind, h), ref=c.ref, confidence=confidence,
                 sentence=sent.text if sent else "")
