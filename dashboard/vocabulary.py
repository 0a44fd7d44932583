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
