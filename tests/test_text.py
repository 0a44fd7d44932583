"""Reading articles: decoding, boilerplate masking (same length), sentences."""
from __future__ import annotations

import codecs
import re
import time

import pytest

from dashboard import actors, border_mentions
from dashboard.errors import BadInput
from dashboard.text import (MAX_HTML_DEPTH, MAX_SENTENCE_CHARS, SpanIndex, decode_bytes, html_to_text,
                            markup_depth, masked, matches_near, sentence_at, split_sentences)

SEED = "Ten districts have fallen to the Taliban in Kunduz, he added."


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (SEED.encode("utf-8"), False),
        (codecs.BOM_UTF8 + SEED.encode("utf-8"), False),
        (SEED.encode("utf-16"), False),
        ("Ten districts in Kondúz fell.".encode("cp1252"), True),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252"],
)
def test_decode_bytes_reads_common_encodings(data: bytes, warned: bool) -> None:
    article = decode_bytes(data)
    assert article.text.startswith("Ten districts")
    assert bool(article.warnings) is warned


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"abc\x00def", b"x" * 50],
                         ids=["empty", "blank", "nul", "big"])
def test_decode_bytes_refuses_unreadable_input(data: bytes) -> None:
    with pytest.raises(BadInput) as err:
        decode_bytes(data, max_bytes=40)
    assert "\n" not in str(err.value)


def test_html_page_becomes_visible_text_without_scripts() -> None:
    html = (b"<html><head><title>T</title><script>alert(1)</script></head>"
            b"<body><p>Kabul fell.</p><p>Then Herat.</p></body></html>")
    article = decode_bytes(html)
    assert "Kabul fell." in article.text and "Then Herat." in article.text
    assert "alert" not in article.text


def test_masked_blanks_boilerplate_and_keeps_offsets() -> None:
    text = ("Kabul fell on Sunday.\n\nLeave a Reply\n\nYour email address will not be published. "
            "Required fields are marked *\n")
    out = masked(text)
    assert len(out) == len(text)
    assert "Kabul fell on Sunday." in out
    assert "Leave" not in out and "email" not in out


def test_masked_blanks_stray_tags_and_inserted_headlines() -> None:
    text = ("Troops entered the city.\n<span>Photograph: AFP</span>\n"
            "Zelensky warned at the Munich Conference\nThey left.\n")
    out = masked(text)
    assert len(out) == len(text)
    assert "Munich" not in out and "<span>" not in out
    assert "They left." in out


def test_sentences_slice_the_text_and_respect_abbreviations() -> None:
    text = ("Saturday about 6:30 p.m. local time, U.S. forces crossed. Gen. Smith said so.\n\n"
            "New paragraph here")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Saturday about 6:30 p.m. local time, U.S. forces crossed.", "Gen. Smith said so.",
                                           "New paragraph here"]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert sentence_at(sentences, text.index("Smith")).text == "Gen. Smith said so."


def test_a_line_without_full_stops_is_cut_into_bounded_sentences() -> None:
    text = "word " * 3000
    sentences = split_sentences(text)
    assert len(sentences) > 1 and max(len(s.text) for s in sentences) <= 2000


def test_span_index_finds_items_by_start() -> None:
    sentences = split_sentences("A b. C d. E f.")
    index = SpanIndex(sentences)
    assert [s.text for s in index.within(3, 12)] == ["C d.", "E f."]
    assert [s.text for s in index.from_(6)] == ["E f."]


def test_wire_bylines_and_credits_are_masked_but_sentences_are_not() -> None:
    text = ("Mosul falls to militants\n\nBy Ziad al-Sinjary\n\nBy nightfall Kabul fell to the Taliban.\n"
            "(Reporting by Ahmed Rasheed in Baghdad; Editing by Michael Georgy)\n"
            "Watch: Taliban enter Kabul\n")
    out = masked(text)
    assert "Sinjary" not in out and "Baghdad" not in out and "Watch" not in out
    assert "By nightfall Kabul fell to the Taliban." in out and "Mosul falls to militants" in out


def test_a_liveblog_recap_is_reporting_but_a_bulleted_link_is_not() -> None:
    text = ("Taliban take Kandahar\n\nHere is a quick recap of the day:\n"
            "- Ghazni, 150km southwest of Kabul on the main highway, was captured on Thursday\n"
            "- Heavy fighting is continuing in Lashkar Gah, the capital of Helmand province\n"
            "- Taliban seize Kunduz as Afghan north crumbles\n")
    out = masked(text)
    assert len(out) == len(text)
    assert "Ghazni" in out and "Lashkar Gah" in out and "Kunduz" not in out


@pytest.mark.parametrize(
    ("pattern", "cue", "reach"),
    [(border_mentions._BORDER, border_mentions._BORDER_WORD, border_mentions._BORDER_REACH),
     (actors._DEFINED_ACRONYM, actors._ACRONYM_IN_BRACKETS, actors._LONG_FORM_REACH)],
)
def test_matches_near_cues_are_the_matches_of_a_whole_scan(pattern: re.Pattern[str], cue: re.Pattern[str],
                                                          reach: int) -> None:
    text = ("Borderline calls. The Rapid Support Forces (RSF) and the Sudan Armed Forces (SAF) met at the "
            "Chad border; the RSF's capture of Nyala and the fall of El Fasher followed. Hamas rocket attack "
            "on "
            "Sderot. A cross-border raid from the Iraqi-Syrian frontier into Syria, then Afghanistan's "
            "border with "
            "Uzbekistan and Tajikistan. The attack of the week was the capture of the airport.")
    assert [m.span() for m in matches_near(pattern, cue, text,
                                           reach)] == [m.span() for m in pattern.finditer(text)]
    assert len(list(pattern.finditer(text))) >= 2


def _timed_html(n: int) -> float:
    page = "<html><body>" + "<div>fighting near Kunduz " * n
    started = time.perf_counter()
    text = html_to_text(page)
    assert text.count("fighting near Kunduz") == n
    return time.perf_counter() - started


def test_deeply_nested_html_is_read_in_linear_time() -> None:
    """1.4 MB of unclosed nested tags took 137 s and grew with the square of the size (issue 19)."""
    n = 1_400_000 // len("<div>fighting near Kunduz ")
    small, large = _timed_html(n // 4), _timed_html(n)
    assert large < 10
    assert large < 4 * small * 3  # 4x the input: linear, with room for a noisy machine (quadratic: 16x)


def test_the_tag_scan_reads_a_page_as_the_parser_does() -> None:
    page = ("<html><head><title>T &amp; U</title><script>var a='<p>x</p>';</script><style>p{}</style></head>"
            "<body><nav><a>Home</a></nav><p>Kabul fell.</p><p>Then <b>Herat</b>.</p><!-- c -->"
            "<div>A<br>B</div><aside>Related</aside></body></html>")
    assert markup_depth(page) < MAX_HTML_DEPTH
    deep = page.replace("<body>", "<body>" + "<span>" * (MAX_HTML_DEPTH + 1))
    assert html_to_text(deep) == html_to_text(page) == "T & U\n\nKabul fell.\n\nThen Herat.\n\nA\n\nB"


def test_sentences_without_a_full_stop_are_cut() -> None:
    text = "word " * 10_000
    sentences = split_sentences(text)
    assert max(s.end - s.start for s in sentences) <= MAX_SENTENCE_CHARS
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")
