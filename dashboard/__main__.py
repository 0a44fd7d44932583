"""The command line: ``python -m dashboard extract|ingest|stats|export|evaluate|control|events`` (parse,
call, print).

Errors a user can cause print one line, ``error: ...``, on stderr and exit 2 (issue 3, issue 7).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import evaluate, extract, ingest, settings, store
from dashboard import events as territory
from dashboard import export as export_mod
from dashboard.errors import BadInput, DashboardError
from dashboard.files import scan, shown
from dashboard.model import Report

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 1


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        msg = f"{value!r} is not a whole number of 1 or more"
        raise argparse.ArgumentTypeError(msg)
    return number


def _scheduler(value: str) -> str:
    try:
        return settings.scheduler_address(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _port(value: str) -> int:
    number = _positive(value)
    if number > 65535:
        msg = f"{value!r} is not a port (1-65535)"
        raise argparse.ArgumentTypeError(msg)
    return number


def _published(value: str) -> str:
    """The one strict date parser (the pipeline's, via ingest), as an argparse type."""
    try:
        return ingest.parse_published(value) or ""
    except BadInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _day(value: str) -> str:
    """A day ``YYYY-MM-DD`` (as-of dates), as an argparse type."""
    try:
        return _published(value)
    except argparse.ArgumentTypeError:
        msg = f"{value!r} is not a date in the form YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _text_summary(report: Report) -> str:
    """A readable summary of one Report."""
    meta = report.report
    lines = [f"title: {meta.title or '-'}", f"published: {meta.published or '-'}", f"sha256: {meta.sha256}"]
    lines += [f"warning: {w}" for w in report.warnings]
    lines.append(f"places ({len(report.places)}):")
    for p in report.places:
        where = (f"{p.name or p.mention}, {p.admin1 or '?'}, {p.country_iso3 or '?'} "
                 f"({p.lat:.4f}, {p.lon:.4f}) precision {p.precision}"
                 if p.lat is not None and p.lon is not None
                 else f"unresolved: {p.reason or 'no match'}")
        lines.append(f"  [{p.start}:{p.end}] {p.mention!r} {p.kind} -> {where}")
    lines.append(f"figures ({len(report.figures)}):")
    lines += [f"  [{f.start}:{f.end}] {f.text!r} {f.qualifier} value={f.value} low={f.low} high={f.high} "
              f"counts={f.counts or '-'}" for f in report.figures]
    lines.append(f"dates ({len(report.dates)}):")
    lines += [f"  [{d.start}:{d.end}] {d.text!r} -> {d.resolved or '-'} ({d.precision})"
              for d in report.dates]
    lines.append(f"claims ({len(report.claims)}):")
    lines += [f"  {c.actor or '?'} {c.action} {c.place} when={c.when or '-'} admin1={c.admin1 or '-'} "
              f"source={c.source or '-'}" for c in report.claims]
    return "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    text, title, published, warnings = ingest.read_article(Path(args.path), args.published)
    report = extract(text, published, args.title or title, warnings)
    out = (json.dumps(report.to_dict(), ensure_ascii=False) if args.format == "json"
           else _text_summary(report))
    print(out)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    scanned = scan(args.paths)
    for path, reason in scanned.skipped:
        print(f"skipped: {shown(path)}: {reason}", file=sys.stderr)
    files = scanned.files
    if not files:  # before the batch starts: the error is the only line on stderr
        msg = "no article files (*.txt, *.html, *.htm) found in the given paths"
        raise BadInput(msg)
    batch = len(files) > 1 or any(p.is_dir() for p in args.paths)
    if args.workers > 1 and (args.scheduler or args.dask_workers):
        msg = "--workers is the process pool of one machine; give it or Dask's options, not both"
        raise BadInput(msg)
    results = ingest.ingest_paths(settings.database(args.db).where, files, args.published,
                                  workers=args.workers, progress=batch, scheduler=args.scheduler,
                                  dask_workers=args.dask_workers)
    failed = 0
    for r in results:
        if r.error is not None:
            failed += 1
            print(shown(f"error: {r.path_or_name}: {r.error}"), file=sys.stderr)
            continue
        state = "stored" if r.created else "unchanged (already stored)"
        found = ", ".join(f"{n} {k}" for k, n in r.counts.items())
        print(shown(f"{r.path_or_name}: {state} as report {r.report_id}: {found}"))
    if len(results) > 1:
        print(f"{len(results) - failed} of {len(results)} articles ingested, {failed} failed")
    return EXIT_BAD_INPUT if failed else 0


# What `serve` gives streamlit wherever it is started (issue 19): `streamlit run` from another folder
# missed .streamlit/config.toml and bound every address, took 200 MB uploads, called an outside
# metrics URL and drew a blank map (no static serving for the bundled Leaflet).
SAFE_SERVER_FLAGS = (
    "--server.address", "127.0.0.1", "--server.headless", "true", "--server.enableStaticServing", "true",
    "--server.maxUploadSize", str(max(1, settings.MAX_ARTICLE_BYTES // (1024 * 1024))),
    "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
)


def serve_command(port: int | None = None) -> list[str]:
    """The ``streamlit run`` command line of the page with the safe settings (the port: this one,
    else streamlit's own choice, ``$STREAMLIT_SERVER_PORT`` or 8501)."""
    app = Path(__file__).resolve().parent / "app.py"
    return [sys.executable, "-m", "streamlit", "run", str(app), *SAFE_SERVER_FLAGS,
            *(("--server.port", str(port)) if port else ())]


def cmd_serve(args: argparse.Namespace) -> int:
    # the project root is the working folder: streamlit reads .streamlit/config.toml (theme) there
    os.chdir(settings.ROOT)
    settings.database(args.db)  # a wrong DASHBOARD_DB is one line now, not an error on the page
    if args.db is not None:
        os.environ["DASHBOARD_DB"] = str(args.db)
    command = serve_command(args.port)
    sys.stdout.flush()
    os.execv(command[0], command)  # the server takes this process's place (its pid, its signals)
    return 0  # not reached


def cmd_stats(args: argparse.Namespace) -> int:
    conn = store.connect(args.db, readonly=True)
    try:
        numbers = store.counts(conn)
    finally:
        conn.close()
    print(json.dumps(numbers) if args.format == "json" else "\n".join(f"{k}: {v}" for k,
                                                                      v in numbers.items()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "gpkg" and args.output is None:
        msg = "a GeoPackage is a binary file: give -o FILE"
        raise BadInput(msg)
    db = settings.database(args.db)
    if args.output is not None and db.kind == "sqlite" and _same_file(args.output, Path(db.where)):
        msg = f"{args.output} is the database being exported; give another -o FILE"
        raise BadInput(msg)
    conn = store.connect(db.where, readonly=True)
    try:
        data = export_mod.export(conn, args.format, args.output)
    finally:
        conn.close()
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _extract_gold_article(gold_path: Path, gold: dict) -> dict:
    """What ``extract`` prints for the article a gold file names (its "file", else its "text")."""
    published = ingest.parse_published(gold.get("published"))
    if gold.get("file"):
        text, title, published, warnings = ingest.read_article(gold_path.parent / gold["file"], published)
    else:
        text, title, warnings = gold["text"], None, ()
    return extract(text, published, gold.get("title") or title, warnings).to_dict()


def cmd_evaluate(args: argparse.Namespace) -> int:
    scores, totals = evaluate.evaluate_files(args.gold, _extract_gold_article)
    print(json.dumps(evaluate.as_json(scores, totals)) if args.format == "json"
          else evaluate.as_text(scores, totals, verbose=args.verbose))
    return 0


def _territory(db: str | None) -> territory.Territory:
    conn = store.connect(db, readonly=True)
    try:
        return territory.from_store(conn)
    finally:
        conn.close()


def _print_rows(rows: list[dict], fmt: str, columns: Sequence[str]) -> None:
    """JSON list, or CSV whose list-valued cells (history, contradictions) hold JSON."""
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    flat = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in r.items()}
            for r in rows]
    sys.stdout.buffer.write(export_mod.to_csv(flat, columns))
    sys.stdout.flush()


def cmd_control(args: argparse.Namespace) -> int:
    from datetime import date

    from dashboard import control

    known = _territory(args.db)
    day = date.fromisoformat(args.as_of) if args.as_of else None
    places = control.as_of(known.events, known.statements, known.sides, day)
    if args.level == "province":
        rows = [p.to_dict() for p in control.provinces(places)]
        _print_rows(rows, args.format, control.PROVINCE_COLUMNS)
    else:
        _print_rows([p.to_dict() for p in places], args.format, control.PLACE_COLUMNS)
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    known = _territory(args.db)
    if args.format == "csv":
        from dashboard.bundled_data import country_names

        names = country_names()
        _print_rows([territory.acled_row(e, known.sides, names) for e in known.events], "csv",
                    territory.ACLED_COLUMNS)
    else:
        _print_rows([e.to_dict() for e in known.events], "json", ())
    return 0


def _same_file(a: Path, b: Path) -> bool:
    """One file under two names (relative, symlinked or hard-linked)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.samefile(b)
    except OSError:  # either one does not exist (yet): not the same file
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard",
                     description="Reported territorial changes: news articles -> places, figures, dates, "
                                 "claims -> a SQLite database -> the map dashboard.",
                     epilog=f"exit codes: 0 ok, {EXIT_INTERNAL} internal error, {EXIT_BAD_INPUT} bad "
                            f"input or usage, {EXIT_INTERRUPTED} interrupted")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    pub_help = "publication date YYYY-MM-DD (relative dates resolve against it; overrides a .json sidecar)"
    extract_pub_help = (f"{pub_help}; without it, a full date in the article's first lines (dateline, "
                        "metadata) is used, else relative dates stay unresolved")

    p = sub.add_parser("extract", help="extract one article and print the result; stores nothing",
                       description="Print what one article reports (JSON as documented in docs/schema.md, "
                                   "or text).")
    p.add_argument("path", help="article file (.txt, .html or .htm; a .json sidecar may give title and date)")
    p.add_argument("--published", type=_published, help=extract_pub_help)
    p.add_argument("--title", help="article title")
    _format_option(p, ("json", "text"), "json")
    p.set_defaults(run=cmd_extract)

    p = sub.add_parser("ingest", help="store articles in the database (same text twice: no change)",
                       description="Extract and store articles; directories expand to their *.txt, *.html "
                                   "and *.htm files.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files or directories")
    p.add_argument("--published", type=_published, help=pub_help)
    _db_option(p)
    p.add_argument("--workers", type=_positive, default=1,
                   help="extractor processes on this machine, at most one per CPU (default 1)")
    dask = p.add_mutually_exclusive_group()
    dask.add_argument("--scheduler", metavar="tcp://HOST:PORT", type=_scheduler,
                      help="extract on the Dask cluster of this scheduler; this process stores the results")
    dask.add_argument("--dask-workers", type=_positive, metavar="N",
                      help="extract on a local Dask cluster of N single-threaded workers")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("serve", help="the dashboard page on http://127.0.0.1:PORT (`make run` starts it)",
                       description="Start the Streamlit page with the project's safe settings wherever it "
                                   "is started: bound to 127.0.0.1 only, uploads capped at the article "
                                   "limit, no usage statistics or outside requests, Leaflet served by the "
                                   "app itself.")
    p.add_argument("--port", type=_port, help="port on 127.0.0.1 (default $STREAMLIT_SERVER_PORT or 8501)")
    _db_option(p, Path)
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("stats", help="count stored reports, places, figures, dates, claims, quotes and "
                                     "consistency findings",
                       description="Counts of what the database holds.")
    _db_option(p)
    _format_option(p, ("json", "text"), "text")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser("export", help="write stored places and claims as GeoJSON, CSV or GeoPackage",
                       description="Events (claims and places) with ACLED column names; deterministic.")
    _db_option(p)
    _format_option(p, export_mod.FORMATS, None)
    p.add_argument("-o", "--output", type=Path, help="output file (default stdout; required for gpkg)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("evaluate",
                       help="score the extractor against your own annotated articles (gold files)",
                       description="Extract each gold file's article and print precision and recall per "
                                   "field (places, figures, dates, claims). The gold format and the "
                                   "matching rules are in docs/schema.md.")
    p.add_argument("gold", nargs="+", type=Path, metavar="GOLD.json", help="gold files")
    _format_option(p, ("json", "text"), "text")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss and unmatched item")
    p.set_defaults(run=cmd_evaluate)

    p = sub.add_parser("control", help="who holds each place (or province) as of a date",
                       description="One row per place with a territorial event on or before the date: "
                                   "status (held | contested), holder, since, recaptured, sources, "
                                   "contradictions and history (oldest first). Only asserted claims change "
                                   "control; denials are listed as contradictions.")
    _db_option(p)
    p.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD",
                   help="the day to tell control on (default: every stored event)")
    p.add_argument("--level", choices=("place", "province"), default="place",
                   help="places, or admin-1 units rolled up from them (default place)")
    _format_option(p, ("json", "csv"), "json")
    p.set_defaults(run=cmd_control)

    p = sub.add_parser("events", help="territorial events, deduplicated across reports, with their sources",
                       description="Claims of the same place, action class and actor within a few days are "
                                   "one event with N sources (syndicated copies count once). CSV uses "
                                   "ACLED's columns and codebook.")
    _db_option(p)
    _format_option(p, ("json", "csv"), "json")
    p.set_defaults(run=cmd_events)
    return parser


DB_HELP = ("SQLite file, or postgresql://user@host:port/db for a shared PostGIS database "
           "(default: $DASHBOARD_DB or var/dashboard.sqlite)")


def _db_option(p: argparse.ArgumentParser, kind: type = str) -> None:
    p.add_argument("--db", type=kind, help=DB_HELP)


def _format_option(p: argparse.ArgumentParser, formats: Sequence[str], default: str | None) -> None:
    """``--format``: one of ``formats``, ``default`` when given, else required."""
    if default is None:
        p.add_argument("--format", choices=formats, required=True, help="output format")
    else:
        p.add_argument("--format", choices=formats, default=default,
                       help=f"output format (default {default})")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DashboardError as exc:
        print(shown(f"error: {exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly; keep Python from failing at exit flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 -- a bug still gets one line, not a traceback (issue 7)
        first_line = (str(exc).splitlines() or [""])[0]
        print(shown(f"error: internal error: {type(exc).__name__}: {first_line}"), file=sys.stderr)
        return EXIT_INTERNAL


def exit_now(code: int) -> None:
    """Exit without tearing the interpreter down: freeing the ~170 MB name index object by object
    took 0.1 s of every command (a tenth of a batch's start-up, `make bench`). Output is flushed;
    every database transaction is already committed and connections are closed."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
