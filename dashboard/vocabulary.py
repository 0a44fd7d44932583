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
    coalition regime government military intelligence""".split()
)
# Words that make a named actor a state's: "Sudanese Armed Forces", "the Interior Ministry".
STATE_WORDS = frozenset(
    """army military government police soldiers troops forces defence defense federal junta
    regime guard ministry navy marines authorities""".split()
)
# Verbs that introduce what someone said.
SPEECH_VERBS = frozenset(
    """say tell claim announce report add state acknowledge warn insist note write confirm
    declare assert deny""".split()
)
