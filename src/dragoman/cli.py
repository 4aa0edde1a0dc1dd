"""Command line: thin click commands. The only module that prints or exits."""

from __future__ import annotations

import json
import os
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import click

from . import __version__
from .config import Config, load_config
from .errors import DragomanError, UsageError

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
    if value is not None and not DATE_RE.match(value):
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2020-01-14")
    return value


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
@click.pass_context
def ingest(ctx, paths, db, published, url, max_bytes, actor_files, quiet) -> None:
    """Code documents into the database; re-ingesting the same document adds nothing."""
    config = make_config(ctx, db=db, max_bytes=max_bytes, actors=actor_files or None)
    counts, problems = run_ingest(config, paths, published, url, quiet)
    click.echo(f"dragoman: {counts.added} new, {counts.replaced} updated, {counts.unchanged} unchanged "
               f"documents; {counts.events} events; {counts.problems} problems -> {config.db}", err=True)
    for problem in problems:
        click.echo(f"dragoman: {problem.message}", err=True)
    ctx.exit(EXIT_PARTIAL if problems else EXIT_OK)


def run_ingest(config: Config, paths: Iterable[str], published: str | None, url: str | None,
               quiet: bool):
    from .pipeline import Pipeline
    from .progress import IngestProgress
    from .sources import iter_inputs
    from .store import Store, WriteCounts

    pipeline = Pipeline(config)
    total = WriteCounts()
    problems = []
    with Store(config.db) as store, IngestProgress(disabled=quiet) as progress:
        batch = []
        for result in pipeline.run(iter_inputs(paths, config.max_bytes), published, url):
            batch.append((result.article, result.events, result.problem))
            if result.problem is not None:
                problems.append(result.problem)
            if len(batch) >= config.batch_size:
                total += store.write_batch(batch)
                progress.advance(len(batch), total)
                batch = []
        if batch:
            total += store.write_batch(batch)
            progress.advance(len(batch), total)
        store.rebuild_events()
    return total, problems


@cli.command()
@click.option("--db", default=None, help="Database file (default ./dragoman.duckdb or $DRAGOMAN_DB).")
@click.option("--actor", help="Actor name (substring) or country code.")
@click.option("--recipient", help="Recipient name (substring) or country code.")
@click.option("--type", "event_type", type=click.Choice(sorted(__import__("dragoman.ontology").ontology.EVENT_TYPES),
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
