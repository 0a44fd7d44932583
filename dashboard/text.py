"""Reading an article: bytes -> text, HTML -> text, web boilerplate masked, sentences.

Boilerplate is *masked* (replaced by spaces of the same length) rather than cut, so every
offset the core reports still slices the text as read (SCHEMA.md: offsets into the text as read).
"""
from __future__ import annotations

import codecs
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from dashboard.errors import BadInput
from dashboard.settings import MAX_ARTICLE_BYTES
from dashboard.vocabulary import MONTH_ABBREVIATIONS

T = TypeVar("T")
MAX_SENTENCE_CHARS = 1000  # longer runs without a full stop are cut at a space: bounded work per sentence


# Characters that change how text looks but not what it says: soft hyphen, zero-width space and
# joiners, direction marks, embeddings, overrides and isolates, word joiner, BOM. "Kun\u200bduz"
# must still be Kunduz, and an override must not reorder a tooltip (issue 19).
INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


@dataclass(frozen=True)
class Visible:
    """A text without its invisible characters, and how to find its offsets in the original."""

    text: str
    _shifted: list[int]  # visible offset of each removed character, in order

    def original(self, offset: int) -> int:
        """The original offset of visible ``offset`` (a start)."""
        return offset + bisect_right(self._shifted, offset)

    def original_end(self, start: int, end: int) -> int:
        """The original offset of the end of visible span [start, end)."""
        return self.original(end - 1) + 1 if end > start else self.original(end)


def visible(text: str) -> Visible | None:
    """``text`` without its invisible characters, or None when it has none (the usual case)."""
    removed = [m.start() for m in _INVISIBLE.finditer(text)]
    if not removed:
        return None
    return Visible(_INVISIBLE.sub("", text), [r - k for k, r in enumerate(removed)])


def displayable(text: str) -> str:
    """Text to show: invisible characters and controls other than line breaks and tabs removed."""
    return _UNSHOWN.sub("", text)


_UNSHOWN = re.compile(f"[{INVISIBLE}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length (so match offsets stay valid): a case-blind
    scan of the lowered text runs far faster than a regex with ``re.IGNORECASE``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class Article:
    """Decoded text plus what the reader had to guess (shown to the user as warnings)."""

    text: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def decode_bytes(data: bytes, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """UTF-8 (BOM or not), UTF-16 with BOM, else cp1252 with a warning; HTML pages become text."""
    if len(data) > max_bytes:
        msg = f"article is {len(data):,} bytes; the limit is {max_bytes:,}"
        raise BadInput(msg)
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    else:
        if b"\x00" in data:
            msg = "binary file (NUL bytes): not a text article"
            raise BadInput(msg)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode(data, "cp1252")
            warnings.append("not valid UTF-8: read as Windows-1252 (cp1252)")
    if looks_like_html_page(text):
        text = html_to_text(text)
        warnings.append("HTML page: converted to text")
    check_text(text)
    return Article(text=text, warnings=tuple(warnings))


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        msg = f"cannot decode the file as {encoding}: {exc.reason} at byte {exc.start}"
        raise BadInput(msg) from None


def check_text(text: str) -> None:
    """Refuse text with nothing to read in it."""
    if not text.strip() or not _INVISIBLE.sub("", text).strip():  # blank, or only invisible characters
        msg = "empty article: no text to extract from"
        raise BadInput(msg)
    if "\x00" in text:
        msg = "binary text (NUL characters): not a text article"
        raise BadInput(msg)
    if len(text) > MAX_ARTICLE_BYTES:
        msg = f"article has {len(text):,} characters; the limit is {MAX_ARTICLE_BYTES:,}"
        raise BadInput(msg)


_HTML_PAGE = re.compile(r"^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
               "blockquote", "title", "header", "footer")


def looks_like_html_page(text: str) -> bool:
    """A whole HTML document (not plain text with a stray tag in it)."""
    return bool(_HTML_PAGE.match(text[:2000])) or text.count("</p>") >= 3


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block a line; scripts, styles, navigation dropped.

    An HTML5 parser checks the open elements at every start tag, so its time grows with the square
    of the nesting: 1.4 MB of unclosed ``<div>`` took 137 s (issue 19). A page nested deeper than
    any real one (``MAX_HTML_DEPTH``) is read by a linear scan of its tags instead."""
    if markup_depth(html) > MAX_HTML_DEPTH:
        return _lines_of(*_scanned_text(html))
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, nav, form, iframe, svg, template, aside, button"):
        node.decompose()
    for tag in _BLOCK_TAGS:
        for node in tree.css(tag):
            node.insert_after("\n")
    root = tree.body or tree.root
    raw = root.text(separator="", deep=True) if root is not None else ""
    title = tree.css_first("title")
    return _lines_of(raw, title.text(strip=True) if title is not None else "")


def _lines_of(raw: str, title: str) -> str:
    """Non-empty lines with runs of spaces collapsed, a blank line between; the title first."""
    lines = [re.sub(r"[ \t\xa0]+", " ", ln).strip() for ln in raw.splitlines()]
    body = "\n\n".join(ln for ln in lines if ln)
    if title and not body.startswith(title):
        body = title + "\n\n" + body
    return body


MAX_HTML_DEPTH = 256  # open elements; news pages nest a few dozen
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DROPPED_TAGS = frozenset("script style noscript nav form iframe svg template aside button".split())
_RAW_TEXT_TAGS = ("script", "style", "title", "textarea")  # content up to the closing tag is not markup
_MARKUP = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>?|<!--|<[!?][^<>]*>?")
_RAW_END = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in _RAW_TEXT_TAGS}


def markup_depth(html: str) -> int:
    """How deep the page's elements nest, counting every start tag that is not void or self-closed
    until its end tag (one pass over the tags)."""
    depth = deepest = 0
    for m in _MARKUP.finditer(html):
        name = m.group(2)
        if name is None or name.lower() in _VOID_TAGS or m.group().endswith("/>"):
            continue
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _scanned_text(html: str) -> tuple[str, str]:
    """(text, title) of a page read tag by tag in one pass: block tags break lines, the content of
    scripts, styles, navigation and forms is dropped, entities decoded."""
    import html as entities

    out: list[str] = []
    title = ""
    dropped = pos = 0
    while (m := _MARKUP.search(html, pos)) is not None:
        if not dropped:
            out.append(html[pos:m.start()])
        pos = m.end()
        if m.group() == "<!--":
            end = html.find("-->", pos)
            pos = len(html) if end < 0 else end + 3
            continue
        name, closing = (m.group(2) or "").lower(), bool(m.group(1))
        if name in _RAW_END and not closing:
            end = _RAW_END[name].search(html, pos)
            content, pos = (html[pos:], len(html)) if end is None else (html[pos:end.start()], end.end())
            if name == "title" and not title:
                title = " ".join(entities.unescape(content).split())
            elif name == "textarea" and not dropped:
                out.append(content)
            continue
        if name in _DROPPED_TAGS and not m.group().endswith("/>"):
            dropped = max(dropped - 1, 0) if closing else dropped + 1
        elif name in _BLOCK_TAGS or name == "br":
            out.append("\n")
    if not dropped:
        out.append(html[pos:])
    return entities.unescape("".join(out)), title


# Lines of web furniture. Each pattern is matched against one stripped line.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:leave\ a\ (?:reply|comment)|your\ email\ address\ will\ not\ be\ published.*
        |required\ fields\ are\ marked.*|error:\ content\ is\ protected.*|content\ is\ protected.*
        |related(?:\ (?:stories|articles|posts|news))?:.*|read\ (?:more|also|next):?.*|see\ also:.*
        |share\ (?:this|on)\b.*|subscribe\b.*|sign\ up\b.*|follow\ us\b.*|advertisement|sponsored.*
        |.*\bcookies?\b.*\b(?:accept|consent|policy|settings)\b.*|accept\ (?:all\ )?cookies.*
        |photograph:.*|photo:.*|image:.*|(?:source|caption|credit):.*
        |by\ (?-i:[A-Z][\w'’-]+(?:\ [A-Z][\w'’-]+|\ (?:al|el|bin|de|van|von)[-\ ][A-Z][\w'’-]+){1,3})
        |search\ .{0,30}|.{0,20}\bmail|.{0,20}favorites|copyright\b.*|©.*|all\ rights\ reserved.*
        |\(?(?:additional\ )?(?:reporting|writing|editing)\ by\b.*|story\ continues.*|click\ here\b.*
        |(?:trending|most\ (?:read|popular)|recommended|more\ from|watch|listen)
         (?:\ (?:now|stories|videos))?:?.{0,60}
        |sign\ in.*|log\ in.*|skip\ to\ (?:main\ )?content|(?:get\ the\ latest|newsletter)\b.*
        |(?:getty\ images|afp|reuters|ap)(?:\ photo)?
        |(?:facebook|twitter|whatsapp|email|print|linkedin|telegram|reddit)(?:\s*[|/·]\s*\w+)*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_TAG = re.compile(r"<[^<>\n]{0,300}>")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


# "- Ghazni, 150km southwest of Kabul, was captured on Thursday": a liveblog recap is reporting; a
# bulleted link ("- Taliban seize Kunduz as Afghan north crumbles") has no comma and no auxiliary
_BULLET_CLAUSE = re.compile(r"^[-•*–·]\s+(?=.*(?:,|\b(?:is|are|was|were|has|have|had|now)\b))")


def _bullet_clause(line: str) -> bool:
    return len(line.split()) >= 8 and bool(_BULLET_CLAUSE.match(line))


def masked(text: str, short_lines: bool = True) -> str:
    """The text with boilerplate lines, stray HTML tags and headline-like interjections blanked.

    Same length as ``text``. Short lines without closing punctuation after the first one
    (bylines, inserted "related story" headlines, menus) are blanked with ``short_lines``:
    places in them are not what the article reports (but their dates, "Updated August 5,
    2024", are the article's own).
    """
    out = _TAG.sub(lambda m: " " * len(m.group()), text)
    pieces: list[str] = []
    seen_content = False
    for line in out.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        blank = False
        if stripped:
            if _BOILERPLATE_LINE.match(stripped):
                blank = True
            elif short_lines and seen_content and not _SENTENCE_END.search(stripped) \
                    and len(stripped.split()) <= 14 \
                    and not _bullet_clause(stripped):
                blank = True
            else:
                seen_content = True
        pieces.append(" " * len(body) + line[len(body):] if blank else line)
    return "".join(pieces)


_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Sen|Rep|Gov|Pres|St|Mt|Jr|Sr|No|Vol|vs|etc|approx|"
    rf"{'|'.join(sorted(m.title() for m in MONTH_ABBREVIATIONS))}|"
    r"a\.m|p\.m|U\.S|U\.N|U\.K|E\.U|i\.e|e\.g)|\b[A-Z])\.$"
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*\S)")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text``; paragraph breaks always end a sentence."""
    sentences: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group()[0] == "." and _ABBREV.search(text[max(start, end - 8):m.start() + 1]):
            continue
        _append(sentences, text, start, end)
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _append(out, text, start, cut)
        start = cut
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk.rstrip())
    if trail > lead:
        out.append(Sentence(start + lead, start + trail, chunk[lead:trail]))


def matches_near(pattern: re.Pattern[str], cue: re.Pattern[str], text: str,
                 reach: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern each match of which holds a ``cue`` match and starts
    at most ``reach`` characters before it. A pattern that opens with optional or repeated names is
    otherwise tried at every character; here it is searched only near its cue words."""
    pos = 0
    for found in cue.finditer(text):
        if found.start() < pos:
            continue
        m = pattern.search(text, max(pos, found.start() - reach))
        if m is None:
            return
        yield m
        pos = m.end()


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing ``offset`` (binary search; sentences are sorted)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s
    return None


class SpanIndex(Generic[T]):
    """Items with a ``start`` offset, sorted, answering "which start in [lo, hi)" by bisection
    (so per-sentence lookups stay linear over long articles)."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items: list[T] = sorted(items, key=lambda it: it.start)  # type: ignore[attr-defined]
        self._starts = [it.start for it in self.items]  # type: ignore[attr-defined]

    def within(self, lo: int, hi: int) -> list[T]:
        return self.items[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def from_(self, lo: int) -> list[T]:
        return self.items[bisect_left(self._starts, lo):]
