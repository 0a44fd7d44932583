"""The Streamlit page (``streamlit run dashboard/app.py``): the only module importing streamlit.

It reads the database (``DASHBOARD_DB`` or ``var/dashboard.sqlite``), ingests ``seeds/`` when the
database is empty, and shows who holds each place on the "as of" date (``?as_of=2021-08-20``) on
the map, the figures, the claims with their quotes, the changes of control, the contradictions,
the stated-geography checks and the reports, filtered by the provinces and actors in the URL
(``?province=Kunduz&province=Badakhshan&actor=Taliban``; a name two offered provinces share is
qualified by the country: ``?province=Al+Jawf+(YEM)``).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

import folium
import streamlit as st
from dashboard import folium_frame

from dashboard import charts, controlview, corrections, datasets, ingest, sides, store, worker
from dashboard import events as territory
from dashboard import provinces as province_names
from dashboard.errors import DashboardError
from dashboard.mapview import (ATTRIBUTION, MapLayers, Overlays, base_map, overlays, province_labels,
                               province_options, render_copy)
from dashboard.settings import EXTRACT_BUDGET_S, MAX_ARTICLE_BYTES, database
from dashboard.text import displayable

if TYPE_CHECKING:
    import pandas as pd

MAP_HEIGHT = 560
MAX_FILTER_PROVINCES = 50  # a filter of more is not a filter; SQLite's expression depth stays small
FILTER_KEY = "provinces"
AS_OF_KEY, AS_OF_SLIDER, AS_OF_INPUT = "as_of", "as_of_slider", "as_of_input"
ACTORS_KEY = "actors"
EMPTY_CONTROL = ("No changes of control yet. Add articles that say who captured, retook, lost, left or "
                 "besieged a place, with their publication dates: paste one under *Add article*, or "
                 "`python -m dashboard ingest FOLDER` (a .json sidecar beside each article may give its "
                 "title, date, outlet and URL). The map then colours each place by who holds it on the "
                 "chosen date.")
SEEDED_KEY = "seeded_databases"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


@st.cache_resource(show_spinner=False)
def map_layers() -> MapLayers:
    """Display geometry, loaded once per server process and shared by every session."""
    return MapLayers(datasets.admin0_display(), datasets.admin1_display(), datasets.borders_display())


@st.cache_resource(show_spinner=False)
def extractor() -> worker.Extractor:
    """The process that reads added articles, shared by every session (issue 19)."""
    return worker.Extractor(EXTRACT_BUDGET_S)


@st.cache_resource(show_spinner=False, max_entries=64)
def map_frame(db_path: str, version: tuple[tuple[str, int], ...], provinces: tuple[str, ...],
              as_of: date | None, actors: tuple[str, ...]) -> dict[str, Any]:
    """What st_folium sends the browser for one view (the map's script, the filter's layers as
    scripts, links), built once and shared by every session: st_folium renders the map three times
    per call, ~0.5 s of every rerun of every session, and eight sessions queued on it (issue 19)."""
    layers_of_filter = overlays_of(db_path, provinces, version).groups
    ruling = control_of(db_path, version, as_of, provinces, actors) if as_of is not None else None
    # control under the mention markers: the ring around a town is its holder's colour
    mentions = [g for g in layers_of_filter if g.layer_name == "Places"]
    under = [g for g in layers_of_filter if g.layer_name != "Places"]
    m, groups = render_copy(base_of(db_path, version),
                            [*under, *(ruling.groups if ruling else ()), *mentions])
    return folium_frame.component_args(m, groups, folium.LayerControl(collapsed=True))


def show_map(frame: dict[str, Any], on_click: Callable[[], None]) -> None:
    """The map component from its cached arguments; ``on_click`` when a feature is clicked."""
    key = frame["key"]

    def changed() -> None:
        st.session_state["map"] = st.session_state.get(key, {})
        on_click()

    folium_frame.show(frame, height=MAP_HEIGHT, returned_objects=["last_active_drawing"], on_change=changed)


def plain(text: str) -> str:
    """Escape Markdown: messages quote titles, file names and article text, shown by st.error/success."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", displayable(text))


def data_version(db_path: str) -> tuple[tuple[str, int], ...]:
    """Table counts, after filling an empty database from seeds/: they change when an article is added.

    Seeding is tried once per database and session: when a seed fails, reruns do not read them all
    again and repeat the warnings."""
    seeded = st.session_state.setdefault(SEEDED_KEY, set())
    if db_path not in seeded and _counts(db_path)["reports"] == 0:
        seeded.add(db_path)
        conn = store.connect(db_path)  # the only write of the page's own process
        try:
            with st.spinner("First start: reading the seed articles…"):
                for result in ingest.ingest_seeds(conn):
                    if result.error:
                        st.warning(plain(f"seed {result.path_or_name}: {result.error}"))
        finally:
            conn.close()
    return tuple(sorted(_counts(db_path).items()))


def _counts(db_path: str) -> dict[str, int]:
    conn = store.connect(db_path, readonly=True)  # a database in a read-only folder can be shown
    try:
        return store.counts(conn)
    finally:
        conn.close()


@contextmanager
def stop_on_error() -> Iterator[None]:
    """A DashboardError, or any other failure (a corrupt data file, a bug), becomes one st.error line
    and ends this run: no traceback on the page."""
    try:
        yield
    except DashboardError as exc:
        st.error(plain(str(exc)))
        st.stop()
    except Exception as exc:  # noqa: BLE001 - the page's last line of defence
        first_line = (str(exc).strip().splitlines() or [""])[0]
        st.error(plain(f"internal error: {type(exc).__name__}: {first_line}"))
        st.stop()


# cache_resource, not cache_data: the rows are read-only, and cache_data would pickle a copy on
# every rerun (1.1 s at 10,000 reports, `make bench`, issue 8)
@st.cache_resource(show_spinner=False, max_entries=64)
def load_rows(db_path: str, provinces: tuple[str, ...], version: tuple[tuple[str, int], ...]
              ) -> dict[str, list[dict[str, Any]]]:
    """Rows for one filter; ``version`` (the table counts) changes when an article is added."""
    # the counts per province and the article list do not depend on the filter (0.5 s at 10,000)
    unfiltered = load_rows(db_path, (), version) if provinces else None
    conn = store.connect(db_path, readonly=True)
    try:
        return {"places": store.places(conn, provinces), "claims": store.claims(conn, provinces),
                "figures": charts.counted(store.figures(conn, provinces)),
                "consistency": store.consistency(conn, provinces),
                "province_counts": (unfiltered["province_counts"] if unfiltered
                                    else store.province_counts(conn)),
                "reports": unfiltered["reports"] if unfiltered else store.reports(conn)}
    finally:
        conn.close()


@st.cache_resource(show_spinner=False, max_entries=8)
def base_of(db_path: str, version: tuple[tuple[str, int], ...]) -> folium.Map:
    """The map under every filter, built once per data version: it stays the same while the filter
    changes, so the browser keeps it and swaps only the overlays."""
    bounds = overlays_of(db_path, (), version).bounds
    m = base_map(bounds, load_rows(db_path, (), version)["province_counts"], layers=map_layers(),
                 height=MAP_HEIGHT)
    mentions = overlays_of(db_path, (), version).mentions
    if mentions is not None:
        mentions.add_to(m)
    known = territory_of(db_path, version)
    controlview.legend(controlview.holders(known), known.sides).add_to(m)
    return m


@st.cache_resource(show_spinner=False, max_entries=8)
def territory_of(db_path: str, version: tuple[tuple[str, int], ...]) -> territory.Territory:
    """Events, statements and sides of the stored articles, once per data version."""
    conn = store.connect(db_path)
    try:
        if corrections.count(conn):
            return territory.from_store(conn)
        rows = load_rows(db_path, (), version)  # no correction: the rows the page has read already
        return territory.territory(rows["claims"], rows["places"], rows["reports"],
                                   lambda ids: store.report_texts(conn, ids), sides.table())
    finally:
        conn.close()


@st.cache_resource(show_spinner=False, max_entries=64)
def control_of(db_path: str, version: tuple[tuple[str, int], ...], as_of: date, provinces: tuple[str, ...],
               actors: tuple[str, ...]) -> controlview.ControlView:
    """Control on one date for one filter: layers, timeline and contradictions, built once."""
    everything = load_rows(db_path, (), version)
    labels = province_labels(everything["province_counts"], map_layers().provinces)
    return controlview.view(territory_of(db_path, version), as_of,
                            [province_names.parse(p) for p in provinces],
                            actors, layers=map_layers(), labels=labels)


@st.cache_resource(show_spinner=False, max_entries=64)
def overlays_of(db_path: str, provinces: tuple[str, ...], version: tuple[tuple[str, int], ...]) -> Overlays:
    """The layers of one filter, built once per data version: build them reads every mention (2 s at
    10,000 reports, `make bench`, issue 8)."""
    rows = load_rows(db_path, provinces, version)
    return overlays(rows["places"], rows["claims"], rows["province_counts"], provinces, layers=map_layers())


class Sections(NamedTuple):
    """What the page shows beside the map for one filter: tables (with a note when truncated)."""

    figures: tuple[pd.DataFrame, str | None]
    claims: tuple[pd.DataFrame, str | None]
    consistency: pd.DataFrame | None
    reports: pd.DataFrame


@st.cache_resource(show_spinner=False, max_entries=64)
def sections_of(db_path: str, provinces: tuple[str, ...], version: tuple[tuple[str, int], ...]) -> Sections:
    """The tables of one filter, built once per data version (`make bench`, issue 8)."""
    rows = load_rows(db_path, provinces, version)
    figures, figures_note = charts.latest(rows["figures"], charts.TABLE_LIMIT)
    claims, claims_note = charts.latest(rows["claims"], charts.TABLE_LIMIT)
    return Sections(
        figures=(charts.figures_table(figures, rows["claims"]), figures_note),
        claims=(charts.claims_table(claims), claims_note),
        consistency=charts.consistency_table(rows["consistency"]) if rows["consistency"] else None,
        reports=charts.reports_table(rows["reports"]))


def add_article(db_path: str) -> None:
    """Form callback: ingest the pasted text or the upload, remember one line to show."""
    text = st.session_state.get("article_text") or ""
    upload = st.session_state.get("article_file")
    when: date | None = st.session_state.get("article_published")
    published = when.isoformat() if when else None
    title = (st.session_state.get("article_title") or "").strip() or None
    if upload is not None and upload.size > MAX_ARTICLE_BYTES:
        st.session_state["add_message"] = ("error", f"{upload.name} is {upload.size:,} bytes; "
                                                    f"the limit is {MAX_ARTICLE_BYTES:,}")
        return
    if upload is None and not text.strip():
        st.session_state["add_message"] = ("error", "paste an article's text or choose a .txt/.html file")
        return
    try:
        # in the extractor process, within its time budget: the server stays free for other sessions
        result = extractor().run(worker.store_article, db_path, text,
                                 (upload.getvalue(), upload.name) if upload else None, published, title)
    except DashboardError as exc:
        st.session_state["add_message"] = ("error", str(exc))
        return
    if result.error:
        st.session_state["add_message"] = ("error", result.error)
    else:
        verb = "added" if result.created else "already stored"
        found = ", ".join(f"{n} {k}" for k, n in result.counts.items())
        st.session_state["add_message"] = ("success", f"{result.title or 'article'}: {verb} ({found})")


def toggle_clicked_province(options: list[str]) -> None:
    """Map callback: a click on a province adds it to the filter, or removes it."""
    drawing = (st.session_state.get("map") or {}).get("last_active_drawing") or {}
    name = (drawing.get("properties") or {}).get("label")
    if name in options:
        chosen = list(st.session_state.get(FILTER_KEY, []))
        st.session_state[FILTER_KEY] = ([p for p in chosen if p != name] if name in chosen
                                        else [*chosen, name][:MAX_FILTER_PROVINCES])


def url_provinces(values: list[str], options: list[str]) -> list[str]:
    """The URL's ``province`` values that are offered, each once, at most ``MAX_FILTER_PROVINCES``: a
    URL repeating one 600 times made a query too large for SQLite ("Expression tree is too large")
    and was echoed back 1,000 times (issue 19)."""
    offered = set(options)
    return [p for p in dict.fromkeys(values) if p in offered][:MAX_FILTER_PROVINCES]


def selected_provinces(options: list[str]) -> list[str]:
    """The sidebar filter, initialised from and written back to the URL's ``province`` params."""
    if FILTER_KEY not in st.session_state:
        st.session_state[FILTER_KEY] = url_provinces(st.query_params.get_all("province"), options)
    chosen = st.sidebar.multiselect("Provinces", options, key=FILTER_KEY, max_selections=MAX_FILTER_PROVINCES,
                                    help="Provinces with data first. A click on a province also filters.")
    if chosen:
        st.query_params["province"] = chosen
    elif "province" in st.query_params:
        del st.query_params["province"]
    return chosen


def chosen_as_of(days: tuple[date, date]) -> date:
    """The "as of" date: a date input and a slider in the sidebar showing one date (the one just
    changed sets the other), initialised from and written back to the URL's ``as_of`` (default: the
    latest event)."""
    first, last = days
    if AS_OF_KEY not in st.session_state:
        try:
            st.session_state[AS_OF_KEY] = date.fromisoformat(st.query_params.get("as_of", ""))
        except ValueError:
            st.session_state[AS_OF_KEY] = last
    value: date = st.session_state[AS_OF_KEY]
    for key in (AS_OF_INPUT, AS_OF_SLIDER):  # a widget the reader moved since the last run
        if isinstance(st.session_state.get(key), date) and st.session_state[key] != value:
            value = st.session_state[key]
            break
    st.session_state[AS_OF_KEY] = st.session_state[AS_OF_INPUT] = st.session_state[AS_OF_SLIDER] = value
    low, high = min(first, value), max(last, value)
    st.sidebar.date_input("As of", key=AS_OF_INPUT, min_value=low, max_value=high, format="YYYY-MM-DD",
                          help="The map colours each place by who holds it on this day.")
    if low < high:
        st.sidebar.slider("As of (slide through time)", min_value=low, max_value=high, key=AS_OF_SLIDER,
                          format="YYYY-MM-DD", label_visibility="collapsed")
    st.query_params["as_of"] = value.isoformat()
    return value


def chosen_actors(options: list[str]) -> list[str]:
    """The actor filter (places any of them holds or acted on), in the URL as ``actor``."""
    if ACTORS_KEY not in st.session_state:
        st.session_state[ACTORS_KEY] = [a for a in st.query_params.get_all("actor") if a in options]
    chosen = st.sidebar.multiselect("Actors", options, key=ACTORS_KEY,
                                    help="Only places these actors hold or took, retook, besieged...")
    if chosen:
        st.query_params["actor"] = chosen
    elif "actor" in st.query_params:
        del st.query_params["actor"]
    return chosen


def article_form(db_path: str) -> None:
    with st.sidebar.form("add_article", clear_on_submit=True):
        st.subheader("Add article")
        st.text_area("Paste the article's text", key="article_text", height=140, max_chars=MAX_ARTICLE_BYTES)
        st.file_uploader("…or upload a .txt / .html file", type=["txt", "html", "htm"], key="article_file")
        st.text_input("Title (optional)", key="article_title")
        st.date_input("Publication date", value=None, key="article_published", format="YYYY-MM-DD")
        st.form_submit_button("Add", on_click=add_article, args=(db_path,))
    kind, line = st.session_state.pop("add_message", (None, None))
    if kind == "error":
        st.sidebar.error(plain(line))
    elif kind == "success":
        st.sidebar.success(plain(line))


def caption_if(note: str | None) -> None:
    if note:
        st.caption(note)


def main() -> None:
    st.set_page_config(page_title="Reported territorial changes", layout="wide")
    if not st.get_option("server.enableStaticServing"):
        # Leaflet is served from dashboard/static/; without it the map stays blank offline
        st.error("static file serving is off: start the app from the project root (make run), "
                 "which reads .streamlit/config.toml")
    db_path = database().where  # a SQLite path or a postgresql:// URL
    with stop_on_error():
        layers = map_layers()
        version = data_version(db_path)
        everything = load_rows(db_path, (), version)
    with stop_on_error():
        options = province_options(everything["province_counts"], layers.provinces)
    chosen = selected_provinces(options)
    with stop_on_error():
        known = territory_of(db_path, version)
    as_of = actors = None
    if known.events:
        as_of = chosen_as_of((min(e.day for e in known.events), max(e.day for e in known.events)))
        actors = chosen_actors(sorted({e.actor for e in known.events if e.actor}))
    article_form(db_path)
    with stop_on_error():
        rows = load_rows(db_path, tuple(chosen), version) if chosen else everything

    st.header("Reported territorial changes")
    scope = ", ".join(chosen) if chosen else "all provinces"
    n_reports = len({r["report_id"] for key in ("places", "claims", "figures") for r in rows[key]})
    st.caption(f"{len(rows['places'])} place mentions, {len(rows['claims'])} claims, "
               f"{len(rows['figures'])} figures from {n_reports} articles · {scope}")
    ruling = None
    if as_of is None:
        st.info(EMPTY_CONTROL)
    else:
        with stop_on_error():
            ruling = control_of(db_path, version, as_of, tuple(chosen), tuple(actors or ()))
        held = sum(pc.status == "held" for pc in ruling.places)
        disputes = len(ruling.contradictions)
        st.caption(f"As of {as_of.isoformat()}: {held} place{'s' * (held != 1)} held, "
                   f"{len(ruling.places) - held} contested, "
                   f"{disputes} contradiction{'s' * (disputes != 1)} between sources")
    left, right = st.columns([3, 2])
    with left:
        with stop_on_error():
            frame = map_frame(db_path, version, tuple(chosen), as_of, tuple(actors or ()))
        # the base map is the same for every filter: a filter change swaps the groups in the page's map
        # instead of reloading it; only the clicked feature comes back (pan and zoom do not rerun)
        show_map(frame, partial(toggle_clicked_province, options))
        st.caption(ATTRIBUTION)
    with stop_on_error():
        shown = sections_of(db_path, tuple(chosen), version)
    with right:
        st.subheader("Figures")
        st.dataframe(shown.figures[0], hide_index=True, width="stretch")
        caption_if(shown.figures[1])
    st.subheader("Claims")
    st.dataframe(shown.claims[0], hide_index=True, width="stretch")
    caption_if(shown.claims[1])
    st.subheader("Changes of control")
    if ruling is not None and ruling.timeline:
        st.vega_lite_chart(ruling.timeline, width="stretch")
        st.caption("One lane per place; each point is one change of control (an event, however many "
                   "reports tell it), coloured by the side that took it; the dashed rule is the chosen date.")
    else:
        st.info("No change of control on or before this date in this selection." if ruling is not None
                else EMPTY_CONTROL)
    if ruling is not None:
        st.subheader("Contradictions")
        if len(ruling.contradictions):
            st.dataframe(ruling.contradictions, hide_index=True, width="stretch")
        else:
            st.caption("No sources disagree about the places shown, on or before this date.")
    if shown.consistency is not None:
        st.subheader("Stated geography checks")
        st.dataframe(shown.consistency, hide_index=True, width="stretch")
    st.subheader("Reports")
    st.dataframe(shown.reports, hide_index=True, width="stretch")


main()
