"""Claims read from a dependency parse. Places are given, not geocoded, so a change to the
gazetteer or the namesake model cannot break these tests."""
from __future__ import annotations

import pytest

from dashboard import claims, frames, nlp
from dashboard.model import Claim, Place
from dashboard.text import masked, split_sentences
from dashboard.vocabulary import Action, Modality, Side


def claims_in(text: str, places: list[str], countries: tuple[str, ...] = (),
              kinds: dict[str, str] | None = None) -> list[Claim]:
    """The claims of ``text`` when each name in ``places`` is a place wherever it occurs (a town,
    unless ``kinds`` says otherwise)."""
    found = []
    for name in places:
        at = text.find(name)
        while at >= 0:
            kind = (kinds or {}).get(name, "town")
            found.append(Place(mention=name, start=at, end=at + len(name), kind=kind, lat=0.0, lon=0.0,
                               country_iso3=countries[0] if countries else None))
            at = text.find(name, at + 1)
    clean = masked(text)
    sentences = split_sentences(clean)
    return claims.find_claims(clean, sentences, sorted(found, key=lambda p: p.start), [],
                              [None] * len(sentences), [])


def triples(text: str, places: list[str], countries: tuple[str, ...] = ()) -> set[tuple[str | None, str, str,
                                                                                        str]]:
    return {(c.actor, c.action, c.place, c.modality) for c in claims_in(text, places, countries)}


def who_did_what(text: str, places: list[str], countries: tuple[str, ...] = (),
                 kinds: dict[str, str] | None = None) -> set[tuple[str | None, str, str]]:
    """(actor, action, place) of every claim, whatever its modality."""
    return {(c.actor, c.action, c.place) for c in claims_in(text, places, countries, kinds)}


# The probes of issue 14: each was wrong or missing when claims were surface patterns.
@pytest.mark.parametrize(
    ("text", "places", "claim"),
    [
        ("Mosul fell to militants.", ["Mosul"], ("militants", "captured", "Mosul", "asserted")),
        ("Kabul fell to the Taliban.", ["Kabul"], ("Taliban", "captured", "Kabul", "asserted")),
        ("Ukrainian forces were pushed out of Soledar.", ["Soledar"],
         ("Ukrainian forces", "withdrew", "Soledar", "asserted")),
        ("Residents fear the Taliban could soon capture Kunduz.", ["Kunduz"],
         ("Taliban", "captured", "Kunduz", "expected")),
        ("Goma is now controlled by M23 rebels.", ["Goma"], ("M23 rebels", "controls", "Goma", "asserted")),
    ],
)
def test_issue_probes(text: str, places: list[str], claim: tuple[str, str, str, str]) -> None:
    assert triples(text, places) == {claim}


@pytest.mark.parametrize(
    ("text", "places", "modality"),
    [
        ("The militants vowed to retake Palmyra.", ["Palmyra"], Modality.EXPECTED),
        ("Officials said the Taliban would soon attack Herat.", ["Herat"], Modality.EXPECTED),
        ("The army did not capture Kidal.", ["Kidal"], Modality.DENIED),
        ("The rebels failed to take Marib.", ["Marib"], Modality.DENIED),
        ("The Interior Ministry denied that the Taliban had captured Kunduz.", ["Kunduz"], Modality.DENIED),
        ("If the army takes Kidal, the rebels will flee.", ["Kidal"], Modality.EXPECTED),
        ("The army was forced to withdraw from Kidal.", ["Kidal"], Modality.ASSERTED),
        ("Officials said the Taliban captured Kunduz on Sunday.", ["Kunduz"], Modality.ASSERTED),
    ],
)
def test_only_stated_changes_are_asserted(text: str, places: list[str], modality: Modality) -> None:
    found = claims_in(text, places)
    assert found and {c.modality for c in found} == {modality.value}


def test_a_fall_denied_names_the_actor_the_article_named_last() -> None:
    text = (
        "The Taliban attacked Kunduz from three sides. The Interior Ministry denied that Kunduz had fallen."
    )
    assert ("Taliban", "captured", "Kunduz", "denied") in triples(text, ["Kunduz"])


def test_lists_appositions_and_the_town_of() -> None:
    text = ("The Taliban captured Zaranj, Sheberghan and Kunduz on Friday. "
            "Russian forces took control of the town of Soledar. "
            "Ukrainian forces entered several settlements, including the strategic town of Snihurivka.")
    found = triples(text, ["Zaranj", "Sheberghan", "Kunduz", "Soledar", "Snihurivka"])
    assert {("Taliban", "captured", p, "asserted") for p in ("Zaranj", "Sheberghan", "Kunduz")} <= found
    assert ("Russian forces", "captured", "Soledar", "asserted") in found  # not also "controls"
    assert ("Russian forces", "controls", "Soledar", "asserted") not in found
    assert ("Ukrainian forces", "entered", "Snihurivka", "asserted") in found


def test_a_nominal_takes_its_actor_from_the_verb_that_carries_it() -> None:
    """A nominal's actor is the subject of the verb that carries it; a capital named for its
    government stands for its country."""
    text = ("Moscow announced the withdrawal of its forces from the right bank of the Dnieper, "
            "including the city of Kherson.")
    assert ("Russia", "withdrew", "Kherson", "asserted") in triples(text, ["Kherson"])


def test_a_repelled_attack_is_a_repulse_by_the_speaker() -> None:
    assert triples("The army said it repelled an attack on Kidal.", ["Kidal"]) == {
        ("army", "repelled", "Kidal", "asserted")}


def test_the_loser_of_a_capture_loses_the_place() -> None:
    found = claims_in("Sudanese troops recaptured Wad Madani from the Rapid Support Forces on Saturday.",
                      ["Wad Madani"])
    retook = next(c for c in found if c.action == Action.RETOOK.value)
    assert retook.loser == "Rapid Support Forces" and retook.side == Side.STATE.value
    lost = next(c for c in found if c.action == Action.LOST.value)
    assert (lost.actor, lost.side) == ("Rapid Support Forces", Side.NON_STATE.value)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("KYIV, Ukraine (AP) — The head of the Russian private army Wagner claimed Saturday that his forces "
         "had taken full control of Bakhmut.", ["Bakhmut"]),
        ("Aug 15 Prominent Afghan warlords Marshal Abdul Rashid Dostum and Atta Muhammad Noor fled "
         "Mazar-i-Sharif on Saturday.", ["Mazar-i-Sharif"]),
        ("Rebels in northwestern Syria launched a major offensive and captured Saraqib.", ["Saraqib"]),
        ("Residents fear the Taliban could soon capture Kunduz.", ["Kunduz"]),
    ],
)
def test_actors_are_noun_phrases_not_clauses_dates_or_datelines(text: str, places: list[str]) -> None:
    for c in claims_in(text, places):
        assert c.actor and not any(w in c.actor.split() for w in ("said", "claimed", "launched", "fear",
                                                                  "could",
                                                                 "Aug", "KYIV", "15", "has"))


def test_names_of_armed_actors_are_actors_and_acronyms_take_their_long_form() -> None:
    text = "The Rapid Support Forces (RSF) attacked El Fasher. The RSF captured Nyala on Thursday."
    assert ("Rapid Support Forces (RSF)", "captured", "Nyala", "asserted") in triples(text, ["El Fasher",
                                                                                             "Nyala"])
    assert ("Syrian National Army (SNA)", "captured", "Manbij", "asserted") in triples(
        "The SNA captured Manbij.", ["Manbij"], ("SYR",))


def test_descriptions_and_pronouns_refer_to_the_named_actor_of_their_side() -> None:
    text = ("The Taliban captured Kunduz on Sunday. Government forces retreated to the airport. "
            "The militants later overran Taloqan, and they entered Sar-e-Pul.")
    found = triples(text, ["Kunduz", "Taloqan", "Sar-e-Pul"])
    assert ("Taliban", "captured", "Taloqan", "asserted") in found
    assert ("Taliban", "entered", "Sar-e-Pul", "asserted") in found


def test_frames_are_one_table_over_one_vocabulary() -> None:
    for frame in frames.VERB_FRAMES + frames.NOMINAL_FRAMES:
        assert isinstance(frame.action, Action)
        assert frame.place and all(lemma == lemma.lower() for lemma in frame.lemmas)
    assert {f.action for f in frames.VERB_FRAMES} == set(Action)
    assert all(f.nominal for f in frames.NOMINAL_FRAMES)


def test_a_claim_keeps_its_sentence_as_written() -> None:
    text = "Syria conflict: Islamic State 'seizes' ancient city of Palmyra\n\nBody text here."
    (claim,) = claims_in(text, ["Palmyra"])
    assert claim.sentence == text[claim.start:claim.end] and "'seizes'" in claim.sentence


def agrees(want: str, got: str | None) -> bool:
    """The actor the way evaluation reads it: one name containing the other, case aside."""
    a, b = want.lower(), (got or "").lower()
    return bool(b) and (a in b or (len(b) > 3 and b in a))


# Real news sentences (from the development of the earlier pattern-based extractor) that the
# parse reads as a reader would.
REAL_SENTENCES = [
    ('Taliban take Kandahar and Herat as government collapse accelerates\n\nBody.',
     ('Taliban', 'captured', 'Herat')),
    ('Ukraine pulls troops out of Avdiivka as Russia claims full control\n\nBody.',
     ('Ukraine', 'withdrew', 'Avdiivka')),
    ('The rebels now control Kidal, the regional capital.',
     ('rebels', 'controls', 'Kidal')),
    ('Kidal was held by the rebels until November.',
     ('rebels', 'controls', 'Kidal')),
    ("Militants seize Saddam's hometown Tikrit after overrunning Mosul\n\nBody.",
     ('Militants', 'captured', 'Tikrit')),
    ('The rebels staged a comeback in June, retaking the regional capital Mekele, officials said.',
     ('rebels', 'retook', 'Mekele')),
    ('Mosul and Tikrit were captured by ISIL in June.',
     ('Islamic State of Iraq and the Levant (ISIL)', 'captured', 'Tikrit')),
    ('Mosul and Tikrit were captured by ISIL in June.',
     ('Islamic State of Iraq and the Levant (ISIL)', 'captured', 'Mosul')),
    ('Kunduz is under the control of the Taliban, officials said.',
     ('Taliban', 'controls', 'Kunduz')),
    ('The M23 has seized swaths of North Kivu province since 2021.',
     ('M23', 'captured', 'North Kivu province')),
    ('The TNLA said it captured Mogok on July 24, and government troops were driven out of Kyaukme.',
     ('government troops', 'withdrew', 'Kyaukme')),
    ('The Houthis, who control the capital Sanaa and most big urban centres, renewed their push on Marib.',
     ('Houthis', 'controls', 'Sanaa')),
    ("Syria war: Turkish-led forces 'take full control' of Afrin\n\nBody.",
     ('Turkish-led forces', 'captured', 'Afrin')),
    ("Syria conflict: Islamic State 'seizes' ancient city of Palmyra\n\nBody.",
     ('Islamic State', 'captured', 'Palmyra')),
    ('Taliban fighters occupy Kunduz as the army flees.',
     ('Taliban fighters', 'captured', 'Kunduz')),
    ('Army spokesman Diarran Kone said Friday that Malian troops had completely retaken Konna in Mali.',
     ('Malian troops', 'retook', 'Konna')),
    ('Last month, the Taliban seized control of Imam Sahib, a town in Kunduz province.',
     ('Taliban', 'captured', 'Imam Sahib')),
    ('Hundreds of Afghan army, police, and intelligence personnel abandoned their positions '
     'and fled to Faizabad.',
     ('Afghan army, police, and intelligence personnel (Afghan forces)', 'fled', 'Faizabad')),
    ('Mosul falls to militants as Iraqi forces flee.',
     ('militants', 'captured', 'Mosul')),
    ('Ukrainian troops withdrew from Avdiivka after four months of resistance.',
     ('Ukrainian troops', 'withdrew', 'Avdiivka')),
    ('Syrian government forces recaptured Saraqeb in Idlib province.',
     ('Syrian government forces (Syrian forces)', 'retook', 'Saraqeb')),
    ("Sudan's Rapid Support Forces (RSF) have seized Wad Madani, the country's second city.",
     ('Rapid Support Forces (RSF)', 'captured', 'Wad Madani')),
    ('Avdiivka was briefly seized in 2014 by Moscow-backed separatists, but was retaken by Ukrainian troops.',
     ('Ukrainian troops', 'retook', 'Avdiivka')),
    ('The Russian takeover of Avdiivka in eastern Ukraine was a victory.',
     ('Russia', 'captured', 'Avdiivka')),
    ('More than 300 Afghan military troops crossed the border into Tajikistan.',
     ('Afghan military troops (Afghan troops)', 'crossed', 'Tajikistan')),
    ("Ukraine said Russia's Defense Ministry claimed its forces had captured Selydove in Donetsk region.",
     ('Russia', 'captured', 'Selydove')),
    ('The Arakan Army said on Sunday it had seized full control of Maungdaw township in Myanmar.',
     ('Arakan Army', 'captured', 'Maungdaw township')),
    ('Syrian rebels captured the city of Hama on Thursday, a week after seizing most of Aleppo.',
     ('Syrian rebels', 'captured', 'Aleppo')),
    ('Reports said IS fighters had also taken the al-Tanf crossing on the Iraqi border.',
     ('IS fighters', 'captured', 'al-Tanf')),
    ('The M23 rebels claim capture of DR Congo’s Goma as thousands of residents flee the fighting.',
     ('M23 rebels', 'captured', 'Goma')),
    ('Fighters from the M23 armed group say they have captured Goma, the largest city in eastern Congo.',
     ('M23 armed group', 'captured', 'Goma')),
    ('The Houthis, who ousted the government from Sanaa in late 2014, seized al-Hazm, the capital of '
     'al-Jawf, in Yemen.',
     ('Houthis', 'captured', 'al-Hazm')),
    ('The UN mission MINUSMA, which had about 13,000 troops in Mali, pulled out of Kidal in October.',
     ('UN mission MINUSMA', 'withdrew', 'Kidal')),
    ('On Monday, the Islamic State group claimed through its Amaq news agency that its '
     'fighters had seized Palma.',
     ('Islamic State group', 'captured', 'Palma')),
    ('The TPLF said its forces had entered the city. A government spokesman said the army had left Mekelle.',
     ('army', 'withdrew', 'Mekelle')),
    ('KYIV, Ukraine (AP) — The head of the Russian private army Wagner claimed Saturday that his forces had '
     'taken full control of Bakhmut in Ukraine.',
     ('Russian private army Wagner', 'captured', 'Bakhmut')),
    ('BEIRUT (AP) — Israeli ground troops pushed toward the hilltop town of Khiam in southern '
     'Lebanon on Wednesday.',
     ('Israeli ground troops (Israeli troops)', 'advanced', 'Khiam')),
    ("Ukraine's top commander said on Thursday his forces had captured the town of Sudzha in Russia.",
     ('Ukraine', 'captured', 'Sudzha')),
    ('The Saudi-Emirati military coalition fighting in Yemen says its forces have captured Hodeidah airport.',
     ('Saudi-Emirati military coalition', 'captured', 'Hodeidah')),
    ('Troops of Operation Lafiya Dole on Sunday regained control of Marte in Borno State, Nigeria.',
     ('Troops of Operation Lafiya Dole', 'retook', 'Marte')),
    ('The operation followed a Hamas rocket attack on the Kerem Shalom crossing on May 5 in Israel.',
     ('Hamas', 'attacked', 'Kerem Shalom')),
    ('Lalibela, about 340km (210 miles) north of Addis Ababa, was briefly captured by '
     'Tigrayan forces in 2021.',
     ('Tigrayan forces', 'captured', 'Lalibela')),
    ('- Russian forces withdrew from Balakliia, which Ukrainian forces recaptured on September 8.',
     ('Ukrainian forces', 'retook', 'Balakliia')),
]


@pytest.mark.parametrize(("text", "claim"), REAL_SENTENCES)
def test_claims_from_real_sentences(text: str, claim: tuple[str, str, str]) -> None:
    actor, action, place = claim
    found = claims_in(text, [place])
    assert any(agrees(actor, c.actor) and c.action == action and c.place == place for c in found), found


# Structures the parse reader reads since the reader became the default; each names the construction.
@pytest.mark.parametrize(
    ("text", "places", "claim"),
    [
        # a hyphenated holder before the place or before the place noun that names it
        ("Families fled to the Kurdish-controlled town of Tel Rifaat.", ["Tel Rifaat"],
         ("Kurdish", "controls", "Tel Rifaat")),
        ("Civilians left the rebel-held Eastern Ghouta enclave on Sunday.", ["Eastern Ghouta"],
         ("rebel", "controls", "Eastern Ghouta")),
        # a participle after the place: the actor named last
        ("The rebels hold Lalibela, captured by the TPLF in early August.", ["Lalibela"],
         ("TPLF", "captured", "Lalibela")),
        # a renaming participle: the noun it renames fills the slot
        ("Pro-government forces had withdrawn from the city, known locally as Tadmur, on Sunday.", ["Tadmur"],
         ("forces", "withdrew", "Tadmur")),
        # "including" after a verb's object and a time phrase: the object's slot
        ("Ukrainian troops liberated more than 30 settlements in the past 24 hours, including Shevchenkove.",
         ["Shevchenkove"], ("Ukrainian troops", "retook", "Shevchenkove")),
        # a list item the parser hangs on a date
        ("The AA captured neighboring Buthidaung in May and Paletwa, in southern Chin State, in January.",
         ["Buthidaung", "Paletwa"], ("AA", "captured", "Paletwa")),
        # "parts of X" is the place's parts, not "take part"
        ("The Houthis seized large parts of Aden in late March.", ["Aden"], ("Houthis", "captured", "Aden")),
        # a past form the lemmatizer does not know
        ("Troops retook Bama on March 16.", ["Bama"], ("Troops", "retook", "Bama")),
        # a hyphen inside a name is no dateline dash
        ("ISIS retains control of Jarabulus and al-Bab.", ["Jarabulus", "al-Bab"],
         ("ISIS", "controls", "al-Bab")),
        # a wire dateline does not become the subject
        ("KABUL, Aug 20 (Reuters) - Local militia fighters retook Banu district from the Taliban on Friday.",
         ["Banu district"], ("Local militia fighters", "retook", "Banu district")),
        # object control: who was permitted or forced to act is the verb's object
        ("The authorities permitted the retreating Afghan forces to enter Tajikistan.", ["Tajikistan"],
         ("Afghan forces", "entered", "Tajikistan")),
        # "X captured Y district", which the small model reads as one noun phrase
        ("PUL-E-KHUMRI - The Taliban captured Banu district in Baghlan province on Sunday, residents said.",
         ["Banu district"], ("Taliban", "captured", "Banu district")),
        # the place right after the verb read as an adverb, a distance read as the object
        ("It is the biggest gain since Wagner fighters took Soledar, about 15 kilometers to the north, "
         "in January.",
         ["Soledar"], ("Wagner fighters", "captured", "Soledar")),
        # list items the parser hangs on the verb: beside its object, or beside a preposition's object
        ("Officials said the rebels had seized Humera, near the Sudanese border, and the towns of Shire "
         "and Alamata.",
         ["Humera", "Shire", "Alamata"], ("rebels", "captured", "Alamata")),
        ("The Houthis were pushed out of Harib district and Bayhan, the larger of the two, this month.",
         ["Harib district", "Bayhan"], ("Houthis", "withdrew", "Bayhan")),
        # a list after a colon, each item with its province
        ("The RSF has taken three state capitals: Nyala in South Darfur, Zalingei in Central Darfur and "
         "El Geneina in West Darfur.", ["Nyala", "Zalingei", "El Geneina"], ("RSF", "captured", "Zalingei")),
        # where the object lies: "took over the camp in X", "seized hilltops in X"
        ("The army took over the camp in Ber in mid-August.", ["Ber"], ("army", "captured", "Ber")),
        ("Houthi fighters seized several hilltops in Sirwah on Saturday.", ["Sirwah"],
         ("Houthi fighters", "captured", "Sirwah")),
        # a distance standing in the slot: "to within a few kilometres of X"
        ("AA troops have advanced to within a few kilometres of the state capital Sittwe.", ["Sittwe"],
         ("AA troops", "advanced", "Sittwe")),
        # relative clauses on "the town of X", through a complement, and on the place that locates X
        ("In the town of Chasiv Yar, which Russian troops have shelled daily, two civilians were killed.",
         ["Chasiv Yar"], ("Russian troops", "attacked", "Chasiv Yar")),
        ("Pokrovsk, which Russian forces are trying to encircle, has been emptied of civilians.",
         ["Pokrovsk"],
         ("Russian forces", "besieged", "Pokrovsk")),
        ("They seized a dozen towns, including Laukkai, the capital of the Kokang zone, which fell to "
         "the MNDAA in January.", ["Laukkai"], ("MNDAA", "captured", "Laukkai")),
        # an adverbial clause with its own subject and tense keeps its own modality; a description
        # with a name in apposition stands for the name
        ("The group's political wing, the Congo River Alliance, said it would set up an administration, "
         "as it did after seizing Goma in January.", ["Goma"], ("Congo River Alliance", "captured", "Goma")),
        # a name the tagger reads as a number; a commander's "his men"; a name misread as an adverbial
        ("ISIL, led by Abu Bakr al-Baghdadi, has held Falluja since January.", ["Falluja"],
         ("ISIL", "controls", "Falluja")),
        ("A Fano commander said that his men still held Kobo.", ["Kobo"], ("Fano", "controls", "Kobo")),
        ("The TPLF fired rockets at the airports of Bahir Dar and Gondar last week.", ["Bahir Dar", "Gondar"],
         ("TPLF", "attacked", "Gondar")),
        # weapons a state owns stand for its forces; a name beside a known place in a list is a place
        ("Turkish drones struck positions near Sarrin on December 14.", [],
         ("Turkish drones", "attacked", "Sarrin")),
        ("Earlier this month the M23 captured Masisi and Minova, a supply hub on Lake Kivu.", ["Masisi"],
         ("M23", "captured", "Minova")),
        # "X and parts of Y", the "of" hung on X by the parser
        ("Militants regained ground last year, taking Falluja and parts of Ramadi in the west.",
         ["Falluja", "Ramadi"], ("Militants", "captured", "Ramadi")),
        # a state's services listed as one actor
        ("Hundreds of Afghan army, police, and intelligence personnel fled to Faizabad.", ["Faizabad"],
         ("Afghan army, police, and intelligence personnel", "fled", "Faizabad")),
        # a light verb with troops: "send troops into X"
        ("Israel has vowed to send ground troops into Rafah.", ["Rafah"], ("Israel", "entered", "Rafah")),
        # "in the hands of", "fell into the hands of"; a relative clause on the first item of a list
        ("Fighting went on in Crater and Tawahi, which remain in the hands of the Houthi militias.",
         ["Crater", "Tawahi"], ("Houthi militias", "controls", "Tawahi")),
        ("Kunduz fell into the hands of the Taliban on Sunday.", ["Kunduz"],
         ("Taliban", "captured", "Kunduz")),
        # a place name tagged a verb in a list; a site taken whose owner is named through "of"
        ("But ISIL still controls Fallujah and Hit in Anbar, and the army has said that Mosul is next.",
         ["Fallujah", "Hit", "Anbar", "Mosul"], ("ISIL", "controls", "Hit")),
        ("The group said it had captured the headquarters of the army's Northeastern Command in Lashio.",
         ["Lashio"], ("group", "captured", "Lashio")),
        # a second name given in a relative clause; forces hemmed in where they are; "came within"
        ("The ministry said Russian troops had liberated Toretsk, which Russia calls Dzerzhinsk.",
         ["Toretsk", "Dzerzhinsk"], ("Russian troops", "retook", "Dzerzhinsk")),
        ("He said Russian forces had encircled Ukrainian units in Kupiansk.", ["Kupiansk"],
         ("Russian forces", "besieged", "Kupiansk")),
        ("The TPLF came within about 200 km of the capital, Addis Ababa, last month.", ["Addis Ababa"],
         ("TPLF", "advanced", "Addis Ababa")),
        # an apposition the parser hangs elsewhere: its relative clause tells of the place before it
        ("The city lies north of Donetsk, the regional capital that separatists have held since 2014.",
         ["Donetsk"], ("separatists", "controls", "Donetsk")),
    ],
)
def test_parse_structures(text: str, places: list[str], claim: tuple[str, str, str]) -> None:
    got = who_did_what(text, places)
    assert any(agrees(claim[0], a) and (b, p) == claim[1:] for a, b, p in got), got


def test_a_province_compounded_with_an_apposition_is_no_claims_place() -> None:
    text = ("Its capture opens the road to Beledweyne, the Hiiraan regional capital, which the militants "
            "had blockaded for months.")
    got = {(c.action, c.place) for c in claims_in(text, ["Beledweyne", "Hiiraan"])}
    assert ("besieged", "Beledweyne") in got and not any(p == "Hiiraan" for _, p in got), got


def test_it_refers_to_the_subject_before_an_actor_named_in_its_modifier() -> None:
    text = ("The Arakan Army (AA), the armed wing of the United League of Arakan (ULA), launched its "
            "offensive in November. Since then it has captured Kyauktaw.")
    got = who_did_what(text, ["Kyauktaw"])
    assert got == {("Arakan Army (AA)", "captured", "Kyauktaw")}, got


def test_a_border_that_only_says_where_a_place_lies_is_no_claims_place() -> None:
    text = "Fighters were pressing attacks on Lashkar Gah and on Herat, near the Iranian border."
    got = claims_in(text, ["Lashkar Gah", "Herat", "the Iranian border"],
                    kinds={"the Iranian border": "border"})
    assert {c.place for c in got} == {"Lashkar Gah", "Herat"}, got


def test_a_forecast_is_expected_and_a_groups_leaders_speak_for_the_group() -> None:
    text = ("The Libyan rebels took Brega. Analysts said the rebels were likely to push on toward Ajdabiya. "
            "Rebel leaders said they expected to move on Sirte.")
    got = triples(text, ["Brega", "Ajdabiya", "Sirte"])
    assert ("Libyan rebels", "advanced", "Ajdabiya", "expected") in got, got
    assert ("Libyan rebels", "advanced", "Sirte", "expected") in got, got


def test_a_withdrawal_in_a_captures_clause_leaves_the_place_taken() -> None:
    text = ("African Union troops on Sunday took control of Barawe, a port held by al-Shabaab, after the "
            "militants withdrew overnight. The army swept into Kismayu, and on Thursday it captured Merka "
            "after the rebels fled toward the mountains.")
    got = who_did_what(text, ["Barawe", "Kismayu", "Merka"])
    assert ("al-Shabaab", "withdrew", "Barawe") in got, got  # "the militants": the group, not the AU
    assert not any(a == "withdrew" or a == "fled" for _, a, p in got if p != "Barawe"), got


def test_a_stranded_preposition_in_a_relative_clause_takes_the_place() -> None:
    text = ("Russian troops have seized Berdychi and Semenivka, villages that Ukraine's military said it had "
            "withdrawn from.")
    got = who_did_what(text, ["Berdychi", "Semenivka"])
    assert {("Ukraine's military", "withdrew", "Berdychi"),
            ("Ukraine's military", "withdrew", "Semenivka")} <= got


def test_a_hyphenated_modifier_names_no_actor() -> None:
    text = ("The Government of National Accord (GNA) said it had taken Tarhuna. Forces loyal to the "
            "UN-recognised government entered the town on Friday.")
    got = {(c.actor, c.action) for c in claims_in(text, ["Tarhuna"])}
    assert ("Government of National Accord (GNA)", "entered") in got, got


def test_we_in_a_quote_is_the_speakers_side() -> None:
    text = ("The Rapid Support Forces (RSF) seized Wad Madani. \"We have lost the town,\" a colonel at a "
            "local army command said. \"We need a whole army to drive them out of Wad Madani.\"")
    got = claims_in(text, ["Wad Madani"])
    assert not any(c.actor == "Rapid Support Forces (RSF)" and c.action == "lost" for c in got), got
    assert all(c.modality == "expected" for c in got if c.sentence.startswith('"We need')), got


def test_we_is_whoever_the_quotes_speaker_stands_for() -> None:
    from dashboard.actors import ActorBook, classify

    book = ActorBook({"RSF": "Rapid Support Forces"}, frozenset({"rsf", "rapid support forces"}))
    book.register(0, classify("Sudanese Armed Forces", "force", True, True))
    book.register(40, classify("Rapid Support Forces (RSF)", "force", True, True))
    assert book.speaker("a spokesman for the RSF", 100) == "Rapid Support Forces (RSF)"
    assert book.speaker("a colonel at a local military command center", 100) == "Sudanese Armed Forces"
    assert book.speaker("a resident", 100) is None and book.speaker(None, 100) is None


def test_the_place_that_locates_a_named_town_is_no_site_taken() -> None:
    text = "Ukrainian forces have recaptured the village of Robotyne in Zaporizhzhia Oblast."
    got = {(c.action, c.place) for c in claims_in(text, ["Robotyne", "Zaporizhzhia Oblast"],
                                                  kinds={"Zaporizhzhia Oblast": "admin1"})}
    assert got == {("retook", "Robotyne")}, got


def test_a_relative_clause_on_a_place_that_locates_another_tells_of_the_other() -> None:
    text = ("Ukraine threatens Russian positions near Lyman in Donetsk Oblast, which Russian forces "
            "captured in May.")
    got = {(c.actor, c.action, c.place, c.modality) for c in claims_in(text, ["Lyman", "Donetsk Oblast"])}
    assert ("Russian forces", "captured", "Lyman", "asserted") in got  # not expected: its own clause
    assert not any(p == "Donetsk Oblast" for _, _, p, _ in got), got


def test_a_pronoun_refers_to_an_actor_named_outside_any_claim() -> None:
    text = ("From May to September, the M23, backed by the Rwandan army, doubled its territory. "
            "In late June they overran Kanyabayonga and Kirumba.")
    assert ("M23", "captured", "Kirumba") in {(c.actor, c.action, c.place)
                                              for c in claims_in(text, ["Kanyabayonga", "Kirumba"], ("COD",))}


def test_unarmed_actors_take_nothing_and_a_modified_description_stays_as_written() -> None:
    text = "Residents captured Kunduz. Local militia fighters retook Banu from the Taliban."
    got = who_did_what(text, ["Kunduz", "Banu"])
    assert not any(p == "Kunduz" for _, _, p in got)
    assert ("Local militia fighters", "retook", "Banu") in got and ("Taliban", "lost", "Banu") in got


def test_civilians_fleeing_is_displacement_and_soldiers_fleeing_is_a_loss() -> None:
    text = ("Thousands of residents fled Kunduz and some 20,000 people crossed into Tajikistan. "
            "Afghan soldiers fled Faizabad.")
    got = who_did_what(text, ["Kunduz", "Tajikistan", "Faizabad"])
    assert got == {("Afghan soldiers", "fled", "Faizabad")}


def test_only_people_and_their_bodies_flee_or_withdraw() -> None:
    text = ("Heavy rain entered the Kerio Valley on Monday. Police officers withdrew from Mirebalais and the "
            "interim administration fled Mekelle.")
    got = who_did_what(text, ["Kerio Valley", "Mirebalais", "Mekelle"])
    assert {p for _, _, p in got} == {"Mirebalais", "Mekelle"}, got


def test_a_town_is_no_actor_but_a_capital_stands_for_its_government() -> None:
    text = ("Moscow could try to push towards Kharkiv. Erdogan eyes Manbij, where US troops are stationed "
            "alongside the SDF, the alliance that drove IS out of Raqqa.")
    got = claims_in(text, ["Moscow", "Kharkiv", "Manbij", "Raqqa"])
    assert not any(c.actor == "Manbij" for c in got), got
    assert any(c.actor == "Russia" and c.place == "Kharkiv" for c in got), got


def test_a_name_the_gazetteer_lacks_is_a_place_where_a_frame_holds_it() -> None:
    text = ("The army said troops had taken the village of Um Alqura on Thursday. "
            "The 1st Armoured Division captured Battalion 15 of the rebels. "
            "The Taliban captured Saratan in Saratan.")
    got = who_did_what(text, [])
    assert ("troops", "captured", "Um Alqura") in got  # the tagger reads it as an organisation
    retaken = {(c.actor, c.action, c.place)
               for c in claims_in("The army retook Anefis in early October.", [])}
    assert ("army", "retook", "Anefis") in retaken, retaken  # the tagger reads it as a person
    assert not {p for _, _, p in got} & {"Battalion", "Armoured Division", "Saratan"}, got


def test_a_long_form_does_not_take_the_sentence_opening() -> None:
    from dashboard.actors import long_forms

    forms = long_forms("By Tuesday the Defence and Security Forces (FDS) had been pushed back. "
                       "The Islamic State of Iraq and the Levant (ISIL) took Mosul.")
    assert forms == {"FDS": "Defence and Security Forces", "ISIL": "Islamic State of Iraq and the Levant"}
    dateline = long_forms("Cairo- Libyan National Army (LNA) commander Khalifa Haftar declared victory.")
    assert dateline == {"LNA": "Libyan National Army"}, dateline  # a word ends at a dash


def test_a_second_object_after_a_comma_is_an_apposition_whose_clause_tells_of_the_list() -> None:
    text = ("LNA troops seized most of Souq al-Hout and Sabri, the last two districts held by fighters of "
            "the Benghazi Revolutionaries Shura Council, an alliance of Islamist militias.")
    got = who_did_what(text, ["Souq al-Hout", "Sabri"])
    assert ("Benghazi Revolutionaries Shura Council", "controls", "Sabri") in got, got
    assert ("Benghazi Revolutionaries Shura Council", "controls", "Souq al-Hout") in got, got


def test_a_capital_named_for_its_government_stands_for_the_country() -> None:
    text = "Moscow said its troops had captured Lysychansk. Kyiv's forces retook Kupiansk on Sunday."
    got = who_did_what(text, ["Lysychansk", "Kupiansk"])
    assert ("Russia", "captured", "Lysychansk") in got and ("Ukraine", "retook", "Kupiansk") in got, got


def test_a_province_that_only_says_where_a_town_lies_changes_no_hands() -> None:
    text = ("The Taliban captured Banu and three districts in Baghlan province on Sunday. "
            "They later captured Nimroz province.")
    provinces = ["Baghlan province", "Nimroz province"]
    got = {(c.actor, c.action, c.place)
           for c in claims_in(text, ["Banu", *provinces], kinds=dict.fromkeys(provinces, "admin1"))}
    assert ("Taliban", "captured", "Banu") in got and ("Taliban", "captured", "Nimroz province") in got, got
    assert not any(p == "Baghlan province" for _, _, p in got), got


def test_a_monitor_is_no_armed_group_and_a_name_cut_short_is_given_whole() -> None:
    text = ("Fighters of Hayat Tahrir al-Sham (HTS) stormed Saraqib on Monday, according to the Armed "
            "Conflict Location & Event Data Project (ACLED). Analysts said the group could next move "
            "on Maarat.")
    got = who_did_what(text, ["Saraqib", "Maarat"])
    assert ("Hayat Tahrir al-Sham (HTS)", "advanced", "Maarat") in got, got
    assert not any("ACLED" in a for a, _, _ in got), got


def test_a_states_forces_are_on_the_state_side_and_a_trailing_participle_tells_of_the_party() -> None:
    from dashboard.actors import non_state_actor_names, side_of
    from dashboard.vocabulary import Side

    names = non_state_actor_names()
    assert side_of("Defence and Security Forces (FDS)", names) is Side.STATE
    assert side_of("Sudanese Armed Forces (SAF)", names) is Side.STATE
    assert side_of("Rapid Support Forces (RSF)", names) is Side.NON_STATE
    assert side_of("African Union Mission in Somalia (AMISOM)", names) is Side.STATE  # states acting together
    assert side_of("NATO", names) is Side.STATE
    assert side_of("Tigrayan forces", names) is Side.NON_STATE  # a people's forces, no country's
    assert side_of("Kurdish fighters", names) is Side.NON_STATE
    assert side_of("Ethiopian troops", names) is Side.STATE
    assert side_of("Security forces", names) is Side.STATE
    text = ("The fall of Mosul is a blow to efforts to fight Sunni militants who have regained ground "
            "over the past year, taking Falluja in the west.")
    assert ("Sunni militants", "captured", "Falluja") in {(c.actor, c.action, c.place)
                                                          for c in claims_in(text, ["Falluja"])}


def test_a_place_noun_refers_to_the_place_just_named() -> None:
    text = ("Heavy fighting was reported around Avdiivka on Friday. Ukrainian forces abandoned the town on "
            "Saturday. The victories in Badakhshan province came without a fight. "
            "Ten districts have fallen to the Taliban in three days.")
    got = who_did_what(text, ["Avdiivka", "Badakhshan province"], kinds={"Badakhshan province": "admin1"})
    topic = ("Walikale fell on Monday, and fighters entered Walikale on Tuesday. The roads to Kisangani "
             "and Lubutu were cut. Goma was calm. Residents said the rebels had left the town by Friday.")
    left = {(c.actor, c.action, c.place)
            for c in claims_in(topic, ["Walikale", "Kisangani", "Lubutu", "Goma"])}
    assert ("rebels", "withdrew", "Walikale") in left, left  # the town the article is about
    text2 = ("Lalibela was quiet. Gunfire was reported in Gondar, where residents say the militia has seized "
             "parts of the city. Officials in Stepanakert said Azerbaijani forces had shelled it overnight.")
    got |= who_did_what(text2, ["Lalibela", "Gondar", "Stepanakert"])
    assert ("militia", "captured", "Gondar") in got, got
    assert ("Azerbaijani forces", "attacked", "Stepanakert") in got, got
    assert ("Ukrainian forces", "withdrew", "Avdiivka") in got, got
    assert ("Taliban", "captured", "Badakhshan province") in got, got


def test_the_town_refers_past_a_place_named_in_a_description_and_a_measured_city_refers() -> None:
    text = ("The Russian takeover of Avdiivka, known as the gateway to the city of Donetsk, after Ukrainian "
            "forces abandoned the town, was Russia's biggest victory.")
    got = who_did_what(text, ["Avdiivka", "Donetsk"])
    assert ("Ukrainian forces", "withdrew", "Avdiivka") in got, got
    assert not {c for c in got if c[2] == "Donetsk"}, got
    text2 = ("Fighting raged in Mosul on Monday. The capture of the northern city of 2 million by ISIL "
             "stunned Baghdad. Fighting went on near the city of Erbil.")
    got2 = {(c.action, c.place) for c in claims_in(text2, ["Mosul", "Baghdad", "Erbil"])}
    assert ("captured", "Mosul") in got2, got2


def test_a_group_a_lede_introduces_by_description_is_the_one_it_names_next() -> None:
    lede = ("An al Qaeda splinter group seized control of Mosul on Tuesday. The capture of the city by the "
            "Islamic State of Iraq and the Levant (ISIL) stunned Baghdad.")
    first = next(c for c in claims_in(lede, ["Mosul", "Baghdad"]) if c.start < lede.find("."))
    want = ("Islamic State of Iraq and the Levant", "captured", "Mosul")
    assert (first.actor, first.action, first.place) == want
    unnamed = "An al Qaeda splinter group seized control of Mosul on Tuesday."
    assert ("al Qaeda splinter group", "captured", "Mosul", "asserted") in triples(unnamed, ["Mosul"])
    crowd = "The Islamic State claimed the attack. On Monday a group of gunmen entered Palma, the army said."
    assert ("Islamic State", "entered", "Palma", "asserted") in triples(crowd, ["Palma"])


def test_a_clause_on_a_place_that_locates_people_tells_of_the_place() -> None:
    police = "Police in Balakliia, which Ukrainian forces recaptured on 8 September, say it is calm."
    assert ("Ukrainian forces", "retook", "Balakliia", "asserted") in triples(police, ["Balakliia"])
    seat = ("Azerbaijan said it took Fuzuli. Fuzuli was empty. The Defence Ministry in Baku released footage "
            "of the ruins of the town, which was captured by ethnic Armenian forces in 1993.")
    got = who_did_what(seat, ["Fuzuli", "Baku"])
    assert ("ethnic Armenian forces", "captured", "Fuzuli") in got, got
    assert not {c for c in got if c[2] == "Baku"}, got
    governor = ("Soledar fell. Soledar is calm. The governor of Bakhmut said Russian troops had entered "
                "the town.")
    got = who_did_what(governor, ["Soledar", "Bakhmut"])
    assert ("Russian troops", "entered", "Bakhmut") in got, got  # a governor's seat named by "of" is the town


def test_a_title_case_dateline_is_no_subject_and_fighters_from_a_region_are_no_region() -> None:
    text = ("Addis Ababa (AFP) – Rebels from Ethiopia's Tigray region said Tuesday they had seized the town "
            "of Shewa Robit.")
    got = triples(text, ["Addis Ababa", "Shewa Robit"])
    assert ("Rebels", "captured", "Shewa Robit", "asserted") in got, got
    defined = "The Arakan Army (AA) - an ethnic armed group - said it had captured Paletwa."
    got = {(c.actor, c.place) for c in claims_in(defined, ["Paletwa"])}
    assert ("Arakan Army (AA)", "Paletwa") in got, got  # a name and its acronym before a dash: no dateline
    # the opening "Rebels" is a description of the group the article names; the agency defines no name
    named = text + " Tigray People's Liberation Front (TPLF) spokesman Getachew Reda said so."
    got = triples(named, ["Addis Ababa", "Shewa Robit"])
    assert ("Tigray People's Liberation Front", "captured", "Shewa Robit", "asserted") in got, got


def test_the_acronym_is_is_a_name_not_a_verb_and_a_river_is_held_by_no_one() -> None:
    text = "IS now holds a stretch of land along the Euphrates River, including the towns of Qaim and Rawa."
    got = who_did_what(text, ["Qaim", "Rawa"])
    assert got == {("IS", "controls", "Qaim"), ("IS", "controls", "Rawa")}, got
    assert ("IS", "captured", "Qaim", "asserted") in triples("IS seized Qaim on Monday.", ["Qaim"])
    overrun = "The Taliban said they had overrun Kandahar, the second city, and Qalat, the capital of Zabul."
    assert ("Taliban", "captured", "Qalat", "asserted") in triples(overrun, ["Kandahar", "Qalat"])
    shouted = nlp.parse(["KABUL IS CALM AS TALIBAN ENTER QAIM", "IS seized Qaim."])
    assert [t.norm_ for t in shouted[0] if t.text == "IS"] == ["is"]  # upper-case text: the verb
    assert [t.norm_ for t in shouted[1] if t.text == "IS"] == ["isil"]
    many = "A commander said most IS fighters had fled to Tal Afar. The militants overran Sinjar in 2014."
    assert ("IS fighters", "captured", "Sinjar", "asserted") in triples(many, ["Tal Afar", "Sinjar"])


def test_a_handover_gives_the_place_to_its_receiver_and_a_planned_one_is_expected() -> None:
    notables = "Local notables negotiated the handover of Jableh to the factions."
    assert ("factions", "captured", "Jableh", "asserted") in triples(notables, ["Jableh"])
    assert not triples("The Kurds turned Kobane into a fortress.", ["Kobane"])  # the particle is required
    deal = "Under the deal Armenia is to hand over Kalbajar by 25 November and is due to hand back Lachin."
    got = triples(deal, ["Kalbajar", "Lachin"])
    assert ("Armenia", "withdrew", "Kalbajar", "expected") in got, got
    assert ("Armenia", "withdrew", "Lachin", "expected") in got, got


def test_a_peoples_adjective_is_read_whole_and_a_title_case_headline_names_no_one() -> None:
    text = "The South African defence ministry said its troops had entered Bangui."
    assert ("South African forces", "entered", "Bangui", "asserted") in triples(text, ["Bangui"])
    headline = "The M23 said it held Goma. Rebel Fighters Enter Sake After Heavy Fighting Near Goma"
    got = {(c.actor, c.place) for c in claims_in(headline, ["Goma", "Sake"])}
    assert ("M23", "Sake") in got, got


def test_a_passive_read_as_a_state_is_a_passive() -> None:
    text = ('Fano militias fought near Lalibela. "The city of Lalibela is completely liberated," '
            "a spokesman said.")
    got = who_did_what(text, ["Lalibela"])
    assert ("Fano", "retook", "Lalibela") in got and not {c for c in got if c[0] == "city"}, got


def test_a_stronghold_is_held_by_its_owner() -> None:
    text = "Troops advanced on the Taliban stronghold of Musa Qala."
    got = who_did_what(text, ["Musa Qala"])
    assert ("Taliban", "controls", "Musa Qala") in got, got
    route = "The offensive cut the road between the Taliban's strongholds of Musa Qala and Sangin."
    got = who_did_what(route, ["Musa Qala", "Sangin"])
    assert {("Taliban", "controls", "Musa Qala"), ("Taliban", "controls", "Sangin")} <= got, got
    apposed = "Troops attacked Musa Qala, a Taliban stronghold."
    assert ("Taliban", "controls", "Musa Qala", "asserted") in triples(apposed, ["Musa Qala"])
    taken = "Troops captured Musa Qala, a Taliban stronghold, on Monday."  # held before, not after
    assert not {c for c in triples(taken, ["Musa Qala"]) if c[1] == "controls"}
    failed = "The army failed to capture Musa Qala, a Taliban stronghold."  # no change: still held
    assert ("Taliban", "controls", "Musa Qala", "asserted") in triples(failed, ["Musa Qala"])


def test_who_confirms_a_fall_did_not_take_the_place() -> None:
    text = "The Taliban advanced. The defence ministry in Kabul did not confirm the fall of Kandahar."
    got = {(c.actor, c.place) for c in claims_in(text, ["Kabul", "Kandahar"])}
    assert ("Taliban", "Kandahar") in got and not {c for c in got if "ministry" in (c[0] or "")}, got


def test_a_light_verbs_of_hung_on_a_date_is_still_its_own() -> None:
    text = "The M23 rebels took control on Saturday 29 October of Kiwanja and Rutshuru-centre."
    got = triples(text, ["Kiwanja", "Rutshuru-centre"])
    assert {("M23 rebels", "captured", p, "asserted") for p in ("Kiwanja", "Rutshuru-centre")} <= got, got


def test_an_armed_groups_name_is_no_persons_name() -> None:
    text = "Boko Haram has seized 20 towns in Borno since July."
    assert ("Boko Haram", "captured", "Borno", "asserted") in triples(text, ["Borno"])


def test_leaving_ones_own_site_in_a_captures_sentence_is_leaving_the_place_taken() -> None:
    text = ("Nyala fell to the RSF on Thursday after the army's 16th Infantry Division abandoned its "
            "headquarters.")
    got = who_did_what(text, ["Nyala"])
    assert ("army's 16th Infantry Division", "withdrew", "Nyala") in got, got
    guarded = ("Rebels said they had taken control of Myawaddy, after the last army battalion defending it "
               "abandoned its base.")
    got = {(c.actor, c.action) for c in claims_in(guarded, ["Myawaddy"])}
    assert ("last army battalion", "withdrew") in got, got  # "it" is what the battalion defended
    near = "Rebels captured Goma after soldiers abandoned their positions near Sake."
    got = {(c.action, c.place) for c in claims_in(near, ["Goma", "Sake"])}
    assert ("withdrew", "Goma") not in got, got  # the positions they left lie near Sake


def test_a_name_describing_a_place_noun_that_names_its_own_place_is_no_claims_place() -> None:
    text = "Government forces took full control of the Red Sea port city of Mokha after weeks of fighting."
    got = {(c.action, c.place) for c in claims_in(text, ["Red Sea", "Mokha"])}
    assert got == {("captured", "Mokha")}, got


def test_people_taken_out_of_a_place_are_no_withdrawal_of_who_takes_them() -> None:
    staff = "The United States said it would send 3,000 troops to help evacuate embassy staff from Kabul."
    assert not triples(staff, ["Kabul"])
    troops = "The army evacuated its troops from Kabul."
    assert ("army", "withdrew", "Kabul", "asserted") in triples(troops, ["Kabul"])


def test_crossing_a_border_enters_the_country_on_its_far_side() -> None:
    text = "Tajikistan said on Sunday that more than 300 Afghan troops crossed the border overnight."
    border_at, country_at = text.find("the border"), text.find("Tajikistan")
    found = [Place(mention="Tajikistan", start=country_at, end=country_at + 10, kind="country", lat=38.5,
                   lon=71.0, country_iso3="TJK"),
             Place(mention="the border", start=border_at, end=border_at + 10, kind="border", lat=37.0,
                   lon=71.4, country_iso3="AFG", ref="border:AFG-TJK")]
    clean = masked(text)
    sentences = split_sentences(clean)
    got = {(c.actor, c.action, c.place) for c in claims.find_claims(clean, sentences, found, [],
                                                                     [None] * len(sentences), [])}
    assert ("Afghan troops", "crossed", "Tajikistan") in got, got


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The army won back Kunduz from the militants.", ("army", "retook", "Kunduz")),
        ("Ukrainian forces have taken back the village of Kunduz.", ("Ukrainian forces", "retook", "Kunduz")),
        ("The army won back Kunduz on Tuesday.", ("army", "retook", "Kunduz")),
        ("The armed forces will recover every inch of Kunduz.", ("armed forces", "retook", "Kunduz")),
        ("Government forces gained a foothold in Kunduz.", ("Government forces", "entered", "Kunduz")),
        ("The militants abandoned their positions in Kunduz.", ("militants", "withdrew", "Kunduz")),
    ],
)
def test_verbs_particles_and_light_verbs_of_territorial_change(text: str, claim: tuple[str, ...]) -> None:
    got = who_did_what(text, ["Kunduz"])
    assert claim in got and {action for _, action, _ in got} <= {claim[1], "lost"}, got


def test_the_armed_forces_are_a_states() -> None:
    text = ("The 33rd Front said its fighters had pulled back from Tibu. "
            "The armed forces will recover every inch of Catatumbo, he said.")
    assert ("armed forces", "retook", "Catatumbo") in who_did_what(text, ["Tibu", "Catatumbo"])


def test_our_troops_said_by_an_official_of_no_named_side_are_the_troops_the_article_names() -> None:
    text = ("Yemeni troops on Tuesday recaptured Zinjibar, a military official said. "
            "\"Our troops stormed Jaar at dawn,\" the official said.")
    got = who_did_what(text, ["Zinjibar", "Jaar"])
    assert ("Yemeni troops", "captured", "Jaar") in got, got
    assert not {a for a, _, _ in got} & {"official", "the official"}, got


def test_a_multinational_force_is_on_the_state_side_and_no_referent_of_the_insurgents() -> None:
    text = ("Boko Haram insurgents overran Baga after soldiers of the Multinational Joint Task Force "
            "abandoned their base. The insurgents now hold Gamboru.")
    assert ("Boko Haram", "controls", "Gamboru") in who_did_what(text, ["Baga", "Gamboru"])
    retaken = claims_in("Multinational Joint Task Force troops retook Baga.", ["Baga"])
    sides = {c.actor: c.side for c in retaken}
    assert sides == {"Multinational Joint Task Force troops": "state"}, sides


def test_a_long_form_keeps_in_the_when_it_starts_with_the_acronyms_letter() -> None:
    from dashboard.actors import long_forms

    text = "Ansar al-Sharia, the local wing of al-Qaida in the Arabian Peninsula (AQAP), withdrew from Jaar."
    assert long_forms(text) == {"AQAP": "al-Qaida in the Arabian Peninsula"}
    assert long_forms("Fighting in the Donetsk People's Republic (DPR) went on.") == {
        "DPR": "Donetsk People's Republic"
    }


def test_it_and_them_refer_to_the_towns_of_the_sentence_not_to_a_reference_point() -> None:
    text = "Baiji, 200 km north of Baghdad, has changed hands several times since ISIS overran it in 2014."
    assert {(p, a) for _, a, p in who_did_what(text, ["Baiji", "Baghdad"])} == {("Baiji", "captured")}
    listed = ("Yemeni troops recaptured the towns of Zinjibar and Jaar, more than a year after "
              "al-Qaida-linked militants seized them.")
    got = who_did_what(listed, ["Zinjibar", "Jaar"])
    assert {("militants", "captured", "Zinjibar"), ("militants", "captured", "Jaar")} <= got, got
    people = "The army retook Zinjibar and Jaar after the militants drove them out of Lawdar."
    assert not {c for c in who_did_what(people, ["Zinjibar", "Jaar", "Lawdar"]) if c[0] == "militants"
                and c[2] != "Lawdar"}


def test_a_place_noun_under_control_tells_who_holds_the_places_it_describes() -> None:
    text = ("Moscow used Izium as a springboard for its advance on Sloviansk and Kramatorsk, the two biggest "
            "cities still under Ukrainian control in the Donetsk region.")
    got = who_did_what(text, ["Izium", "Sloviansk", "Kramatorsk"])
    held = {("Ukrainian forces", "controls", "Sloviansk"), ("Ukrainian forces", "controls", "Kramatorsk")}
    assert held <= got, got
    gone = "Russian forces advanced on Sloviansk, a city no longer under Ukrainian control."
    assert not {c for c in who_did_what(gone, ["Sloviansk"]) if c[1] == "controls"}


def test_being_in_control_of_a_place_holds_it_and_a_named_target_is_a_plan_to_take_it() -> None:
    held = who_did_what("The army remains in full control of Kunduz.", ["Kunduz"])
    assert held == {("army", "controls", "Kunduz")}, held
    assert not who_did_what("Both sides are fighting for control of Kunduz.", ["Kunduz"])
    text = "The Taliban captured Kunduz. The Taliban said their next target was Baghlan."
    planned = [c for c in claims_in(text, ["Kunduz", "Baghlan"]) if c.place == "Baghlan"]
    assert [(c.actor, c.action, c.modality) for c in planned] == [("Taliban", "captured", "expected")]
    assert not who_did_what("The Taliban said their target was not Baghlan.", ["Baghlan"])


def test_bombing_is_an_attack() -> None:
    assert ("Kenyan jets", "attacked", "Afmadow") in who_did_what(
        "Kenyan jets bombed Al-Shabaab positions near Afmadow.", ["Afmadow"])


def test_a_spokesman_named_after_his_role_or_by_his_surname_is_a_person_not_a_force() -> None:
    text = ("GNA forces entered Tarhuna on Friday, GNA military spokesman Mohamed Gnounou said. "
            "Gnounou said the GNA would not stop until it retook Sirte.")
    actors = {a for a, _, _ in who_did_what(text, ["Tarhuna", "Sirte"])}
    assert actors and not any("Gnounou" in a for a in actors), actors


def test_an_acronym_defined_after_a_countrys_forces_in_lower_case_names_the_forces() -> None:
    from dashboard.actors import long_forms

    text = "The rebels clashed with the armed forces of the Democratic Republic of Congo (FARDC) near Rubaya."
    assert long_forms(text) == {"FARDC": "Armed Forces of the Democratic Republic of Congo"}
    later = text + " The rebels already control Kiwanja."
    got = who_did_what("The M23 took Rubaya. " + later, ["Rubaya", "Kiwanja"])
    assert ("M23", "controls", "Kiwanja") in got, got  # the rebels are not the army


def test_bare_troops_a_side_reports_are_its_own_and_a_country_is_a_state() -> None:
    assert who_did_what("Russia says troops pulled out of Lyman as Ukraine closes ring.", ["Lyman"]) == {
        ("Russia", "withdrew", "Lyman")
    }
    other = who_did_what("The Taliban said the troops had fled Kunduz.", ["Kunduz"])
    assert other and not {a for a, _, _ in other if a == "Taliban"}, other  # the other side's troops
    sides = {c.actor: c.side for c in claims_in("Russia captured Avdiivka.", ["Avdiivka"])}
    assert sides == {"Russia": "state"}, sides


def test_a_capture_after_a_siege_besieged_the_place_first() -> None:
    got = who_did_what("The RSF seized Babanusa after a months-long siege.", ["Babanusa"])
    assert got == {("RSF", "captured", "Babanusa"), ("RSF", "besieged", "Babanusa")}, got
    other = who_did_what("The RSF seized Babanusa after the siege of El Fasher.", ["Babanusa", "El Fasher"])
    assert ("RSF", "besieged", "Babanusa") not in other, other


def test_a_place_a_holder_holds_was_taken_by_the_holder_when_the_text_names_no_one_else() -> None:
    text = ("Soldiers of the task force abandoned Baga. The insurgents now hold most of northern Borno, "
            "including Gamboru, seized in August, and Damasak, which fell in November.")
    got = who_did_what(text, ["Baga", "Borno", "Gamboru", "Damasak"])
    assert {("insurgents", "captured", "Gamboru"), ("insurgents", "captured", "Damasak")} <= got, got
    retaken = who_did_what("Troops retook Gamboru, which fell in August.", ["Gamboru"])
    assert retaken == {("Troops", "retook", "Gamboru")}, retaken  # the one it fell to was someone else


def test_a_named_command_is_an_actor_not_the_state_its_words_suggest() -> None:
    text = "Fighters of the Military Operations Command entered the city of Qardaha."
    got = who_did_what(text, ["Qardaha"])
    assert got == {("Military Operations Command", "entered", "Qardaha")}, got


def test_an_adverb_between_a_verb_and_its_preposition_is_no_part_of_the_slot() -> None:
    text = "Analysts expect Ukrainian forces to move next on Lyman, a rail hub in the Donetsk region."
    assert who_did_what(text, ["Lyman"]) == {("Ukrainian forces", "advanced", "Lyman")}
    north = "IS fighters took control of the village of Tidermene, about 100 km north of Menaka."
    assert {p for _, _, p in who_did_what(north, ["Tidermene", "Menaka"])} == {"Tidermene"}
    planned = "The Taliban captured Kunduz. Taliban commanders said the next target was Baghlan."
    assert ("Taliban", "captured", "Baghlan") in who_did_what(planned, ["Kunduz", "Baghlan"])


def test_review_probes_of_session_10_give_no_claim_they_do_not_state() -> None:
    assert not {c for c in who_did_what("Government troops still hold Maiduguri, which almost fell in 2015.",
                                        ["Maiduguri"]) if c[1] == "captured"}
    assert not {c for c in who_did_what("Kupiansk, formerly under Ukrainian control, fell to Russia.",
                                        ["Kupiansk"]) if c[1] == "controls"}
    people = "Aid workers left Zinjibar and Jaar after militants attacked them."
    assert not {c for c in who_did_what(people, ["Zinjibar", "Jaar"]) if c[0] == "militants"}
    said = who_did_what("Peshmerga said they had retaken Sinjar.", ["Sinjar"])
    assert ("Peshmerga", "retook", "Sinjar") in said, said
