"""Sources of sentences and speakers of quotations."""
from __future__ import annotations

import pytest

from dashboard.attribution import quotes, sources
from dashboard.text import split_sentences


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("According to Mohib-ul Rahman, a provincial council member, the districts fell.", "Mohib-ul Rahman"),
        ("The Taliban seized Kunduz on Sunday, officials said.", "officials"),
        ("The Interior Ministry said Saturday that the losses were temporary.", "The Interior Ministry"),
        ("The town fell, said Zabihullah Mujahid.", "Zabihullah Mujahid"),
        ("The town fell, Mujahid told Reuters.", "Mujahid"),  # whom one tells is the listener
        ("After a night of shelling, Mohib-ul Rahman, the district chief of Imam Sahib in Kunduz province, "
         "later said the town had fallen.", "Mohib-ul Rahman"),
        ("Kabul is calm.", None),
        # every speech verb of the shared vocabulary is a cue, not only "said"
        ("Abiy Ahmed declared victory in Mekelle.", "Abiy Ahmed"),
        ("The RSF denied the town had fallen.", "The RSF"),
        # a role is a source; a clause after the speech verb is not
        ("The town fell on Sunday, said a senior military official.", "a senior military official"),
        ("Kunduz has fallen, according to a local official in Kunduz.", "a local official in Kunduz"),
        # a day between the speaker and the verb is never the speaker
        ("The Ministry of Defence on Sunday confirmed that dozens were killed.", None),
    ],
)
def test_source_of_a_sentence(sentence: str, source: str | None) -> None:
    assert sources(split_sentences(sentence)) == [source]


def test_he_added_carries_the_last_named_speaker() -> None:
    text = "According to Mohib-ul Rahman, the districts fell. Ten districts have fallen, he added."
    assert sources(split_sentences(text)) == ["Mohib-ul Rahman", "Mohib-ul Rahman"]


def test_a_surname_is_the_same_person_as_the_full_name() -> None:
    text = "According to Mohib-ul Rahman, the districts fell. “We lost them all,” Rahman added."
    sentences = split_sentences(text)
    found = quotes(text, sentences, sources(sentences))
    assert [(q.text, q.speaker) for q in found] == [("We lost them all", "Mohib-ul Rahman")]
    assert text[found[0].start:found[0].end] == "We lost them all"
