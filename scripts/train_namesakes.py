"""Fit the namesake ranker (``dashboard/namesakes.py``) on annotated articles -> ``data/namesakes.json``.

Every place mention the extractor recognises in a gold article, and that a gold place names, gives
one row per candidate (its ``namesakes.FEATURES``), labelled 1 where the candidate resolves the gold
place (within its tolerance, same country and province: ``dashboard.evaluate.place_resolved``).
Mentions whose candidates are all right or all wrong teach nothing about choosing and are left out.
Each mention weighs the same however many namesakes it has. A scikit-learn logistic regression is
fitted and its coefficients written as JSON (no pickle): the extractor needs numpy-free arithmetic only.

The gold read by default: this repository's devset batches ``a``-``g`` (``tests/devset``) and the
shared gold beside the repository (``../shared/eval``, read at build time only, when present).
Batches ``h``, ``n`` and ``t`` are held out: nobody fits on them.

    python scripts/train_namesakes.py [--gold FILE...] [--out data/namesakes.json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import evaluate, geocode, namesakes  # noqa: E402
from dashboard.gazetteer import name_index  # noqa: E402
from dashboard.text import masked, split_sentences  # noqa: E402

FITTED_BATCHES = "abcdefg"
ROUNDS = 2  # fits: the second measures proximity to the first's confident picks
C_GRID = (0.1, 1.0, 10.0, 100.0, 1000.0)  # inverse regularisation strengths tried


def default_gold() -> list[Path]:
    files = sorted(p for p in (ROOT / "tests" / "devset").glob("*.json") if p.name[0] in FITTED_BATCHES)
    shared = ROOT.parent / "shared" / "eval"
    return files + (sorted(shared.glob("*.json")) if shared.is_dir() else [])


def article_text(path: Path, gold: dict) -> str:
    return gold.get("text") or (path.parent / gold["file"]).read_text(encoding="utf-8")


def rows_of(path: Path, model: namesakes.Model) -> list[tuple[tuple[float, ...], int, str]]:
    """(features, label, group) for every candidate of every recognised mention a gold place names,
    with the features the extractor computes when ``model`` ranks (``geocode.ranked``)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = masked(article_text(path, gold))
    sentences, index = split_sentences(text), name_index()
    kept, focus, anchors = geocode.recognise(text, sentences, index.find(text), index)
    ranking = geocode.ranked(text, kept, index, focus, anchors, model)
    out = []
    for m in kept:
        wanted = [g for g in gold.get("places", []) if evaluate.place_found(g, {"mention": m.mention})]
        if not wanted:
            continue
        rows = [(x, int(any(evaluate.place_resolved(g, _as_place(m.mention, c)) for g in wanted)))
                for _, c, x in ranking[m.start][1]]
        if 0 < sum(label for _, label in rows) < len(rows):
            out += [(x, label, f"{path.name}:{m.start}") for x, label in rows]
    return out


def _as_place(mention: str, c: object) -> dict:
    return {"mention": mention, "lat": c.lat, "lon": c.lon, "country_iso3": c.country_iso3 or None,
            "admin1": c.admin1}


def _arrays(rows: list[tuple[tuple[float, ...], int, str]]) -> tuple:
    import numpy as np

    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows])
    groups = np.array([r[2] for r in rows])
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    return x, y, groups, 1.0 / counts[inverse]  # each mention weighs 1, however many namesakes it has


def top1(model: object, x: object, y: object, groups: object) -> float:
    """Share of mentions whose most probable candidate is a right one."""
    import numpy as np

    p = model.predict_proba(x)[:, 1]
    right = [y[idx][np.argmax(p[idx])] for g in np.unique(groups) for idx in [np.flatnonzero(groups == g)]]
    return float(np.mean(right))


def choose_c(rows: list[tuple[tuple[float, ...], int, str]]) -> tuple[float, dict[float, float]]:
    """The regularisation whose model picks the right namesake most often for articles it was not
    fitted on (5-fold cross-validation, folds by article)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    x, y, groups, weight = _arrays(rows)
    articles = [g.split(":")[0] for g in groups]
    scores = {}
    for c in C_GRID:
        folds = GroupKFold(n_splits=5).split(x, y, articles)
        scores[c] = sum(top1(LogisticRegression(C=c, max_iter=5000).fit(x[a], y[a], sample_weight=weight[a]),
                             x[b], y[b], groups[b]) for a, b in folds) / 5
    return max(C_GRID, key=lambda c: (round(scores[c], 4), -c)), scores


def fit(rows: list[tuple[tuple[float, ...], int, str]]) -> dict:
    import sklearn
    from sklearn.linear_model import LogisticRegression

    c, cv = choose_c(rows)
    x, y, groups, weight = _arrays(rows)
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=weight)
    return {"model": f"logistic regression (scikit-learn {sklearn.__version__}), C={c:g} chosen by 5-fold"
                     " cross-validation by article, each mention weighted 1",
            "cross_validated_top1": {f"{k:g}": round(v, 4) for k, v in cv.items()},
            "fitted_top1": round(top1(model, x, y, groups), 4),
            "features": list(namesakes.FEATURES), "intercept": round(float(model.intercept_[0]), 6),
            "coef": [round(float(w), 6) for w in model.coef_[0]], "mentions": int(len(set(groups))),
            "rows": len(rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, nargs="*",
                        help="gold files (default: devset a-g and ../shared/eval)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "namesakes.json")
    args = parser.parse_args(argv)
    files = args.gold or default_gold()
    # the features depend on the model through the first pass's picks (proximity): fit from a model that
    # knows nothing, then again from the first fit's picks, as the extractor will rank
    spec = {"intercept": 0.0, "coef": [0.0] * len(namesakes.FEATURES)}
    for _ in range(ROUNDS):
        model = namesakes.Model(spec["intercept"], tuple(spec["coef"]))
        spec = fit([row for path in files for row in rows_of(path, model)])
    spec = {**spec, "trained_on": sorted({p.name[0] if p.parent.name == "devset" else "shared gold"
                                               for p in files})}
    args.out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    print(f"fitted on {spec['mentions']} mentions ({spec['rows']} candidates) from {len(files)} articles"
          f" -> {args.out}")
    print(f"{spec['model']}; top-1 cross-validated {spec['cross_validated_top1']},"
          f" fitted {spec['fitted_top1']}")
    for name, w in sorted(zip(spec["features"], spec["coef"]), key=lambda fw: -abs(fw[1])):
        print(f"  {name:24s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
