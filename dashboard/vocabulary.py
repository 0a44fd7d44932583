"""One vocabulary, declared once: the closed set of territorial actions, a claim's modality and
an actor's side. The extractor, the store, the export, the control layer and the page import
these; nothing else spells them."""

from __future__ import annotations

from enum import Enum


class Action(str, Enum):
    """What a claim says happened to a place (issue #14's closed vocabulary)."""

    CAPTURED = "captured"
    RETOOK = "retook"
    WITHDREW = "withdrew"
    LOST = "lost"
    FLED = "fled"
    CROSSED = "crossed"
    ENTERED = "entered"
    ADVANCED = "advanced"
    BESIEGED = "besieged"
    ATTACKED = "attacked"
    CONTROLS = "controls"
    REPELLED = "repelled"


# Actions after which the actor holds the place; a withdrawal or loss hands it to the other side.
TAKING = frozenset({Action.CAPTURED, Action.RETOOK, Action.CONTROLS})
GIVING_UP = frozenset({Action.WITHDREW, Action.LOST, Action.FLED})
CONTESTING = frozenset({Action.BESIEGED, Action.ATTACKED, Action.ADVANCED, Action.ENTERED})


class Modality(str, Enum):
    """Whether the claim is stated as fact, denied, or only expected/threatened.
    Only asserted claims change control; denials feed contradictions."""

    ASSERTED = "asserted"
    DENIED = "denied"
    EXPECTED = "expected"


class Side(str, Enum):
    """An actor's side in ACLED's sense: sub-event types differ for state and non-state actors."""

    STATE = "state"
    NON_STATE = "non-state"


# Nouns that name a body of armed men: "Taliban fighters" is the Taliban; "Afghan troops" a state's army.
FORCE_NOUNS = frozenset(
    """forces force troops soldiers army armies militia militias militants fighters rebels insurgents personnel
    separatists paramilitary paramilitaries police units unit brigade brigades battalion battalions group groups
    movement organization organisation jihadists extremists guerrillas mercenaries commandos marines gunmen
    coalition regime government military intelligence gang gangs alliance""".split()
)
# Words that make a named actor a state's: "Sudanese Armed Forces", "the Interior Ministry".
STATE_WORDS = frozenset(
    """army military government police soldiers troops forces defence defense federal junta
    regime guard ministry navy marines authorities peshmerga""".split()
)
# Words naming a force of states acting together (the African Union's mission, NATO, UN peacekeepers):
# on the state side of a war, though named for no one state.
INTERGOVERNMENTAL_WORDS = frozenset(
    """union au nations un peacekeepers peacekeeping nato amisom atmis monusco minusma unifil ecowas
    sadc minusca multinational mnjtf""".split()
)
# News agencies whose name in brackets before a dash closes a wire dateline ("Addis Ababa (AFP) –").
WIRE_AGENCIES = frozenset(
    """AFP AP Reuters dpa DPA Xinhua ANI PTI IANS UPI EFE ANSA TASS RIA Interfax Anadolu Lusa KUNA WAM SPA IRNA
    QNA SANA Saba Bernama Yonhap Kyodo Sputnik""".split()
)
# Verbs that introduce what someone said.
SPEECH_VERBS = frozenset(
    """say tell claim announce report add state acknowledge warn insist note write confirm
    declare assert deny""".split()
)

# The inflected forms of speech verbs (third person, past) for the readers that match words, not
# lemmas: sources ("X said"), speakers of claims, a country speaking ("Russia says"). Keyed by the
# lemmas of SPEECH_VERBS, plus two verbs of speech only the word readers use.
SPEECH_FORMS = {
    "say": ("says", "said"), "tell": ("tells", "told"), "claim": ("claims", "claimed"),
    "announce": ("announces", "announced"), "report": ("reports", "reported"), "add": ("adds", "added"),
    "state": ("states", "stated"), "acknowledge": ("acknowledges", "acknowledged"),
    "warn": ("warns", "warned"), "insist": ("insists", "insisted"), "note": ("notes", "noted"),
    "write": ("writes", "wrote"), "confirm": ("confirms", "confirmed"), "declare": ("declares", "declared"),
    "assert": ("asserts", "asserted"), "deny": ("denies", "denied"), "argue": ("argues", "argued"),
    "tweet": ("tweets", "tweeted"),
}
SPEECH_WORDS = frozenset(form for forms in SPEECH_FORMS.values() for form in forms)
# Speech verbs that put forward a claim of the speaker's own ("X said it had taken"), unlike those
# that concede, warn or deny ("X acknowledged that his men had lost").
CLAIMING_VERBS = ("say", "claim", "insist", "announce")

# Calendar words: month names (with the abbreviations news copy uses) and weekdays, to their numbers.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9,
                       "sep": 9, "oct": 10, "nov": 11, "dec": 12}
MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, 1)} | MONTH_ABBREVIATIONS
WEEKDAYS = {name: i for i, name in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}

# Number words: zero to ninety by their value, and the scale words that multiply them.
SMALL_NUMBERS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split())
} | {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}

# The eight points of the compass, as nouns and as adjectives ("north", "northeastern").
# The Arabic article as wire copy joins it to a name with a hyphen ("al-Bab", "ash-Shaddadi").
ARABIC_ARTICLES = ("al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "ul")
COMPASS_POINTS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
COMPASS_ADJECTIVES = ("northern", "southern", "eastern", "western", "northeastern", "northwestern",
                      "southeastern", "southwestern")
