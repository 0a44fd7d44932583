"""The store on both engines (a real SQLite file; a throwaway PostgreSQL + PostGIS cluster), with
Report objects built by hand (independent of the extractor)."""
from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from pathlib import Path

import pytest

from dashboard import store
from dashboard.errors import StoreError
from dashboard.model import Claim, Consistency, DateRef, Figure, Place, Quote, Report, ReportMeta

HOSTILE = 'He said "<script>alert(1)</script><img src=x onerror=alert(2)>" in بدخشان 🇦🇫 \u202eevil'


def sample_report(text: str, published: str | None = "2021-07-04", admin1: str = "Badakhshan",
                  country: str = "AFG") -> Report:
    """A report with every field of every row type set (floats, None, bools, hostile text)."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    sentence = f"The Taliban seized Ishkashim in {admin1} on Saturday. {HOSTILE}"
    return Report(
        report=ReportMeta(title=f"Title {sha[:6]} <b>", published=published, sha256=sha),
        places=(
            Place(mention="Ishkashim", start=19, end=28, kind="town", name="Ishkashim", country_iso3=country,
                  admin1=admin1, admin1_id="AF-BDS", lat=36.7107, lon=71.6121, precision=1,
                  ref="geonames:1135689", confidence=0.93, sentence=sentence, reason=None),
            Place(mention="Nowhere", start=40, end=47, kind="other", reason="no gazetteer match",
                  sentence="Other sentence."),
            Place(mention=admin1, start=32, end=32 + len(admin1), kind="admin1", name=admin1,
                  country_iso3=country, admin1=admin1, lat=36.7, lon=71.5, precision=3,
                  ref=f"ne-admin1:{admin1}", confidence=0.5, sentence=sentence),
        ),
        figures=(Figure(text="more than 300", start=1, end=14, value=300.0, low=301.0, high=None,
                        qualifier="more than", counts="troops", sentence=sentence, place="Ishkashim",
                        admin1=admin1, when="2021-07-03"),),
        dates=(DateRef(text="Saturday", start=5, end=13, resolved="2021-07-03", precision="day",
                       sentence=sentence),
               DateRef(text="mid-April", start=60, end=69, resolved=None, precision="unresolved",
                       sentence="Unrelated."),),
        claims=(Claim(actor="Taliban", action="captured", place="Ishkashim", when="2021-07-03",
                      source="officials", quote=HOSTILE, sentence=sentence, start=0, end=len(sentence),
                      admin1=admin1, country_iso3=country),),
        quotes=(Quote(text=HOSTILE, start=100, end=100 + len(HOSTILE), speaker="Mohib-ul Rahman"),),
        consistency=(Consistency(place="Ishkashim", statement="in Badakhshan", finding="inside",
                                 consistent=True),
                     Consistency(place="X", statement="near Y", finding="no geometry", consistent=None)),
        warnings=("HTML page: converted to text",),
    )


@pytest.fixture
def conn(db: str) -> sqlite3.Connection:
    c = store.connect(db)
    yield c
    c.close()


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: PostgreSQL databases are checked for schema changes again on connect."""
    monkeypatch.setattr(store, "_ready", set())


def test_every_field_survives_save_and_load(conn: sqlite3.Connection) -> None:
    text = "article one " + HOSTILE
    report = sample_report(text)
    saved = store.save_report(conn, report, text, source="a.txt")
    assert saved.created
    assert store.load_report(conn, saved.report_id) == report
    assert store.report_text(conn, saved.report_id) == text


@pytest.mark.parametrize("table", ["places", "figures", "dates", "claims", "consistency"])
def test_query_rows_carry_every_field_and_the_report(conn: sqlite3.Connection, table: str) -> None:
    report = sample_report("text")
    rid = store.save_report(conn, report, "text").report_id
    rows = getattr(store, table)(conn)
    expected = [dataclasses.asdict(x) | {"report_id": rid, "title": report.report.title,
                                         "published": "2021-07-04"} for x in getattr(report, table)]
    assert rows == expected


def test_saving_the_same_text_twice_is_a_no_op(conn: sqlite3.Connection) -> None:
    report = sample_report("same")
    first = store.save_report(conn, report, "same")
    before = store.counts(conn)
    again = store.save_report(conn, report, "same", source="other.txt")
    assert again == store.SaveResult(report_id=first.report_id, created=False)
    assert store.counts(conn) == before
    assert before == {"reports": 1, "places": 3, "figures": 1, "dates": 2, "claims": 1, "quotes": 1,
                      "consistency": 2}


def test_a_batch_is_saved_in_one_transaction_all_or_none(conn: sqlite3.Connection) -> None:
    a, b = sample_report("first"), sample_report("second")
    saved = store.save_reports(conn, [(a, "first", None), (b, "second", None), (a, "first", "again.txt")])
    assert [s.created for s in saved] == [True, True, False] and saved[2].report_id == saved[0].report_id
    third = sample_report("third")  # a value SQLite cannot bind: the insert fails
    broken = dataclasses.replace(third, places=(dataclasses.replace(third.places[0], lat=1j),))
    with pytest.raises(StoreError):
        store.save_reports(conn, [(sample_report("fourth"), "fourth", None), (broken, "third", None)])
    assert store.counts(conn)["reports"] == 2  # "fourth" was rolled back with the batch


def test_reports_newest_first_with_counts(conn: sqlite3.Connection) -> None:
    for text, published in [("old", "2020-01-01"), ("undated", None), ("new", "2024-02-17")]:
        store.save_report(conn, sample_report(text, published), text, source=f"{text}.txt")
    listed = store.reports(conn)
    assert [r["source"] for r in listed] == ["new.txt", "old.txt", "undated.txt"]
    assert {k for k in listed[0]} == {"id", "title", "published", "sha256", "source", "ingested_at",
                                      "outlet", "url",
                                      "n_places", "n_claims"}
    assert (listed[0]["n_places"], listed[0]["n_claims"]) == (3, 1)


def _fill_two_provinces(conn: sqlite3.Connection) -> None:
    store.save_report(conn, sample_report("a", admin1="Badakhshan"), "a")
    store.save_report(conn, sample_report("b", admin1="Kunduz"), "b")
    store.save_report(conn, sample_report("c", admin1="Kunduz"), "c")


@pytest.mark.parametrize("query", [store.places, store.figures, store.claims, store.dates, store.consistency])
@pytest.mark.parametrize(("provinces", "n_reports"), [((), 3), (("Kunduz",), 2), (("Badakhshan",), 1),
                                                     (("Kunduz", "Badakhshan"), 3), (("Herat",), 0)])
def test_province_filter(conn: sqlite3.Connection, query, provinces: tuple[str, ...], n_reports: int) -> None:
    _fill_two_provinces(conn)
    rows = query(conn, provinces)
    assert len({r["report_id"] for r in rows}) == n_reports
    if provinces and query not in (store.dates, store.consistency):  # no province of their own
        assert {r["admin1"] for r in rows} <= set(provinces)


def test_dates_filter_keeps_only_sentences_naming_a_place_in_the_province(conn: sqlite3.Connection) -> None:
    _fill_two_provinces(conn)
    assert {d["text"] for d in store.dates(conn, ["Kunduz"])} == {"Saturday"}  # "mid-April" names no place
    assert len(store.dates(conn)) == 6


def test_consistency_filter_keeps_findings_about_a_place_of_the_province(conn: sqlite3.Connection) -> None:
    _fill_two_provinces(conn)
    kunduz = store.consistency(conn, ["Kunduz"])
    assert [(c["place"], c["consistent"]) for c in kunduz] == [("Ishkashim", True)] * 2  # "X" is no place
    assert {c["title"] for c in kunduz} == {r["title"] for r in store.reports(conn)} - {
        r["title"] for r in store.places(conn, ["Badakhshan"])}
    assert [c["consistent"] for c in store.consistency(conn)] == [True, None] * 3


def test_province_counts(conn: sqlite3.Connection) -> None:
    _fill_two_provinces(conn)
    assert store.province_counts(conn) == [
        {"admin1": "Kunduz", "country_iso3": "AFG", "n_places": 4, "n_claims": 2, "n_figures": 2,
         "n_reports": 2},
        {"admin1": "Badakhshan", "country_iso3": "AFG", "n_places": 2, "n_claims": 1, "n_figures": 1,
         "n_reports": 1},
    ]


def _fill_two_al_jawfs(conn: sqlite3.Connection) -> None:
    store.save_report(conn, sample_report("y1", admin1="Al Jawf", country="YEM"), "y1")
    store.save_report(conn, sample_report("y2", admin1="Al Jawf", country="YEM"), "y2")
    store.save_report(conn, sample_report("s", admin1="Al Jawf", country="SAU"), "s")


@pytest.mark.parametrize("query", [store.places, store.figures, store.claims, store.dates, store.consistency])
@pytest.mark.parametrize(("provinces", "titles_of"), [
    (("Al Jawf (YEM)",), ("y1", "y2")), (("Al Jawf (SAU)",), ("s",)), (("Al Jawf",), ("y1", "y2", "s")),
    (("Al Jawf (SAU)", "Al Jawf (YEM)"), ("y1", "y2", "s")), (("Al Jawf (AFG)",), ())])
def test_same_name_provinces_of_two_countries_are_kept_apart(conn: sqlite3.Connection, query,
                                                              provinces: tuple[str, ...],
                                                              titles_of: tuple[str, ...]) -> None:
    _fill_two_al_jawfs(conn)
    rows = query(conn, provinces)
    expected = {f"Title {hashlib.sha256(t.encode()).hexdigest()[:6]} <b>" for t in titles_of}
    assert {r["title"] for r in rows} == expected  # y1 and y2 are in Yemen, s in Saudi Arabia


def test_province_counts_keep_same_name_provinces_apart(conn: sqlite3.Connection) -> None:
    _fill_two_al_jawfs(conn)
    assert store.province_counts(conn) == [
        {"admin1": "Al Jawf", "country_iso3": "YEM", "n_places": 4, "n_claims": 2, "n_figures": 2,
         "n_reports": 2},
        {"admin1": "Al Jawf", "country_iso3": "SAU", "n_places": 2, "n_claims": 1, "n_figures": 1,
         "n_reports": 1},
    ]


def test_deleting_a_report_cascades_to_its_rows(conn: sqlite3.Connection) -> None:
    rid = store.save_report(conn, sample_report("x"), "x").report_id
    conn.execute("DELETE FROM reports WHERE id = ?", (rid,))
    assert set(store.counts(conn).values()) == {0}


def test_the_data_version_changes_with_every_stored_or_deleted_article(conn: sqlite3.Connection) -> None:
    empty = store.version(conn)
    assert empty["reports"] == 0 and store.version(conn) == empty
    first = store.save_report(conn, sample_report("x"), "x").report_id
    one = store.version(conn)
    store.save_report(conn, sample_report("x"), "x")  # stored already: nothing changes
    assert store.version(conn) == one
    store.save_report(conn, sample_report("y"), "y")
    two = store.version(conn)
    store.delete_report(conn, first)
    after = store.version(conn)
    assert (empty["reports"], one["reports"], two["reports"], after["reports"]) == (0, 1, 2, 1)
    assert len({tuple(sorted(v.items())) for v in (empty, one, two, after)}) == 4
    assert one["places_last"] > 0 and two["places_last"] > one["places_last"]


def test_pragmas_and_schema_version(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "sub" / "db.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"places_report_id", "places_admin1", "claims_admin1", "figures_admin1"} <= indexes


def test_postgis_schema_geometry_columns_and_indexes(postgres) -> None:
    """The store creates PostGIS itself (in a database without it), a geometry(Point, 4326) column
    kept from lat/lon with a GiST index, and records its schema version."""
    conn = store.connect(postgres.new_database(with_postgis=False))
    rid = store.save_report(conn, sample_report("geo"), "geo").report_id
    assert conn.execute("SELECT extname FROM pg_extension WHERE extname = 'postgis'").fetchone()
    geometry = conn.execute("SELECT f_table_name, f_geometry_column, type, srid FROM geometry_columns"
                            ).fetchall()
    assert [tuple(g) for g in geometry] == [("places", "geom", "POINT", 4326)]
    points = conn.execute("SELECT ST_X(geom), ST_Y(geom) FROM places WHERE report_id = ? ORDER BY seq",
                          (rid,)).fetchall()
    assert [tuple(p) for p in points] == [(71.6121, 36.7107), (None, None), (71.5, 36.7)]
    indexes = dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'places'"
                                ).fetchall())
    assert "USING gist (geom)" in indexes["places_geom"]
    assert {"places_report_id", "places_admin1"} <= set(indexes)
    version = [tuple(r) for r in conn.execute("SELECT version FROM schema_version")]
    assert version == [(store.SCHEMA_VERSION,)]
    types = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                              "WHERE table_name = 'places'").fetchall())
    assert (types["lat"], types["id"], types["mention"]) == ("double precision", "bigint", "text")


def test_a_column_missing_from_an_older_database_is_added(db: str, fresh_process: None) -> None:
    """Migration path: a database made before a field existed gains the column on connect."""
    old = store.connect(db)
    old.execute("DROP INDEX places_admin1")
    old.execute("ALTER TABLE places DROP COLUMN admin1")
    old.close()
    store._ready.clear()
    conn = store.connect(db)
    rid = store.save_report(conn, sample_report("after"), "after").report_id
    assert store.load_report(conn, rid).places == sample_report("after").places


def test_a_newer_postgis_schema_is_refused(postgres, fresh_process: None) -> None:
    db = postgres.new_database()
    conn = store.connect(db)
    conn.execute("UPDATE schema_version SET version = ?", (store.SCHEMA_VERSION + 1,))
    conn.close()
    store._ready.clear()
    with pytest.raises(StoreError, match="newer than this program"):
        store.connect(db)


def test_an_unreachable_postgres_server_is_one_line() -> None:
    from dashboard.services import free_port

    with pytest.raises(StoreError, match=r"cannot open database postgresql://u:\*\*\*@127.0.0.1") as info:
        store.connect(f"postgresql://u:secret@127.0.0.1:{free_port()}/db")
    assert "\n" not in str(info.value) and "secret" not in str(info.value)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    store.connect(db).close()
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match="newer than this program"):
        store.connect(db)


@pytest.mark.parametrize("make_bad", [
    lambda tmp: tmp,  # a directory
    lambda tmp: (tmp / "file").write_text("x") and tmp / "file" / "db.sqlite",  # parent is a file
    lambda tmp: (tmp / "junk.sqlite").write_bytes(b"not a database" * 100) and tmp / "junk.sqlite",
])
def test_unusable_paths_raise_one_line_store_errors(tmp_path: Path, make_bad) -> None:
    with pytest.raises(StoreError) as info:
        store.connect(make_bad(tmp_path))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("lookup", [store.report_text, store.load_report])
def test_unknown_report_id(conn: sqlite3.Connection, lookup) -> None:
    with pytest.raises(StoreError, match="no stored report with id 42"):
        lookup(conn, 42)


def test_default_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "env" / "x.sqlite"))
    store.connect().close()
    assert (tmp_path / "env" / "x.sqlite").is_file()


def test_the_environment_names_either_engine(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DB", db)
    conn = store.connect()
    store.save_report(conn, sample_report("env"), "env")
    conn.close()
    assert store.counts(store.connect(db))["reports"] == 1
    assert store.is_postgres(store.connect()) == db.startswith("postgresql://")


@dataclasses.dataclass(frozen=True)
class _QuoteWithMore(Quote):
    """A model that gained container and flag fields after the database was made."""

    aliases: tuple[str, ...] = ()
    extra: dict | None = None
    checked: bool | None = None


def test_new_fields_of_any_type_migrate_and_round_trip(db: str, monkeypatch: pytest.MonkeyPatch,
                                                       fresh_process: None) -> None:
    store.connect(db).close()
    store._ready.clear()
    monkeypatch.setitem(store.CHILD_TABLES, "quotes", _QuoteWithMore)
    conn = store.connect(db)
    quote = _QuoteWithMore(text="q", start=0, end=1, speaker=None, aliases=("Kunduz", "قندوز"),
                           extra={"k": [1, 2.5]}, checked=False)
    report = dataclasses.replace(sample_report("new fields"), quotes=(quote,))
    rid = store.save_report(conn, report, "new fields").report_id
    assert store.load_report(conn, rid) == report


def test_find_report_by_content_hash(conn: sqlite3.Connection) -> None:
    report = sample_report("found")
    rid = store.save_report(conn, report, "found").report_id
    assert store.find_report(conn, report.report.sha256) == {
        "id": rid, "title": report.report.title, "places": 3, "figures": 1, "dates": 2, "claims": 1,
        "quotes": 1, "consistency": 2}
    assert store.find_report(conn, "0" * 64) is None


def test_readers_open_and_read_while_a_writer_holds_the_lock(db: str) -> None:
    """The page (two tabs, say) keeps working while a batch is inside a write transaction."""
    writer = store.connect(db)
    store.save_report(writer, sample_report("before"), "before")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO reports (sha256, text, ingested_at, warnings) VALUES ('x', 'x', 'now', '[]')")
    reader = store.connect(db)
    assert store.counts(reader)["reports"] == 1  # the committed state, not the open transaction's
    writer.execute("COMMIT")
    assert store.counts(reader)["reports"] == 2


def test_schema_2_adds_outlet_and_url_to_an_old_database_idempotently(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = store.connect(path)
    report = dataclasses.replace(sample_report("old article"))
    store.save_report(conn, report, "old article")
    conn.execute("ALTER TABLE reports DROP COLUMN outlet")
    conn.execute("ALTER TABLE reports DROP COLUMN url")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    conn = store.connect(path)  # migrates 1 -> 2
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        (row,) = store.reports(conn)
        assert row["title"] == report.report.title and (row["outlet"], row["url"]) == (None, None)
        store._migrate_to_2(conn)  # again: nothing to add, no error
        meta = dataclasses.replace(sample_report("new article").report, outlet="AFP", url="https://example.org/a")
        store.save_report(conn, dataclasses.replace(sample_report("new article"), report=meta), "new article")
        loaded = store.load_report(conn, store.find_report(conn, meta.sha256)["id"])
        assert (loaded.report.outlet, loaded.report.url) == ("AFP", "https://example.org/a")
    finally:
        conn.close()


def test_schema_3_writes_folded_keys_and_each_claim_s_place_for_stored_rows(db: str,
                                                                            fresh_process: None) -> None:
    """A database of schema 2 (no keys, no claims.place_seq) gains them on connect, computed for its rows
    as a save computes them (issue 17)."""
    conn = store.connect(db)
    report = sample_report("  Old  article ")
    store.save_report(conn, report, "old")
    read = ("SELECT mention_key, name_key, sentence_key FROM places ORDER BY id",
            "SELECT place_key, actor_key, sentence_key, place_seq FROM claims ORDER BY id")
    saved = [[tuple(r) for r in conn.execute(sql).fetchall()] for sql in read]
    assert saved[0][0][:2] == ("ishkashim", "ishkashim") and saved[0][1][1] == ""  # no name: ""
    assert saved[1] == [("ishkashim", "taliban", saved[0][0][2], 0)]  # the resolved Ishkashim
    conn.execute("UPDATE places SET mention_key = NULL, name_key = NULL, sentence_key = NULL")
    conn.execute("UPDATE claims SET place_key = NULL, actor_key = NULL, sentence_key = NULL")
    conn.execute("ALTER TABLE claims DROP COLUMN place_seq")
    if store.is_postgres(conn):
        conn.execute("UPDATE schema_version SET version = 2")
    else:
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    store._ready.clear()
    conn = store.connect(db)
    try:
        assert [[tuple(r) for r in conn.execute(sql).fetchall()] for sql in read] == saved
        assert store._schema_version(conn) == store.SCHEMA_VERSION
    finally:
        conn.close()


def test_a_claim_s_place_is_the_first_resolved_place_named_like_it() -> None:
    places = [{"mention": "Kunduz", "name": None, "lat": None}, {"mention": "the city", "name": "Kunduz",
                                                                  "lat": 36.7},
              {"mention": "KUNDUZ ", "name": "Kunduz", "lat": 36.7}, {"mention": "Taloqan", "name": None,
                                                                       "lat": None}]
    claims = [{"place": "kunduz"}, {"place": "Taloqan"}, {"place": "Herat"}, {"place": ""}]
    assert store.claim_place_seqs(places, claims) == [1, 3, None, None]


def _foreign(path: Path, app_id: int = 0) -> bytes:
    """Someone else's SQLite file (a table of theirs, maybe their application_id); its bytes."""
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (body TEXT)")
    other.execute("INSERT INTO notes VALUES ('mine')")
    other.execute(f"PRAGMA application_id = {app_id}")
    other.commit()
    other.close()
    return path.read_bytes()


@pytest.mark.parametrize("app_id", [0, 0x12345678])
@pytest.mark.parametrize("readonly", [False, True])
def test_someone_else_s_sqlite_file_is_refused_untouched(tmp_path: Path, app_id: int, readonly: bool) -> None:
    path = tmp_path / "theirs.sqlite"
    before = _foreign(path, app_id)
    with pytest.raises(StoreError, match="another program's SQLite database"):
        store.connect(path, readonly=readonly)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"]  # no journal, WAL or index made


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        store.connect(path)
    assert path.read_bytes() == b"not a database at all" * 100


def test_the_project_s_databases_are_marked(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "new.sqlite")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    conn.close()
    legacy = tmp_path / "legacy.sqlite"  # made before the mark: the project's tables, no id
    conn = store.connect(legacy)
    conn.execute("PRAGMA application_id = 0")
    conn.close()
    conn = store.connect(legacy, readonly=True)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0  # reading changes nothing
    conn.close()
    conn = store.connect(legacy)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    conn.close()


def test_a_read_only_connection_cannot_write(tmp_path: Path) -> None:
    store.connect(tmp_path / "db.sqlite").close()
    conn = store.connect(tmp_path / "db.sqlite", readonly=True)
    assert store.counts(conn)["reports"] == 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM reports")
    conn.close()


@pytest.mark.parametrize("setting", ["postgresql://nobody@127.0.0.1:1/none", "mysql://x/y", "s3://bucket/db"])
def test_a_database_url_never_becomes_a_folder(tmp_path: Path, monkeypatch, setting: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError):
        store.connect(setting)
    assert list(tmp_path.iterdir()) == []
