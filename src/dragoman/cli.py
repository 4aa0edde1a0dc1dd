"""Command line: thin click commands. The only module that prints or exits."""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import click

from . import __version__
from .config import Config, load_config
from .errors import DragomanError, UsageError
from .ontology import EVENT_TYPES

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def main() -> None:
    """Entry point: no traceback ever reaches the user unless DRAGOMAN_DEBUG is set."""
    try:
        status = cli.main(standalone_mode=False, prog_name="dragoman")
        sys.exit(status if isinstance(status, int) else EXIT_OK)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as err:
        err.show()
        sys.exit(EXIT_USAGE)
    except click.Abort:
        click.echo("dragoman: interrupted; what was written so far is kept, run the same command to resume",
                   err=True)
        sys.exit(130)
    except UsageError as err:
        click.echo(f"dragoman: {err}", err=True)
        sys.exit(EXIT_USAGE)
    except DragomanError as err:
        click.echo(f"dragoman: {err}", err=True)
        sys.exit(EXIT_PARTIAL)
    except Exception as err:  # the last line of defence: report, never show a traceback
        if os.environ.get("DRAGOMAN_DEBUG"):
            raise
        click.echo(f"dragoman: internal error ({err.__class__.__name__}: {err}); please report it, "
                   "and rerun with DRAGOMAN_DEBUG=1 to see the traceback", err=True)
        sys.exit(EXIT_PARTIAL)


def make_config(ctx: click.Context, **overrides: Any) -> Config:
    return load_config(ctx.obj.get("config_path"), overrides=overrides)


def check_date(_ctx, _param, value: str | None) -> str | None:
    if value is not None and not (DATE_RE.match(value) and is_calendar_date(value)):
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2020-01-14")
    return value


def is_calendar_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dragoman")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="TOML file of settings (see docs/configuration.md).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """dragoman: news articles in, PLOVER political events out."""
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path


input_options = [
    click.option("--published", callback=check_date, help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    click.option("--url", help="Source URL for inputs that carry none."),
    click.option("--max-bytes", type=int, default=None, help="Largest document accepted (default 5,000,000 bytes)."),
    click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra actor file (YAML); repeatable. See docs/actors.md."),
]


def with_input_options(func):
    for option in reversed(input_options):
        func = option(func)
    return func


@cli.command()
@click.argument("paths", nargs=-1)
@with_input_options
@click.pass_context
def code(ctx, paths, published, url, max_bytes, actor_files) -> None:
    """Code documents and print one event record (JSON) per line; touches no database."""
    from .pipeline import Pipeline
    from .sources import iter_inputs

    config = make_config(ctx, max_bytes=max_bytes, actors=actor_files or None)
    pipeline = Pipeline(config)
    failed = 0
    for result in pipeline.run(iter_inputs(paths or ["-"], config.max_bytes), published, url):
        if result.problem is not None:
            failed += 1
            click.echo(f"dragoman: {result.problem.message}", err=True)
            continue
        for event in result.events:
            click.echo(json.dumps(event.to_dict(), ensure_ascii=False))
    ctx.exit(EXIT_PARTIAL if failed else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=None, help="Database file (default ./dragoman.duckdb or $DRAGOMAN_DB).")
@with_input_options
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Code on a local Dask cluster of N processes (default 1: this process).")
@click.option("--scheduler", default=None, help="Code on an existing Dask cluster (tcp://host:8786).")
@click.pass_context
def ingest(ctx, paths, db, published, url, max_bytes, actor_files, quiet, workers, scheduler) -> None:
    """Code documents into the database; re-ingesting the same document adds nothing.

    PATH: files (.html, .txt, .jsonl, .warc, .warc.gz, .rss, .atom, .xml), directories, or - for stdin.
    """
    config = make_config(ctx, db=db, max_bytes=max_bytes, actors=actor_files or None,
                         workers=workers, scheduler=scheduler)
    counts, problems = run_ingest(config, paths, published, url, quiet)
    click.echo(f"dragoman: {ingest_summary(counts)} -> {config.db}", err=True)
    for problem in problems:
        click.echo(f"dragoman: {problem.message}", err=True)
    if counts.problems + counts.warnings > len(problems):
        click.echo(f"dragoman: ... and {counts.problems + counts.warnings - len(problems)} more problems; all are "
                   f"in the problems table of {config.db}", err=True)
    ctx.exit(EXIT_PARTIAL if counts.problems else EXIT_OK)  # metadata warnings: the documents were stored


def ingest_summary(counts) -> str:
    """"3 new, 0 updated, 0 unchanged documents; 27 events; 0 problems", with versions set aside and
    metadata warnings when there are any."""
    kept = (f"; {counts.declined} later versions set aside (the stored ones are fuller or newer: "
            "docs/record.md)") if counts.declined else ""
    warned = f"; {counts.warnings} with unusable metadata" if counts.warnings else ""
    return (f"{counts.added} new, {counts.replaced} updated, {counts.unchanged} unchanged documents{kept}; "
            f"{counts.events} events; {counts.problems} problems{warned}")


def run_ingest(config: Config, paths: Iterable[str], published: str | None, url: str | None,
               quiet: bool):
    """(counts, the first problems) of an ingest, with a live progress line unless ``quiet``."""
    from .ingest import ingest as ingest_documents
    from .progress import IngestProgress

    with IngestProgress(disabled=quiet) as progress:
        report = ingest_documents(config, paths, published, url,
                                  on_batch=lambda total: progress.advance(0, total))
    return report.counts, list(report.problems)


@cli.command()
@click.option("--db", default=None, help="Database file (default ./dragoman.duckdb or $DRAGOMAN_DB).")
@click.option("--actor", help="Actor name (substring) or country code.")
@click.option("--recipient", help="Recipient name (substring) or country code.")
@click.option("--type", "event_type", type=click.Choice(sorted(EVENT_TYPES),
              case_sensitive=False), help="PLOVER event type.")
@click.option("--country", help="ISO3 code of an actor, a recipient or the location.")
@click.option("--since", callback=check_date, help="First date (YYYY-MM-DD).")
@click.option("--until", callback=check_date, help="Last date (YYYY-MM-DD).")
@click.option("--text", help="Substring of the evidence sentence.")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True)
@click.pass_context
def events(ctx, db, actor, recipient, event_type, country, since, until, text, limit, fmt) -> None:
    """Query coded events."""
    from .output import print_csv, print_table
    from .store import EventFilter, Store

    config = make_config(ctx, db=db)
    if not Path(config.db).exists():
        raise UsageError(f"database {config.db} does not exist; run `dragoman ingest PATH` or `make demo` first")
    flt = EventFilter(actor=actor, recipient=recipient, type=event_type, country=country,
                      since=since, until=until, text=text, limit=limit)
    with Store(config.db, read_only=True) as store:
        records = store.query_events(flt)
    if fmt == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    elif fmt == "csv":
        print_csv(records, sys.stdout)
    else:
        print_table(records)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["plover-jsonl", "csv", "parquet", "gdelt-tsv"]),
              required=True, help="Output format (docs/export.md).")
@click.option("--out", required=True, help="Output file, or - for standard output (not for parquet).")
@click.option("--table", type=click.Choice(["mentions", "events"]), default=None,
              help="Report-level mentions (default) or event clusters (always events for gdelt-tsv).")
@click.option("--db", default=None, help="Database file (default ./dragoman.duckdb or $DRAGOMAN_DB).")
@click.pass_context
def export(ctx, fmt, out, table, db) -> None:
    """Export the database as PLOVER JSONL, CSV, Parquet or a GDELT-style TSV."""
    from .exporters import export_database

    config = make_config(ctx, db=db)
    if not Path(config.db).exists():
        raise UsageError(f"database {config.db} does not exist; run `dragoman ingest PATH` first")
    count = export_database(config.db, fmt, out, table, stdout=sys.stdout)
    what = "events" if fmt == "gdelt-tsv" else table or "mentions"
    click.echo(f"dragoman: {count} {what} -> {'standard output' if out == '-' else out}", err=True)


@cli.command()
@click.option("--db", default=None, help="Database file (default ./dragoman.duckdb).")
@click.pass_context
def demo(ctx, db) -> None:
    """Code the bundled demo articles into the database and show what was found."""
    from .output import print_table
    from .store import EventFilter, Store

    config = make_config(ctx, db=db)
    folder = resources.files("dragoman") / "demo"
    # The scraped sample page carries no date; its events took place in the week of 14 January 2020.
    sample, _ = run_ingest(config, [str(folder / "millennium-post-haftar-moscow.txt")],
                           published="2020-01-14", url=None, quiet=True)
    counts, problems = run_ingest(config, [str(folder / "articles.jsonl")], published=None, url=None,
                                  quiet=False)
    counts += sample
    with Store(config.db, read_only=True) as store:
        records = store.query_events(EventFilter(limit=500))
    print_table(records, title=f"{len(records)} events in {config.db}")
    click.echo(f"\n{counts.added + counts.replaced + counts.unchanged} demo documents, "
               f"{len(problems)} problems. Try next:")
    for line in NEXT_STEPS:
        click.echo(f"  {line}")


NEXT_STEPS = (
    ".venv/bin/dragoman events --actor Haftar",
    ".venv/bin/dragoman events --type ASSAULT --format jsonl",
    ".venv/bin/dragoman events --country RUS --since 2020-01-01 --format csv",
    ".venv/bin/dragoman code src/dragoman/demo/millennium-post-haftar-moscow.txt --published 2020-01-14",
    ".venv/bin/dragoman ingest YOUR_ARTICLES/   (html, txt, jsonl)",
)


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.pass_context
def evaluate(ctx, gold, as_json) -> None:
    """Score the coder against annotated sentences (format: docs/annotation.md)."""
    from .evaluate import evaluate_file, format_report
    from .pipeline import Pipeline

    report = evaluate_file(gold, Pipeline(make_config(ctx)))
    click.echo(json.dumps(report, indent=2) if as_json else format_report(report))


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command()
@click.option("--db", default=None, help="Database file (default ./dragoman.duckdb or $DRAGOMAN_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the API has no authentication, so keep it local.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--snapshot-dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the server's copy of the database (default: a temporary folder).")
@click.pass_context
def serve(ctx, db, host, port, snapshot_dir) -> None:
    """REST API and dashboard (read-only) at http://HOST:PORT/; ingests may run meanwhile."""
    try:
        import uvicorn

        from .web import create_app
    except ImportError as err:
        raise UsageError(f"serving needs the serve extra ({err.name} is missing); "
                         "run: pip install 'dragoman[serve]'") from err
    config = make_config(ctx, db=db)
    app = create_app(config.db, snapshot_dir=snapshot_dir)
    if host not in LOOPBACK_HOSTS:
        click.echo(f"dragoman: warning: listening on {host}; anyone who can reach it can read the database",
                   err=True)
    click.echo(f"dragoman: serving {config.db} at http://{host}:{port}/ (API docs at /docs); Ctrl+C stops",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
