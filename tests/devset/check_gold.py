"""Check hand-written gold files: valid JSON, every annotated string occurs verbatim in the text.

Stdlib only and independent of the extractor, so an annotator can run it blind:

    python tests/devset/check_gold.py tests/devset/h*.json
"""

import json
import re
import sys
from pathlib import Path

ACTIONS = {"captured", "retook", "withdrew", "lost", "fled", "crossed", "entered", "advanced", "besieged",
           "attacked", "controls", "repelled"}
MODALITIES = {"asserted", "denied", "expected"}
RESOLVED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


def problems(path: Path) -> list[str]:
    """Return one line per defect in the gold file at `path` (empty when it is clean)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = gold.get("text") or (path.parent / gold["file"]).read_text(encoding="utf-8")
    out = []
    for place in gold["places"]:
        if place["mention"] not in text:
            out.append(f"place mention not in text: {place['mention']!r}")
    for figure in gold["figures"]:
        if figure["text"] not in text:
            out.append(f"figure text not in text: {figure['text']!r}")
    for date in gold["dates"]:
        if date["text"] not in text:
            out.append(f"date text not in text: {date['text']!r}")
        if date["resolved"] is not None and not RESOLVED.match(date["resolved"]):
            out.append(f"resolved date not ISO: {date['resolved']!r}")
    mentions = {place["mention"].lower() for place in gold["places"]}
    for claim in gold["claims"]:
        if claim["action"] not in ACTIONS:
            out.append(f"action outside the vocabulary: {claim['action']!r}")
        if claim.get("modality", "asserted") not in MODALITIES:
            out.append(f"unknown modality: {claim['modality']!r}")
        if claim["place"].lower() not in mentions:
            out.append(f"claim place is not an annotated mention: {claim['place']!r}")
        if claim["when"] is not None and not RESOLVED.match(claim["when"]):
            out.append(f"claim date not ISO: {claim['when']!r}")
    return out


def main(paths: list[str]) -> int:
    """Print the defects of each file; exit 1 when any file has one."""
    bad = 0
    for name in paths:
        for line in problems(Path(name)):
            print(f"{name}: {line}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
