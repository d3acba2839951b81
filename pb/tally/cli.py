"""``pb tally FILE.pb``: tally a Pabulib file from the command line, without app or database."""

from __future__ import annotations

import json
import sys
import time

import click

from pb.core import pabulib
from pb.core.tally import TallyError, explain_step, tally
from pb.core.tally.explain import format_money


@click.command("tally")
@click.argument("path", metavar="FILE.pb", type=click.Path(dir_okay=False))
@click.option("--rule", default=None,
              help="top:N, top:N:pool, greedy, greedy-no-skip, greedy-threshold, mes, "
                   "equalshares/add1, equalshares/add1-comparison (MES rules also +greedy). "
                   "Default: the file's META rule.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--ties", "tie_breaking", default=None,
              help="Tie-breaking chain, e.g. votes,cost,draw (default: Pabulib's for the rule).")
@click.option("--seed", type=int, default=None, help="Seed of the public draw, when ties use one.")
@click.option("--lang", type=click.Choice(["en", "pl"]), default="en",
              help="Language of the explanation.")
def tally_command(path: str, rule: str | None, as_json: bool, tie_breaking: str | None,
                  seed: int | None, lang: str) -> None:
    """Tally FILE.pb and print the winners with the explanation of every step."""
    try:
        started = time.perf_counter()
        election = pabulib.read(path)
        parsed = time.perf_counter()
        result = tally(election, rule, tie_breaking=tie_breaking, seed=seed,
                       pabulib_defaults=True)
        done = time.perf_counter()
    except pabulib.PabulibError as error:
        click.echo(f"pb tally: {path}: {error}", err=True)
        sys.exit(2)
    except TallyError as error:
        click.echo(f"pb tally: {error}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    currency = election.currency
    names = {p.id: p.name for p in election.projects}
    click.echo(f"rule: {result.rule}   budget: {format_money(result.budget, lang, currency)}")
    for step in result.steps:
        click.echo(f"  {explain_step(step, lang, currency)}")
    click.echo(f"selected ({len(result.selected)}):")
    for pid in result.selected:
        click.echo(f"  {pid}  {names.get(pid, '')}")
    click.echo(f"total cost: {format_money(result.total_cost, lang, currency)}   "
               f"left: {format_money(result.left, lang, currency)}")
    for tie in result.ties:
        click.echo(f"tie ({tie.context}): {', '.join(tie.projects)} decided by {tie.decided_by} "
                   f"→ {', '.join(tie.order)}")
    if result.seed is not None:
        click.echo(f"draw seed: {result.seed}")
    click.echo(f"read in {parsed - started:.2f} s, tallied in {done - parsed:.2f} s")
