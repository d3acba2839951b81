"""Hostile input to every form: never a server error, never a partial write.

Each :class:`Target` is one form (or one ballot/desk endpoint) posted by a user who may use it.
Hypothesis fills its fields from :data:`HOSTILE` values — huge strings, Polish letters, right to
left text, emoji, NUL and control characters, numbers at the edges, wrong types (a list where
one value is expected, a file where text is), fields left out — and sends it with a valid, a
missing, a forged or another session's CSRF token. Properties:

* the answer is never 5xx;
* a refused answer (any 4xx) has changed nothing in the database;
* a 400 says what is wrong (an error message on the page), never a traceback;
* without a valid CSRF token the answer is 400.

The world (see :mod:`tests.security.world`) is restored between examples whenever one wrote.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pb.core.budget import Funding
from pb.extensions import db
from pb.ratelimit.models import RateLimitHit
from tests.security.world import World, changed_tables, clients_for, fingerprint, world_for

# --- hostile values --------------------------------------------------------------------------

EDGE_TEXT = [
    "", " ", "\t\n", "\x00", "a\x00b", "\x1b[31m", "\x7f", "\ufeff", "\u202eRTL\u202c",
    "zażółć gęślą jaźń ŻÓŁW", "مرحبا بالعالم", "שלום", "😀👍🏽🇵🇱", "\U0010ffff", "Ω≈ç√∫",
    "<script>alert(1)</script>", "' OR 1=1 --", "%s%n%x", "{{ 7*7 }}", "../../etc/passwd",
    "\r\nSet-Cookie: x=1", "//evil.example/", "javascript:alert(1)", "null", "None",
    "A" * 5_000, "Ż" * 70_000,
]
EDGE_NUMBERS = [
    "0", "-0", "-1", "1", "2", "0.5", "1,5", "1 000,50", "-5 000", "00001", "1e3", "1e309", "NaN",
    "inf", "-inf", "0x10", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
    "9" * 60, "12,345", "0,001", "٣", "１２", "1_000",
]
EDGE_DATES = [
    "2025-04-10", "2025-02-29", "2024-02-29", "2025-13-01", "2025-00-10", "0001-01-01",
    "9999-12-31", "10000-01-01", "1970-01-01", "2025-4-1", "01.04.2025", "jutro", "",
]

text_values = st.one_of(st.sampled_from(EDGE_TEXT), st.text(max_size=60))
number_values = st.one_of(st.sampled_from(EDGE_NUMBERS), st.integers().map(str), text_values)
date_values = st.one_of(st.sampled_from(EDGE_DATES), st.dates().map(str), text_values)
bool_values = st.sampled_from(["y", "n", "true", "on", "", "0", "1", "\x00"])
ANY = st.one_of(text_values, number_values, date_values)


def one_of_values(*values: str) -> st.SearchStrategy:
    """A field with choices: a legal value most of the time, anything otherwise."""
    return st.one_of(st.sampled_from(values), ANY)


def _file_values() -> st.SearchStrategy:
    from tests.security.world import image_bytes

    return st.one_of(
        st.binary(max_size=2_000),
        st.sampled_from([b"", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, b"%PDF-1.4\n%%EOF",
                         image_bytes("PNG", (1, 1)), image_bytes("JPEG", (3, 2)),
                         b"GIF89a" + b"\x00" * 50]),
    )


def field_value(kind: st.SearchStrategy) -> st.SearchStrategy:
    """A field's value, or a wrong type: a list of values, or nothing at all.

    (A file where text is expected is a known server error, tested on its own below.)"""
    return st.one_of(
        kind, kind, kind,
        st.lists(kind, min_size=2, max_size=3),
        st.none(),  # left out
    )


# --- the forms -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    role: str
    url: Callable[[World], str]
    fields: Callable[[World], dict[str, st.SearchStrategy]]
    world: dict = field(default_factory=dict)


def _fields(**kinds: st.SearchStrategy) -> Callable[[World], dict]:
    return lambda w: kinds


def _ids(*getters: Callable[[World], int]) -> Callable[[World], st.SearchStrategy]:
    return lambda w: one_of_values(*[str(g(w)) for g in getters], "0", "-1", "999999")


SETUP = {"debate_state": "setup"}
EXECUTION = {"debate_state": "execution"}
EDITION_FIELDS = {
    "name": text_values, "municipality": text_values, "district": text_values,
    "description": text_values, "pool": number_values, "project_cap": number_values,
    "drafting_from": date_values, "review_from": date_values, "debate_on": date_values,
    "execution_from": date_values, "closed_on": date_values,
    "voting_rule": one_of_values("top", "greedy", "mes"), "published": bool_values,
}
DEBATE_FIELDS = {
    "name": text_values, "held_on": date_values, "place": text_values,
    "min_marks": number_values, "max_marks": number_values, "winners": number_values,
    "resident_weight": number_values, "official_weight": number_values,
    "officials_vote": bool_values, "ballot_board": bool_values,
}

PIN_FIELDS = {
    "x": one_of_values("0", "5000", "10000", "10001"), "y": one_of_values("0", "9999", "-1"),
    "cell": one_of_values("A1", "C4", "J10", "K1"), "cell_text": one_of_values("c4", "4C", "Z9"),
    "remove": bool_values, "next": one_of_values("/", "/manage/", "//evil.example/"),
}


def _draft(w: World) -> int:
    return w.draft.id


def _line_fields(prefix: str, own: bool) -> dict:
    categories = ("volunteer_work", "donated_materials") if own else ("materials", "services")
    return {f"{prefix}category": one_of_values(*categories), f"{prefix}item": text_values,
            f"{prefix}quantity": number_values, f"{prefix}unit": text_values,
            f"{prefix}unit_price": number_values}


def _marks(w: World) -> dict:
    ids = [str(p.id) for p in w.accepted]
    return {"project": st.one_of(st.lists(one_of_values(*ids), max_size=4), ANY)}


def _code(w: World) -> st.SearchStrategy:
    return one_of_values(*w.card_codes, w.card_codes[0].lower(), w.card_codes[0][:-1])


def _winner_line(w: World, funding: Funding) -> str:
    return str(next(li.id for li in w.accepted[0].budget_lines if li.funding == funding))


TARGETS: dict[str, Target] = {
    "login": Target("anonymous", lambda w: "/login", _fields(
        login=text_values, password=text_values, next=text_values)),
    "language": Target("participant", lambda w: "/language", _fields(
        lang=one_of_values("pl", "en"), next=text_values)),
    "own account": Target("participant", lambda w: "/account", _fields(
        current=text_values, password=text_values, confirm=text_values)),
    "new account": Target("coordinator", lambda w: "/accounts/new", _fields(
        name=text_values, login=text_values, email=text_values, password=text_values,
        role=one_of_values("participant", "animator", "coordinator", "official", "teller"))),
    "edit account": Target(
        "coordinator", lambda w: f"/accounts/{w.cast.participant.id}", _fields(
            name=text_values, email=text_values, active=bool_values,
            role=one_of_values("participant", "animator", "coordinator"))),
    "set password": Target(
        "coordinator", lambda w: f"/accounts/{w.cast.participant.id}/password",
        _fields(**{"pw-password": text_values, "pw-confirm": text_values})),
    "new edition": Target("coordinator", lambda w: "/manage/editions/new",
                          _fields(**EDITION_FIELDS)),
    "edit edition": Target("coordinator", lambda w: f"/manage/editions/{w.cast.edition.id}/edit",
                           _fields(**EDITION_FIELDS)),
    "edition animators": Target(
        "coordinator", lambda w: f"/manage/editions/{w.cast.edition.id}/animators",
        lambda w: {"animators": st.lists(
            one_of_values(str(w.cast.animator.id), str(w.cast.participant.id)), max_size=3)}),
    "new group": Target(
        "animator", lambda w: f"/manage/editions/{w.cast.edition.id}/groups",
        lambda w: {"name": text_values, "animator": _ids(lambda w: w.cast.animator.id)(w)}),
    "edit group": Target(
        "animator", lambda w: f"/groups/{w.cast.group.id}/edit",
        lambda w: {"name": text_values, "animator": _ids(lambda w: w.cast.animator.id)(w)}),
    "add member": Target(
        "animator", lambda w: f"/groups/{w.cast.group.id}/members",
        lambda w: {"user": _ids(lambda w: w.cast.loose_participant.id,
                                lambda w: w.cast.foreign_participant.id,
                                lambda w: w.cast.coordinator.id)(w)}),
    "new member": Target("animator", lambda w: f"/groups/{w.cast.group.id}/members/new",
                         _fields(name=text_values, login=text_values, password=text_values)),
    "sign-in card": Target(
        "animator", lambda w: f"/groups/{w.cast.group.id}/members/{w.cast.participant.id}/card",
        _fields(single_use=bool_values, valid_days=number_values)),
    "project description": Target("participant", lambda w: f"/projects/{_draft(w)}/edit", _fields(
        title=text_values, summary=text_values, need=text_values, beneficiaries=text_values,
        beneficiaries_count=number_values, place=text_values, description=text_values,
        next=one_of_values("results"))),
    "project results": Target("participant", lambda w: f"/projects/{_draft(w)}/results",
                               _fields(name=text_values, target=number_values, unit=text_values)),
    "project result row": Target(
        "participant", lambda w: f"/projects/{_draft(w)}/results/{w.draft.results[0].id}",
        _fields(name=text_values, target=number_values, unit=text_values)),
    "project schedule": Target(
        "participant", lambda w: f"/projects/{_draft(w)}/schedule",
        lambda w: {"title": text_values, "starts_on": date_values, "ends_on": date_values,
                   "responsible": _ids(lambda w: w.cast.participant.id,
                                       lambda w: w.cast.other_participant.id)(w)}),
    "project task row": Target(
        "participant", lambda w: f"/projects/{_draft(w)}/schedule/{w.draft.tasks[0].id}",
        lambda w: {"title": text_values, "starts_on": date_values, "ends_on": date_values,
                   "responsible": _ids(lambda w: w.cast.participant.id)(w)}),
    "move task": Target(
        "participant", lambda w: f"/projects/{_draft(w)}/schedule/{w.draft.tasks[0].id}/move",
        _fields(direction=one_of_values("up", "down"))),
    "project budget": Target(
        "participant", lambda w: f"/projects/{_draft(w)}/budget",
        _fields(funding=one_of_values("requested", "own"), **_line_fields("req-", False),
                **_line_fields("own-", True))),
    "project budget row": Target(
        "participant", lambda w: f"/projects/{_draft(w)}/budget/{w.draft.budget_lines[0].id}",
        _fields(**_line_fields("", False))),
    "project photo": Target("participant", lambda w: f"/projects/{_draft(w)}/photos",
                            lambda w: {"photo": _file_values().map(
                                lambda data: (io.BytesIO(data), "zdjecie.jpg"))}),
    "project comment": Target("animator", lambda w: f"/projects/{w.submitted.id}/comments",
                              _fields(body=text_values,
                                      section=one_of_values("", "basics", "budget"),
                                      action=one_of_values("return", "comment"))),
    "debate set-up": Target(
        "coordinator", lambda w: f"/manage/editions/{w.cast.edition.id}/debate",
        _fields(**DEBATE_FIELDS), world=SETUP),
    "move presented project": Target(
        "coordinator",
        lambda w: f"/debates/{w.debate.id}/projects/{w.accepted[0].id}/move",
        _fields(direction=one_of_values("up", "down")), world=SETUP),
    "print cards": Target("coordinator", lambda w: f"/debates/{w.debate.id}/cards", _fields(**{
        "cards-count": number_values, "cards-category": one_of_values("resident", "official"),
        "cards-large_print": bool_values})),
    "void card": Target("coordinator", lambda w: f"/debates/{w.debate.id}/void",
                        _fields(**{"void-number": number_values})),
    "type the code": Target("anonymous", lambda w: "/vote", lambda w: {"code": _code(w)}),
    "phone ballot": Target("anonymous", lambda w: f"/v/{w.card_codes[0]}",
                           lambda w: {**_marks(w), "change": bool_values}),
    "phone ballot cast": Target("anonymous", lambda w: f"/v/{w.card_codes[0]}/cast", _marks),
    "desk": Target("teller", lambda w: f"/debates/{w.debate.id}/desk",
                   lambda w: {**_marks(w), "code": _code(w),
                              "action": one_of_values("count", "spoil")}),
    "execution task": Target(
        "participant",
        lambda w: f"/projects/{w.accepted[0].id}/execution/tasks/{w.accepted[0].tasks[0].id}",
        _fields(**{"form": one_of_values("progress", "replan"),
                   "p-status": one_of_values("planned", "in_progress", "done", "dropped"),
                   "p-actual_start": date_values, "p-actual_end": date_values,
                   "p-done_by": number_values, "p-notes": text_values,
                   "r-starts_on": date_values, "r-ends_on": date_values,
                   "r-reason": text_values}), world=EXECUTION),
    "execution new task": Target(
        "participant", lambda w: f"/projects/{w.accepted[0].id}/execution/tasks",
        _fields(**{"task-title": text_values, "task-starts_on": date_values,
                   "task-ends_on": date_values, "task-responsible": number_values,
                   "task-reason": text_values}), world=EXECUTION),
    "expense": Target(
        "participant", lambda w: f"/projects/{w.accepted[0].id}/execution/expenses",
        lambda w: {"exp-line": one_of_values(_winner_line(w, Funding.REQUESTED),
                                             _winner_line(w, Funding.OWN)),
                   "exp-spent_on": date_values, "exp-description": text_values,
                   "exp-amount": number_values, "exp-supplier": text_values,
                   "exp-document_number": text_values,
                   "exp-receipt": _file_values().map(lambda d: (io.BytesIO(d), "paragon.pdf"))},
        world=EXECUTION),
    "own contribution": Target(
        "participant", lambda w: f"/projects/{w.accepted[0].id}/execution/contributions",
        lambda w: {"own-line": one_of_values(_winner_line(w, Funding.OWN),
                                             _winner_line(w, Funding.REQUESTED)),
                   "own-delivered_on": date_values, "own-quantity": number_values,
                   "own-note": text_values}, world=EXECUTION),
    "achieved results": Target(
        "participant", lambda w: f"/projects/{w.accepted[0].id}/execution/results",
        lambda w: {f"achieved-{w.accepted[0].results[0].id}": number_values}, world=EXECUTION),
    "journal": Target(
        "participant", lambda w: f"/projects/{w.accepted[0].id}/execution/journal",
        _fields(**{"j-written_on": date_values, "j-body": text_values,
                   "j-photos": _file_values().map(lambda d: (io.BytesIO(d), "a.jpg"))}),
        world=EXECUTION),
    "closing story": Target("participant",
                            lambda w: f"/projects/{w.accepted[0].id}/execution/story",
                            _fields(**{"s-story": text_values}), world=EXECUTION),
    "abandon": Target("animator", lambda w: f"/projects/{w.accepted[0].id}/execution/abandon",
                      _fields(**{"ab-reason": text_values}), world=EXECUTION),
    # --- the district plan and its pins (map) ---
    "district plan": Target(
        "animator", lambda w: f"/manage/editions/{w.cast.edition.id}/plan",
        lambda w: {"plan": _file_values().map(lambda d: (io.BytesIO(d), "plan.png")),
                   **{edge: st.one_of(number_values, one_of_values("50,02", "18.44", "-0,5"))
                      for edge in ("north", "south", "west", "east")}}),
    "place a need's pin": Target("animator", lambda w: f"/pins/need/{w.need.id}",
                                 _fields(**PIN_FIELDS)),
    "place a project's pin": Target("participant", lambda w: f"/pins/project/{w.draft.id}",
                                    _fields(**PIN_FIELDS)),
}

CSRF_MODES = ("valid", "valid", "valid", "missing", "forged", "another session's", "twice")

# Marks of a 400 page that tells the user what is wrong.
ERROR_MARKS = ("error-summary", "field-error", "error-text", "error-page", "flash-error")


# --- the property ----------------------------------------------------------------------------


class Bench:
    """The world and signed-in clients, kept across the examples of one test."""

    def __init__(self, app, options: dict) -> None:
        self.app, self.options = app, options
        self.world = world_for(**options)
        self.clients = clients_for(app, self.world.cast)
        self.before = fingerprint()

    def reset_if_changed(self) -> None:
        db.session.execute(sa.delete(RateLimitHit))  # wrong codes are counted on purpose
        db.session.commit()
        after = fingerprint()
        if after != self.before:
            self.world = world_for(**self.options)
            self.before = fingerprint()


def _payload(draw, target: Target, world: World) -> dict:
    data = {}
    for name, kind in target.fields(world).items():
        value = draw(field_value(kind), label=name)
        if value is not None:
            data[name] = value
    return data


def _send(bench: Bench, target: Target, data: dict, csrf: str):
    client = bench.clients[target.role]
    url = target.url(bench.world)
    if csrf == "valid" or csrf == "twice":
        data["csrf_token"] = client.pb_csrf
    elif csrf == "forged":
        data["csrf_token"] = client.pb_csrf[:-4] + "AAAA"
    elif csrf == "another session's":
        other = "official" if target.role != "official" else "teller"
        data["csrf_token"] = bench.clients[other].pb_csrf
    if csrf == "twice":
        data["csrf_token"] = [client.pb_csrf, client.pb_csrf]
    response = client.post(url, data=data, content_type="multipart/form-data")
    response.get_data()
    response.close()
    return url, response


@pytest.mark.parametrize("name", sorted(TARGETS))
@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(st.data())
def test_hostile_form_input_is_refused_cleanly(app, name, data):
    target = TARGETS[name]
    bench = app.extensions.get("pb_fuzz_bench")
    if bench is None or bench.options != target.world:
        bench = app.extensions["pb_fuzz_bench"] = Bench(app, target.world)
    payload = _payload(data.draw, target, bench.world)
    csrf = data.draw(st.sampled_from(CSRF_MODES), label="csrf")
    url, response = _send(bench, target, payload, csrf)
    after = fingerprint()
    status = response.status_code
    body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    assert status < 500, f"{name}: {url} answered {status}"
    assert "Traceback" not in body
    if csrf in ("missing", "forged", "another session's"):
        assert status == 400, f"{name}: CSRF {csrf} answered {status}"
    if 400 <= status < 500:
        changed = changed_tables(bench.before, after)
        assert not changed, f"{name}: refused with {status} but wrote to {changed}"
    if status == 400 and response.mimetype == "text/html":
        assert any(mark in body for mark in ERROR_MARKS), f"{name}: a 400 without a message"
    bench.reset_if_changed()


# --- replay ----------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["phone", "desk"])
def test_a_replayed_ballot_counts_once(app, where):
    from pb.debate.models import Ballot

    bench = Bench(app, {})
    world = bench.world
    code = world.card_codes[0]
    client = bench.clients["anonymous" if where == "phone" else "teller"]
    url = f"/v/{code}/cast" if where == "phone" else f"/debates/{world.debate.id}/desk"
    payload = {"csrf_token": client.pb_csrf, "project": [str(world.accepted[0].id)]}
    if where == "desk":
        payload["code"] = code
    answers = [client.post(url, data=payload).status_code for _ in range(3)]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 2  # 1 + world's
    assert answers[0] in (302, 303)
    if where == "phone":
        assert answers[1:] == [410, 410]


# --- server errors the fuzzing found (fixed; kept as regressions) ---------------------------


def _post_as(bench: Bench, role: str, url: str, data: dict):
    client = bench.clients[role]
    before = fingerprint()
    response = client.post(url, data={"csrf_token": client.pb_csrf, **data},
                           content_type="multipart/form-data")
    return response, changed_tables(before, fingerprint())


# Found by the fuzzing and fixed: each case below was a 500 before.


@pytest.mark.parametrize("form", ["result", "result row", "budget line", "budget row"])
def test_a_blank_number_is_a_form_error(app, form):
    bench = Bench(app, {})
    w = bench.world
    url, data = {
        "result": (f"/projects/{w.draft.id}/results",
                   {"name": "Drzewa", "unit": "szt.", "target": " "}),
        "result row": (f"/projects/{w.draft.id}/results/{w.draft.results[0].id}",
                       {"name": "Drzewa", "unit": "szt.", "target": " "}),
        "budget line": (f"/projects/{w.draft.id}/budget",
                        {"funding": "requested", "req-category": "materials", "req-item": "Farba",
                         "req-quantity": " ", "req-unit": "szt.", "req-unit_price": "10"}),
        "budget row": (f"/projects/{w.draft.id}/budget/{w.draft.budget_lines[0].id}",
                       {"category": "materials", "item": "Farba", "quantity": " ",
                        "unit": "szt.", "unit_price": "10"}),
    }[form]
    response, changed = _post_as(bench, "participant", url, data)
    assert response.status_code == 400 and not changed


@pytest.mark.parametrize(("role", "form"), [("anonymous", "login"), ("participant", "result"),
                                            ("animator", "abandon")])
def test_a_file_in_a_text_field_is_a_form_error(app, role, form):
    bench = Bench(app, EXECUTION if form == "abandon" else {})
    w = bench.world
    upload = (io.BytesIO(b"not text"), "x.txt")
    url, data = {
        "login": ("/login", {"login": upload, "password": "whatever"}),
        "result": (f"/projects/{w.draft.id}/results",
                   {"name": upload, "unit": "szt.", "target": "1"}),
        "abandon": (f"/projects/{w.accepted[0].id}/execution/abandon", {"ab-reason": upload}),
    }[form]
    response, changed = _post_as(bench, role, url, data)
    assert response.status_code == 400 and not changed


TOO_BIG = 2**63  # beyond SQLite's integers; PostgreSQL's end at 2**31 - 1


@pytest.mark.parametrize(("role", "method", "url", "data"), [
    ("anonymous", "GET", f"/editions/{TOO_BIG}", {}),
    ("anonymous", "GET", f"/projects/{TOO_BIG}", {}),
    ("anonymous", "GET", f"/debates/{TOO_BIG}", {}),
    ("coordinator", "POST", "/debates/{debate}/void", {"void-number": str(TOO_BIG)}),
    ("coordinator", "POST", "/cards/{card}/revoke", {"group_id": str(TOO_BIG)}),
])
def test_a_number_beyond_the_database_range_is_not_found(app, role, method, url, data):
    bench = Bench(app, {})
    url = url.format(debate=bench.world.debate.id, card=bench.world.signin_card_id)
    client = bench.clients[role]
    before = fingerprint()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": client.pb_csrf, **data})
    assert response.status_code in (400, 404)
    assert not changed_tables(before, fingerprint())


def _on_postgres() -> bool:
    return os.environ.get("PB_TEST_DATABASE_URL", "").startswith("postgresql")


@pytest.mark.parametrize(("role", "form"), [("anonymous", "login"), ("participant", "title")])
def test_a_nul_character_is_not_a_server_error(app, role, form):
    bench = Bench(app, {})
    url, data = {
        "login": ("/login", {"login": "\x00", "password": "whatever"}),
        "title": (f"/projects/{bench.world.draft.id}/edit", {"title": "Plac\x00zabaw"}),
    }[form]
    response, changed = _post_as(bench, role, url, data)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert not changed


def test_a_nul_character_in_a_repeated_field_is_refused_early(app):
    client = app.test_client()
    response = client.post("/vote", data={"code": ["ABCD", "EF\x00GH"]})
    assert response.status_code == 400
    response = client.get("/editions?x=1&x=%00")
    assert response.status_code == 400
