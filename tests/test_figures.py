"""Figures in real news sentences: the gold cases of ``shared/eval`` and other conflicts."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.figures import counted_phrase, find_figures, is_year, number_value
from dashboard.settings import SEEDS_DIR
from dashboard.text import masked, split_sentences


def figures_of(text: str):
    return find_figures(text, split_sentences(text))


def the_figure(text: str, quoted: str):
    """The one figure whose text contains ``quoted``; fails when there is none."""
    hits = [f for f in figures_of(text) if quoted.lower() in f.text.lower()]
    assert hits, f"no figure containing {quoted!r} in {[f.text for f in figures_of(text)]}"
    return hits[0]


# (sentence, quoted figure, value, low, high, qualifier, counts)
CASES = [
    # gold: seed article (AP, Badakhshan 2021)
    ("According to Tajikistan's State Committee for National Security, more than 300 Afghan military troops "
     "crossed from Afghanistan's Badakhshan region while Taliban fighters pushed toward the border.",
     "more than 300", 300, 301, None, "more than", "Afghan military troops"),
    ("The Taliban currently control over a third of Afghanistan's 421 districts and district centers.",
     "over a third", 0.3333, 0.3333, None, "over", "Afghanistan's 421 districts and district centers"),
    ("The Taliban currently control over a third of Afghanistan's 421 districts and district centers.",
     "421", 421, None, None, "exact", "districts and district centers"),
    ("Ten districts have fallen to the Taliban in the previous three days, eight without a fight, he added.",
     "Ten", 10, None, None, "exact", "districts"),
    ("Ten districts have fallen to the Taliban in the previous three days, eight without a fight, he added.",
     "eight", 8, None, None, "exact", "districts"),
    ("According to Rahman, hundreds of Afghan army, police, and intelligence personnel abandoned their "
     "military positions and fled to Faizabad.",
     "hundreds", 100, 100, 999, "hundreds", "Afghan army, police, and intelligence personnel"),
    ("the seizure of numerous districts from fleeing Afghan soldiers, including several hundred who fled "
     "across the border into Tajikistan.", "several hundred", 100, 100, 999, "several hundred", None),
    # gold: Badakhshan 2021, another outlet
    ("In the last three days, 10 districts fell to Taliban—eight without fighting, he said.",
     "10 districts", 10, None, None, "exact", "districts"),
    ("In the last three days, 10 districts fell to Taliban—eight without fighting, he said.",
     "eight", 8, None, None, "exact", "districts"),
    # gold: Avdiivka 2024
    ("Moscow said its army inflicted a series of defeats on Ukrainian forces along the thousand-kilometer "
     "front line as Ukrainian troops withdrew from Avdiivka.",
     "thousand-kilometer", 1000, None, None, "exact", "kilometer front line"),
    ("Both Russian and Ukrainian officials say that thousands of people have been killed in the battle of "
     "Avdiivka.", "thousands of people", 1000, 1000, 9999, "thousands", "people"),
    ("With a pre-war population of around 32,000, the town, called Avdeyevka by the Russians, was briefly "
     "seized in 2014.", "around 32,000", 32000, None, None, "around", None),
    ("The city, 15 kilometers north of the Russian-occupied city of Donetsk, lies in the industrial Donbas "
     "region.", "15 kilometers", 15, None, None, "exact", "kilometers"),
    ("These are among four Ukrainian regions that Russia says it has annexed but does not fully control.",
     "four Ukrainian regions", 4, None, None, "exact", "Ukrainian regions"),
    # gold: Mosul 2014
    ("The capture of the northern city of 2 million by the Islamic State of Iraq and the Levant complements "
     "ISIL's grip on key western towns.", "2 million", 2_000_000, None, None, "exact", None),
    # gold: Wad Madani 2023
    ("Sudan's Rapid Support Forces have seized Wad Madani, which had taken in hundreds of thousands of "
     "refugees from the capital, Khartoum.",
     "hundreds of thousands", 100_000, 100_000, 999_999, "hundreds of thousands", "refugees"),
    ("The RSF advanced after three days of intense fighting, which caused thousands of people to flee.",
     "three days", 3, None, None, "exact", "days"),
    ("Wad Madani, which was founded about 98 years ago when the country was under British and Egyptian "
     "rule, is home to the army's first infantry division.",
     "about 98 years", 98, None, None, "about", "years"),
    ("More than 10,000 people have been killed since the war between the two rival forces erupted in April.",
     "More than 10,000", 10_000, 10_001, None, "more than", "people"),
    ("Six million people have been forced to flee their homes.",
     "Six million", 6_000_000, None, None, "exact", "people"),
    # other conflicts
    ("The RSF seized Mellit, about 60km (37 miles) north of El Fasher, in April.", "about 60km", 60, None,
     None,
     "about", "km"),
    ("The army said more than a dozen towns had fallen since October.", "more than a dozen", 12, 13, None,
     "more than", "towns"),
    ("TotalEnergies suspended its US$20 billion gas project near Palma.", "US$20 billion", 20_000_000_000,
     None, None,
     "exact", "gas project"),
    ("Ukraine said it had recaptured 54 settlements in the Kharkiv region, liberating up to 6,000 square "
     "kilometres.", "up to 6,000", 6000, None, 6000, "up to", "square kilometres"),
    ("Between 20 and 30 civilians were killed in the strike on the market in Idlib, rescuers said.",
     "Between 20 and 30", 20, 20, 30, "between", "civilians"),
    ("Nearly two-thirds of the country's population now needs humanitarian aid, the UN said.",
     "Nearly two-thirds", 0.6667, None, 0.6667, "nearly", "country's population"),
    ("M23 rebels seized Goma, a city of some 2 million people, after fighting that killed at least 700.",
     "at least 700", 700, 700, None, "at least", "people"),
    ("M23 rebels seized Goma, a city of some 2 million people, after fighting that killed at least 700.",
     "some 2 million people", 2_000_000, None, None, "some", "people"),
    ("The resistance said it had overrun 25 junta outposts and captured dozens of soldiers in northern "
     "Shan State.", "dozens of soldiers", 12, 12, 119, "dozens", "soldiers"),
    ("Fighting has displaced tens of thousands of residents in North Darfur since May.",
     "tens of thousands", 10_000, 10_000, 99_999, "tens of thousands", "residents"),
    ("Rebels hold roughly 40% of the territory, fewer than 15 towns and two or three border crossings.",
     "fewer than 15", 15, None, 14, "fewer than", "towns"),
    ("Rebels hold roughly 40% of the territory, fewer than 15 towns and two or three border crossings.",
     "two or three", 2, 2, 3, "between", "border crossings"),
    ("Rebels hold roughly 40% of the territory, fewer than 15 towns and two or three border crossings.",
     "roughly 40%", 40, None, None, "roughly", "territory"),
    ("The offensive has been stalled for two and a half years along a 1,200-kilometre front.",
     "two and a half years", 2.5, None, None, "exact", "years"),
    ("Some 2000 soldiers and 300 wounded civilians were evacuated, officials said.",
     "Some 2000 soldiers", 2000, None, None, "some", "soldiers"),
    ("The counteroffensive has pushed Russian troops out of about 30 towns and villages in the Kharkiv "
     "region.",
     "about 30", 30, None, None, "about", "towns and villages"),
    ("About one in three people needs aid, the UN says.", "three", 3, None, None, "exact", "people"),
    ("The U.S. pledged 31 Abrams tanks.", "31", 31, None, None, "exact", "Abrams tanks"),
    ("Some 25.6 million Sudanese, roughly half the population, face acute hunger.", "roughly half", 0.5, None,
     None, "roughly", "population"),
    ("\"We lost 40 men,\" one commander said, adding that two of his three deputies were wounded.", "two of",
     2, None, None, "exact", "three deputies"),
    ("Aid reached hundreds of the wounded soldiers in Khartoum.", "hundreds", 100, 100, 999, "hundreds",
     "wounded soldiers"),
    ("Between 2 and 3.5 million people have fled Khartoum.", "Between 2 and 3.5 million", 2_000_000,
     2_000_000,
     3_500_000, "between", "people"),
    ("Some 2000 soldiers and 300 wounded civilians were evacuated, officials said.",
     "300 wounded civilians", 300, None, None, "exact", "wounded civilians"),
]


@pytest.mark.parametrize(("sentence", "quoted", "value", "low", "high", "qualifier", "counts"), CASES)
def test_figure_in_sentence(sentence, quoted, value, low, high, qualifier, counts):
    fig = the_figure(sentence, quoted)
    assert sentence[fig.start:fig.end] == fig.text
    assert (fig.value, fig.low, fig.high) == (value, low, high)
    assert fig.qualifier == qualifier
    assert fig.counts == counts
    assert fig.sentence == sentence
    assert (fig.place, fig.admin1, fig.when) == (None, None, None)


# Numbers that are not figures: years, times, dates, names, "one of", ordinals, ordinal "third".
@pytest.mark.parametrize(("sentence", "not_a_figure"), [
    ("Their fighters helped defeat them in 2001.", "2001"),
    ("Saturday about 6:30 p.m. local time, Afghan forces crossed across.", "6"),
    ("Ahmad Shah Massoud was killed two days before the 9/11 attacks in the United States.", "9/11"),
    ("Russia captured Bakhmut in May 2023 after months of fighting.", "2023"),
    ("The ceasefire took effect on July 4 at midnight.", "4"),
    ("Fighting on 12 and 13 March left one dead.", "12"),
    ("The offensive began on 14 April 2021.", "14"),
    ("Generals seized power for themselves in a 2021 coup.", "2021"),
    ("The city was home to one of Europe's largest coke factories.", "one"),
    ("\"We can't beat them,\" one officer told Reuters.", "one"),
    ("Troops advanced along Highway 1 and the M4 road toward Resolution 2254 talks.", "1"),
    ("It was the 21st day of the siege, and the fighting went on for a third day.", "third"),
    ("the northern half of the country, a traditional stronghold of the warlords", "half"),
    ("Rebels shot down a Su-25 jet and an F-16 over the town.", "25"),
    ("In Myanmar, the Three Brotherhood Alliance launched Operation 1027 in October.", "Three"),
    ("In Myanmar, the Three Brotherhood Alliance launched Operation 1027 in October.", "1027"),
    ("The Taliban's march gained traction in the 1990s and again in 2014-2016.", "1990"),
])
def test_not_a_figure(sentence, not_a_figure):
    assert all(not_a_figure not in f.text for f in figures_of(sentence)), figures_of(sentence)


def test_seed_article_figures_in_order_and_slicing():
    """The whole seed article (boilerplate masked): every gold figure, offsets into the original."""
    original = (SEEDS_DIR / "ap_2021-07-04_badakhshan.txt").read_text(encoding="utf-8")
    text = masked(original)
    figs = find_figures(text, split_sentences(text))
    assert [f.start for f in figs] == sorted(f.start for f in figs)
    assert all(original[f.start:f.end] == f.text and f.sentence for f in figs)
    quoted = {"more than 300", "several hundred", "over a third", "421", "ten", "eight", "hundreds"}
    assert quoted <= {q for q in quoted for f in figs if q in f.text.lower()}
    assert not [f for f in figs if any(y in f.text for y in ("2001", "2011", "6:30", "9/11"))]


@pytest.mark.parametrize(("number", "value"), [
    ("1,037", 1037), ("32,000", 32000), ("2 million", 2e6), ("1.5 billion", 1.5e9), ("Six million", 6e6),
    ("twenty-five", 25), ("three hundred and fifty", 350), ("two thousand five hundred", 2500),
    ("hundred thousand", 1e5), ("two and a half", 2.5), ("Ten", 10), ("thousand", 1000), ("eleven", 11),
])
def test_number_value(number, value):
    assert number_value(number) == value


@pytest.mark.parametrize(("text", "year"), [
    ("in 2001.", True), ("the 2019 overthrow", True), ("a 2021 coup", True), ("2014 was", True),
    ("some 2000 soldiers", False), ("2000 people fled", False), ("in 2000 people", True),
                                            ("421 districts", False),
    ("1850", False), ("20000", False),
])
def test_is_year(text, year):
    start = next(i for i, c in enumerate(text) if c.isdigit())
    end = start + 4
    assert is_year(text, start, end) is year


@pytest.mark.parametrize(("after", "counted"), [
    (" Afghan military troops crossed the border", "Afghan military troops"),
    (" of Afghan army, police, and intelligence personnel abandoned",
     "Afghan army, police, and intelligence personnel"),
    (" districts, police stations", "districts"),
    (" of them were killed", None),
    (" wounded soldiers were evacuated", "wounded soldiers"),
    ("-kilometer front line as troops withdrew", "kilometer front line"),
])
def test_counted_phrase(after, counted):
    span = counted_phrase(after, 0, len(after))
    assert (after[span[0]:span[1]] if span else None) == counted


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=400)
       | st.lists(st.sampled_from(["more than", "300", "two-thirds of", "hundreds", "of", "thousand", "-",
                                   ",",
                                   " ", "and", "May", "2021", "people", "\n\n", "a third", "Ten", "٣", "½",
                                   "between", "to", "9/11", "6:30", "$", "%", "’s"]),
                  max_size=60).map("".join))
def test_never_raises_and_offsets_slice(text):
    figs = figures_of(text)
    assert [f.start for f in figs] == sorted(f.start for f in figs)
    for f in figs:
        assert text[f.start:f.end] == f.text
        assert f.value is not None or (f.low is not None and f.high is not None)


@pytest.mark.parametrize("text", ["HUNDREDS-THOUSAND", "hundreds to thousands of people fled"])
def test_vague_quantities_joined_into_a_range_do_not_raise(text: str) -> None:
    """Found by hypothesis: a vague word ("hundreds") before a range's second number."""
    figures = find_figures(text, split_sentences(text))
    assert all(text[f.start:f.end] == f.text for f in figures)


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("Some 2000 soldiers retreated 150 km to the south over two weeks.",
     {"Some 2000 soldiers": "count", "150 km": "distance", "over two weeks": "duration"}),
    ("The army retook 20 square kilometers and 12 villages, a 61-year-old farmer said.",
     {"20 square kilometers": "area", "12 villages": "count", "61-year-old farmer": "duration"}),
    ("Over a third of the districts and 40% of the roads fell; the $2 billion dam did not.",
     {"Over a third": "share", "40%": "share", "$2 billion dam": "money"}),
])
def test_each_figure_says_what_it_measures(sentence, kinds):
    assert {f.text: f.kind for f in figures_of(sentence)} == kinds
