"""Name index over the bundled data: every name and alternate spelling of a country,
province, region or town -> its candidates, found in text on word boundaries by prefix lookups
in a memory-mapped trie, longest match first."""
from __future__ import annotations

import bisect
import gc
import hashlib
import os
import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

import marisa_trie
import numpy as np
import pyarrow as pa

from dashboard import bundled_data, settings, transliteration
from dashboard.text import lower_same_length
from dashboard.transliteration import loose_key, loosened

if TYPE_CHECKING:
    import pandas as pd

COMPASS = ("north", "south", "east", "west", "central", "upper", "lower", "northern", "southern",
           "eastern", "western", "north east", "north west", "south east", "south west",
           "northeast", "northwest", "southeast", "southwest", "nord", "sud", "est", "ouest", "centre",
           "norte", "sur", "este", "oeste", "haut", "bas")
# French/Spanish compass words in official unit names ("Nord-Kivu") -> the English news spelling
_ENGLISH_COMPASS = {"nord": "North", "sud": "South", "est": "East", "ouest": "West", "norte": "North",
                    "sur": "South", "este": "East", "oeste": "West"}
_FOREIGN_COMPASS = re.compile(r"^(%s)[ -]+(?=\w)" % "|".join(_ENGLISH_COMPASS), re.I)
_COMPASS_ADJECTIVE = re.compile(r"^(North|South|East|West)ern[ -]+(?=\w)")
_COMPASS_PREFIX = re.compile(r"^(?:%s)[ -]+" % "|".join(sorted(COMPASS, key=len, reverse=True)), re.I)
_MIN_KEY = 3  # two-letter keys ("Of", "Ur") are codes or words far more often than places
# A transliteration-tolerant key this short ("bana", "sari") is another name's far more often than
# another spelling of the same name.
MIN_LOOSE_KEY = 5
LOOSE = "\x01"  # loose keys share the trie with the exact ones, marked by this first character
# Kinds found by a loose key: a town or unit spelled another way. A country or world region is
# written in English (a loose "Chenna" would be China).
_LOOSE_KINDS = ("town", "admin2", "admin1", "region")


@dataclass(frozen=True)
class Candidate:
    """One thing a name can refer to."""

    # country | admin1 | region | town | admin2 (a district, at its centroid) | world (continent, world
    # region)
    kind: str
    # ne-admin0:AFG, ne-admin1:<id>, region:<iso3>:<name>, geonames:<id>, geoboundaries:<shape id>,
    # world:<name>
    ref: str
    name: str
    country_iso3: str
    admin1_id: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int = 0
    capital: bool = False  # national or first-level capital (feature code PPLC/PPLA)


_CANDIDATE_FIELDS = ("kind", "ref", "name", "country_iso3", "admin1_id", "admin1", "lat", "lon", "population",
                     "capital")


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    mention: str
    candidates: tuple[Candidate, ...]
    demonym_of: str | None = None  # iso3 when the mention is a demonym ("Tajik", "Iraqi")
    # found only by its transliteration-tolerant key ("Maarat al-Numan" for Ma‘arrat an Nu‘mān): a
    # spelling of the text, not of the gazetteer
    loose: bool = False


_QUOTE_IN_NAME = r"[‘’'ʿʾ`](?=\w)"


def fold(text: str) -> str:
    """The matcher's form of a name or a text: lower case, hyphens as spaces ("Pul-e-Alam" and
    "Pul-e Alam" are one name); same length, so offsets stay valid."""
    return lower_same_length(text).replace("-", " ")


def _loose_names(names: pd.DataFrame, kinds: np.ndarray) -> pd.DataFrame:
    """(key, cand): the transliteration-tolerant key of every name of a town or unit, when that key
    is long enough."""
    kind = kinds[names["cand"].to_numpy()]
    names = names[~names["abbreviation"].astype(bool) & np.isin(kind, _LOOSE_KINDS)]
    unique = names["name"].drop_duplicates()
    keys = dict(zip(unique, unique.map(loose_key)))
    out = names.assign(key=names["name"].map(keys))[["key", "cand"]]
    return out[out["key"].str.len() >= MIN_LOOSE_KEY].drop_duplicates(["key", "cand"])


class NameIndex:
    """Names -> candidates, with a multi-pattern matcher over all of them.

    ``candidates`` is one table of everything a name can refer to; a MARISA trie maps each
    lower-cased name to a group of candidate rows. The trie is saved apart and memory-mapped
    (~0.2 s to unpickle as an Aho-Corasick automaton, here instant and shared by every process
    through the page cache); the table is kept as Arrow, which unpickles in milliseconds without
    importing pandas.
    """

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in vars(self).items() if k != "trie"}  # the trie is saved apart: ``save_index``

    def __init__(self, candidates: pd.DataFrame, names: pd.DataFrame, demonyms: dict[str, str]) -> None:
        import pandas as pd

        candidates = candidates.reset_index(drop=True)
        names = names.assign(key=names["name"].map(fold))
        country = candidates["kind"].to_numpy()[names["cand"].to_numpy()] == "country"  # "UK", "US" are names
        if "abbreviation" not in names:
            names = names.assign(abbreviation=False)
        names = names[((names["key"].str.len() >= _MIN_KEY) | country | names["abbreviation"].astype(bool))
                      & (names["key"].str.len() == names["name"].str.len())]
        # "ky." -> the refs it abbreviates: an abbreviation names a state only after a town ("Lexington, Ky.")
        abbreviated = names[names["abbreviation"].astype(bool)]
        self.abbreviations = {key: frozenset(candidates["ref"].to_numpy()[group["cand"].to_numpy()])
                              for key, group in abbreviated.groupby("key")}
        names = names.drop_duplicates(["key", "cand"])
        codes, keys = pd.factorize(names["key"])
        order = np.argsort(codes, kind="stable")
        self._members = names["cand"].to_numpy()[order]
        self.demonyms = {fold(k): v for k, v in demonyms.items() if len(k) >= _MIN_KEY}
        known = set(keys)
        all_keys = list(keys) + sorted(k for k in self.demonyms if k not in known)
        counts = np.bincount(codes, minlength=len(all_keys))
        # the loose keys' groups follow the exact ones' (``_loose_names``)
        loose = _loose_names(names, candidates["kind"].to_numpy())
        loose_codes, loose_keys = pd.factorize(loose["key"])
        loose_order = np.argsort(loose_codes, kind="stable")
        self._members = np.concatenate([self._members, loose["cand"].to_numpy()[loose_order]])
        counts = np.concatenate([counts, np.bincount(loose_codes, minlength=len(loose_keys))])
        all_keys += [LOOSE + k for k in loose_keys]
        self._offsets = np.concatenate([[0], np.cumsum(counts)])
        # Matching starts at the start of a word, so a key must start with a word character (the
        # ~1,300 that do not are quoted or bidi-marked junk in alternate-name fields); a number
        # ("270", a hamlet's name) is never the place a text means.
        matchable = [
            i
            for i, key in enumerate(all_keys)
            if _is_word_char(key.removeprefix(LOOSE)[0]) and not key.replace(" ", "").isdigit()
        ]
        self.trie = marisa_trie.Trie([all_keys[i] for i in matchable])
        self._group_of = np.empty(len(matchable), dtype=np.int64)  # trie key id -> candidate group
        for i in matchable:
            self._group_of[self.trie.key_id(all_keys[i])] = i
        self._max_key = max(len(all_keys[i]) for i in matchable)
        self._max_loose_key = max((len(k) for k in all_keys if k.startswith(LOOSE)), default=1) - 1
        self._cands = pa.Table.from_pandas(candidates[list(_CANDIDATE_FIELDS)], preserve_index=False)
        countries = candidates[candidates["kind"] == "country"]
        self.countries = {iso: self._candidate(int(i)) for i, iso in zip(countries.index,
                                                                         countries["country_iso3"])}

    @lru_cache(maxsize=50_000)
    def _candidate(self, row: int) -> Candidate:
        r = {f: self._cands.column(f)[row].as_py() for f in _CANDIDATE_FIELDS}
        return Candidate(r["kind"], r["ref"], r["name"], r["country_iso3"], r["admin1_id"] or None,
                         r["admin1"] or None,
                         float(r["lat"]), float(r["lon"]), int(r["population"]), bool(r["capital"]))

    def _group(self, value: int) -> tuple[Candidate, ...]:
        if value < 0:
            return ()
        rows = self._members[self._offsets[value]:self._offsets[value + 1]]
        return tuple(self._candidate(int(i)) for i in rows)

    def abbreviated(self, mention: str) -> frozenset[str]:
        """Refs of the units ``mention`` abbreviates ("Ky." -> Kentucky's), empty when it abbreviates none."""
        return self.abbreviations.get(fold(mention), frozenset())

    def demonym(self, word: str) -> str | None:
        """The iso3 of the country ``word`` is the demonym of ("Tajik" -> TJK), if it is one."""
        return self.demonyms.get(fold(word))

    def lookup(self, name: str, loose: bool = False) -> tuple[Candidate, ...]:
        """The candidates of ``name``; with ``loose``, by its transliteration-tolerant key when no
        exact spelling is known."""
        key = fold(name.strip())
        if key not in self.trie and loose and len(loose_name := LOOSE + loose_key(name)) > MIN_LOOSE_KEY:
            key = loose_name
        return self._group(int(self._group_of[self.trie[key]]) if key in self.trie else -1)

    def find(self, text: str) -> list[NameMatch]:
        """Every known name in ``text`` on word boundaries; overlaps resolved longest-first.

        A name neither starts at nor spans a lower-case word (but connectors such as "of", "al"):
        names of places are capitalised, and a 4 KB article then yields tens of hits, not thousands.
        Lookups start only where a name can (one regex pass); the few hits are then checked. Where no
        spelling the gazetteer knows covers a name, its transliteration-tolerant key is looked up
        (``dashboard.transliteration``); on a tie the exact spelling wins.
        """
        low = lower_same_length(text)
        searched = low.replace("-", " ")
        hits: list[tuple[int, int, int, bool]] = []
        starts = [word.start() for word in _NAME_START.finditer(text)]
        for start in starts:
            for key, key_id in self.trie.iter_prefixes_with_ids(searched[start:start + self._max_key]):
                end = start + len(key)
                if (end == len(low) or not _is_word_char(low[end])) and not _spans_lower_word(text, low,
                                                                                              start, end):
                    hits.append((start, end, int(self._group_of[key_id]), False))
        hits += self._loose_hits(text, low, starts)
        taken = bytearray(len(text))
        out: list[NameMatch] = []
        for start, end, value, loose in sorted(hits, key=lambda h: (h[0] - h[1], h[3], h[0])):
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            out.append(NameMatch(start, end, text[start:end], self._group(value),
                                 self.demonyms.get(searched[start:end]), loose))
        return sorted(out, key=lambda m: m.start)

    def _loose_hits(self, text: str, low: str, starts: list[int]) -> list[tuple[int, int, int, bool]]:
        """(start, end, group, True) of every loose key found at a name start, on word boundaries."""
        loose = loosened(text)
        hits = []
        for start in starts:
            if not text[start].isupper():
                continue  # a loose name is capitalised (``_loose_name``)
            i = bisect.bisect_left(loose.starts, start)
            if i == len(loose.starts) or loose.starts[i] != start:
                continue  # a name starts at a dropped article or mark: the word after it is tried
            window = LOOSE + loose.key[i:i + self._max_loose_key]
            for key, key_id in self.trie.iter_prefixes_with_ids(window):
                if key == LOOSE:
                    continue
                end = loose.ends[i + len(key) - 2]
                if (end == len(low) or not _is_word_char(low[end])) and _loose_name(text[start:end]):
                    hits.append((start, end, int(self._group_of[key_id]), True))
        return hits


# A name found by its loose key is capitalised words joined by spaces, hyphens or connectors, with
# apostrophes only inside a word: not "Chad, I", "and Iran", "Mali's", "Homs as".
_LOOSE_NAME = re.compile(r"[^\W\d_]+(?:(?:[ \t-]+|[’'‘`ʿʾ](?=[^\W\d_]))[^\W\d_]+)*")


def _loose_name(span: str) -> bool:
    words = re.split(r"[ \t-]+", span)
    return (bool(_LOOSE_NAME.fullmatch(span)) and span[0].isupper() and words[-1][0].isupper()
            and re.search(r"[’']s$", span) is None
            and all(w[0].isupper() or w.lower() in CONNECTORS or w in _EZAFE for w in words))


# The Persian ezafe between the words of a name ("Pul-e-Hesar", "Mazar-i-Sharif").
_EZAFE = frozenset({"e", "i", "ye", "y"})
# Lower-case words that stand inside names ("Democratic Republic of the Congo", "Hayat Tahrir al-Sham").
# Arabic articles: "Deir ez Zor"
CONNECTORS = frozenset("of the and de del della di da do dos du des la le les el al ul bin ibn upon on sur "
                       "am an ez ed es er et az ash adh ath ad ar as at en".split())
# Where a name can start: a word that is not a lower-case Latin word, a part after a hyphen or an
# apostrophe ("Mazar-i-Sharif"), a connector, or a word before a hyphen ("ez-Zor"). A superset is
# harmless: ``_spans_lower_word`` rejects hits over a lower-case word.
_NAME_START = re.compile(r"(?<!\w)(?:(?![a-z\u00df-\u00f6\u00f8-\u00ff])(?=\w)|(?<=[-'’])(?=\w)|"
                         r"(?=(?:%s)\b)|(?=\w+-))"
                         % "|".join(sorted(CONNECTORS, key=len, reverse=True)))
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w]*")  # a hyphenated part (Mazar-i-Sharif) stays


def _spans_lower_word(text: str, low: str, start: int, end: int) -> bool:
    """Does ``start..end`` hold a word written in lower case that is not a connector ("Kunduz province")?"""
    return any(text[m.start()].islower() and m.group() not in CONNECTORS and not low.startswith("-", m.end())
               for m in _LOWER_WORD.finditer(low, start, end))


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


# How news writes some countries that Natural Earth's name fields do not carry (hand-kept, like
# scripts/demonyms_extra.csv): these are the forms wire copy uses for the countries at war most often.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "USA": ("US", "U.S.", "America"), "GBR": ("Britain", "Great Britain", "UK"),
    "COD": ("DR Congo", "DRC", "Congo", "Congo-Kinshasa", "Democratic Republic of Congo"),
    "COG": ("Congo-Brazzaville", "Republic of Congo", "Congo Republic"), "ARE": ("UAE", "Emirates"),
    "CZE": ("Czech Republic", "Czechia"), "TLS": ("East Timor",), "CPV": ("Cape Verde",), "SWZ": ("Swaziland",
                                                                                                  ),
    "MKD": ("North Macedonia", "Macedonia"), "PSE": ("Palestinian territories",), "KOR": ("South Korea",),
}


def _short_forms(iso3: str) -> str:
    return "|".join(SHORT_FORMS.get(iso3, ()))


# Countries whose place names carry the Arabic article, which news copy often drops ("Anbar" for
# Al-Anbar, "Fasher" for El Fasher, "Raqqa" for Ar-Raqqah).
ARABIC_ARTICLE_COUNTRIES = frozenset(
    "ARE BHR COM DJI DZA EGY ESH IRQ ISR JOR KWT LBN LBY MAR MRT OMN PSE QAT SAU SDN "
    "SOM SSD SYR TCD TUN YEM".split())
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|adh|az|an|at|ath|ed|es|er|en|et)[-\s'’]+(?=\w{3})", re.I)


# How wire copy transliterates what GeoNames spells otherwise ("Tel Rifaat" / "Tall Rif‘at",
# "Deir" / "Dayr", "Misrata" / "Misratah"), applied to the names of those countries.
_TRANSLITERATIONS = ((re.compile(r"^(?:Tall|Tell)\b"), "Tel"), (re.compile(r"^(?:Tall|Tell)\b"), "Tal"),
                     (re.compile(r"^Dayr\b"), "Deir"), (re.compile(r"(?<=\w)-(?=\w)"), " "),
                     (re.compile(r"^Jabal\b"), "Jebel"), (re.compile(r"^Bayt\b"), "Beit"),
                     (re.compile(r"^Khirbat\b"), "Khirbet"), (re.compile(r"^Kafr\b"), "Kfar"),
                     (re.compile(r"(?<=\w\w)ah$"), "a"), (re.compile(r"[‘’ʿʾ`]([aeiou])"), r"\1\1"),
                     (re.compile(r"[‘’ʿʾ`]"), ""))


def arabic_variants(names: str, iso3: str) -> str:
    """``names`` ("|"-joined) plus, in those countries, each one without its leading article and
    in the common wire-copy transliterations."""
    if iso3 not in ARABIC_ARTICLE_COUNTRIES:
        return names
    found: list[str] = []
    for name in names.split("|"):
        forms = {name.strip(), _ARTICLE.sub("", name.strip())}
        for pattern, replacement in _TRANSLITERATIONS:
            forms |= {pattern.sub(replacement, f) for f in forms}
        found += sorted(forms - {name.strip()})
    return "|".join([names, *found])


# Somali orthography writes x for the English h and doubles long vowels; wire copy does neither
# ("Xarardheere" -> Harardhere, "Hiiraan" -> Hiran, "Ceelbuur" -> Elbur).
_SOMALI_SPELLINGS = ((re.compile(r"x"), "h"), (re.compile(r"X"), "H"), (re.compile(r"\bC(?=[aeiou])"), ""),
                     (re.compile(r"([aeiou])\1"), r"\1"))


def somali_variants(names: str) -> str:
    """``names`` ("|"-joined) plus each one in English news spelling, where that differs."""
    found: list[str] = []
    for name in names.split("|"):
        form = name.strip()
        for pattern, replacement in _SOMALI_SPELLINGS:
            form = pattern.sub(replacement, form)
        if form != name.strip() and len(form) >= _MIN_KEY:
            found.append(form[:1].upper() + form[1:])
    return "|".join([names, *found])


def spelling_variants(names: str, iso3: str) -> str:
    """``names`` plus the spellings news copy uses for the places of that country."""
    names = arabic_variants(names, iso3)
    return somali_variants(names) if iso3 == "SOM" else names


# Words for a unit's position that name it interchangeably ("Central Shabele" is what news calls Middle
# Shabelle; "Middle Juba" is also Central Juba).
_POSITION_SYNONYMS = {"Central": "Middle", "Middle": "Central"}
_POSITION_WORD = re.compile(r"^(%s)(?=[ -]+\w)" % "|".join(_POSITION_SYNONYMS))  # not a lone "Central"


def position_variants(names: str) -> str:
    """``names`` ("|"-joined) plus each one opening with "Central" or "Middle" in the other word."""
    found = [_POSITION_WORD.sub(lambda m: _POSITION_SYNONYMS[m.group(1)], n.strip()) for n in names.split("|")
             if _POSITION_WORD.match(n.strip())]
    return "|".join([names, *found])


def region_name(admin1_name: str) -> str | None:
    """"North Darfur" -> "Darfur": the historical region that compass-named units share."""
    stripped = _COMPASS_PREFIX.sub("", admin1_name)
    return stripped if stripped != admin1_name and len(stripped) >= _MIN_KEY else None


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(candidates, names): one row per thing a name can mean; one row per (name, candidate)."""
    import pandas as pd

    a0, a1, gaz = bundled_data.admin0(), bundled_data.admin1(), bundled_data.gazetteer()
    countries = pd.DataFrame(
        {
            "kind": "country",
            "ref": "ne-admin0:" + a0["iso3"],
            "name": a0["name"],
            "country_iso3": a0["iso3"],
            "admin1_id": None,
            "admin1": None,
            "lat": a0["lat"],
            "lon": a0["lon"],
            "population": 10**9,
            "capital": False,
            "names": a0["name"] + "|" + a0["names"].fillna("") + "|" + a0["iso3"].map(_short_forms),
        }
    )
    english = a1["name"].str.replace(_FOREIGN_COMPASS, lambda m: _ENGLISH_COMPASS[m.group(1).lower()] + " ",
                                     regex=True)
    short = english.str.replace(_COMPASS_ADJECTIVE, r"\1 ", regex=True)  # "Eastern Darfur" -> "East Darfur"
    provinces = pd.DataFrame({
        "kind": "admin1", "ref": "ne-admin1:" + a1["id"], "name": a1["name"], "country_iso3": a1["iso3"],
        "admin1_id": a1["id"], "admin1": a1["name"], "lat": a1["lat"], "lon": a1["lon"], "population": 10**8,
        "capital": False, "names": (a1["name"] + "|" + english + "|" + short + "|" + a1["names"].fillna(""))
        .map(position_variants)})
    region = a1["name"].map(region_name)
    grouped = a1.assign(region=region).dropna(subset=["region"]).groupby(["iso3", "region"], sort=True)
    regions = grouped.agg(lat=("lat", "mean"), lon=("lon", "mean"), n=("id", "size")).reset_index()
    regions = regions[regions["n"] >= 2]
    regions = pd.DataFrame({
        "kind": "region", "ref": "region:" + regions["iso3"] + ":" + regions["region"],
                            "name": regions["region"],
        "country_iso3": regions["iso3"], "admin1_id": None, "admin1": None, "lat": regions["lat"],
        "lon": regions["lon"], "population": 10**8, "capital": False, "names": regions["region"]})
    named = pd.DataFrame(bundled_data.regions())
    unit_name = dict(zip(a1["id"], a1["name"]))
    unit = [u or None for u in named.get("admin1_id", [""] * len(named))]  # the one unit a region lies in
    named = pd.DataFrame({
        "kind": "region", "ref": "region:" + named["iso3"] + ":" + named["name"], "name": named["name"],
        "country_iso3": named["iso3"], "admin1_id": unit, "admin1": [unit_name.get(u) for u in unit],
        "lat": named["lat"].astype(float),
        "lon": named["lon"].astype(float), "population": 10**8, "capital": False,
        "names": named["name"] + "|" + named["alternatenames"].fillna("")})
    towns = pd.DataFrame({
        "kind": "town", "ref": "geonames:" + gaz["geonameid"].astype(str), "name": gaz["name"],
        "country_iso3": gaz["country_iso3"], "admin1_id": gaz["admin1_id"], "admin1": gaz["admin1_name"],
        "lat": gaz["lat"], "lon": gaz["lon"], "population": gaz["population"].fillna(0).astype("int64"),
        "capital": False,
        "names": gaz["name"] + "|" + gaz["asciiname"].fillna("") + "|" + gaz["alternatenames"].fillna("")})
    dist = bundled_data.districts()
    districts = pd.DataFrame({
        "kind": "admin2", "ref": "geoboundaries:" + dist["shape_id"], "name": dist["name"],
        "country_iso3": dist["country_iso3"], "admin1_id": dist["admin1_id"], "admin1": dist["admin1_name"],
        "lat": dist["lat"], "lon": dist["lon"], "population": 0, "capital": False,
        "names": dist["name"] + "|" + dist["alternatenames"].fillna("")})
    world = pd.DataFrame(bundled_data.world_regions())
    world = pd.DataFrame({
        "kind": "world", "ref": "world:" + world["name"], "name": world["name"], "country_iso3": "",
        "admin1_id": None, "admin1": None, "lat": world["lat"].astype(float),
                          "lon": world["lon"].astype(float),
        "population": 10**9, "capital": False,
                          "names": world["name"] + "|" + world["alternatenames"].fillna("")})
    cands = pd.concat([countries, provinces, regions, named, towns, districts, world], ignore_index=True)
    below_country = ~cands["kind"].isin(["country", "world"])
    cands.loc[below_country, "names"] = [spelling_variants(n, i) for n, i in
                                         zip(cands.loc[below_country, "names"], cands.loc[below_country,
                                                                                          "country_iso3"])]
    names = cands["names"].str.split("|").explode().str.strip()
    names = pd.DataFrame({"name": names.to_numpy(), "cand": names.index.to_numpy()})
    names = names[names["name"].str.len() > 0]
    # "Pul-e 'Alam" is also written "Pul-e-Alam": the form without the apostrophe (hyphens and spaces
    # are one and the same to the matcher, see ``fold``), unless that is another place's name already
    # (Nikopol lists "Slov'iansk" among its alternate names; Sloviansk is a city 300 km away)
    quoted = names[names["name"].str.contains(_QUOTE_IN_NAME)]
    bare = quoted.assign(name=quoted["name"].str.replace(_QUOTE_IN_NAME, "", regex=True))
    names = pd.concat([names, bare[~bare["name"].map(fold).isin(set(names["name"].map(fold)))]])
    unit_row = {ref: i for i, ref in zip(cands.index, cands["ref"]) if ref.startswith("ne-admin1:")}
    abbreviations = pd.DataFrame(bundled_data.abbreviations())
    abbreviations = pd.DataFrame({"name": abbreviations["abbreviation"],
                                  "cand": ("ne-admin1:" + abbreviations["admin1_id"]).map(unit_row),
                                  "abbreviation": True})
    names = pd.concat([names.assign(abbreviation=False),
                       abbreviations.dropna(subset=["cand"]).astype({"cand": "int64"})],
                      ignore_index=True)
    return cands.drop(columns="names"), names


INDEX_FORMAT = 20  # bump when NameIndex's fields change, so stale caches are rebuilt


def _cache_path() -> Path:
    """The index's cache file (its trie beside it, ``.marisa``), named after the inputs' paths,
    sizes and modification times: a rebuilt or replaced data/ gets a new one (reading ~35 MB to
    hash the content cost every process 30 ms), and after the source of the code that builds the
    names and their loose keys."""
    digest = hashlib.sha256(str(INDEX_FORMAT).encode())
    # the names and loose keys are this module's and the key function's: a change to either is a new index
    for module in (__file__, transliteration.__file__):
        digest.update(Path(module).read_bytes())
    for name in ("admin0.parquet", "admin1.parquet", "gazetteer.parquet", "districts.parquet", "regions.csv",
                 "world_regions.csv", "abbreviations.csv", "demonyms.csv"):
        stat = (settings.DATA_DIR / name).stat()
        digest.update(f"{(settings.DATA_DIR / name).resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return settings.CACHE_DIR / f"names-{digest.hexdigest()[:16]}.pickle"


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of objects are unpickled (~10% of the
    load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_index(path: Path) -> NameIndex | None:
    """The index cached at ``path`` with its trie mapped, or None when either is missing or unreadable."""
    try:
        with path.open("rb") as fh, _gc_paused():
            index = pickle.load(fh)
        index.trie = marisa_trie.Trie().mmap(str(path.with_suffix(".marisa")))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError,
            RuntimeError):  # RuntimeError: marisa's I/O
        return None
    return index


def save_index(index: NameIndex, path: Path) -> None:
    """``index`` cached at ``path`` (trie first: a pickle is only ever found beside its trie), each
    file written whole before it replaces the old; other caches in the directory are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    trie_path = path.with_suffix(".marisa")
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    index.trie.save(str(tmp))
    os.replace(tmp, trie_path)
    with tmp.open("wb") as fh:
        pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    for stale in path.parent.glob("names-*"):
        if stale not in (path, trie_path):
            stale.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    """The shared index: loaded from the on-disk cache, else built (seconds) and cached."""
    path = _cache_path()
    if (index := load_index(path)) is not None:
        return index
    candidates, names = _frames()
    index = NameIndex(candidates, names, bundled_data.demonyms())
    try:  # only a cache: a read-only checkout still works, just slower to start
        save_index(index, path)
    except OSError:
        pass
    return index
