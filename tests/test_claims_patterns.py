"""Claims by the surface-pattern reader (DASHBOARD_CLAIMS=patterns; the parse reader is the default)
through extract()."""
from __future__ import annotations

import pytest

from dashboard import extract


@pytest.fixture(autouse=True)
def _patterns_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_CLAIMS", "patterns")

SEED = open("seeds/ap_2021-07-04_badakhshan.txt", encoding="utf-8").read()


def claims_of(text: str, published: str | None = "2021-07-04") -> set[tuple[str | None, str, str]]:
    return {(c.actor, c.action, c.place) for c in extract(text, published).claims}


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Last month, the Taliban seized control of Imam Sahib, a town in Kunduz province.",
            ("Taliban", "captured", "Imam Sahib"),
        ),
        (
            "Hundreds of Afghan army, police, and intelligence personnel abandoned their positions and "
            "fled to Faizabad.",
            ("Afghan army, police, and intelligence personnel (Afghan forces)", "fled", "Faizabad"),
        ),
        ("Mosul falls to militants as Iraqi forces flee.", ("militants", "captured", "Mosul")),
        (
            "Ukrainian troops withdrew from Avdiivka after four months of resistance.",
            ("Ukrainian troops", "withdrew", "Avdiivka"),
        ),
        (
            "Syrian government forces recaptured Saraqeb in Idlib province.",
            ("Syrian government forces (Syrian forces)", "retook", "Saraqeb"),
        ),
        (
            "Sudan's Rapid Support Forces (RSF) have seized Wad Madani, the country's second city.",
            ("Rapid Support Forces (RSF)", "captured", "Wad Madani"),
        ),
        (
            "Avdiivka was briefly seized in 2014 by Moscow-backed separatists, but was retaken by "
            "Ukrainian troops.",
            ("Ukrainian troops", "retook", "Avdiivka"),
        ),
        (
            "The Russian takeover of Avdiivka in eastern Ukraine was a victory.",
            ("Russia", "captured", "Avdiivka"),
        ),
        (
            "Fighters from Hayat Tahrir al-Sham entered Aleppo on Friday.",
            ("Hayat Tahrir al-Sham", "captured", "Aleppo"),
        ),
        (
            "More than 300 Afghan military troops crossed the border into Tajikistan.",
            ("Afghan military troops (Afghan troops)", "crossed", "Tajikistan"),
        ),
        (
            "GOMA, Congo - M23 rebels backed by Rwanda entered the centre of Goma on Monday.",
            ("M23 rebels", "captured", "Goma"),
        ),
        (
            "Ukraine said Russia's Defense Ministry claimed its forces had captured Selydove "
            "in Donetsk region.",
            ("Russia", "captured", "Selydove"),
        ),
        (
            "The Arakan Army said on Sunday it had seized full control of Maungdaw township in Myanmar.",
            ("Arakan Army", "captured", "Maungdaw township"),
        ),
        (
            "Syrian rebels captured the city of Hama on Thursday, a week after seizing most of Aleppo.",
            ("Syrian rebels", "captured", "Aleppo"),
        ),
        (
            "Baghdad fights Sunni militants who have regained ground in Iraq, taking Falluja "
            "and parts of Ramadi.",
            ("Sunni militants", "captured", "Ramadi"),
        ),
        (
            "Thousands of refugees have fled to neighbouring Sudan, crossing into Kassala in eastern Sudan.",
            ("refugees", "crossed", "Kassala"),
        ),
        (
            "The RSF laid siege to El Fasher, the last army stronghold in Darfur.",
            ("Rapid Support Forces (RSF)", "besieged", "El Fasher"),
        ),
        # a bullet is not part of the actor; a hedge between coordinated verbs keeps the subject
        (
            "- Ukrainian forces captured Kupiansk and likely retook Izium on September 10.",
            ("Ukrainian forces", "retook", "Izium"),
        ),
        # "crossing" after a name is a noun: the verb is "taken"
        (
            "Reports said IS fighters had also taken the al-Tanf crossing on the Iraqi border.",
            ("IS fighters", "captured", "al-Tanf"),
        ),
        # a headline's colon ends the clause before the actor; quotes around the verb are not the actor's
        ("Syria conflict: Islamic State 'seizes' Palmyra.", ("Islamic State", "captured", "Palmyra")),
        # headline: "claim" is not the actor, the owner's country is not the place taken
        (
            "The M23 rebels claim capture of DR Congo’s Goma as thousands of residents flee the fighting.",
            ("M23 rebels", "captured", "Goma"),
        ),
        # "they" after "X say" is X
        (
            "Fighters from the M23 armed group say they have captured Goma, the largest city "
            "in eastern Congo.",
            ("M23 armed group", "captured", "Goma"),
        ),
        # an insert between the subject and its verb
        (
            "The Houthis, who ousted the government from Sanaa in late 2014, seized al-Hazm, the capital of "
            "al-Jawf, in Yemen.",
            ("Houthis", "captured", "al-Hazm"),
        ),
        (
            "The UN mission MINUSMA, which had about 13,000 troops in Mali, pulled out of Kidal in October.",
            ("UN mission MINUSMA", "withdrew", "Kidal"),
        ),
        # "its fighters" after "X claimed ... that" are X's
        (
            "On Monday, the Islamic State group claimed through its Amaq news agency that its fighters "
            "had seized Palma.",
            ("Islamic State group", "captured", "Palma"),
        ),
        # "the army" is the state's army, not the rebels the article names most
        (
            "The TPLF said its forces had entered the city. A government spokesman said the "
            "army had left Mekelle.",
            ("army", "withdrew", "Mekelle"),
        ),
        (
            "Ahmed al-Mismari, a spokesman for the LNA, acknowledged the loss, saying his forces had "
            "withdrawn from Gharyan in Libya.",
            ("Libyan National Army (LNA)", "withdrew", "Gharyan"),
        ),
        # "his forces": the speaker's (a person speaks for a group), past a weekday
        (
            "KYIV, Ukraine (AP) — The head of the Russian private army Wagner claimed Saturday that his "
            "forces had taken full control of Bakhmut in Ukraine.",
            ("Russian private army Wagner", "captured", "Bakhmut"),
        ),
        # "pushed toward the hilltop town of": a few words before the kind of place; the actor as worded
        (
            "BEIRUT (AP) — Israeli ground troops pushed toward the hilltop town of Khiam in southern "
            "Lebanon on Wednesday.",
            ("Israeli ground troops (Israeli troops)", "advanced", "Khiam"),
        ),
        # a weekday between "said" and the subject is not part of it; a backer's adjective is not the name
        (
            "Ukraine's top commander said on Thursday his forces had captured the town of Sudzha in Russia.",
            ("Ukraine", "captured", "Sudzha"),
        ),
        (
            "On December 9, the Turkish-backed SNA captured Manbij in Syria.",
            ("Syrian National Army (SNA)", "captured", "Manbij"),
        ),
        # "its forces": the speaker's, the subject that opens the clause (not the country it fights in)
        (
            "The Saudi-Emirati military coalition fighting in Yemen says its forces have captured "
            "Hodeidah airport.",
            ("Saudi-Emirati military coalition", "captured", "Hodeidah"),
        ),
        # "on Sunday" between the subject and its verb
        (
            "Troops of Operation Lafiya Dole on Sunday regained control of Marte in Borno State, Nigeria.",
            ("Troops of Operation Lafiya Dole", "retook", "Marte"),
        ),
        # a facility taken in a place is that place taken
        (
            "BANGKOK (AP) — The MNDAA said Sunday that it had captured the headquarters of the army’s "
            "Northeastern Command in Lashio, the biggest town in northern Shan state, Myanmar.",
            ("Myanmar National Democratic Alliance Army (MNDAA)", "captured", "Lashio"),
        ),
        # "an ethnic armed group ... said that it had captured": the group the article names, not the
        # government it fights
        (
            "The MNDAA said Lashio was lost by the junta. BANGKOK (AP) — An ethnic armed group fighting "
            "Myanmar’s military government said Sunday that it had captured Lashio in Shan state, Myanmar.",
            ("Myanmar National Democratic Alliance Army (MNDAA)", "captured", "Lashio"),
        ),
        # attacks named as nouns
        (
            "The operation followed a Hamas rocket attack on the Kerem Shalom crossing on May 5 in Israel.",
            ("Hamas", "attacked", "Kerem Shalom"),
        ),
        # a place named to say where another is, is not the one taken
        (
            "Lalibela, about 340km (210 miles) north of Addis Ababa, was briefly captured by "
            "Tigrayan forces in 2021.",
            ("Tigrayan forces", "captured", "Lalibela"),
        ),
        # a relative clause's object is the place it hangs on
        (
            "- Russian forces withdrew from Balakliia, which Ukrainian forces recaptured on September 8.",
            ("Ukrainian forces", "retook", "Balakliia"),
        ),
        # an agentless passive names its agent earlier: "the operations of X"
        (
            "As a result of the successful operations of the Azerbaijan Army, the city of Shusha was "
            "liberated from occupation in Azerbaijan.",
            ("Azerbaijan Army", "retook", "Shusha"),
        ),
    ],
)
def test_claims_from_real_sentences(text: str, claim: tuple[str, str, str]) -> None:
    assert claim in claims_of(text)


def test_descriptions_refer_to_the_named_actor_and_dates_sources_attach() -> None:
    claims = extract(SEED, "2021-07-04").claims
    imam = next(c for c in claims if c.place == "Imam Sahib")
    assert (imam.actor, imam.action, imam.when) == ("Taliban", "captured", "2021-06")
    fallen = next(c for c in claims if c.when == "2021-07-01/2021-07-03")
    assert (fallen.actor, fallen.place, fallen.source) == ("Taliban", "Badakhshan province",
                                                           "Mohib-ul Rahman")
    assert all(SEED[c.start:c.end] == c.sentence for c in claims)


def test_quotes_keep_their_exact_text_and_speaker() -> None:
    quotes = extract(SEED, "2021-07-04").quotes
    quote = next(q for q in quotes if q.text.startswith("Unfortunately"))
    assert quote.text == "Unfortunately, the Taliban have taken over the bulk of the areas with no resistance"
    assert quote.speaker == "Mohib-ul Rahman"
    assert SEED[quote.start:quote.end] == quote.text


def test_consistency_of_a_stated_border_is_checked_against_geometry() -> None:
    finding = next(c for c in extract(SEED, "2021-07-04").consistency if c.place == "Imam Sahib")
    assert finding.consistent is False
    assert (
        "inside Kunduz: consistent" in finding.finding and "Afghanistan–Tajikistan border" in finding.finding
    )


def test_a_negated_verb_states_no_claim() -> None:
    text = ("Panjshir was the only one of Afghanistan's 34 provinces not to have fallen to the Taliban. "
            "The rebels never captured Kabul.")
    assert claims_of(text) == set()


def test_taking_the_towns_of_a_list_claims_each_town() -> None:
    text = "Tareq Saleh's forces advanced up the coast in Yemen, taking the towns of al-Khokha and Hays."
    taken = {(c.action, c.place) for c in extract(text, "2018-06-20").claims}
    assert {("captured", "al-Khokha"), ("captured", "Hays")} <= taken


@pytest.mark.parametrize("text", [
    "Putin vowed to take Kyiv within days.",
    "Russia will capture Kharkiv, the minister said.",
    "Fighters were pressing attacks on Lashkar Gah.",  # a noun after a gerund, not a verb
])
def test_intentions_and_nouns_state_no_change_of_hands(text: str) -> None:
    assert claims_of(text) == set()


def test_a_progressive_is_not_read_as_a_passive() -> None:
    # "were holding" is not "Herat was held": the troops hold it, Herat is not their subject
    assert claims_of("Government troops were holding Herat against the Taliban.") == {
        ("Government troops", "controls", "Herat")}


def test_an_acronym_actor_is_written_with_the_long_form_the_article_gives() -> None:
    text = ("Sudan's Rapid Support Forces (RSF) pushed west in October. "
            "Three state capitals - Nyala, Zalingei and El Geneina - are now under RSF control. "
            "RSF units stormed the garrison at Ardamata.")
    found = claims_of(text, "2023-11-10")
    assert {("Rapid Support Forces (RSF)", "controls", town) for town in ("Nyala", "Zalingei",
                                                                          "El Geneina")} <= found
    assert ("Rapid Support Forces (RSF) units", "besieged", "Ardamata") in found


def test_taken_from_a_group_is_that_group_s_loss() -> None:
    found = claims_of("Ukrainian forces retook Kherson from Russian troops on Friday. "
                      "Rebels took the road from Kherson to Mykolaiv.", "2022-11-12")
    assert {("Ukrainian forces", "retook", "Kherson"), ("Russian troops", "lost", "Kherson")} <= found
    assert not any(action == "lost" for _, action, _ in found - {("Russian troops", "lost", "Kherson")})


def test_a_colon_list_with_where_each_item_is_claims_every_item() -> None:
    text = ("Since late October, the RSF has captured four of the region's five state capitals: "
            "Nyala in South Darfur, Zalingei in Central Darfur, El Geneina in West Darfur and Ed "
            "Daein in East Darfur.")
    taken = {
        place
        for actor, action, place in claims_of(text, "2023-11-20")
        if (actor, action) == ("Rapid Support Forces (RSF)", "captured")
    }
    assert taken == {"Nyala", "Zalingei", "El Geneina", "Ed Daein"}


def test_a_comma_list_needs_its_and_but_an_apposition_is_not_one() -> None:
    assert {p for _, _, p in claims_of("The Taliban seized Kunduz, Taloqan and Sar-e-Pul on Sunday.",
                                       "2021-08-09")} == {
        "Kunduz", "Taloqan", "Sar-e-Pul"}
    assert {p for _, _, p in claims_of("The Taliban seized Kunduz, Afghanistan's fifth city.",
                                       "2021-08-09")} == {"Kunduz"}


def test_a_claim_keeps_its_sentence_as_written() -> None:
    [claim] = [c for c in extract("Islamic State 'seizes' ancient city of Palmyra\n\nBody.",
                                  "2015-05-21").claims]
    assert claim.sentence == "Islamic State 'seizes' ancient city of Palmyra"


# (text, publication date, a claim it states): headlines, control, lists, participles, actors
CLAIMS_IN_CONTEXT = [
    # headlines in the present tense, and who holds a place
    ("Taliban take Kandahar and Herat as government collapse accelerates\n\nBody.", "2021-07-04",
     ("Taliban", "captured", "Herat")),
    ("M23 rebels march into Bukavu as Congolese troops pull out\n\nBody.", "2021-07-04",
     ("M23 rebels", "captured", "Bukavu")),
    ("Ukraine pulls troops out of Avdiivka as Russia claims full control\n\nBody.", "2021-07-04",
     ("Ukraine", "withdrew", "Avdiivka")),
    ("The rebels now control Kidal, the regional capital.", "2021-07-04", ("rebels", "controls", "Kidal")),
    ("Kidal was held by the rebels until November.", "2021-07-04", ("rebels", "controls", "Kidal")),
    # an agentless capture is the named armed actor's
    ("The Taliban captured Kunduz on Sunday and took Taloqan on Monday. "
     "Ghazni, 150km southwest of Kabul, was captured on Thursday.", "2021-08-13", ("Taliban", "captured",
                                                                                   "Ghazni")),
    # possessives, participles and facilities
    ("Militants seize Saddam's hometown Tikrit after overrunning Mosul\n\nBody.", "2023-11-10",
     ("Militants", "captured", "Tikrit")),
    ("Militants seize Saddam's hometown Tikrit after overrunning Mosul\n\nBody.", "2023-11-10",
     ("Militants", "captured", "Mosul")),
    ("The rebels staged a comeback in June, retaking the regional capital Mekele, officials said.",
     "2023-11-10",
     ("rebels", "retook", "Mekele")),  # a participle after a comma: the sentence's subject acts
    ("In late October the RSF captured Zalingei.", "2023-11-10", ("Rapid Support Forces (RSF)", "captured",
                                                                  "Zalingei")),  # not the month
    ("RSF units stormed the 15th Infantry Division garrison at Ardamata.", "2023-11-10",
     ("Rapid Support Forces (RSF) units", "besieged", "Ardamata")),
    # listed subjects and "under control"
    ("Mosul and Tikrit were captured by ISIL in June.", "2014-06-20",
     ("Islamic State of Iraq and the Levant (ISIL)", "captured", "Tikrit")),
    ("Mosul and Tikrit were captured by ISIL in June.", "2014-06-20",
     ("Islamic State of Iraq and the Levant (ISIL)", "captured", "Mosul")),
    ("Kunduz is under the control of the Taliban, officials said.", "2014-06-20", ("Taliban", "controls",
                                                                                   "Kunduz")),
    # lists after "including", inserts and pronouns
    ("Ukrainian troops liberated more than 30 settlements in the past 24 hours, including Shevchenkove and "
     "Volokhiv Yar.", "2025-01-28", ("Ukrainian troops", "retook", "Volokhiv Yar")),
    ("The M23 has seized swaths of North Kivu province since 2021.", "2025-01-28",
     ("M23", "captured", "North Kivu province")),
    # a dash-delimited insert is dropped before the subject is read; "took up arms" takes nothing; "M23" is a
    # name as much as "AFC", and "Congo" inside "Congo River Alliance" is not the country "it" refers to
    ("The M23 – part of the Congo River Alliance (AFC) coalition – has seized swaths "
     "of North Kivu province since it took up arms in 2021. Earlier this month it "
     "captured Masisi.", "2025-01-28", ("M23", "captured",
                                                                                       "Masisi")),
    # driven out, "who" after a name, long facility names
    ("The TNLA said it captured Mogok on July 24, and government troops were driven out of Kyaukme.",
     "2024-07-30",
     # driven out: the subject lost the place, not a passive of it
     ("government troops", "withdrew", "Kyaukme")),
    ("The Houthis, who control the capital Sanaa and most big urban centres, renewed their push on Marib.",
     "2024-07-30", ("Houthis", "controls", "Sanaa")),  # "who" after a name that is no force noun
    ("RSF fighters overran the army's 15th Infantry Division base at Ardamata, on the outskirts of Geneina.",
     "2024-07-30", ("Rapid Support Forces (RSF) fighters", "captured", "Ardamata")),
    # scare quotes and "occupy"
    ("Syria war: Turkish-led forces 'take full control' of Afrin\n\nBody.", "2021-07-04",
     ("Turkish-led forces", "captured", "Afrin")),
    ("Syria conflict: Islamic State 'seizes' ancient city of Palmyra\n\nBody.", "2021-07-04",
     ("Islamic State", "captured", "Palmyra")),
    ("Taliban fighters occupy Kunduz as the army flees.", "2021-07-04", ("Taliban fighters", "captured",
                                                                         "Kunduz")),
    # an official's forces are his country's
    ("Azerbaijani President Ilham Aliyev spoke on Saturday. "
     "On Oct. 4, Aliyev said his forces had taken Jabrayil, a district centre south of Fuzuli.", "2020-10-10",
     ("Azerbaijani forces", "captured", "Jabrayil")),
    # "our control" and an unnamed holder in a quotation are the speaker's group
    ("Fighting in Myanmar's Rakhine state. “Maungdaw is now fully under our control,” AA spokesman Khaing "
     "Thukha told The Irrawaddy.", "2024-12-09",
     ("Arakan Army (AA)", "controls", "Maungdaw")),
    ('"Myawaddy is now under the control of the revolution," Padoh Saw Taw Nee, a KNU '
     'spokesperson, told reporters.',
     "2024-04-11", ("Karen National Union (KNU)", "controls", "Myawaddy")),
    # a list item keeps its date ("in May") without ending the list
    ("The AA captured neighboring Buthidaung in May and Paletwa, in southern Chin State, in January.",
     "2024-12-09",
     ("Arakan Army (AA)", "captured", "Paletwa")),
    # civilians crossing into a country flee there; an announced capture is the announcer's side's
    ("Thousands of inhabitants of Bunagana crossed into Uganda on Monday.", "2022-06-13",
     ("inhabitants of Bunagana", "fled", "Uganda")),
    ("Azerbaijani President Ilham Aliyev said his army had captured Fuzuli. "
     "He announced the capture of the village of Hadrut on Oct. 9.", "2020-10-17",
     ("Azerbaijani army", "captured", "Hadrut")),
    # an acronym the article does not define gets the bundled long form, read by the article's country
    ("The RSF seized Wad Madani in Sudan on Monday.", "2023-12-19", ("Rapid Support Forces (RSF)", "captured",
                                                                     "Wad Madani")),
    ("The SNA captured Manbij in Syria.", "2024-12-09", ("Syrian National Army (SNA)", "captured", "Manbij")),
    ("The SNA captured Baidoa in Somalia.", "2024-12-09", ("Somali National Army (SNA)", "captured",
                                                           "Baidoa")),
    # actors read through descriptions, bullets, adverbs and relative clauses
    ("Ukrainian units enter Kherson, the only regional capital Russian forces had captured in Ukraine.",
     "2022-11-11",
     ("Ukrainian units", "captured", "Kherson")),
    ("Army spokesman Diarran Kone said Friday that Malian troops had completely retaken Konna in Mali.",
     "2013-01-18",
     ("Malian troops", "retook", "Konna")),
    ("- Forces aligned with the Government of National Accord (GNA) said that they had taken Sirte in Libya.",
     "2016-12-08", ("Government of National Accord (GNA)", "captured", "Sirte")),
    ('"Our forces have taken full control of Kombolcha," Getachew Reda, a spokesman for the Tigray People\'s '
     'Liberation Front (TPLF), said of the town in Ethiopia.', "2021-10-31",
     ("Tigray People's Liberation Front", "captured", "Kombolcha")),
    ("On 26 November last year hundreds of fighters stormed Djibo in Burkina Faso.", "2023-01-05",
     ("fighters", "besieged", "Djibo")),
    # pushing a group out of a place takes it from them; besieging the people in a place besieges it
    ("The SDF launched its campaign in September, pushing IS out of Hajin in Syria.", "2019-03-23",
     ("Syrian Democratic Forces (SDF)", "captured", "Hajin")),
    ("The SDF launched its campaign in September, pushing IS out of Hajin in Syria.", "2019-03-23",
     ("IS", "lost", "Hajin")),
    ("The SDF is besieging the remaining jihadists in Hajin, Syria.", "2019-03-23",
     ("Syrian Democratic Forces (SDF)", "besieged", "Hajin")),
    # "from paramilitaries": the armed group the article names
    ("Sudan's army said it had recaptured Wad Madani from paramilitaries. The RSF still controls Nyala.",
     "2025-01-11",
     ("Rapid Support Forces (RSF)", "lost", "Wad Madani")),
]


@pytest.mark.parametrize(("text", "published", "claim"), CLAIMS_IN_CONTEXT)
def test_claim_in_context(text: str, published: str, claim: tuple[str, str, str]) -> None:
    assert claim in claims_of(text, published)
