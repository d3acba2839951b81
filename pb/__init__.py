"""pb — participatory budgeting for micro-projects.

:func:`create_app` builds the web application: configuration in layers, extensions bound,
one blueprint per area of the product.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from pb.config import (
    REPO_ROOT,
    ConfigError,
    check_secret,
    defaults,
    from_environment,
    instance_secret,
)

__all__ = ["ConfigError", "create_app", "warm_up"]


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. ``test_config`` replaces the instance file and environment in tests."""
    instance_path = Path(os.environ.get("PB_INSTANCE_PATH", REPO_ROOT / "instance")).resolve()
    app = Flask(
        "pb",
        instance_path=str(instance_path),
        instance_relative_config=True,
        template_folder=str(REPO_ROOT / "templates"),
        static_folder=str(REPO_ROOT / "static"),
        root_path=str(Path(__file__).resolve().parent),
    )
    app.config.update(defaults(instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(from_environment(os.environ))
    else:
        app.config.update(test_config)
    from pb.private_files import tighten_instance

    tighten_instance(instance_path, app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(instance_path)
    production = app.config["PB_ENV"] == "production" and not app.testing and not app.debug
    check_secret(app.config["SECRET_KEY"], production=production)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A server database may drop idle connections; check each before use. (A file needs not.)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True,
                                                   **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    if app.config.get("PUBLIC_URL") is None:
        from pb.netinfo import default_public_url

        app.config["PUBLIC_URL"] = default_public_url(int(app.config["PORT"]))
        app.config["PUBLIC_URL_IS_DEFAULT"] = True

    from pb.security import SessionInterface

    app.session_interface = SessionInterface()
    _init_extensions(app)
    _bounded_int_urls(app)
    _register_blueprints(app)
    _security_headers(app)
    from pb.ops.logging_setup import configure_logging

    configure_logging(app.config.get("LOG_FORMAT"), app.config.get("LOG_LEVEL", "INFO"))
    if app.config.get("PROXY_FIX"):
        # Behind a reverse proxy that terminates HTTPS: trust one hop of X-Forwarded-*, from it.
        from pb.proxies import FromTrustedProxies

        app.wsgi_app = FromTrustedProxies(app.wsgi_app, app.config["PROXY_ADDRESSES"])  # type: ignore[method-assign]
    _register_cli(app)
    return app


# The pages a voter sees. A server worker prepares them before its first request (see warm_up).
VOTER_TEMPLATES = (
    "base.html", "debate/type_code.html", "debate/ballot.html", "debate/_ballot_items.html",
    "debate/confirm.html", "debate/receipt.html", "debate/message.html", "debate/public.html",
)


def warm_up(app: Flask) -> None:
    """Do in a fresh server worker what its first request would otherwise wait for: set up the
    ORM's mappers, compile the voters' templates, load both languages and their number formats.
    (Without it the first voter served by each worker waited a quarter of a second or more.)"""
    from flask_babel import force_locale, gettext
    from sqlalchemy.orm import configure_mappers

    from pb.i18n import money

    configure_mappers()
    for name in VOTER_TEMPLATES:
        app.jinja_env.get_template(name)
    with app.test_request_context("/"):
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                gettext("Your ballot")
                money(1_00)
        from sqlalchemy.exc import SQLAlchemyError

        from pb.debate.voting import prepare_worker
        from pb.extensions import db

        try:
            prepare_worker()
        except SQLAlchemyError:  # the database is not up yet: the first requests will tell
            app.logger.warning("warm-up: the database did not answer; continuing without it")
        finally:
            db.session.remove()


def _init_extensions(app: Flask) -> None:
    from pb import models  # noqa: F401  (the whole schema, for Alembic)
    from pb.accounts.services import session_user
    from pb.extensions import babel, csrf, db, login_manager, migrate
    from pb.i18n import register_filters, select_locale

    db.init_app(app)
    _tune_sqlite(app, db)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to see this page.")

    # A session names an account and its session version; an ended session names no one.
    login_manager.user_loader(session_user)

    register_filters(app)


def _tune_sqlite(app: Flask, db) -> None:
    """Foreign keys on, WAL journal and a busy timeout so several workers can share the file;
    secure deletion and a short write-ahead log for ballot secrecy."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        # Ballot secrecy (see the README): deleted content is overwritten, and the write-ahead
        # log, whose commits each pair a card with its ballot, is copied into the file once it
        # holds 16 pages (about two votes) and cut back when it starts again.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA wal_autocheckpoint=16")
        cursor.execute("PRAGMA journal_size_limit=0")
        cursor.close()

    with app.app_context():
        event.listen(db.engine, "connect", _on_connect)


def _register_blueprints(app: Flask) -> None:
    from pb.accounts import bp as accounts_bp
    from pb.accounts import routes as _accounts_routes  # noqa: F401
    from pb.debate import bp as debate_bp
    from pb.debate import routes as _debate_routes  # noqa: F401
    from pb.diagnosis import bp as diagnosis_bp
    from pb.diagnosis import routes as _diagnosis_routes  # noqa: F401
    from pb.editions import bp as editions_bp
    from pb.editions import routes as _editions_routes  # noqa: F401
    from pb.execution import bp as execution_bp
    from pb.execution import routes as _execution_routes  # noqa: F401
    from pb.help import bp as help_bp
    from pb.help import routes as _help_routes  # noqa: F401
    from pb.main import bp as main_bp
    from pb.main import routes as _main_routes  # noqa: F401
    from pb.ops import bp as ops_bp
    from pb.ops import routes as _ops_routes  # noqa: F401
    from pb.projects import bp as projects_bp
    from pb.projects import routes as _projects_routes  # noqa: F401

    app.register_blueprint(main_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(editions_bp)
    app.register_blueprint(diagnosis_bp)
    app.register_blueprint(projects_bp)
    app.register_blueprint(debate_bp)
    app.register_blueprint(execution_bp)
    app.register_blueprint(help_bp)


def _bounded_int_urls(app: Flask) -> None:
    """Ids in URLs stay within what every database's integer holds; beyond it a page is 404."""
    from werkzeug.routing import IntegerConverter

    from pb.db_types import MAX_ID

    class DatabaseInt(IntegerConverter):
        def __init__(self, url_map, *args, **kwargs):
            kwargs.setdefault("max", MAX_ID)
            super().__init__(url_map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseInt


# Everything pb serves comes from itself: no CDN, no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# Sent with every answer (unless a view set its own value for one of them).
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    # Ballot URLs carry card codes: never send them to another site.
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(self), microphone=(), geolocation=()"),
)
_SECURITY_HEADER_NAMES = frozenset(name.lower() for name, _ in SECURITY_HEADERS)


def _security_headers(app: Flask) -> None:
    @app.after_request
    def add_headers(response):
        headers = response.headers
        # One look at what is set already (five lookups in werkzeug's Headers cost more).
        present = {name.lower() for name, _ in headers} & _SECURITY_HEADER_NAMES
        for name, value in SECURITY_HEADERS:
            if name.lower() not in present:
                headers.add(name, value)
        return response


def _register_cli(app: Flask) -> None:
    from pb.cli import register_app_commands

    register_app_commands(app)
