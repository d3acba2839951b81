"""Language choice and locale-aware formatting of money and dates."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, request
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from pb.core.money import grosze_to_decimal

LANG_COOKIE = "pb_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
LANGUAGE_NAMES = {"pl": "Polski", "en": "English"}


def select_locale() -> str:
    """Polish unless the visitor chose otherwise: their account's choice, then the cookie."""
    supported = current_app.config["LANGUAGES"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in supported:
        return user_locale
    cookie = request.cookies.get(LANG_COOKIE) if request else None
    if cookie in supported:
        return cookie
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _money_pattern(with_grosze: bool) -> str:
    """``20 000,00 zł`` in Polish; ``PLN 20,000.00`` elsewhere (Babel's English has no space)."""
    number = "#,##0.00" if with_grosze else "#,##0"
    if str(get_locale()).startswith("pl"):
        return f"{number}\u00a0¤"
    return f"¤\u00a0{number}"


def money(grosze: int | None) -> str:
    """Format an amount in grosze as PLN for the current locale."""
    if grosze is None:
        return "—"
    return format_currency(
        grosze_to_decimal(grosze), "PLN", format=_money_pattern(True), currency_digits=False
    )


def money_short(grosze: int | None) -> str:
    """Like :func:`money` but without grosze when the amount is whole."""
    if grosze is None:
        return "—"
    if grosze % 100 == 0:
        return format_currency(
            grosze_to_decimal(grosze), "PLN", format=_money_pattern(False), currency_digits=False
        )
    return money(grosze)


def number(value) -> str:
    """A quantity or target for the current locale: ``2,5`` in Polish, ``2.5`` in English."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.##")


def fmt_date(value: date | None, style: str = "medium") -> str:
    if value is None:
        return "—"
    return format_date(value, style)


def fmt_datetime(value: datetime | None, style: str = "medium") -> str:
    if value is None:
        return "—"
    return format_datetime(value, style)


def register_filters(app) -> None:
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["money_short"] = money_short
    app.jinja_env.filters["date"] = fmt_date
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["isodate"] = lambda text: fmt_date(date.fromisoformat(text))
    app.jinja_env.filters["datetime"] = fmt_datetime
