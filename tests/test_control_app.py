"""The as-of view's widgets and sections through streamlit.testing.v1.AppTest, on hand-built rows."""
from __future__ import annotations

import hashlib
from datetime import date

from dashboard import store
from dashboard.model import Claim, Place, Report, ReportMeta
from test_app import run

ZARANJ = Place(mention="Zaranj", start=0, end=6, kind="town", name="Zaranj", country_iso3="AFG",
               admin1="Nimroz",
               lat=30.96, lon=61.86, precision=1, ref="geonames:1120985", confidence=0.9, sentence="")


def article(actor: str, action: str, when: str, modality: str = "asserted",
            source: str | None = None) -> tuple:
    sentence = f"{actor} {action} Zaranj on {when} ({modality}, {source})."
    meta = ReportMeta(title=f"{actor} {action} Zaranj", published=when,
                      sha256=hashlib.sha256(sentence.encode()).hexdigest(), outlet="Wire")
    claim = Claim(actor=actor, action=action, place="Zaranj", when=when, sentence=sentence, source=source,
                  admin1="Nimroz", country_iso3="AFG", modality=modality)
    return Report(report=meta, places=(ZARANJ,), claims=(claim,)), sentence


def fill(path: str, articles: list[tuple]) -> None:
    conn = store.connect(path)
    for rep, text in articles:
        store.save_report(conn, rep, text, source="test")
    conn.close()


def test_as_of_comes_from_the_url_and_control_follows_it(new_db, monkeypatch):
    path = new_db()
    fill(path, [article("Taliban", "captured", "2021-08-06"), article("Afghan government forces", "retook",
                                                                      "2021-08-19"),
                article("Taliban", "retook", "2021-08-24")])
    monkeypatch.setenv("DASHBOARD_DB", path)
    at = run({"as_of": ["2021-08-20"]})
    assert not at.exception and not at.error
    assert at.date_input(key="as_of_input").value == date(2021, 8, 20)
    assert at.slider(key="as_of_slider").value == date(2021, 8, 20)
    assert any("As of 2021-08-20: 1 place held, 0 contested" in c.value for c in at.caption)
    at.date_input(key="as_of_input").set_value(date(2021, 8, 10)).run()
    assert at.query_params["as_of"] in ("2021-08-10", ["2021-08-10"])
    assert at.slider(key="as_of_slider").value == date(2021, 8, 10)  # the slider follows the date input
    at.slider(key="as_of_slider").set_value(date(2021, 8, 22)).run()
    assert at.date_input(key="as_of_input").value == date(2021, 8, 22)  # and the other way round
    assert any("As of 2021-08-22: 1 place held" in c.value for c in at.caption)
    assert "Changes of control" in [h.value for h in at.subheader]


def test_default_date_is_the_latest_event_and_actor_filter_goes_in_the_url(new_db, monkeypatch):
    path = new_db()
    fill(path, [article("Taliban", "captured", "2021-08-06"), article("Taliban", "besieged", "2021-08-09")])
    monkeypatch.setenv("DASHBOARD_DB", path)
    at = run()
    assert at.date_input(key="as_of_input").value == date(2021, 8, 9)
    at.multiselect(key="actors").set_value(["Taliban"]).run()
    assert at.query_params["actor"] in ("Taliban", ["Taliban"])


def test_a_denial_fills_the_contradictions_panel(new_db, monkeypatch):
    path = new_db()
    fill(path, [article("Taliban", "captured", "2021-08-08", source="a Taliban spokesman"),
                article("Taliban", "captured", "2021-08-08", modality="denied",
                        source="the Interior Ministry")])
    monkeypatch.setenv("DASHBOARD_DB", path)
    at = run()
    (panel,) = [df.value for df in at.dataframe if "the other side says" in df.value.columns]
    row = panel.iloc[0]
    assert (row["according to"], row["according to "]) == ("a Taliban spokesman", "the Interior Ministry")


def test_without_territorial_claims_the_page_says_what_to_add(new_db, monkeypatch):
    path = new_db()
    rep, text = article("Taliban", "captured", "2021-08-06")
    fill(path, [(Report(report=rep.report, places=rep.places), text)])  # a place, no claim
    monkeypatch.setenv("DASHBOARD_DB", path)
    at = run()
    assert not at.exception
    assert any("No changes of control yet" in i.value for i in at.info)
    assert not [w for w in at.date_input if w.key == "as_of_input"]
