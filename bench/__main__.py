"""``make bench``: every measure in one run, printed as a table and written to bench/results.json."""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import browser, coldstart, extraction, ingest, scale, sessions, shared
from bench.table import Row, as_dicts, markdown, num, ratio
from dashboard import services

RESULTS = Path(__file__).resolve().parent / "results.json"
SCALES = (1, 1000, 10000)
MAX_DRAWN_RATIO, MAX_FILTER_RATIO, MAX_SCALE_RATIO = 2.0, 1.5, 3.0
# the page on PostGIS: loads and filter changes per scale; the first filter change misses the server's
# caches (its own row), the ratio is of the median of the others (warm), on a noisy 2-core machine
PG_REPEAT = 5


def _label(n: int) -> str:
    return f"{n:,} report{'s' * (n > 1)}"


def page_rows(pages: dict[int, dict[str, Any]]) -> list[Row]:
    rows = []
    for n, page in pages.items():
        label = _label(n)
        if "error" in page:
            rows.append(Row(f"the page, {label}", f"failed: {page['error']}", met=False))
            continue
        ours, bare = page["ours"], page["bare"]
        rows += [
            Row(f"map drawn, {label} ({ours['features']} features)", num(ours["drawn_s"], "s"),
                num(bare["drawn_s"], "s"), ratio(page["drawn_ratio"]), f"<= {MAX_DRAWN_RATIO:g}x vs bare",
                page["drawn_ratio"] <= MAX_DRAWN_RATIO),
            Row(f"filter {page['province']} redrawn, {label}", num(ours["filter_s"], "s"),
                num(bare["filter_s"], "s"),
                ratio(page["filter_ratio"]), f"<= {MAX_FILTER_RATIO:g}x vs bare rerun",
                page["filter_ratio"] is not None and page["filter_ratio"] <= MAX_FILTER_RATIO),
            *([Row(f"as-of date changed (slider), {label}", num(ours["date_s"], "s"),
                   num(bare["filter_s"], "s"),
                   ratio(page["date_ratio"]), f"<= {MAX_FILTER_RATIO:g}x vs bare rerun",
                   page["date_ratio"] <= MAX_FILTER_RATIO)] if page.get("date_ratio") is not None else []),
            Row(f"first filter change (server caches cold), {label}", num(ours["filter_first_s"], "s"),
                num(bare["filter_first_s"], "s"), ratio(ours["filter_first_s"] / bare["filter_first_s"])),
            Row(f"bytes to browser (websocket / all), {label}", f"{num(ours['ws_bytes'], 'B')} / "
                f"{num(ours['http_bytes'] + ours['ws_bytes'], 'B')}",
                f"geometry {num(page['geometry_bytes'], 'B')}",
                ratio(page["ws_bytes_per_geometry_byte"]), "report"),
        ]
    return rows


def scale_results(pages: dict[int, dict[str, Any]]) -> dict[str, Any]:
    if "error" in pages[SCALES[0]]:
        return {}
    one = pages[SCALES[0]]["ours"]
    out = {}
    for n in SCALES[1:]:
        if "error" in pages[n]:
            out[str(n)] = {"error": pages[n]["error"], "met": False}
            continue
        ours = pages[n]["ours"]
        drawn, filtered = ours["drawn_s"] / one["drawn_s"], ours["filter_s"] / one["filter_s"]
        out[str(n)] = {"drawn_ratio": drawn, "filter_ratio": filtered,
                       "met": drawn <= MAX_SCALE_RATIO and filtered <= MAX_SCALE_RATIO}
    return out


def scale_rows(pages: dict[int, dict[str, Any]], scaled: dict[str, Any]) -> list[Row]:
    rows = []
    for n in SCALES[1:]:
        if "error" in scaled.get(str(n), {"error": "no 1-report figures"}):
            rows.append(Row(f"the page, {n:,} vs 1 report", "failed", met=False))
            continue
        one, ours, s = pages[SCALES[0]]["ours"], pages[n]["ours"], scaled[str(n)]
        rows += [Row(f"map drawn, {n:,} vs 1 report", num(ours["drawn_s"], "s"), num(one["drawn_s"], "s"),
                     ratio(s["drawn_ratio"]), f"<= {MAX_SCALE_RATIO:g}x",
                     s["drawn_ratio"] <= MAX_SCALE_RATIO),
                 Row(f"filter redrawn, {n:,} vs 1 report", num(ours["filter_s"], "s"), num(one["filter_s"],
                                                                                           "s"),
                     ratio(s["filter_ratio"]), f"<= {MAX_SCALE_RATIO:g}x",
                     s["filter_ratio"] <= MAX_SCALE_RATIO)]
    return rows


def extraction_rows(ex: dict[str, Any]) -> list[Row]:
    return [
        Row(f"extract() over {ex['articles']} articles", num(ex["ours_s"], "s"),
            f"geotext {num(ex['geotext_s'], 's')}",
            ratio(ex["ratio"]), f"<= {extraction.MAX_RATIO:g}x", ex["ratio"] <= extraction.MAX_RATIO),
        Row("of which names found and placed (gazetteer + geocode)", num(ex["places_only_s"], "s"),
            f"geotext {num(ex['geotext_s'], 's')}", ratio(ex["places_only_ratio"])),
        Row("of which dates found and resolved (dates.find_dates)", num(ex["dates_only_s"], "s"),
            f"geotext {num(ex['dates_geotext_s'], 's')}", ratio(ex["dates_only_ratio"]),
            f"<= {extraction.MAX_DATES_RATIO:g}x", ex["dates_only_ratio"] <= extraction.MAX_DATES_RATIO),
        Row("extract() vs spaCy's full pipeline (as shipped) over the same texts, CPU s",
            num(ex["extract_vs_spacy_s"], "s"), f"spaCy {num(ex['spacy_full_s'], 's')}",
            ratio(ex["spacy_ratio"]),
            f"<= {extraction.MAX_SPACY_RATIO:g}x",
            ex["spacy_ratio"] <= extraction.MAX_SPACY_RATIO),
        Row(f"extract() in batches of {extraction.BATCH} (claim sentences parsed together) vs spaCy, CPU s",
            num(ex["batched_s"], "s"), f"spaCy {num(ex['spacy_again_s'], 's')}", ratio(ex["batched_ratio"]),
            f"<= {extraction.MAX_SPACY_RATIO:g}x", ex["batched_ratio"] <= extraction.MAX_SPACY_RATIO),
        Row(f"of which the parse alone of the {ex['parsed_sentences']} claim sentences "
            f"(of {ex['sentences']}) vs spaCy, CPU s", num(ex["parse_only_s"], "s"),
            f"spaCy {num(ex['spacy_parse_s'], 's')}",
            ratio(ex["parse_only_ratio"])),
        Row("the same parse without named entities (which claims read) vs spaCy, CPU s",
            num(ex["no_entities_s"], "s"), f"spaCy {num(ex['spacy_ner_s'], 's')}",
            ratio(ex["no_entities_ratio"])),
        Row("extraction throughput", num(ex["ours_articles_per_s"], "articles/s"),
            f"geotext {num(ex['geotext_articles_per_s'], 'articles/s')}"),
        Row(f"seed gold places found (of {ex['seed_gold_places']})", str(ex["ours_found"]),
            f"geotext {ex['geotext_found']}", "", "every place", ex["ours_found"] == ex["seed_gold_places"]),
    ]


def ingest_rows(ing: dict[str, Any]) -> list[Row]:
    return [
        Row(f"batch ingest {ing['articles']:,} articles, 2 workers vs 1", num(ing["two_workers_s"], "s"),
            num(ing["one_worker_s"], "s"), f"{ing['speedup']:.2f}x faster", f">= {ingest.MIN_SPEEDUP:g}x",
            ing["met"]),
        Row("ingest throughput, 2 workers / 1", num(ing["two_workers_articles_per_s"], "articles/s"),
            num(ing["one_worker_articles_per_s"], "articles/s")),
        Row("ingest start-up (a batch of 2 articles), 2 workers / 1", num(ing["start_up_two_workers_s"], "s"),
            num(ing["start_up_one_worker_s"], "s")),
        Row("ingest steady state (batch minus start-up), 2 workers vs 1",
            num(ing["two_workers_s"] - ing["start_up_two_workers_s"], "s"),
            num(ing["one_worker_s"] - ing["start_up_one_worker_s"], "s"),
            f"{ing['steady_speedup']:.2f}x faster"),
        Row("ingest CPU used per wall second, 2 workers / 1 (2.0 / 1.0 on idle cores)",
            num(ing["two_workers_cpu_per_wall"]), num(ing["one_worker_cpu_per_wall"])),
    ]


def dask_rows(dask: dict[str, Any]) -> list[Row]:
    return [
        Row(f"Dask extraction alone, {dask['articles']:,} articles, 2 workers vs 1 (chunks submitted and "
            "gathered)", num(dask["extract_two_workers_s"], "s"), num(dask["extract_one_worker_s"], "s"),
            f"{dask['extract_speedup']:.2f}x faster", f">= {shared.MIN_SPEEDUP:g}x", dask["met"]),
        Row("Dask extraction alone: the workers' CPU per wall second, 2 / 1 (2.0 / 1.0 on idle cores)",
            num(dask["extract_cpu_per_wall_2"]), num(dask["extract_cpu_per_wall_1"])),
        Row(f"Dask ingest {dask['articles']:,} articles into PostGIS, 2 workers vs 1 (whole command)",
            num(dask["two_workers_s"], "s"), num(dask["one_worker_s"], "s"),
            f"{dask['speedup']:.2f}x faster"),
        Row("Dask ingest steady state (batch minus a 2-article batch), 2 workers vs 1",
            num(dask["two_workers_s"] - dask["start_up_two_workers_s"], "s"),
            num(dask["one_worker_s"] - dask["start_up_one_worker_s"], "s"),
            f"{dask['steady_speedup']:.2f}x faster"),
        Row("Dask ingest start-up (a batch of 2 articles), 2 workers / 1",
            num(dask["start_up_two_workers_s"], "s"), num(dask["start_up_one_worker_s"], "s")),
        Row("Dask ingest CPU per wall second: workers, 2 / 1", num(dask["workers_cpu_per_wall_2"]),
            num(dask["workers_cpu_per_wall_1"])),
        Row("Dask workers' CPU per article, 2 workers / 1 (equal: no Dask overhead)",
            num(dask["workers_cpu_ms_per_article_2"], "ms"), num(dask["workers_cpu_ms_per_article_1"], "ms"),
            ratio(dask["workers_cpu_ms_per_article_2"] / dask["workers_cpu_ms_per_article_1"])),
        Row("Dask ingest CPU per wall second: the command (reading, the one writer), 2 / 1",
            num(dask["command_cpu_per_wall_2"]), num(dask["command_cpu_per_wall_1"])),
        Row("a report sent back by a worker (pickled)", num(dask["result_bytes_per_article"], "B")),
    ]


def query_rows(writer: dict[str, Any], queries: dict[str, Any]) -> list[Row]:
    return [
        Row(f"one writer, {writer['articles']} reports, a transaction per 16: PostGIS / SQLite",
            num(writer["postgis_chunk16_per_s"], "reports/s"),
            num(writer["sqlite_chunk16_per_s"], "reports/s"),
            ratio(writer["sqlite_chunk16_per_s"] / writer["postgis_chunk16_per_s"])),
        Row("one writer, a transaction per article: PostGIS / SQLite",
            num(writer["postgis_article_per_s"], "reports/s"),
            num(writer["sqlite_article_per_s"], "reports/s"),
            ratio(writer["sqlite_article_per_s"] / writer["postgis_article_per_s"])),
        Row("the page's queries at 10,000 reports (all, unfiltered + one province): PostGIS vs SQLite",
            num(queries["total"]["postgis"], "s"), num(queries["total"]["sqlite"], "s"),
            ratio(queries["total"]["postgis"] / queries["total"]["sqlite"]), "report"),
        *[Row(f"  {name}", num(pg_s, "s"), num(queries["seconds"]["sqlite"][name], "s"),
              ratio(pg_s / max(queries["seconds"]["sqlite"][name], 1e-6)))
          for name, pg_s in queries["seconds"]["postgis"].items()],
    ]


def shared_rows(sh: dict[str, Any], pg_pages: dict[int, dict[str, Any]]) -> list[Row]:
    """PostGIS + Dask (issue 17): the rows of the sections that ran."""
    rows = [*(dask_rows(sh["dask"]) if "dask" in sh else []),
            *(query_rows(sh["writer"], sh["queries"]) if "queries" in sh else [])]
    if not pg_pages:
        return rows
    rows.append(Row("PostGIS databases of 10,000 and 100,000 reports cloned by SQL", num(sh["clone_s"], "s")))
    one = pg_pages.get(1, {})
    for n in (10000, 100000):
        big = pg_pages.get(n, {})
        if "error" in one or "error" in big or not one or not big:
            failure = big.get("error") or one.get("error")
            rows.append(Row(f"the page on PostGIS, {n:,} vs 1 report", f"failed: {failure}", met=False))
            continue
        drawn = big["ours"]["drawn_s"] / one["ours"]["drawn_s"]
        warm = {scale: statistics.median(page["ours"]["filter_runs_s"][1:])
                for scale, page in ((1, one), (n, big))}
        filtered = warm[n] / warm[1]
        rows += [Row(f"map drawn on PostGIS, {n:,} vs 1 report ({big['ours']['features']} features)",
                     num(big["ours"]["drawn_s"], "s"), num(one["ours"]["drawn_s"], "s"), ratio(drawn),
                     f"<= {MAX_SCALE_RATIO:g}x", drawn <= MAX_SCALE_RATIO),
                 Row(f"filter {big['province']} redrawn on PostGIS (warm: median of changes 2-{PG_REPEAT}), "
                     f"{n:,} vs 1 report ({one['province']})", num(warm[n], "s"), num(warm[1], "s"),
                     ratio(filtered), f"<= {MAX_SCALE_RATIO:g}x", filtered <= MAX_SCALE_RATIO),
                 Row(f"first filter change (server caches cold) on PostGIS, {n:,} reports",
                     num(big["ours"]["filter_first_s"], "s"), num(one["ours"]["filter_first_s"], "s")),
                 Row(f"first load (server caches cold) on PostGIS, {n:,} vs 1 report",
                     num(big["ours"]["first_load_s"], "s"), num(one["ours"]["first_load_s"], "s"),
                     ratio(big["ours"]["first_load_s"] / one["ours"]["first_load_s"]), "report"),
                 Row(f"the page server's peak memory on PostGIS, {n:,} vs 1 report",
                     num(big["server_peak_rss_bytes"], "B"), num(one["server_peak_rss_bytes"], "B"),
                     ratio(big["server_peak_rss_bytes"] / max(one["server_peak_rss_bytes"], 1)), "report")]
    return rows


def cold_rows(cold: dict[str, Any]) -> list[Row]:
    loads, built = cold["data_load_s"], cold["data_load_without_index_cache_s"]
    return [
        Row("`make run` until the page answers", num(cold["make_run_answers_s"], "s")),
        Row("`make run` until the first map is drawn (empty db: seed read)", num(cold["first_map_drawn_s"],
                                                                                 "s")),
        Row("loading data/ in a fresh process (imports + all loaders)", num(loads["total"], "s"),
            f"index built: {num(built['total'], 's')}", ratio(loads["total"] / built["total"])),
        Row("gazetteer name index: cached load vs build", num(loads["name_index"], "s"),
            num(built["name_index"], "s"), ratio(loads["name_index"] / built["name_index"])),
    ]


def session_rows(s: dict[str, Any]) -> list[Row]:
    if "error" in s:
        return [Row(f"{sessions.SESSIONS} concurrent sessions", f"failed: {s['error']}", met=False)]
    one, many = s["one"], s["many"]
    return [
        Row(f"filter change, {sessions.SESSIONS} concurrent sessions vs 1 (1,000 reports, median)",
            num(many["filter_median_s"], "s"), num(one["filter_median_s"], "s"), ratio(s["filter_ratio"]),
            f"<= {sessions.MAX_RATIO:g}x", s["met"]),
        Row(f"first load, {sessions.SESSIONS} concurrent sessions vs 1 (median)",
            num(many["first_load_median_s"], "s"), num(one["first_load_median_s"], "s"),
            ratio(s["first_load_ratio"])),
    ]


SECTIONS = ("extraction", "ingest", "page", "dask", "queries", "page-postgis", "sessions", "cold")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Every measure of `make bench` (all "
                                     "by default), printed as a table and written to bench/results.json.")
    parser.add_argument("--only", action="append", choices=SECTIONS, metavar="SECTION",
                        help=f"run only these rows (repeatable): {', '.join(SECTIONS)}. The databases a row "
                             "needs are made untimed when the row that times their making is left out")
    return parser.parse_args(argv)


def _sqlite_dbs(work: Path, results: dict[str, Any], wanted: set[str]) -> dict[int, Path]:
    """SQLite databases of 1, 1,000 (the timed batch ingest's, else an untimed one) and 10,000 reports."""
    if "ingest" in wanted:
        print("batch ingest, 1 and 2 workers…", flush=True)
        results["ingest"] = ingest.run(work)
        thousand = Path(results["ingest"].pop("db"))
    else:
        thousand = ingest.untimed_db(work)
    return {1: scale.seed_db(work / "reports-1.sqlite"), 1000: thousand,
            10000: scale.cloned_db(thousand, work / "reports-10000.sqlite", 10)}


def main(argv: list[str] | None = None) -> None:
    wanted = set(parse_args(argv).only or SECTIONS)
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                           "loadavg_start": os.getloadavg()}, "sections": sorted(wanted)}
    rows: list[Row] = []
    if "extraction" in wanted:
        print("extraction vs geotext…", flush=True)
        results["extraction"] = extraction.run()
        rows += extraction_rows(results["extraction"])
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, services.postgres(unsafe_fast=False) as pg:
        work = Path(tmp)
        dbs = _sqlite_dbs(work, results, wanted) if wanted - {"extraction", "dask"} else {}
        if "ingest" in results:
            rows += ingest_rows(results["ingest"])
        results["stored_reports"] = {str(n): scale.report_count(db) for n, db in dbs.items()}
        server = services.PostgresServer(pg)
        shared_out: dict[str, Any] = {}
        if "dask" in wanted:
            print("Dask ingest into PostGIS, 1 and 2 workers…", flush=True)
            shared_out["dask"] = shared.dask_ingest_bench(server, work)
        if wanted & {"queries", "page-postgis"}:
            pg_1000 = shared.untimed_db(server, work)
        if "queries" in wanted:
            print("the writer; the page's queries on PostGIS and SQLite at 10,000 reports…", flush=True)
            shared_out.update(shared.queries(server, work, pg_1000, dbs[1000], dbs[10000]))
        pg_pages: dict[int, dict[str, Any]] = {}
        pages: dict[int, dict[str, Any]] = {}
        with browser.chromium() as chromium:
            if "page" in wanted:
                for n, db in dbs.items():
                    print(f"the page with {_label(n)}, and the bare map…", flush=True)
                    try:
                        pages[n] = browser.compare(chromium, db, work)
                    except RuntimeError as exc:  # one slow scale must not lose the other measures
                        pages[n] = {"error": str(exc)}
                results["page"] = {str(n): p for n, p in pages.items()}
                results["scale"] = scale_results(pages)
                rows += [*page_rows(pages), *scale_rows(pages, results["scale"])]
            if "page-postgis" in wanted:
                start = time.perf_counter()
                pg_dbs = {1: str(scale.seed_db(server.new_database())),
                          10000: shared.clone_postgres(server.new_database(copy_of=pg_1000), 10),
                          100000: shared.clone_postgres(server.new_database(copy_of=pg_1000), 100)}
                shared_out["clone_s"] = time.perf_counter() - start
                for n, db in pg_dbs.items():
                    print(f"the page on PostGIS with {_label(n)}…", flush=True)
                    try:
                        pg_pages[n] = browser.page_only(chromium, db, repeat=PG_REPEAT)
                    except RuntimeError as exc:
                        pg_pages[n] = {"error": str(exc)}
                results["page_postgis"] = {str(n): p for n, p in pg_pages.items()}
            results["shared"] = shared_out
            rows += shared_rows(shared_out, pg_pages)
            if "sessions" in wanted:
                print(f"{sessions.SESSIONS} concurrent sessions vs 1…", flush=True)
                try:
                    results["sessions"] = sessions.run(dbs[1000])
                except Exception as exc:  # noqa: BLE001 -- a timed-out browser must not lose the other measures
                    results["sessions"] = {"error": str(exc)}
                rows += session_rows(results["sessions"])
            if "cold" in wanted:
                print("cold start…", flush=True)
                results["cold_start"] = coldstart.run(chromium, work)
                rows += cold_rows(results["cold_start"])
    results["machine"]["loadavg_end"] = os.getloadavg()
    results["table"] = as_dicts(rows)
    RESULTS.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(markdown(rows))
    print(f"\nload average {results['machine']['loadavg_start']} -> {results['machine']['loadavg_end']} "
          f"on {os.cpu_count()} CPUs; all numbers in {RESULTS}")


if __name__ == "__main__":
    main()
