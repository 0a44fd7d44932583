"""Benchmark articles: the seed, the gold excerpts and deterministic synthetic reports from
other conflicts, so timings do not rest on one text or one country's names."""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from dashboard.settings import ROOT, SEEDS_DIR

# Held-out gold excerpts of the repository (real reporting paraphrased, boilerplate kept): the bench
# stands alone, like the tests
DEVSET = ROOT / "tests" / "devset"
GOLD_EXCERPTS = ("a01", "a02", "a03", "a04")


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    published: str | None


# Per conflict: (country, towns, provinces, actors, rival). Names as news spells them.
THEATRES = (
    ("Ukraine", ("Avdiivka", "Bakhmut", "Kupiansk", "Vuhledar", "Pokrovsk", "Kharkiv", "Izium"),
     ("Donetsk oblast", "Kharkiv region", "Zaporizhzhia region", "Luhansk"),
     ("Russian forces", "Wagner fighters"),
     "Ukrainian troops"),
    ("Syria", ("Aleppo", "Idlib", "Raqqa", "Deir ez-Zor", "Manbij", "Hama", "Homs"),
     ("Idlib province", "Aleppo governorate", "Hama province"), ("Hayat Tahrir al-Sham", "rebel groups"),
     "government forces"),
    ("Sudan", ("Wad Madani", "El Fasher", "Omdurman", "Nyala", "El Obeid", "Geneina", "Sennar"),
     ("Gezira state", "North Darfur", "South Kordofan", "Khartoum state"),
     ("the Rapid Support Forces", "RSF fighters"),
     "the Sudanese army"),
    ("Democratic Republic of the Congo",
     ("Goma", "Bunagana", "Sake", "Rutshuru", "Bukavu", "Kiwanja", "Masisi"),
     ("North Kivu", "South Kivu", "Ituri province"), ("M23 rebels", "the M23"), "Congolese soldiers"),
    ("Myanmar", ("Lashio", "Myawaddy", "Laukkaing", "Hsenwi", "Kyaukme", "Sittwe", "Mandalay"),
     ("Shan state", "Kayin state", "Rakhine state", "Sagaing region"),
     ("the Arakan Army", "resistance forces"),
     "junta troops"),
    ("Yemen", ("Marib", "Hodeidah", "Aden", "Taiz", "Sanaa", "Saada", "Mukalla"),
     ("Marib governorate", "Hadramawt", "Shabwa", "Al Bayda"), ("Houthi rebels", "the Houthis"),
     "government troops"),
)
SOURCES = ("a military spokesman", "local officials", "the United Nations", "residents",
           "a regional governor",
           "the interior ministry", "aid workers")
WHEN = ("on Monday", "last week", "on Saturday", "in early March", "overnight", "two days ago",
        "late last month")
VERBS = ("captured", "seized", "took control of", "withdrew from", "retreated from", "entered", "lost")
NUMBERS = ("about 300", "more than 1,200", "at least 45", "nearly 20,000", "dozens of", "hundreds of", "12")
COUNTED = ("civilians", "fighters", "families", "soldiers", "people", "displaced residents")


SENTENCES = (
    "{Actor} {verb} {town} in {province} {when}, according to {source}.",
    "{Number} {counted} fled {town} toward {other} {when}, {source} said.",
    "“We will not leave {town},” a commander of {rival} told reporters in {other}, as shelling continued "
    "across {province}.",
    "{Rival} said they had pushed back an attack near {town}, some 30 km north of {other}, and that {number} "
    "{counted} were killed.",
    "The fighting in {province} has displaced {number} {counted} since {since}, {source} said.",
    "Aid convoys to {town} and {other} in {country} were suspended {when}.",
)


def _cap(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower "Hayat Tahrir al-Sham")."""
    return text[:1].upper() + text[1:]


def _sentence(rng: random.Random, country: str, towns: tuple[str, ...], provinces: tuple[str, ...],
              actors: tuple[str, ...], rival: str) -> str:
    when, actor, number = rng.choice(WHEN), rng.choice(actors), rng.choice(NUMBERS)
    return rng.choice(SENTENCES).format(
        Actor=_cap(actor), verb=rng.choice(VERBS), town=rng.choice(towns), other=rng.choice(towns),
        province=rng.choice(provinces), when=when, since=when.removeprefix("on ").removeprefix("in "),
        source=rng.choice(SOURCES), Number=_cap(number), number=number, counted=rng.choice(COUNTED),
        rival=rival, Rival=_cap(rival), country=country)


def synthetic(n: int, seed: int = 8) -> list[Article]:
    """``n`` news-like articles of 8-24 sentences about one theatre each, the same for a given seed."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        theatre = THEATRES[i % len(THEATRES)]
        country, towns, provinces, actors, rival = theatre
        title = f"{_cap(rng.choice(actors))} advance on {rng.choice(towns)}, {country}"
        body = [_sentence(rng, *theatre) for _ in range(rng.randint(8, 24))]
        paragraphs = [" ".join(body[j:j + 3]) for j in range(0, len(body), 3)]
        published = f"20{rng.randint(14, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(Article(f"synthetic-{i:04d}", "\n\n".join([title, *paragraphs]), published))
    return out


def gold() -> list[Article]:
    """The seed article and four held-out gold excerpts."""
    out = [Article(p.stem, p.read_text(encoding="utf-8"), json.loads(p.with_suffix(".json").read_text())
                   .get("published")) for p in sorted(Path(SEEDS_DIR).glob("*.txt"))]
    for path in _excerpts():
        item = json.loads(path.read_text(encoding="utf-8"))
        out.append(Article(path.stem, item["text"], item.get("published")))
    return out


def _excerpts() -> list[Path]:
    return [next(DEVSET.glob(f"{name}_*.json")) for name in GOLD_EXCERPTS]


def corpus(n_synthetic: int = 45) -> list[Article]:
    return [*gold(), *synthetic(n_synthetic)]


def seed_gold_mentions() -> tuple[str, list[str]]:
    """(text, gold place mentions) of the first held-out excerpt: what place recall is measured on."""
    item = json.loads(_excerpts()[0].read_text(encoding="utf-8"))
    return item["text"], [p["mention"] for p in item["places"]]


def write_articles(directory: Path, n: int) -> list[Path]:
    """``n`` distinct article files (corpus texts cycled, each with a unique dateline) + sidecars."""
    base = corpus()
    paths = []
    for i in range(n):
        a = base[i % len(base)]
        path = directory / f"article-{i:05d}.txt"
        path.write_text(f"{a.text}\n\nBenchmark copy {i} of {a.name}.\n", encoding="utf-8")
        if a.published:
            path.with_suffix(".json").write_text(json.dumps({"title": f"{a.name} #{i}",
                                                             "published": a.published}))
        paths.append(path)
    return paths
