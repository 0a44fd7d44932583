"""Syndicated copies of one wire story: near-identical texts, found with MinHash LSH.

Two reports are copies when the Jaccard similarity of their word 3-shingles, estimated by MinHash,
reaches ``COPY_SIMILARITY``: wire copies differ by a dateline, a byline or a trailing paragraph and
stay above it, two outlets' own reports of one event share a few phrases and stay far below.

An article's signature is made from its text with the boilerplate masked (:func:`dashboard.text.masked`)
when the store saves it, and kept by the text's key (the same masked text is signed once), so
control over time finds the copies among 100,000 articles from their signatures instead of reading
and signing every text on each page load (issue 17).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

COPY_SIMILARITY = 0.7
SHINGLE_WORDS = 3
MINHASH_PERMUTATIONS = 128
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    starts = range(len(words) - SHINGLE_WORDS + 1)
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in starts}


def signature(text: str) -> Any:
    """The MinHash of ``text``'s word 3-shingles."""
    from datasketch import MinHash

    m = MinHash(num_perm=MINHASH_PERMUTATIONS)
    m.update_batch(list(_shingles(text)))
    return m


def stored(text: str) -> tuple[str, str]:
    """What the store keeps of an article's text: the key of its masked text (SHA-256) and that text's
    signature as text: the MinHash scheme, a colon and the hex of its hash values."""
    from dashboard.text import masked

    plain = masked(text)
    m = signature(plain)
    return (hashlib.sha256(plain.encode("utf-8")).hexdigest(),
            f"{m.scheme}:{m.hashvalues.astype('<u8').tobytes().hex()}")


@cache
def scheme() -> str:
    """The MinHash scheme this datasketch signs with: a signature of another cannot be compared."""
    return str(signature("").scheme)


def _loaded(text: str) -> Any:
    import numpy as np
    from datasketch import MinHash

    kind, values = text.split(":", 1)
    return MinHash(num_perm=MINHASH_PERMUTATIONS, scheme=kind,
                   hashvalues=np.frombuffer(bytes.fromhex(values), dtype="<u8").astype(np.uint64))


def near_copies_of(keys: Mapping[int, str], signatures: Mapping[str, Any]) -> dict[int, int]:
    """Report id -> the id of the first report of its near-identical copies (itself when it has none),
    from each report's text key and each key's signature (a MinHash, or the hex :func:`stored` keeps):
    the same key is a copy; MinHash LSH finds the candidates among the others, their estimated
    Jaccard similarity confirms them."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=COPY_SIMILARITY, num_perm=MINHASH_PERMUTATIONS)
    hashes: dict[int, Any] = {}
    first_of: dict[str, int] = {}
    parent: dict[int, int] = {}
    for rid in sorted(keys):
        same = first_of.setdefault(keys[rid], rid)
        parent[rid] = same
        if same != rid:
            continue
        m = signatures[keys[rid]]
        m = _loaded(m) if isinstance(m, str) else m
        hashes[rid] = m
        lsh.insert(rid, m)

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rid, m in hashes.items():
        for other in lsh.query(m):
            if other != rid and m.jaccard(hashes[other]) >= COPY_SIMILARITY:
                a, b = root(rid), root(other)
                parent[max(a, b)] = min(a, b)
    return {rid: root(rid) for rid in parent}


def near_copies(texts: Mapping[int, str]) -> dict[int, int]:
    """:func:`near_copies_of` texts as given (identical texts are copies; nothing masked)."""
    return near_copies_of({rid: text for rid, text in texts.items()},
                          {text: signature(text) for text in set(texts.values())})
