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


def news_names(iso3: str, name: str, names: str | None) -> list[str]:
    """Every spelling a reader may search a province by: the boundary file's alternate names, the
    English form of a foreign compass word ("Nord-Kivu" -> "North Kivu", "Eastern Darfur" -> "East
    Darfur") and the spellings news copy uses in that country (as the gazetteer reads them)."""
    from dashboard.gazetteer import (_COMPASS_ADJECTIVE, _ENGLISH_COMPASS, _FOREIGN_COMPASS,
                                     spelling_variants)

    english = _FOREIGN_COMPASS.sub(lambda m: _ENGLISH_COMPASS[m.group(1).lower()] + " ", name)
    short = _COMPASS_ADJECTIVE.sub(r"\1 ", english)
    found = spelling_variants("|".join([english, short, *(names or "").split("|")]), iso3).split("|")
    seen = {name.casefold()}
    out = []
    for alias in (a.strip() for a in found):
        if alias and "," not in alias and alias.casefold() not in seen:  # not "Helmand, Wilayat-e"
            seen.add(alias.casefold())
            out.append(alias)
    return sorted(out, key=len)  # short names first


def search_label(label: str, country: str | None, aliases: Iterable[str], shown: int = 4) -> str:
    """What the filter shows and searches for one province: "Hilmand · Afghanistan (Helmand, ...)"."""
    also = list(aliases)[:shown]
    return f"{label} · {country or '?'}" + (f" ({', '.join(also)})" if also else "")
