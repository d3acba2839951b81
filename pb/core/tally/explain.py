"""Render tally steps as sentences in Polish or English, without Flask.

The web UI may render :class:`~pb.core.tally.model.Step` data itself; this module is the plain
text version used by the command line, exports and tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from pb.core.tally.model import Money, Step, TallyError

LANGUAGES = ("pl", "en")


def _decimal(amount: Money, places: int) -> Decimal:
    value = Fraction(amount)
    scaled = Decimal(value.numerator) / Decimal(value.denominator)
    return scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(amount: Money, lang: str, places: int | None = None) -> str:
    """``6500`` → ``6 500`` (pl) or ``6,500`` (en); fractions get ``places`` decimals (2)."""
    value = Fraction(amount)
    if places is None:
        places = 0 if value.denominator == 1 else 2
    text = f"{_decimal(value, places):,.{places}f}"
    if lang == "pl":
        # Polish: a (non-breaking) space between thousands, a comma before decimals
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def format_money(amount: Money, lang: str = "pl", currency: str = "PLN") -> str:
    """Money for people: ``6 500 zł`` in Polish, ``PLN 6,500`` in English; grosze when needed."""
    _check(lang)
    number = format_number(amount, lang)
    if lang == "pl":
        return f"{number}\u00a0{'zł' if currency == 'PLN' else currency}"
    return f"{currency}\u00a0{number}"


def _plural_pl(count: Money, one: str, few: str, many: str) -> str:
    value = Fraction(count)
    if value.denominator != 1:
        return few  # "2,5 głosu" is rare; a fraction reads best with the genitive singular
    n = abs(value.numerator)
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def _votes(count: Money, lang: str) -> str:
    number = format_number(count, lang)
    if lang == "pl":
        return f"{number} {_plural_pl(count, 'głos', 'głosy', 'głosów')}"
    return f"{number} {'vote' if count == 1 else 'votes'}"


def _voters(count: Money, lang: str) -> str:
    number = format_number(count, lang)
    if lang == "pl":
        return f"{number} {_plural_pl(count, 'głosujący', 'głosujących', 'głosujących')}"
    return f"{number} {'voter' if count == 1 else 'voters'}"


def _check(lang: str) -> None:
    if lang not in LANGUAGES:
        raise TallyError(f"no explanations in {lang!r}; use one of {', '.join(LANGUAGES)}")


def explain_step(
    step: Step,
    lang: str = "pl",
    currency: str = "PLN",
    names: Mapping[str, str] | None = None,
) -> str:
    """One step of a tally as a sentence in ``lang`` (``"pl"`` or ``"en"``).

    ``names`` maps project ids to titles, shown after the id when given.
    """
    _check(lang)
    d = step.data
    pl = lang == "pl"

    def money(value: Money) -> str:
        return format_money(value, lang, currency)

    def project(pid: str | None = None) -> str:
        pid = d["project"] if pid is None else pid
        label = f"{'projekt' if pl else 'project'} {pid}"
        if names and names.get(pid):
            label += f" „{names[pid]}”" if pl else f" “{names[pid]}”"
        return label

    kind = step.kind
    if kind in ("funded", "completion_funded"):
        if pl:
            what = "dofinansowany z reszty" if kind == "completion_funded" else "wybrany"
            return (f"{project()} {what}: {_votes(d['votes'], lang)}, {money(d['cost'])} "
                    f"mieści się w pozostałych {money(d['left_before'])}")
        what = "added with the leftover" if kind == "completion_funded" else "funded"
        return (f"{project()} {what}: {_votes(d['votes'], lang)}, {money(d['cost'])} fits in "
                f"the {money(d['left_before'])} left")
    if kind == "skipped":
        if pl:
            return (f"{project()} pominięty: {_votes(d['votes'], lang)}, kosztuje "
                    f"{money(d['cost'])}, a zostało tylko {money(d['left'])}")
        return (f"{project()} skipped: {_votes(d['votes'], lang)}, costs {money(d['cost'])} "
                f"but only {money(d['left'])} is left")
    if kind == "stopped":
        if pl:
            return (f"koniec przy {project()}: {_votes(d['votes'], lang)}, kosztuje "
                    f"{money(d['cost'])}, a zostało tylko {money(d['left'])}")
        return (f"stopped at {project()}: {_votes(d['votes'], lang)}, costs {money(d['cost'])} "
                f"but only {money(d['left'])} is left")
    if kind == "below_threshold":
        if pl:
            return (f"{project()} poniżej progu: {_votes(d['votes'], lang)}, wymagane "
                    f"{format_number(d['threshold'], lang)}")
        return (f"{project()} below the threshold: {_votes(d['votes'], lang)}, "
                f"{format_number(d['threshold'], lang)} needed")
    if kind == "not_in_top":
        if pl:
            return (f"{project()} poza pierwszą {d['n']}: miejsce {d['rank']}, "
                    f"{_votes(d['votes'], lang)}")
        return f"{project()} not in the top {d['n']}: place {d['rank']}, {_votes(d['votes'], lang)}"
    if kind == "mes_funded":
        if pl:
            return (f"{project()} wybrany: {money(d['cost'])} opłaciło {_voters(d['votes'], lang)}"
                    f", każdy najwyżej {money(d['per_voter'])}")
        return (f"{project()} funded: {_voters(d['votes'], lang)} paid {money(d['cost'])}, "
                f"each at most {money(d['per_voter'])}")
    if kind == "mes_unaffordable":
        if pl:
            return (f"{project()} niewybrany: jego zwolennicy mają już tylko "
                    f"{money(d['supporters_money'])} z {money(d['cost'])}")
        return (f"{project()} not funded: its supporters hold only "
                f"{money(d['supporters_money'])} of the {money(d['cost'])} it costs")
    if kind == "mes_share":
        if pl:
            return (f"udział każdego głosującego: {money(d['share'])} "
                    f"(równy podział budżetu: {money(d['plain_share'])})")
        return (f"each voter's share: {money(d['share'])} "
                f"(the budget split equally: {money(d['plain_share'])})")
    if kind == "comparison":
        if pl:
            won = "metodę równych udziałów" if d["winner"] == "mes" else "metodę zachłanną"
            return (f"porównanie z metodą zachłanną: {_voters(d['prefer_mes'], lang)} woli "
                    f"równe udziały, {_voters(d['prefer_greedy'], lang)} zachłanną; "
                    f"zostaje {won}")
        won = "equal shares" if d["winner"] == "mes" else "greedy"
        return (f"compared with greedy: {_voters(d['prefer_mes'], lang)} prefer equal shares, "
                f"{_voters(d['prefer_greedy'], lang)} greedy; {won} is kept")
    raise TallyError(f"unknown step kind {kind!r}")
