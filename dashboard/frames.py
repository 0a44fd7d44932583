"""Claim frames: the table that says, for each predicate, which action it states and which
grammatical slots give the actor, the place and the loser. ``claims.py`` is one loop over a
spaCy dependency parse that reads this table; adding a verb is adding a row.

Slots are read relative to the predicate token:

- ``nsubj``, ``dobj``, ``nsubjpass``: the dependency of the word itself;
- ``agent``: the object of a passive's "by";
- ``poss``, ``compound``: a nominal's owner ("the Taliban's capture", "the M23 offensive");
- ``to``, ``from``, ``out of``, ``into``, ...: the object of that preposition (chain), attached to
  the predicate.

A passive predicate's grammatical subject fills the ``nsubjpass`` slot and its ``agent`` is the
actor, unless the row gives ``passive_subject`` (then the subject is the loser's side, acting:
"Ukrainian forces were pushed out of Soledar" says they withdrew).
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.vocabulary import Action

A = Action


@dataclass(frozen=True)
class Frame:
    lemmas: tuple[str, ...]
    action: Action
    place: tuple[str, ...]
    actor: tuple[str, ...] = ("nsubj", "agent")
    loser: tuple[str, ...] = ()
    particle: str | None = None  # a required particle or adverb: "pull out", "push back"
    object: tuple[str, ...] = ()  # a light verb's required object noun: "take control (of X)"
    passive_subject: Action | None = None  # what a passive subject did: "were driven out of X" -> withdrew
    nominal: bool = False  # a noun predicate: "the capture of X"


# Verbs. One row per predicate sense; rows that share lemmas are told apart by slot, particle or object.
VERB_FRAMES: tuple[Frame, ...] = (
    Frame(
        ("capture", "seize", "take", "overrun", "occupy", "grab", "storm", "conquer", "win", "sweep",
         "wrest"),
        A.CAPTURED,
        place=("dobj", "nsubjpass"),
        loser=("from",),
    ),
    Frame(("fall",), A.CAPTURED, place=("nsubj",), actor=("to", "into hands of")),  # "fell into the hands of"
    Frame(
        ("take", "seize", "gain", "assume", "wrest", "establish", "claim", "tighten", "extend", "impose"),
        A.CAPTURED,
        place=("of", "over"),
        object=("control",),
        loser=("from",),
    ),
    Frame(
        ("retake", "recapture", "regain", "liberate", "reclaim", "free", "recover"),
        A.RETOOK,
        place=("dobj", "nsubjpass"),
        loser=("from",),
    ),
    Frame(
        ("take", "win", "get", "claw", "wrest"), A.RETOOK, place=("dobj", "nsubjpass"), loser=("from",),
        particle="back",
    ),  # "took back the village", "won back Kidal"
    Frame(
        ("retake", "regain", "restore", "reassert", "reestablish"),
        A.RETOOK,
        place=("of", "over", "in"),
        object=("control",),
    ),
    Frame(("lose", "cede", "surrender", "concede"), A.LOST, place=("dobj", "nsubjpass")),
    Frame(("lose", "cede", "surrender"), A.LOST, place=("of", "over"), object=("control",)),
    Frame(
        ("withdraw", "retreat", "pull", "evacuate", "exit", "relocate", "move"),
        A.WITHDREW,
        place=("from", "out of", "back from"),
        actor=("nsubj",),
    ),
    Frame(
        ("withdraw", "pull", "evacuate"),
        A.WITHDREW,
        place=("from", "out of"),
        object=("force", "troop", "unit", "soldier", "fighter"),
    ),
    Frame(("abandon", "evacuate", "leave", "vacate", "quit"), A.WITHDREW, place=("dobj",), actor=("nsubj",)),
    Frame(
        ("abandon", "evacuate", "leave", "vacate", "quit"),
        A.WITHDREW,
        place=("in", "at", "inside"),
        actor=("nsubj",),
        object=("position", "base", "post", "outpost", "barrack", "garrison", "checkpoint", "trench"),
    ),  # "abandoned their positions in X" (not "near X": they left somewhere else)
    Frame(("hand", "turn"), A.WITHDREW, place=("dobj",), actor=("nsubj",), particle="over"),  # "hand over X"
    Frame(("hand",), A.WITHDREW, place=("dobj",), actor=("nsubj",), particle="back"),
    Frame(("flee",), A.FLED, place=("dobj", "from", "to", "into", "across"), actor=("nsubj",)),
    Frame(
        (
            "drive",
            "push",
            "force",
            "expel",
            "oust",
            "chase",
            "kick",
            "rout",
            "dislodge",
            "clear",
            "flush",
            "eject",
        ),
        A.CAPTURED,
        place=("out of", "from", "dobj"),
        passive_subject=A.WITHDREW,
    ),
    Frame(("enter", "reach", "penetrate", "infiltrate"), A.ENTERED, place=("dobj", "into")),
    Frame(
        ("gain", "establish", "secure", "win", "get", "carve", "build"),
        A.ENTERED,
        place=("in", "on", "inside", "within"),
        object=("foothold", "bridgehead", "beachhead", "toehold"),
    ),  # "gained a foothold in X"
    Frame(
        ("roll", "march", "move", "push", "break", "storm", "sweep", "pour"),
        A.ENTERED,
        place=("into",),
        actor=("nsubj",),
    ),
    Frame(
        ("sweep", "tear", "rampage", "blitz", "roll", "cut"), A.CAPTURED, place=("through",), actor=("nsubj",)
    ),
    Frame(("cross",), A.CROSSED, place=("dobj", "into", "to")),
    Frame(
        ("advance", "push", "close", "converge", "move", "press", "march", "approach"),
        A.ADVANCED,
        place=("on", "toward", "towards", "to", "near", "in on", "within", "dobj"),
        actor=("nsubj",),
    ),
    Frame(
        ("pursue", "chase", "hunt"), A.ADVANCED, place=("toward", "towards", "to", "into"), actor=("nsubj",)
    ),  # "pursuing the remaining militants toward Douentza"
    Frame(("come", "get"), A.ADVANCED, place=("within",), actor=("nsubj",)),  # "came within 200 km of X"
    Frame(
        ("send", "deploy", "move", "dispatch", "pour"),
        A.ENTERED,
        place=("into",),
        object=("force", "troop", "unit", "soldier", "fighter", "tank", "reinforcement"),
    ),  # "vowed to send ground troops into Rafah"
    Frame(
        ("besiege", "encircle", "surround", "blockade", "cut", "isolate", "siege"),
        A.BESIEGED,
        place=("dobj", "nsubjpass"),
    ),
    Frame(
        ("lay", "tighten"), A.BESIEGED, place=("to", "on", "around"), object=("siege", "noose", "blockade")
    ),
    Frame(
        (
            "attack",
            "shell",
            "assault",
            "bombard",
            "strike",
            "raid",
            "hit",
            "target",
            "pound",
            "storm",
            "ambush",
            "overwhelm",
            "bomb",
            "hammer",
        ),
        A.ATTACKED,
        place=("dobj", "nsubjpass"),
    ),
    Frame(
        ("launch", "mount", "stage", "carry", "begin", "start", "step", "intensify", "renew", "press"),
        A.ATTACKED,
        place=("on", "against", "in", "toward", "towards", "near", "around"),
        object=("attack", "assault", "offensive", "raid", "strike", "operation", "push", "bombardment"),
    ),
    Frame(
        ("fire", "launch", "lob", "rain", "direct", "open"),
        A.ATTACKED,
        place=("at", "on", "into", "toward", "towards"),
        object=("rocket", "missile", "shell", "mortar", "drone", "artillery", "fire", "round"),
    ),  # "fired rockets at the airports of X"
    Frame(
        ("fight", "clash", "battle"),
        A.ATTACKED,
        place=("for", "in", "over", "around", "near", "dobj"),
        actor=("nsubj",),
    ),
    Frame(
        ("control", "hold", "secure", "run", "govern", "administer", "dominate", "keep", "retain"),
        A.CONTROLS,
        place=("dobj", "nsubjpass"),
    ),
    Frame(
        ("be", "remain", "come", "stay", "fall"),
        A.CONTROLS,
        place=("nsubj",),
        actor=("under", "in hands of"),
        object=(),
    ),  # "Goma remains under M23 control", "which remain in the hands of the militias"
    Frame(
        ("have", "maintain", "retain", "keep", "exercise"),
        A.CONTROLS,
        place=("of", "over", "in"),
        object=("control",),
    ),
    Frame(("be", "remain", "stay"), A.CONTROLS, place=("of", "over"), object=("control",)),  # "in control of"
    Frame(
        (
            "repel",
            "repulse",
            "thwart",
            "foil",
            "rebuff",
            "beat",
            "fend",
            "push",
            "hold",
            "stop",
            "halt",
            "stall",
            "defeat",
        ),
        A.REPELLED,
        place=("on", "in", "against", "near", "dobj"),
        object=("attack", "assault", "offensive", "raid", "attempt", "advance", "push", "attacker"),
    ),
    Frame(
        ("raise", "hoist", "plant", "fly", "hang"),
        A.CAPTURED,
        place=("in", "over", "above", "on", "at"),
        object=("flag", "banner"),
        actor=("nsubj", "agent"),
    ),
)

# Nouns. The place is their "of" (or "on"/"against") object; the actor is their owner, "by" object,
# "to" object ("the fall of X to Y"), or the subject of the verb they are the object of.
NOMINAL_FRAMES: tuple[Frame, ...] = (
    Frame(
        ("capture", "seizure", "takeover", "conquest", "occupation"),
        A.CAPTURED,
        place=("of",),
        actor=("poss", "compound", "by", "to"),
        nominal=True,
    ),
    # "the fall of X to Y": only the one it fell to took it (not who "did not confirm the fall of X")
    Frame(("fall",), A.CAPTURED, place=("of",), actor=("to", "into hands of"), nominal=True),
    Frame(
        ("recapture", "liberation", "retaking", "reconquest"),
        A.RETOOK,
        place=("of",),
        actor=("poss", "compound", "by"),
        nominal=True,
    ),
    Frame(
        ("withdrawal", "retreat", "pullout", "evacuation", "exit", "departure", "flight"),
        A.WITHDREW,
        place=("from", "out of"),
        actor=("poss", "of", "compound"),
        nominal=True,
    ),
    Frame(("loss",), A.LOST, place=("of",), actor=("poss",), nominal=True),
    Frame(("handover",), A.CAPTURED, place=("of",), actor=("to",), nominal=True),  # "the handover of X to Y"
    Frame(
        ("siege", "encirclement", "blockade"),
        A.BESIEGED,
        place=("of", "on"),
        actor=("poss", "compound", "by"),
        nominal=True,
    ),
    Frame(
        ("attack", "assault", "offensive", "bombardment", "shelling", "raid", "push", "incursion", "advance"),
        A.ATTACKED,
        place=("on", "against", "toward", "towards", "into", "in"),
        actor=("poss", "compound", "by"),
        nominal=True,
    ),
    Frame(("control",), A.CONTROLS, place=("of", "over"), actor=("poss", "compound", "by"), nominal=True),
)

# Verbs whose subject owns the nominal they carry: "announced the capture of X", "completed the siege".
NOMINAL_CARRIERS = frozenset(
    {
        "announce",
        "claim",
        "confirm",
        "complete",
        "declare",
        "celebrate",
        "hail",
        "achieve",
        "secure",
        "finish",
        "begin",
        "start",
        "launch",
        "mount",
        "continue",
        "press",
        "step",
        "intensify",
        "renew",
        "tighten",
        "lay",
        "impose",
        "maintain",
        "consolidate",
        "extend",
    }
)

# Objects that turn a frame's verb into something else: "take place", "take office", "take part".
EXCLUDED_OBJECTS = frozenset(
    {
        "place",
        "office",
        "part",
        "power",
        "note",
        "care",
        "time",
        "step",
        "look",
        "advantage",
        "action",
        "charge",
        "photo",
        "picture",
        "question",
        "oath",
        "shape",
    }
)

# Verbs whose complement is not (yet) a fact.
INTENT_LEMMAS = frozenset(
    {
        "vow",
        "threaten",
        "plan",
        "try",
        "attempt",
        "seek",
        "aim",
        "hope",
        "want",
        "intend",
        "prepare",
        "pledge",
        "promise",
        "expect",
        "fear",
        "warn",
        "plot",
        "hope",
        "vow",
        "aspire",
        "push",
        "move",
        "order",
        "urge",
        "call",
        "set",
        "bid",
        "strive",
        "struggle",
        "look",
        "need",  # "we need an army to drive them out of X": no change yet
        "likely",  # "were likely to push on toward X": a forecast
        "unlikely",
        "poised",
        "ready",
        "due",  # "is due to hand over X"
    }
)
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "fail", "rebut", "contradict"})
MODAL_WORDS = frozenset({"could", "may", "might", "will", "would", "shall", "should", "can", "'ll", "must"})
DENIAL_NOUNS = frozenset({"denial", "rumour", "rumor"})

# Nouns naming a kind of place: "the town of Snihurivka", "Kunduz city", "the outskirts of Kherson".
PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "district",
        "province",
        "region",
        "area",
        "settlement",
        "capital",
        "hamlet",
        "locality",
        "municipality",
        "county",
        "state",
        "governorate",
        "oblast",
        "port",
        "base",
        "airport",
        "airbase",
        "crossing",
        "border",
        "outskirt",
        "outskirts",
        "centre",
        "center",
        "part",
        "parts",
        "most",
        "much",
        "rest",
        "all",
        "bulk",
        "majority",
        "half",
        "portion",
        "remainder",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "headquarters",
        "garrison",
        "stronghold",
        "bastion",
        "hub",
        "bank",
        "side",
        "enclave",
        "pocket",
        "strip",
        "valley",
        "heart",
        "downtown",
        "camp",
        "post",
        "checkpoint",
        "position",
        "villages",
        "towns",
        "cities",
        "some",
        "each",
        "swath",
        "swathe",
        "inch",  # "every inch of X"
        "territory",
        "chunk",
        "stretch",
        "section",
        "district",
        "quarter",
        "sector",
        "corner",
        "terminal",
        "refinery",
        "oilfield",
        "barracks",
        "island",
        "palace",
        "compound",
        "prison",
        "station",
        "hilltop",
        "hill",
        "height",
        "ridge",
        "outpost",
        "airfield",
        "bridge",
        "dam",
    }
)

# Nouns that make the place a copula names a plan to take: "their next target was Baidoa".
TARGET_NOUNS = frozenset({"target", "objective", "goal", "aim", "prize"})

# Quantities whose "of" object stands in their place: "dozens of villages", "four of the capitals".
QUANTITY_NOUNS = frozenset(
    {
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "score",
        "scores",
        "number",
        "handful",
        "string",
        "series",
        "several",
        "many",
        "some",
        "most",
        "all",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "couple",
        "majority",
        "half",
        "contingent",
        "detachment",
        "column",
        "convoy",
        "groups",
        "bands",
        "last",
        "remnants",
        "remainder",
        "chain",
        "cluster",
    }
)
# A hyphenated participle before a place says who holds it: "the rebel-held enclave", "the
# Kurdish-controlled town of X"; the word before the hyphen is the actor.
HELD_MODIFIERS: dict[str, Action] = {
    "held": A.CONTROLS,
    "controlled": A.CONTROLS,
    "occupied": A.CONTROLS,
    "run": A.CONTROLS,
    "besieged": A.BESIEGED,
    "encircled": A.BESIEGED,
}
# Participles that rename what they follow: "the city, known locally as Tadmur".
NAMING_LEMMAS = frozenset({"know", "call", "name", "dub", "rename", "refer"})
# Names of military formations, which take the place slot of a frame as often as towns do.
UNIT_NOUNS = frozenset(
    {"division", "regiment", "corps", "command", "battalion", "brigade", "squadron", "company", "platoon"}
)
# Words that name a monitor, agency or institute, not an armed group ("Armed Conflict Location & Event
# Data Project", "Institute for the Study of War", "UN Office for the Coordination of Humanitarian Affairs").
CIVIL_BODY_WORDS = frozenset(
    {"project", "institute", "agency", "office", "observatory", "programme", "program", "commission",
     "committee", "fund", "university", "rights", "humanitarian", "refugees", "study", "news", "press",
     "crescent", "cross", "doctors", "nations", "monitor"}
)
# People who are no party to the fighting: their flight is displacement, not a change of hands
# ("residents fled", "thousands of people crossed into Chad"). Singular and plural forms.
CIVILIAN_NOUNS = frozenset(
    {"people", "person", "resident", "residents", "civilian", "civilians", "refugee", "refugees", "family",
     "families", "household", "households", "villager", "villagers", "inhabitant", "inhabitants",
     "locals", "displaced", "woman", "women", "child", "children"}
)
# Officials and bodies of a government that withdraw or flee without being a force ("police officers
# withdrew", "the interim administration fled").
OFFICIAL_BODIES = frozenset(
    {"administration", "official", "officer", "police", "policeman", "policemen", "authority", "authorities",
     "delegation", "mission", "staff", "personnel", "peacekeeper", "garrison", "crew", "leadership",
     "cabinet"}
)
# Weapons that stand for the force using them when a state or group owns them ("Turkish drones
# struck", "Israeli tanks entered"): armed actors.
WEAPON_NOUNS = frozenset(
    {"drone", "tank", "warplane", "jet", "aircraft", "helicopter", "gunship", "artillery", "warship",
     "missile"}
)
# Natural features a name may be the first word of ("the Mokri Yaly river"): no settlement to take.
NATURAL_FEATURES = frozenset(
    {"river", "lake", "sea", "mountain", "mountains", "range", "canal", "stream", "creek", "forest", "desert",
     "gulf", "bay", "reservoir"}
)
# Units of a distance that says where something came near: "advanced to within a few kilometres of X".
DISTANCE_UNITS = frozenset({"kilometre", "kilometer", "km", "mile", "metre", "meter", "yard"})
# Prepositions that place a place noun somewhere: "villages in X", "positions near X".
LOCATIVE_PREPS = frozenset({"in", "near", "around", "outside", "at", "along", "across", "inside", "on"})
# "The head of the Russian private army Wagner claimed": the group acts, not its officer.
ROLE_NOUNS = frozenset(
    {
        "head",
        "leader",
        "chief",
        "commander",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "founder",
        "member",
        "boss",
        "representative",
        "official",
        "officer",
        "colonel",  # ranks: "a colonel at a local military command center"
        "general",
        "major",
        "captain",
        "lieutenant",
        "brigadier",
        "sergeant",
    }
)
# Bodies that speak for a side: "Russia's defence ministry said its troops took X": Russia's.
SPEAKER_BODIES = frozenset(
    {
        "ministry",
        "government",
        "office",
        "spokesman",
        "president",
        "minister",
        "governor",
        "agency",
        "command",
        "headquarters",
        "presidency",
        "kremlin",
        "statement",
    }
)
# "Forces loyal to X", "fighters aligned with X": X's (the words, and the lemmas the tagger gives them).
ALLEGIANCE_WORDS = frozenset(
    {"loyal", "aligned", "allied", "affiliated", "linked", "belong", "attached", "align", "ally", "affiliate",
     "link", "attach"}
)
# Modifiers that make "forces" an armed group's: "rebel forces", "opposition fighters".
NON_STATE_MODIFIERS = frozenset(
    {
        "rebel",
        "rebels",
        "militant",
        "insurgent",
        "jihadist",
        "paramilitary",
        "opposition",
        "separatist",
        "islamist",
        "armed",
        "tribal",
        "militia",
    }
)

# Pronouns and descriptions that name no one by themselves: resolved to an actor the article names.
PRONOUNS = frozenset({"they", "it", "he", "she", "we", "who", "which", "that", "them", "i", "you"})
GENERIC_NON_STATE = frozenset(
    {
        "group",
        "militant",
        "insurgent",
        "rebel",
        "fighter",
        "jihadist",
        "extremist",
        "guerrilla",
        "gunman",
        "militia",
        "movement",
        "organization",
        "organisation",
        "paramilitary",
        "paramilitaries",
        "terrorist",
        "faction",
        "outfit",
        "gang",
    }
)
# Modifiers that make a description another group than the one named before: "local militia
# fighters", "anti-Taliban fighters", "rival factions".
DISTINCT_MODIFIERS = frozenset(
    {"local", "tribal", "rival", "allied", "other", "anti", "pro", "village", "clan", "community", "self"}
)
GENERIC_STATE = frozenset(
    {
        "army",
        "military",
        "government",
        "troop",
        "soldier",
        "force",
        "police",
        "junta",
        "regime",
        "authority",
        "authorities",
        "ministry",
    }
)


def _index(frames: tuple[Frame, ...]) -> dict[str, tuple[Frame, ...]]:
    out: dict[str, list[Frame]] = {}
    for f in frames:
        for lemma in f.lemmas:
            out.setdefault(lemma, []).append(f)
    return {k: tuple(v) for k, v in out.items()}


VERBS_BY_LEMMA = _index(VERB_FRAMES)
NOMINALS_BY_LEMMA = _index(NOMINAL_FRAMES)

# Past forms the model's lemmatizer leaves as they are (it knows "took" but not "retook"); the
# pipeline's attribute ruler gives them their lemma, so every frame lookup sees the verb.
LEMMA_FIXES: dict[str, str] = {
    "retook": "retake",
    "overtook": "overtake",
    "retakes": "retake",
    "re-took": "retake",
    "re-taken": "retake",
    "re-captured": "recapture",
    "encircles": "encircle",
}

# Surface forms spaCy's lemmatizer maps to the lemmas above but that share no stem with them;
# with the stems, a cheap test of which sentences need a parse.
IRREGULAR_FORMS = (
    "took",
    "taken",
    "fell",
    "fallen",
    "fled",
    "held",
    "lost",
    "left",
    "overran",
    "overrun",
    "retook",
    "retaken",
    "withdrew",
    "withdrawn",
    "won",
    "drove",
    "driven",
    "struck",
    "beaten",
    "beat",
    "swept",
    "kept",
    "laid",
    "flew",
    "flown",
    "hung",
    "came",
    "ran",
    "broke",
    "broken",
)
