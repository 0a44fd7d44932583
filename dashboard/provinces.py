"""Province labels of the filter and the URL: a province is (country, name), and ~70 names are
shared by several countries (Al Jawf in Yemen and Saudi Arabia). A label is the bare name, unless
another province offered has the same name: then ``"Name (ISO3)"``."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

Unit = tuple[str | None, str]  # (country ISO3, admin-1 name)

_QUALIFIED = re.compile(r"(?P<name>.+) \((?P<iso3>[A-Z]{3})\)")


def qualified(iso3: str, name: str) -> str:
    return f"{name} ({iso3})"


def labels(units: Iterable[Unit]) -> dict[Unit, str]:
    """Label of each unit, in the order given (duplicates dropped)."""
    unique = list(dict.fromkeys(units))
    uses = Counter(name for _, name in unique)
    return {(iso3, name): qualified(iso3, name) if iso3 and uses[name] > 1 else name for iso3, name in unique}


def parse(label: str) -> Unit:
    """(country, name) of a label; the country is None for a bare name."""
    match = _QUALIFIED.fullmatch(label)
    return (match["iso3"], match["name"]) if match else (None, label)
