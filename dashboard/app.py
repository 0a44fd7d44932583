"""The Streamlit page (``streamlit run dashboard/app.py``): the only module importing streamlit.

It reads the database (``DASHBOARD_DB`` or ``var/dashboard.sqlite``), ingests ``seeds/`` when the
database is empty, and shows who holds each place on the "as of" date (``?as_of=2021-08-20``) on
the map, the figures, the claims with their quotes, the changes of control, the contradictions,
the stated-geography checks and the reports, filtered by the provinces and actors in the URL
(``?province=Kunduz&province=Badakhshan&actor=Taliban``; a name two offered provinces share is
qualified by the country: ``?province=Al+Jawf+(YEM)``).
"""
from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

import folium
import streamlit as st
from dashboard import folium_frame

from dashboard import aggregates, bundled_data, charts, controlview, corrections, ingest, sections
from dashboard import store, worker
from dashboard import events as territory
from dashboard import province_names
from dashboard.errors import DashboardError
from dashboard.mapview import (MapLayers, Overlays, base_map, focus_group, overlays, province_labels,
                               render_copy)
from dashboard.settings import EXTRACT_BUDGET_S, MAX_ARTICLE_BYTES, database
from dashboard.text import displayable
from dashboard.vocabulary import Action

if TYPE_CHECKING:
    import pandas as pd

MAP_HEIGHT = 560
MAX_FILTER_PROVINCES = 50  # a filter of more is not a filter; SQLite's expression depth stays small
TABLE_ROWS = 15  # rows a table shows before it scrolls
PAGE_KEY = "table_page_{}"  # the page a table shows (per table); its first when the filter changes
REVIEW_REPORTS = charts.TABLE_LIMIT  # articles offered for review: the most recent (and the one just added)
FILTER_KEY = "provinces"
AS_OF_KEY, AS_OF_SLIDER, AS_OF_INPUT = "as_of", "as_of_slider", "as_of_input"
ACTORS_KEY = "actors"
EMPTY_CONTROL = ("No changes of control yet. Add articles that say who captured, retook, lost, left or "
                 "besieged a place, with their publication dates: paste one under *Add article*, or "
                 "`python -m dashboard ingest FOLDER` (a .json sidecar beside each article may give its "
                 "title, date, outlet and URL). The map then colours each place by who holds it on the "
                 "chosen date.")
SEEDED_KEY = "seeded_databases"
DISCARD_KEY = "discard_report"  # an article where nothing was found, offered for discarding
UNDATED_KEY = "undated_report"  # an article added without a publication date
WRITES_KEY = "page_writes"  # changes this session made: part of the data version
VIEW_KEY = "first_view"  # (data version, where the map opens): see first_view()
FOCUS_KEY = "focus_report"  # the article just added: the map and the review panel open on it
MAP_SHOWN_KEY = "map_shown"  # the map (its component key) this session's last run showed
MAP_ASKED_KEY = "map_asked"  # the last request of the map's frame for the map's script
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


@st.cache_resource(show_spinner=False)
def map_layers() -> MapLayers:
    """Display geometry, loaded once per server process and shared by every session."""
    return MapLayers.bundled()


@st.cache_resource(show_spinner=False)
def extractor() -> worker.Extractor:
    """The process that reads added articles, shared by every session (issue 19)."""
    return worker.Extractor(EXTRACT_BUDGET_S)


@st.cache_resource(show_spinner=False, max_entries=64)
def map_frame(db_path: str, version: tuple[tuple[str, int], ...], provinces: tuple[str, ...],
              as_of: date | None, actors: tuple[str, ...],
              view: tuple[tuple[float, float], tuple[float, float]] | None = None,
              focus: bool = False) -> dict[str, Any]:
    """What st_folium sends the browser for one view (the map's script, the filter's layers as
    scripts, links), built once and shared by every session: st_folium renders the map three times
    per call, ~0.5 s of every rerun of every session, and eight sessions queued on it (issue 19)."""
    layers_of_filter = overlays_of(db_path, provinces, version).groups
    ruling = control_of(db_path, version, as_of, provinces, actors) if as_of is not None else None
    # control under the mention markers: the ring around a town is its holder's colour
    mentions = [g for g in layers_of_filter if g.layer_name == "Places"]
    under = [g for g in layers_of_filter if g.layer_name != "Places"]
    m, groups = render_copy(base_of(db_path, version, view),
                            [*under, *(ruling.groups if ruling else ()), *mentions])
    if view and focus:  # the article just added: its fit runs last
        groups.append(focus_group([list(corner) for corner in view]))
    return folium_frame.component_args(m, groups, folium.LayerControl(collapsed=True))


def show_map(frame: dict[str, Any], on_click: Callable[[], None], shown_before: str | None) -> None:
    """The map component from its cached arguments; ``on_click`` when a feature is clicked.
    ``shown_before``: the key of the map the last run showed. The same map is in the browser
    already, so its 3 MB script is not sent again (see ``folium_frame``), unless its frame asks."""
    key = frame["key"]

    def changed() -> None:
        st.session_state["map"] = st.session_state.get(key, {})
        on_click()

    asked = (st.session_state.get(key) or {}).get(folium_frame.MAP_MISSING)
    has_map = shown_before == key and asked == st.session_state.get(MAP_ASKED_KEY)
    st.session_state[MAP_ASKED_KEY] = asked
    folium_frame.show(frame, height=MAP_HEIGHT, returned_objects=["last_active_drawing"], on_change=changed,
                      has_map=has_map)
    st.session_state[MAP_SHOWN_KEY] = key


@st.cache_resource(show_spinner=False)
def _frozen() -> dict[str, Any]:
    """The data whose cached objects are out of the collector's reach (see :func:`freeze_cached`)."""
    return {"data": None}


def freeze_cached(db_path: str, version: tuple[tuple[str, int], ...]) -> None:
    """Move the objects this data version's caches hold (rows, events, map layers: ~400,000 at 10,000
    reports) out of the garbage collector's generations, once per version. Streamlit runs a full
    collection after every rerun (``runner.postScriptGC``), and walking them took 0.3-0.6 s of each
    filter change at 10,000 reports (`make bench`, issue 16) against 3 ms once frozen. When the data
    change, everything is unfrozen and collected once, so the old version's caches can be freed."""
    data = (db_path, tuple(kv for kv in version if kv[0] != "writes"))
    state = _frozen()
    if state["data"] == data:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    state["data"] = data


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
    return (*sorted(_counts(db_path).items()), ("writes", st.session_state.get(WRITES_KEY, 0)))


def _counts(db_path: str) -> dict[str, int]:
    conn = store.connect(db_path, readonly=True)  # a database in a read-only folder can be shown
    try:
        return {**store.version(conn), "corrections": corrections.count(conn)}
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
        return sections.page_rows(conn, provinces, unfiltered)
    finally:
        conn.close()


def corrected(version: tuple[tuple[str, int], ...]) -> bool:
    """Whether the database has corrections: they are applied in Python to every row, so the page then
    reads every row (:func:`load_rows`); else it reads aggregates and LIMITs in SQL (issue 17)."""
    return bool(dict(version).get("corrections"))


def _corrected_or_read(db_path: str, version: tuple[tuple[str, int], ...],
                       of_rows: Callable[[dict[str, Any]], Any], read: Callable[[Any], Any]) -> Any:
    """``of_rows`` of the page's corrected rows when the database has corrections, else ``read`` of a
    reading connection."""
    if corrected(version):
        return of_rows(load_rows(db_path, (), version))
    conn = store.connect(db_path, readonly=True)
    try:
        return read(conn)
    finally:
        conn.close()


@st.cache_resource(show_spinner=False, max_entries=8)
def province_counts_of(db_path: str, version: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    """Mentions, claims, figures and articles per province (corrected when there are corrections)."""
    return _corrected_or_read(db_path, version, lambda rows: rows["province_counts"], store.province_counts)


@st.cache_resource(show_spinner=False, max_entries=8)
def base_of(db_path: str, version: tuple[tuple[str, int], ...],
            view: tuple[tuple[float, float], tuple[float, float]] | None = None) -> folium.Map:
    """The map under every filter, built once per data version: it stays the same while the filter
    changes, so the browser keeps it and swaps only the overlays. It opens on ``view`` (see
    :func:`first_view`), else on all the data."""
    bounds = overlays_of(db_path, (), version).bounds
    m = base_map(bounds, province_counts_of(db_path, version), layers=map_layers(),
                 height=MAP_HEIGHT, view=[list(corner) for corner in view] if view else None)
    everything = overlays_of(db_path, (), version)
    for layer in (everything.quiet, everything.mentions):
        if layer is not None:
            layer.add_to(m)
    known = territory_of(db_path, version)
    controlview.legend(controlview.holders(known), known.sides).add_to(m)
    return m


def first_view(db_path: str, version: tuple[tuple[str, int], ...], chosen: list[str]
               ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Where the map opens when it is (re)loaded: on the article just added, else on the filter. The
    overlays' own fit does not take on a map still being laid out, so without this a shared link
    (``?province=Kunduz``) opened on all the data while choosing the province zoomed (issue 18).
    Kept per data version: the map is reloaded only when the data change."""
    kept = st.session_state.get(VIEW_KEY)
    if kept is not None and kept[0] == version:
        return kept[1]
    focus = st.session_state.get(FOCUS_KEY)
    mentioned = rows_of_report(db_path, version, focus)[0] if focus else []
    located = [p for p in mentioned if p.get("lat") is not None]
    if located:
        lats, lons = [p["lat"] for p in located], [p["lon"] for p in located]
        view = ((min(lats), min(lons)), (max(lats), max(lons)))
    else:
        bounds = overlays_of(db_path, tuple(chosen), version).bounds if chosen else None
        view = ((bounds[0][0], bounds[0][1]), (bounds[1][0], bounds[1][1])) if bounds else None
    st.session_state[VIEW_KEY] = (version, view)
    return view


@st.cache_resource(show_spinner=False, max_entries=8)
def territory_of(db_path: str, version: tuple[tuple[str, int], ...]) -> territory.Territory:
    """Events, statements and sides of the stored articles, once per data version."""
    conn = store.connect(db_path, readonly=True)
    try:
        return territory.from_store(conn)  # claims grouped in SQL, corrected articles apart (issue 17)
    finally:
        conn.close()


@st.cache_resource(show_spinner=False, max_entries=64)
def control_of(db_path: str, version: tuple[tuple[str, int], ...], as_of: date, provinces: tuple[str, ...],
               actors: tuple[str, ...]) -> controlview.ControlView:
    """Control on one date for one filter: layers, timeline and contradictions, built once."""
    labels = province_labels(province_counts_of(db_path, version), map_layers().provinces)
    return controlview.view(territory_of(db_path, version), as_of,
                            [province_names.parse(p) for p in provinces],
                            actors, layers=map_layers(), labels=labels)


@st.cache_resource(show_spinner=False, max_entries=64)
def overlays_of(db_path: str, provinces: tuple[str, ...], version: tuple[tuple[str, int], ...]) -> Overlays:
    """The layers of one filter, built once per data version: from the rows each feature quotes and
    counts in SQL (:mod:`dashboard.aggregates`), or from every corrected row. The provinces nothing
    is reported in are drawn by the base map (:func:`base_of`), so a filter change does not send
    them again."""
    counts = province_counts_of(db_path, version)
    apart = overlays_of(db_path, (), version).quiet_ids if provinces else None
    if corrected(version):
        rows = load_rows(db_path, provinces, version)
        return overlays(rows["places"], rows["claims"], counts, provinces, layers=map_layers(), apart=apart)
    conn = store.connect(db_path, readonly=True)
    try:
        found = aggregates.map_rows(conn, provinces)
    finally:
        conn.close()
    return overlays(found.places, found.claims, counts, provinces, layers=map_layers(), totals=found.totals,
                    apart=apart)


@st.cache_resource(show_spinner=False, max_entries=16)
def rows_of_report(db_path: str, version: tuple[tuple[str, int], ...], report_id: int
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The places and claims of one article, as corrected."""
    tables = ("places", "claims")
    return _corrected_or_read(
        db_path, version,
        lambda rows: tuple([r for r in rows[table] if r["report_id"] == report_id] for table in tables),
        lambda conn: tuple(store.rows_of_report(conn, table, report_id) for table in tables))


@st.cache_resource(show_spinner=False, max_entries=8)
def review_reports(db_path: str, version: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    """The articles offered for review (every one when corrected, else the most recent ones)."""
    return _corrected_or_read(db_path, version, lambda rows: rows["all_reports"],
                              lambda conn: store.recent_reports(conn, (), REVIEW_REPORTS)[0])


@st.cache_resource(show_spinner=False, max_entries=64)
def sections_of(db_path: str, provinces: tuple[str, ...], version: tuple[tuple[str, int], ...]
                ) -> sections.Sections:
    """The caption's counts and the tables of one filter, built once per data version: read with
    counts and LIMITs in SQL, or from the page's rows when there are corrections (issue 17)."""
    conn = store.connect(db_path, readonly=True)
    try:
        return sections.of_database(conn, provinces, partial(load_rows, db_path, provinces, version))
    finally:
        conn.close()


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
        return
    _after_adding(result, _stored_report(db_path, result.report_id))


def _stored_report(db_path: str, report_id: int | None) -> dict[str, Any] | None:
    if report_id is None:
        return None
    conn = store.connect(db_path, readonly=True)
    try:
        return store.report_row(conn, report_id)
    finally:
        conn.close()


def _wrote() -> None:
    """This session changed the database: counts alone may not show it (a discarded article, or one
    extracted again with its date, can leave every count as it was)."""
    st.session_state[WRITES_KEY] = st.session_state.get(WRITES_KEY, 0) + 1


def _after_adding(result: ingest.IngestResult, stored: dict[str, Any] | None) -> None:
    """Say what was found; offer to discard an article where nothing was, ask for a missing date;
    focus the map and the review panel on it."""
    _wrote()
    for key in (DISCARD_KEY, UNDATED_KEY):
        st.session_state.pop(key, None)
    st.session_state[FOCUS_KEY] = st.session_state["review_report"] = result.report_id
    verb = "added" if result.created else "already stored"
    found = ", ".join(f"{n} {k}" for k, n in result.counts.items())
    name = result.title or "article"
    if not (result.counts.get("places") or result.counts.get("claims")):
        st.session_state["add_message"] = ("warning",
                                           f"{name}: {verb}, but nothing was found in it: no places "
                                                      "and no claims. Discard it, or keep it?")
        st.session_state[DISCARD_KEY] = result.report_id
    else:
        st.session_state["add_message"] = ("success", f"{name}: {verb} ({found})")
    if stored is not None and not stored.get("published"):
        st.session_state[UNDATED_KEY] = result.report_id


def _discard(db_path: str) -> None:
    report_id = st.session_state.pop(DISCARD_KEY, None)
    st.session_state.pop(UNDATED_KEY, None)
    st.session_state.pop(FOCUS_KEY, None)
    if report_id is None:
        return
    conn = store.connect(db_path)
    try:
        store.delete_report(conn, report_id)
    finally:
        conn.close()
    _wrote()
    st.session_state["add_message"] = ("success", "discarded")


def _set_date(db_path: str) -> None:
    """Extract the undated article again with the date given: its relative dates resolve against it."""
    when: date | None = st.session_state.get("undated_date")
    report_id = st.session_state.get(UNDATED_KEY)
    if when is None or report_id is None:
        st.session_state["add_message"] = ("error", "choose the publication date first")
        return
    conn = store.connect(db_path)
    try:
        row = store.report_row(conn, report_id)
        if row is None:
            st.session_state.pop(UNDATED_KEY, None)
            return
        text = store.report_text(conn, report_id)
        store.delete_report(conn, report_id)
    finally:
        conn.close()
    try:  # read again in the extractor process, like any added article
        result = extractor().run(worker.store_article, db_path, text, None, when.isoformat(),
                                 row.get("title"))
    except DashboardError as exc:
        st.session_state["add_message"] = ("error", str(exc))
        return
    stored = _stored_report(db_path, result.report_id)
    if result.error:
        st.session_state["add_message"] = ("error", result.error)
        return
    _after_adding(result, stored)


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


@st.cache_resource(show_spinner=False)
def province_search_names() -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    """(country, province) -> (country name, every other spelling), read once per server."""
    import pyarrow.parquet as pq

    country_of = bundled_data.country_names()
    admin1 = bundled_data.data_file("admin1.parquet")
    table = pq.read_table(admin1, columns=["iso3", "name", "names"]).to_pydict()
    return {(iso3, name): (country_of.get(iso3, iso3), tuple(province_names.news_names(iso3, name, names)))
            for iso3, name, names in zip(table["iso3"], table["name"], table["names"], strict=True)}


def province_choices(province_counts: list[dict[str, Any]], provinces: Any) -> dict[str, str]:
    """Filter label -> what the filter shows and searches: the provinces with data, most reported
    first, each with its country and its other spellings ("Hilmand · Afghanistan (Helmand, ...)")."""
    names = province_search_names()
    with_data = {(r.get("country_iso3"), str(r["admin1"])) for r in province_counts if r.get("admin1")}
    out: dict[str, str] = {}
    for unit, label in province_labels(province_counts, provinces).items():
        if unit in with_data and label not in out:
            country, aliases = names.get(unit, (unit[0], ()))
            out[label] = province_names.search_label(label, country, aliases)
    return out


def selected_provinces(options: list[str], shown: dict[str, str] | None = None) -> list[str]:
    """The sidebar filter, initialised from and written back to the URL's ``province`` params."""
    if FILTER_KEY not in st.session_state:
        st.session_state[FILTER_KEY] = url_provinces(st.query_params.get_all("province"), options)
    shown = shown or {}
    chosen = st.sidebar.multiselect("Provinces", options, key=FILTER_KEY, max_selections=MAX_FILTER_PROVINCES,
                                    format_func=lambda o: shown.get(o, o),
                                    on_change=lambda: st.session_state.pop(FOCUS_KEY, None),
                                    placeholder="Search a province by any spelling (Helmand, North Kivu…)",
                                    help="Provinces with data, most reported first; any spelling finds them. "
                                         "A click on a province also filters.")
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
        st.form_submit_button("Add", on_click=add_article, args=(db_path,), key="add")
    kind, line = st.session_state.pop("add_message", (None, None))
    if kind == "error":
        st.sidebar.error(plain(line))
    elif kind == "success":
        st.sidebar.success(plain(line))
    elif kind == "warning":
        st.sidebar.warning(plain(line))
    if st.session_state.get(DISCARD_KEY) is not None:
        left, right = st.sidebar.columns(2)
        left.button("Discard it", key="discard_article", on_click=_discard, args=(db_path,))
        right.button("Keep it", key="keep_article", on_click=lambda: st.session_state.pop(DISCARD_KEY, None))
    if st.session_state.get(UNDATED_KEY) is not None:
        st.sidebar.warning("No publication date given or found in the text: it shows as undated, and dates "
                           "such as 'on Monday' stay unresolved. Give its date to resolve them:")
        st.sidebar.date_input("Publication date of the article just added", value=None, key="undated_date",
                              format="YYYY-MM-DD")
        left, right = st.sidebar.columns(2)
        left.button("Set the date", key="set_date", on_click=_set_date, args=(db_path,))
        right.button("Leave it undated", key="leave_undated",
                     on_click=lambda: st.session_state.pop(UNDATED_KEY, None))


def show_table(frame: pd.DataFrame, empty: str = "") -> None:
    """A table sized to its rows, each column as wide as its text (no cut-off names and dates) and
    rows tall enough for a longer text to wrap; a sentence instead of an empty grid."""
    if frame.empty:
        if empty:
            st.info(empty)
        return
    widths = charts.column_widths(frame)
    config = {name: st.column_config.Column(width=px) for name, px in widths.items()}
    row = charts.row_px(charts.row_lines(frame, widths))  # a text wider than its column wraps
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, row_height=row,
                 height=min(len(frame), TABLE_ROWS) * row + 38)


@st.fragment
def paged_table(name: str, first: sections.Table, scope: Any, page_of: Callable[[int], sections.Table],
                every_row: Callable[[], pd.DataFrame], empty: str = "", order: str = "") -> None:
    """A table one page of ``charts.PAGE_ROWS`` rows at a time: the page sends a page, not the 1,000
    rows it sent on every rerun (0.6 MB at 10,000 reports, issue 16), says how many rows there are,
    turns to any page and downloads every row as CSV (made on the click). A fragment: turning a page
    reruns this table alone. ``scope``: the filter it belongs to; another one starts at its first page."""
    if first.total <= charts.PAGE_ROWS:
        show_table(first.frame, empty)
        return
    pages = -(-first.total // charts.PAGE_ROWS)
    key = PAGE_KEY.format(name)
    if st.session_state.get(f"{key}_scope") != scope:
        st.session_state[f"{key}_scope"] = scope
        st.session_state[key] = 1
    page = min(max(int(st.session_state.get(key) or 1), 1), pages)
    table = first if page == 1 else page_of(page)
    show_table(table.frame)
    note, turn, download = st.columns([6, 1, 2], vertical_alignment="bottom")
    note.caption(charts.page_note(table.offset, len(table.frame), table.total, order))
    turn.number_input(f"Page, of {pages:,}", min_value=1, max_value=pages, step=1, key=key)
    download.download_button(f"Download all {table.total:,} rows (CSV)", file_name=f"{name}.csv",
                             data=lambda: every_row().to_csv(index=False).encode("utf-8"), mime="text/csv",
                             on_click="ignore", key=f"{key}_csv")


def frame_pages(frame: pd.DataFrame) -> tuple[sections.Table, Callable[[int], sections.Table]]:
    """The first page of a table held whole, and its other pages (for :func:`paged_table`)."""
    def page_of(page: int) -> sections.Table:
        start = (page - 1) * charts.PAGE_ROWS
        return sections.Table(frame.iloc[start:start + charts.PAGE_ROWS], len(frame), start)
    return page_of(1), page_of


@st.cache_resource(show_spinner=False, max_entries=64)
def table_page(db_path: str, provinces: tuple[str, ...], version: tuple[tuple[str, int], ...], name: str,
               page: int) -> sections.Table:
    """Page ``page`` (from 1) of the page's table ``name`` for one filter."""
    conn = store.connect(db_path, readonly=True)
    try:
        rows = partial(load_rows, db_path, provinces, version)
        return sections.page_of_database(conn, name, provinces, rows, charts.PAGE_ROWS,
                                         (page - 1) * charts.PAGE_ROWS)
    finally:
        conn.close()


def every_row(db_path: str, provinces: tuple[str, ...], name: str) -> pd.DataFrame:
    """Every row of the page's table ``name`` for one filter, as corrected: read when its download is
    clicked, outside any run of the page (so no Streamlit cache)."""
    conn = store.connect(db_path, readonly=True)
    try:
        return sections.whole_table(conn, name, provinces)
    finally:
        conn.close()


def stored_table(name: str, first: sections.Table, db_path: str, provinces: tuple[str, ...],
                 version: tuple[tuple[str, int], ...], empty: str = "") -> None:
    """One of the page's stored tables (:data:`sections.TABLES`), paged."""
    paged_table(name, first, (provinces, version), partial(table_page, db_path, provinces, version, name),
                partial(every_row, db_path, provinces, name), empty, "the most recent articles first")


def main() -> None:
    st.set_page_config(page_title="Reported territorial changes", layout="wide")
    if not st.get_option("server.enableStaticServing"):
        # Leaflet is served from dashboard/static/; without it the map stays blank offline
        st.error("static file serving is off: start the app from the project root (make run), "
                 "which reads .streamlit/config.toml")
    db_path = database().where  # a SQLite path or a postgresql:// URL
    # a run stopped before the map (an error) leaves none in the browser: the next one sends it whole
    map_shown_before = st.session_state.pop(MAP_SHOWN_KEY, None)
    with stop_on_error():
        layers = map_layers()
        version = data_version(db_path)
        counts = province_counts_of(db_path, version)
    with stop_on_error():
        shown_options = province_choices(counts, layers.provinces)
    options = list(shown_options)
    chosen = selected_provinces(options, shown_options)
    with stop_on_error():
        known = territory_of(db_path, version)
    as_of = actors = None
    if known.events:
        as_of = chosen_as_of((min(e.day for e in known.events), max(e.day for e in known.events)))
        actors = chosen_actors(sorted({e.actor for e in known.events if e.actor}))
    article_form(db_path)
    with stop_on_error():
        shown = sections_of(db_path, tuple(chosen), version)
    st.header("Reported territorial changes")
    scope = ", ".join(chosen) if chosen else "all provinces"
    n = shown.counts
    st.caption(f"{n['places']} place mentions, {n['claims']} claims, "
               f"{n['figures']} figures from {n['reports']} articles · {scope}")
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
            view = first_view(db_path, version, chosen)
            frame = map_frame(db_path, version, tuple(chosen), as_of, tuple(actors or ()), view,
                              st.session_state.get(FOCUS_KEY) is not None)
        # the base map is the same for every filter: a filter change swaps the groups in the page's map
        # instead of reloading it; only the clicked feature comes back (pan and zoom do not rerun)
        show_map(frame, partial(toggle_clicked_province, options), map_shown_before)
    with right:  # the map beside the timeline; the tables below at full width, so no cell is cut off
        st.subheader("Changes of control")
        if ruling is not None and ruling.timeline:
            st.vega_lite_chart(ruling.timeline, width="stretch")
            st.caption("One lane per place; each point is one change of control (an event, however many "
                       "reports tell it), coloured by the side that took it; the dashed rule is the chosen "
                       "date.")
        else:
            st.info("No change of control on or before this date in this selection." if ruling is not None
                    else EMPTY_CONTROL)
    where = (db_path, tuple(chosen), version)
    st.subheader("Figures")
    stored_table("figures", shown.figures, *where,
                 empty="No figures (counts of people, units, places or equipment) in this selection.")
    st.subheader("Claims")
    stored_table("claims", shown.claims, *where,
                 empty="No claims in this selection: no article here says who took, lost or fled a place.")
    if shown.to_check.total:
        st.subheader("Places to check")
        st.caption(f"Resolved with low confidence (below {corrections.LOW_CONFIDENCE}): correct them under "
                   "Review and correct.")
        stored_table("to_check", shown.to_check, *where)
    if ruling is not None:
        st.subheader("Contradictions")
        if len(ruling.contradictions):
            disputes = ruling.contradictions
            paged_table("contradictions", *frame_pages(disputes), (where, as_of, tuple(actors or ())),
                        lambda: disputes)
        else:
            st.caption("No sources disagree about the places shown, on or before this date.")
    if shown.consistency is not None:
        st.subheader("Stated geography checks")
        checks = shown.consistency
        paged_table("consistency", *frame_pages(checks), where, lambda: checks)
    st.subheader("Reports")
    stored_table("reports", shown.reports, *where, empty="No articles in this selection.")
    review_panel(db_path, version)
    freeze_cached(db_path, version)


# ---- review and correct (issue 18): every action records who and when, apart from the extraction

def _reviewer() -> str:
    return str(st.session_state.get("reviewer") or "").strip()


def _correct(db_path: str, sha256: str, target: str, key: str, action: str,
             fields: dict[str, Any] | None = None) -> None:
    """Button callback: store one correction; remember one line to show."""
    try:
        conn = store.connect(db_path)
        try:
            corrections.record(conn, sha256, target, key, action, fields, _reviewer())
        finally:
            conn.close()
    except DashboardError as exc:
        st.session_state["review_message"] = ("error", str(exc))
        return
    _wrote()
    st.session_state["review_message"] = ("success", f"{target} {action}: saved by {_reviewer()}")


def _reassign(db_path: str, sha256: str, key: str, options: list[dict[str, Any]]) -> None:
    choice = st.session_state.get("review_candidate")
    if choice is None or not 0 <= choice < len(options):
        st.session_state["review_message"] = ("error", "choose the place it should be")
        return
    picked = {k: options[choice][k] for k in corrections.PLACE_FIELDS}
    _correct(db_path, sha256, "place", key, "reassign", picked)


def _save_claim(db_path: str, sha256: str, key: str) -> None:
    fields = {"actor": st.session_state.get("review_actor"), "action": st.session_state.get("review_action"),
              "place": st.session_state.get("review_claim_place"),
              "when": st.session_state.get("review_when")}
    _correct(db_path, sha256, "claim", key, "edit", {k: (v or "").strip() for k, v in fields.items()})


def _load_claim(claim: dict[str, Any]) -> None:
    """Fill the claim form from the chosen claim, once per choice (typing is not overwritten)."""
    if st.session_state.get("review_loaded") != corrections.claim_key(claim):
        st.session_state["review_loaded"] = corrections.claim_key(claim)
        st.session_state["review_actor"] = claim.get("actor") or ""
        st.session_state["review_action"] = claim.get("action")
        st.session_state["review_claim_place"] = claim.get("place") or ""
        st.session_state["review_when"] = claim.get("when") or ""


def place_choice(p: dict[str, Any]) -> str:
    where = f"{p.get('admin1') or '-'}, {p.get('country_iso3') or '-'}"
    sure = float(p.get("confidence") or 0)
    return f"{p['mention']} → {p.get('name') or '?'} ({where}) · confidence {sure:.2f}"


def claim_choice(c: dict[str, Any]) -> str:
    return f"{c.get('actor') or '?'} {c['action']} {c['place']} ({c.get('when') or 'undated'})"


def review_panel(db_path: str, version: tuple[tuple[str, int], ...]) -> None:
    """See a place's confidence and namesakes; re-assign it or mark it wrong; edit or reject a claim;
    delete an article. Corrections are stored apart and survive re-ingest."""
    reports = review_reports(db_path, version)
    st.subheader("Review and correct")
    kind, line = st.session_state.pop("review_message", (None, None))
    if kind == "error":
        st.error(plain(line))
    elif kind == "success":
        st.success(plain(line))
    if not reports:
        st.info("No articles to review yet: add one in the sidebar.")
        return
    by_id = {r["id"]: r for r in reports}
    focus = st.session_state.get(FOCUS_KEY)
    if focus is not None and focus not in by_id and not corrected(version):  # added, older than the rest
        just_added = _stored_report(db_path, focus)
        by_id = {focus: just_added, **by_id} if just_added else by_id
    if st.session_state.get("review_report") not in by_id:
        st.session_state["review_report"] = focus if focus in by_id else reports[0]["id"]
    st.text_input("Your name (saved with each correction)", key="reviewer")
    report_id = st.selectbox("Article", list(by_id), key="review_report",
                             format_func=lambda i: f"{by_id[i].get('title') or '(untitled)'} · "
                                                   f"{by_id[i].get('published') or 'undated'}")
    if len(reports) >= REVIEW_REPORTS and not corrected(version):
        st.caption(f"The {REVIEW_REPORTS:,} most recent articles (and the one just added).")
    report = by_id[report_id]
    sha256 = report["sha256"]
    places, claims = rows_of_report(db_path, version, report_id)
    places_col = claims_col = st.container()  # one above the other: side by side they cut their columns
    with places_col:
        st.markdown("**Places**")
        columns = ["mention", "resolved as", "province", "country", "confidence", "check"]
        show_table(charts.places_table(places)[columns], "No places found in this article.")
        if places:
            keys = {corrections.place_key(p): p for p in places}
            key = st.selectbox("Place to correct", list(keys), key="review_place",
                               format_func=lambda k: place_choice(keys[k]))
            options = corrections.candidates(str(keys[key]["mention"]))[:25]
            st.selectbox("It is", list(range(len(options))), key="review_candidate", index=None,
                         placeholder=f"{len(options)} namesakes of '{keys[key]['mention']}'",
                         format_func=lambda i: corrections.candidate_label(options[i]))
            left, right = st.columns(2)
            left.button("Re-assign", key="review_reassign", on_click=_reassign,
                        args=(db_path, sha256, key, options))
            right.button("Mark wrong (not a place here)", key="review_wrong", on_click=_correct,
                         args=(db_path, sha256, "place", key, "wrong"))
    with claims_col:
        st.markdown("**Claims**")
        show_table(charts.claims_table(claims)[["when", "actor", "action", "place", "taken from", "check"]],
                   "No claims found in this article.")
        if claims:
            ckeys = {corrections.claim_key(c): c for c in claims}
            ckey = st.selectbox("Claim to correct", list(ckeys), key="review_claim",
                                format_func=lambda k: claim_choice(ckeys[k]))
            _load_claim(ckeys[ckey])
            st.text_input("Actor", key="review_actor")
            st.selectbox("Action", [a.value for a in Action], key="review_action")
            st.text_input("Place", key="review_claim_place")
            st.text_input("Date (YYYY-MM-DD, YYYY-MM or YYYY)", key="review_when")
            left, right = st.columns(2)
            left.button("Save claim", key="review_save_claim", on_click=_save_claim,
                        args=(db_path, sha256, ckey))
            right.button("Reject claim", key="review_reject", on_click=_correct,
                         args=(db_path, sha256, "claim", ckey, "reject"))
    st.checkbox("Delete this article (hidden everywhere, also after re-ingesting it)", key="review_confirm")
    st.button("Delete article", key="review_delete", disabled=not st.session_state.get("review_confirm"),
              on_click=_correct, args=(db_path, sha256, "report", "", "delete"))


main()
