"""Actors of an article: one name per armed actor, however a sentence words it.

Acronyms take the long form the article defines ("Rapid Support Forces (RSF)") or the bundled
table gives for the article's countries; descriptions and pronouns ("the group", "they",
"government troops") refer to the named actor of the same side the article last named; each
actor has a side (state or non-state), which ACLED's sub-event types need."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from dashboard import bundled_data
from dashboard.frames import (
    CIVIL_BODY_WORDS,
    DISTINCT_MODIFIERS,
    GENERIC_NON_STATE,
    GENERIC_STATE,
    NON_STATE_MODIFIERS,
    PRONOUNS,
)
from dashboard.text import matches_near
from dashboard.vocabulary import FORCE_NOUNS, INTERGOVERNMENTAL_WORDS, STATE_WORDS, WIRE_AGENCIES, Side

_DEFINED_ACRONYM = re.compile(
    r"((?:(?:[A-Z]|(?:al|wal|el|ul)-[A-Z])[\w'’]*(?:-[\w'’]+)*[ \t]+(?:(?:of|and|for|in|the|de|du|des|&)[ \t]+)*)"
    r"{1,8})\(([A-Z]{2,6})\)"
)
_ACRONYM_IN_BRACKETS = re.compile(r"\([A-Z]{2,6}\)")
_LONG_FORM_REACH = 400  # eight words of a name, with connectors, before "(RSF)"
_THE = re.compile(r"^The[ \t]+")
# "By Tuesday the Defence and Security Forces (FDS)": words before a "the" that no connector
# ("of", "and") ties to the name open the sentence ("of the Levant" is part of the name)
_OPENING = re.compile(r"^.*?(?<!\bof)(?<!\band)(?<!\bfor)(?<!\bde)(?<!\bin)[ \t]+the[ \t]+(?=[A-Z])")
_IN_THE = re.compile(r"^.*?[ \t]in[ \t]+the[ \t]+(?=[A-Z])")
_OWNER = re.compile(
    r"^(?P<owner>[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*)['’]s[ \t]+(?:[a-z][\w-]*[ \t]+)*(?=[A-Z])"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_DEFINED_AT_END = re.compile(r"\(([A-Z]{2,6})\)$")
_MEMBERS = frozenset({"fighters", "forces", "troops", "insurgents", "militants", "soldiers", "units", "members",
                      "of", "the"})  # "Insurgents of the Islamic State ...": the members, not the name
# A country's forces written in lower case before its name: the acronym names the forces, not the country.
_FORCES_OF = re.compile(r"\b(armed forces|forces|army|military)[ \t]+of[ \t]+(?:the[ \t]+)?$", re.I)
# "-backed", "-linked": another group, the named one's ally; "-led", "-dominated": the named one leads it.
_BACKED = ("backed", "linked", "allied", "aligned", "affiliated", "supported", "inspired", "sponsored")
_BACKER = re.compile(r"-(?:%s)\b" % "|".join(_BACKED), re.I)
_ALIGNED = re.compile(r"-(?:%s)$" % "|".join((*_BACKED, "led", "dominated")), re.I)


def long_forms(text: str) -> dict[str, str]:
    """Acronym -> long form (a word ends at a dash: "Cairo- Libyan National Army (LNA)" is a dateline), as the text defines them ("Rapid Support Forces (RSF)"; a leading
    owner, "Sudan's", or "The" dropped, but not a first word the acronym spells: "Tigray People's
    Liberation Front (TPLF)"). A fragment that neither starts with the acronym's letter nor runs
    to three words ("Muslimin (JNIM)") is no definition."""
    out = {}
    for m in matches_near(_DEFINED_ACRONYM, _ACRONYM_IN_BRACKETS, text, _LONG_FORM_REACH):
        if m[2] in WIRE_AGENCIES:
            continue  # "Addis Ababa (AFP) –": a dateline and its agency, no name defined
        acronym, long = m[2], _THE.sub("", _OPENING.sub("", m[1].strip()))
        if long[:1].lower() != acronym[:1].lower():
            long = _IN_THE.sub("", long)  # "al-Qaida in the Arabian Peninsula (AQAP)", not "Fighting in the ..."
        owned = _THE.sub("", _OWNER.sub("", long))
        if owned[:1] == acronym[:1] or long[:1] != acronym[:1]:
            long = owned
        words = long.split()
        while len(words) > 2 and (words[0].lower() in _MEMBERS or _ALIGNED.search(words[0])):
            words = words[1:]  # "Fighters of Hayat Tahrir al-Sham (HTS)", "Kurdish-led Syrian Democratic Forces"
        long = " ".join(words)
        opening = m.start(1) + len(m[1]) - len(m[1].lstrip())
        force = _FORCES_OF.search(text, max(0, opening - 30), opening)
        if force is not None and long in m[1] and _a_country(long):
            # "the armed forces of the Democratic Republic of Congo (FARDC)"; not "forces of the TPLF (TPLF)"
            long = f"{force[1].title()} of the {long}"
        if long[:1] == acronym[:1] or len(long.split()) >= 3:
            out[acronym] = long
    return out


def _a_country(name: str) -> bool:
    """A country's name, as the bundled table or a state's title words it ("Democratic Republic of Congo")."""
    return national(name) or re.search(r"\b(?:Republic|Kingdom|Federation|Emirates|States)\b", name) is not None


def known_long_forms(countries: set[str]) -> dict[str, str]:
    """Acronym -> long form from the bundled table, for an article about ``countries``: "SNA" is the
    Syrian National Army in a story about Syria, the Somali National Army in one about Somalia."""
    return {
        acr: long
        for acr, long, where in reversed(bundled_data.actor_acronyms())
        if not where or where & countries
    }


def with_long_form(actor: str, forms: dict[str, str]) -> str:
    """ "RSF units" -> "Rapid Support Forces (RSF) units": one name for the group however a
    sentence shortens it."""
    if "(" in actor:
        return actor
    return _ACRONYM.sub(
        lambda m: f"{forms[m.group()]} ({m.group()})" if m.group() in forms else m.group(), actor, count=1
    )


def canonical(actor: str, forms: dict[str, str]) -> str:
    """The one name an article's actor goes by: acronyms with their long form, and a capital named
    for its government as its country ("Moscow", "Kyiv's forces" -> "Russia", "Ukraine")."""
    defined = _DEFINED_AT_END.search(actor)
    if (
        defined
        and defined[1] in forms
        and len(re.findall(r"\b[A-Z]", actor[: defined.start()])) < len(defined[1])
    ):  # "Sham (HTS)", "National Accord (GNA)": a name the parse cut short, given whole
        actor = f"{forms[defined[1]]} ({defined[1]})"
    actor = _whole_name(actor, forms)
    actor = with_long_form(actor, forms)
    words = actor.split()
    capital = re.sub(r"['’]s$", "", words[0]) if words else ""
    capitals = bundled_data.capitals()
    if capital in capitals and all(w.lower() in FORCE_NOUNS for w in words[1:]):
        return bundled_data.country_names().get(capitals[capital], actor)
    return actor


def civil_body(name: str) -> bool:
    """A monitor, agency or institute ("Armed Conflict Location & Event Data Project", "Institute for
    the Study of War"), which reports fighting but takes no town."""
    return not CIVIL_BODY_WORDS.isdisjoint(_words(name))


@lru_cache(maxsize=1)
def armed_actor_names() -> frozenset[str]:
    """Every acronym and long form of the bundled armed actors, and the names of groups without an
    acronym ("Boko Haram"), lower-cased: never places, never people."""
    acronyms = {n.lower() for acr, long, _ in bundled_data.actor_acronyms() for n in (acr, long)}
    return frozenset(acronyms | {n.lower() for n in bundled_data.armed_groups()})


@lru_cache(maxsize=1)
def non_state_actor_names() -> frozenset[str]:
    """The bundled armed actors that are no state's forces: the side table's kind where it knows
    the actor, else a state's forces are named for the country ("Sudanese Armed Forces", "Rwanda
    Defence Force") or as one ("Defence and Security Forces", "Government of National Accord")."""
    from dashboard import sides

    table = sides.table()
    out: set[str] = set()
    for acr, long, _ in bundled_data.actor_acronyms():
        known = table.side_of(long)
        if not (known.kind == "state" if known is not None else _named_for_a_state(long)):
            out |= {acr.lower(), long.lower()}
    return frozenset(out)


def _words(text: str) -> set[str]:
    """The lower-case words of a name or phrase, for look-ups in the word sets of the vocabulary."""
    return set(re.findall(r"[a-z]+", text.lower()))


@lru_cache(maxsize=4096)
def national(word: str) -> bool:
    """A country's name or its people's adjective ("Sudan", "Sudanese"), possessive or not."""
    word = re.sub(r"['’]s$", "", word)
    return word in bundled_data.demonyms() or word in _country_names()


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(bundled_data.country_names().values())


@lru_cache(maxsize=4096)
def _intergovernmental(name: str) -> bool:
    return not INTERGOVERNMENTAL_WORDS.isdisjoint(_words(name))


def _named_for_a_state(name: str) -> bool:
    low = name.lower()
    owned = national(name.split()[0])
    words = _words(name)
    return (
        (owned and bool(words & STATE_WORDS))
        or _intergovernmental(name)  # "African Union Mission in Somalia": states acting together
        or any(
            phrase in low
            for phrase in ("defence and security", "defense and security", "armed forces", "government of")
        )
    )


@dataclass(frozen=True)
class ActorPhrase:
    """An actor as a sentence words it: the text, its head noun's lemma, and what kind of phrase it is."""

    text: str
    head: str
    kind: str  # "named" | "pronoun" | "state" (a description of a state's forces) | "non-state" (of an armed group)
    armed: bool = True  # a force or a group, not "residents" or "a shopkeeper"
    plural: bool = False  # "troops", "the Taliban" ("it" refers to neither)
    person: bool = False  # "Ilham Aliyev"
    indefinite: bool = False  # "an al Qaeda splinter group": introduced here, named after
    ours: bool = False  # "our forces" in a quote: the speaker's side, read off the source


# The side a description of a state's forces or of an armed group refers to ("the army", "the rebels").
DESCRIBED_SIDES = {"state": Side.STATE, "non-state": Side.NON_STATE}


def classify(
    text: str, head: str, named: bool, armed: bool, plural: bool = False, person: bool = False,
    indefinite: bool = False,
) -> ActorPhrase:
    if head.lower() in PRONOUNS or text.lower() in PRONOUNS:
        return ActorPhrase(text, head, "pronoun", plural=head.lower() in ("they", "we"))
    if indefinite and head in GENERIC_NON_STATE:
        # "An al Qaeda splinter group seized Mosul ... by the Islamic State": a group a lede introduces
        # by description and names after; a name inside it is another group's
        return ActorPhrase(text, head, "non-state", indefinite=True)
    if named:
        return ActorPhrase(text, head, "named", armed, plural, person)
    modifiers = set(text.lower().split()) & NON_STATE_MODIFIERS
    if head == "force":
        modifiers.discard("armed")  # "the armed forces" are a state's; "armed men", "armed groups" are not
    if head in GENERIC_NON_STATE or (head in GENERIC_STATE and modifiers):
        return ActorPhrase(text, head, "non-state")  # "rebel forces" are no state's
    if head in GENERIC_STATE:
        return ActorPhrase(text, head, "state")
    return ActorPhrase(text, head, "named", armed=armed)  # "residents", "civilians": as written


def side_of(name: str, non_state_names: frozenset[str]) -> Side:
    """A state's forces are named for a state ("Afghan government forces", "the Sudanese army");
    an armed group by its own name."""
    low = name.lower()
    if low in non_state_names or any(n in low for n in non_state_names if len(n) > 3):
        return Side.NON_STATE
    if national(name):
        return Side.STATE  # "Russia", "Israel": a country acting is its state
    if _named_for_a_people(name):
        return Side.NON_STATE
    words = _words(low)
    return Side.STATE if words & STATE_WORDS or _intergovernmental(name) else Side.NON_STATE


def _named_for_a_people(name: str) -> bool:
    """ "Tigrayan forces", "Kurdish fighters", "Tigray Defence Forces": forces named for a people or
    region that is no country (a proper name that is neither a demonym, a country nor a common word)."""
    words = re.sub(r"\s*\(.*\)$", "", name).split()
    if len(words) < 2:
        return False
    first = re.sub(r"['’]s$", "", words[0])
    return (
        first[:1].isupper()
        and not national(first)
        and first.lower() not in bundled_data.common_words()
        and first.lower() not in STATE_WORDS  # "Peshmerga fighters": a state's force
        and all(w.lower() in FORCE_NOUNS | STATE_WORDS for w in words[1:])
    )


INTRODUCTION_SPAN = 800  # characters: a group a sentence introduces ("a militant group") is named within it
_LOOK_BACK = 500  # named mentions: past them a description takes the actor the article names most
SALIENCE_SPAN = 400  # characters: about two sentences, within which a clause's subject is what "it" refers to


@dataclass
class ActorBook:
    """The named armed actors of one article, by position; resolves descriptions and pronouns
    to the one of the same side named last before them, else the one the article names most."""

    forms: dict[str, str]
    non_state_names: frozenset[str]
    named: list[tuple[int, str, Side, bool]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # the names of ``named``, lower-cased
    losing: set[int] = field(default_factory=set)
    subjects: list[tuple[int, int]] = field(default_factory=list)  # clause subjects' spans, sorted
    _most_named: dict[tuple[Side | None, bool, int], str | None] = field(default_factory=dict)

    def register(self, at: int, phrase: ActorPhrase, losing: bool = False) -> None:
        """First pass: a named armed actor at character offset ``at``; ``losing`` when the sentence
        has it give ground ("were pushed back", "retook X from them"): no one an unsaid taker is."""
        if losing:
            self.losing.add(at)
        if phrase.kind == "named" and phrase.armed:
            name = canonical(phrase.text, self.forms)
            insort(self.named, (at, name, self.side(name), phrase.plural))
            self.names.add(name.lower())

    def register_mentions(self, text: str, names: Iterable[str] = ()) -> None:
        """First pass, without a parse: every mention of an armed actor the article defines or the
        bundled tables name for its countries ("the M23, backed by ...", "The TPLF ..."), so that
        "they" and "the rebels" in a later sentence have someone to refer to."""
        forms = {a: f for a, f in self.forms.items() if not civil_body(f)}  # "ACLED", "OCHA": no armed group
        known = tuple(sorted(set(forms.values()) | bundled_data.armed_groups() | set(names)))
        for m in _mentions(tuple(forms), known).finditer(text):
            if _BACKER.match(text, m.end()):
                continue  # "al-Qaida-linked militants", "Iran-backed rebels": another group, its ally
            name = canonical(m.group(), self.forms)
            insort(self.named, (m.start(), name, self.side(name), False))
            self.names.add(name.lower())

    def mark_subject(self, start: int, end: int) -> None:
        """The actors named in a clause's subject (characters ``start`` to ``end``): a later pronoun
        refers to them before an actor named inside a modifier."""
        insort(self.subjects, (start, end))

    def _in_subject(self, pos: int) -> bool:
        i = bisect_right(self.subjects, (pos, float("inf"))) - 1
        return i >= 0 and self.subjects[i][0] <= pos < self.subjects[i][1]

    def name(self, phrase: ActorPhrase, at: int) -> str | None:
        """The canonical actor for ``phrase`` read at offset ``at`` (None: a pronoun with no referent)."""
        if phrase.kind == "named":
            return canonical(phrase.text, self.forms)
        if phrase.kind != "pronoun" and set(re.split(r"[\s-]+", phrase.text.lower())) & DISTINCT_MODIFIERS:
            return phrase.text  # "local militia fighters", "anti-Taliban fighters": another group
        want = DESCRIBED_SIDES.get(phrase.kind)
        singular = phrase.kind == "pronoun" and not phrase.plural  # "it" is a group, not "the troops"

        def fits(entry: tuple[int, str, Side, bool]) -> bool:
            _, name, side, plural = entry
            return (
                (want is None or side == want)
                and not (singular and plural)
                and not (want is Side.STATE and _intergovernmental(name))  # "the army" is no UN mission
                and not (want is not None and national(name))  # "government forces" are no country named in passing
            )

        here = bisect_left(self.named, (at,))  # ``named`` is sorted: the entries before ``at`` end here
        if phrase.indefinite:  # introduced here: the group named next
            fitting = [e for e in self.named if fits(e)]
            after = [_core(name) for pos, name, _, _ in fitting if at < pos <= at + INTRODUCTION_SPAN]
            if after:  # in the form the article names it by most
                forms = Counter(n for _, n, _, _ in fitting if _same_name(_core(n), after[0]))
                return forms.most_common(1)[0][0]
            if re.search(r"\b[A-Z]", phrase.text):
                return phrase.text  # "an al Qaeda splinter group" named nowhere after: not al Qaeda
        nearest = None
        for k in range(here - 1, max(-1, here - 1 - _LOOK_BACK), -1):  # nearest first, up to the window
            entry = self.named[k]
            pos, name = entry[0], entry[1]
            if nearest is not None and at - pos > SALIENCE_SPAN:
                break
            if not fits(entry):
                continue
            if at - pos <= SALIENCE_SPAN and self._in_subject(pos):
                return name  # "The AA, the armed wing of the ULA, launched ... Since then it has captured": the AA
            nearest = nearest or name
        if nearest is not None:
            return nearest
        if phrase.kind != "pronoun":
            key = (want, singular, len(self.named))  # the article's actors are all registered by now
            if key not in self._most_named:
                fitting = [entry[1] for entry in self.named if fits(entry)]
                best = Counter(_core(name) for name in fitting).most_common(1)[0][0] if fitting else None
                self._most_named[key] = next((name for name in fitting if _core(name) == best), None)
            if self._most_named[key] is not None:
                return self._most_named[key]
        return (
            phrase.text if phrase.kind != "pronoun" else None
        )  # "militants" with no group named: as written

    def speaker(self, source: str | None, at: int) -> str | None:
        """Who "we" are in a quote: the armed actor its speaker names ("a spokesman for the RSF"), else
        the side the speaker's words give ("a colonel at a local military command center": the state's
        forces), else no one."""
        if not source:
            return None
        low = source.lower()
        for acr, name in self.forms.items():
            if re.search(rf"\b{re.escape(acr)}\b", source) or name.lower() in low:
                return canonical(acr, self.forms)
        for _, name, _, _ in reversed(self.named):
            if _core(name) in low:
                return name
        words = _words(low)
        kind = "state" if words & STATE_WORDS else "non-state" if words & GENERIC_NON_STATE else None
        if kind is None:
            return None
        found = self.name(ActorPhrase("", "force", kind), at)
        return found or None  # no actor of that side named: no one to name

    def last(self, at: int) -> str | None:
        """The armed actor named last before ``at``: who "Kunduz fell" or "was captured" leaves unsaid."""
        for k in range(bisect_left(self.named, (at,)) - 1, -1, -1):  # ``named`` is sorted: nearest first
            pos, name = self.named[k][0], self.named[k][1]
            if not any(pos <= p <= pos + len(name) for p in self.losing):
                return name
        return None

    def side(self, name: str) -> Side:
        return side_of(name, self.non_state_names)


def _same_name(a: str, b: str) -> bool:
    """Is one name the other's first words ("myanmar national democratic alliance army" and the same
    with "(mndaa)"), word for word, not letter for letter ("islamic state" is no "isil")?"""
    x, y = a.split(), b.split()
    n = min(len(x), len(y))
    return n > 0 and x[:n] == y[:n]


def _whole_name(actor: str, forms: dict[str, str]) -> str:
    """ "Hayat Tahrir" when the article defines "Hayat Tahrir al-Sham (HTS)": a name the parse cut
    at a hyphen, given whole (only when one defined name holds it)."""
    if "(" in actor or len(actor.split()) < 2 or not actor[:1].isupper():
        return actor
    pattern = re.compile(rf"(?<![\w-]){re.escape(actor)}(?![\w-])")
    holders = [acr for acr, long in forms.items() if long != actor and pattern.search(long)]
    return f"{forms[holders[0]]} ({holders[0]})" if len(holders) == 1 else actor


@lru_cache(maxsize=64)
def _mentions(acronyms: tuple[str, ...], names: tuple[str, ...]) -> re.Pattern[str]:
    """Acronyms as written (case matters: "AA", not "aa"), names in any case ("the taliban")."""
    alternatives = [re.escape(a) for a in sorted(acronyms, key=len, reverse=True)]
    alternatives += ["(?i:%s)" % re.escape(n) for n in sorted(names, key=len, reverse=True)]
    return re.compile(r"\b(?:%s)\b" % "|".join(alternatives))


def _core(name: str) -> str:
    """ "Taliban fighters" -> "taliban": the name without the kind of force, for counting."""
    words = name.lower().split()
    while len(words) > 1 and words[-1] in FORCE_NOUNS:
        words.pop()
    return " ".join(words)
