"""The ``pb`` command: a Flask CLI group over the app factory, for operators and scripts.

``pb db upgrade`` (from Flask-Migrate), ``pb demo``, ``pb user add``, ``pb serve``,
``pb translate …``, and ``pb tally`` (which needs neither the app nor a database).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from pb.config import REPO_ROOT


def _create_app() -> Flask:
    from pb import create_app

    return create_app()


class _PbGroup(FlaskGroup):
    """Shows pb's configuration errors as one clear line instead of a traceback."""

    def main(self, *args, **kwargs):
        from pb.config import ConfigError

        try:
            return super().main(*args, **kwargs)
        except ConfigError as error:
            click.echo(f"pb: {error}", err=True)
            sys.exit(2)


cli = _PbGroup(
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    help="pb — participatory budgeting for micro-projects.",
)


def main() -> None:
    cli.main(prog_name="pb")


def register_app_commands(app: Flask) -> None:
    """Commands that live on the app (so ``flask --app wsgi`` offers them too)."""
    app.cli.add_command(demo_command)
    app.cli.add_command(user_group)
    app.cli.add_command(serve_command)
    app.cli.add_command(translate_group)
    app.cli.add_command(cards_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo edition (Wodzisław Śląski 2012/13) into the configured database.

    Running it again changes nothing.
    """
    import logging

    from pb.demo import DEMO_PASSWORD, load_demo
    from pb.extensions import db

    # The demo's hundreds of audit events are in the audit log; the terminal gets the summary.
    logging.getLogger("pb.audit").setLevel(logging.WARNING)
    report = load_demo()
    db.session.commit()
    if report.created:
        click.echo(f"Demo data loaded: {', '.join(report.created)}.")
    else:
        click.echo("Demo data already present; nothing changed.")
    click.echo("Demo logins (password for all: " + DEMO_PASSWORD + "):")
    for login, role in report.logins:
        click.echo(f"  {role:<12} {login}")


@click.group("user")
def user_group() -> None:
    """Manage accounts."""


@user_group.command("add")
@click.argument("login")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["coordinator", "animator", "participant", "official", "teller"]),
)
@click.option("--name", help="Full name (defaults to the login).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
@with_appcontext
def user_add_command(login: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create an account with LOGIN (an e-mail address or user name)."""
    from pb.accounts.models import Role
    from pb.accounts.services import create_user
    from pb.errors import DomainError
    from pb.extensions import db

    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            login=login,
            name=name or login,
            role=Role(role),
            password=password,
            email=login if "@" in login else None,
            acting=None,  # the operator at the command line
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Created {user.login} ({user.role.value}).")


@click.command("cards")
@click.argument("debate_id", type=int)
@click.option("--count", type=click.IntRange(1, 2000), required=True, help="How many cards.")
@click.option("--category", type=click.Choice(["resident", "official"]), default="resident",
              show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), required=True,
              help="Where to write the PDF.")
@click.option("--large-print", is_flag=True, help="Two cards a page, bigger letters.")
@with_appcontext
def cards_command(debate_id: int, count: int, category: str, out: str, large_print: bool) -> None:
    """Print COUNT new ballot cards for debate DEBATE_ID into a PDF.

    The codes exist only in that PDF: the database keeps their keyed hashes.
    """
    from pathlib import Path

    from flask_babel import force_locale

    from pb.accounts.models import Role, User
    from pb.debate.models import Debate, VoterCategory
    from pb.debate.printing import cards_pdf
    from pb.debate.services import issue_cards
    from pb.errors import DomainError
    from pb.extensions import db

    debate = db.session.get(Debate, debate_id)
    if debate is None:
        raise click.ClickException(f"There is no debate {debate_id}.")
    operator = db.session.scalar(db.select(User).where(User.role == Role.COORDINATOR))
    with current_app.test_request_context(), force_locale("pl"):
        try:
            issued = issue_cards(debate, count=count, category=VoterCategory(category),
                                 acting=operator)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from None
        pdf = cards_pdf(debate, issued, large_print=large_print)
        # Written before the commit: if the file cannot be written, no card exists unprinted.
        Path(out).write_bytes(pdf)
        db.session.commit()
    click.echo(f"{count} cards (no. {issued[0].number}–{issued[-1].number}, {category}) "
               f"written to {out}. Their QR codes point to {current_app.config['PUBLIC_URL']}/v/…")


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--with-secret", is_flag=True,
              help="Also store instance/secret_key (needed for printed cards to keep working).")
@with_appcontext
def backup_command(out: str, with_secret: bool) -> None:
    """Write the whole database and the uploaded files to OUT (.tar.gz)."""
    from pathlib import Path

    from pb.ops.backup import write_backup

    counts = write_backup(Path(out), Path(current_app.instance_path), with_secret=with_secret)
    click.echo(f"Backup written to {out}: {sum(counts.values())} rows in {len(counts)} tables.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore_command(source: str) -> None:
    """Load a backup into the configured, empty database (run 'pb db upgrade' first)."""
    from pathlib import Path

    from pb.ops.backup import BackupError, restore_backup

    try:
        counts = restore_backup(Path(source), Path(current_app.instance_path))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {sum(counts.values())} rows in {len(counts)} tables from {source}.")


@click.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")  # noqa: S104
@click.option("--port", type=int, default=None, help="Port (default: PB_PORT or 8000).")
@click.option("--workers", type=int, default=2, show_default=True)
@click.option("--threads", type=int, default=4, show_default=True)
@click.option("--access-log", is_flag=True, help="Log every request (with its URL) to stdout.")
@with_appcontext
def serve_command(host: str, port: int | None, workers: int, threads: int,
                  access_log: bool) -> None:
    """Serve pb with gunicorn, reachable from phones on the local network."""
    from pb.netinfo import default_public_url, lan_addresses

    port = port or int(current_app.config["PORT"])
    public_url = current_app.config["PUBLIC_URL"]
    if current_app.config.get("PUBLIC_URL_IS_DEFAULT"):
        public_url = default_public_url(port)
    click.echo("pb is starting. Open it at:")
    click.echo(f"  http://127.0.0.1:{port}/   (this computer)")
    if host in ("0.0.0.0", "::"):  # noqa: S104
        for address in lan_addresses():
            click.echo(f"  http://{address}:{port}/   (phones and other devices on this network)")
    click.echo(f"Printed QR codes point to: {public_url}/")
    click.echo("Press Ctrl+C to stop.")
    sys.stdout.flush()
    args = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        # A phone reads its ballot for a few seconds between requests: keep its connection.
        "--keep-alive", "5",
        "--chdir", str(REPO_ROOT),
        "wsgi:app",
    ]
    # No access log by default: ballot URLs carry card codes, and a log of who opened which
    # code when would undo the ballot secrecy the database keeps. --access-log turns it on.
    if access_log:
        args[-1:-1] = ["--access-logfile", "-"]
    # The workers build their own app: tell them the port, so QR codes carry the right one.
    env = {**os.environ, "PB_PORT": str(port)}
    raise SystemExit(subprocess.call(args, env=env))  # noqa: S603


# --- translations ----------------------------------------------------------------------------

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@click.group("translate")
def translate_group() -> None:
    """Extract, update and compile the interface's translations."""


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)  # noqa: S603


@translate_group.command("update")
def translate_update() -> None:
    """Extract the strings from code and templates and merge them into the catalogues."""
    pot = TRANSLATIONS / "messages.pot"
    _pybabel("extract", "-F", str(REPO_ROOT / "babel.cfg"), "-k", "_l", "--no-location",
             "--sort-output", "-o", str(pot), str(REPO_ROOT))
    _pybabel("update", "-i", str(pot), "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
             "--ignore-obsolete")


@translate_group.command("compile")
def translate_compile() -> None:
    """Compile the catalogues (.po) into the files the app reads (.mo)."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


# The tally command needs no app and no database.
from pb.tally.cli import tally_command  # noqa: E402

cli.add_command(tally_command)
