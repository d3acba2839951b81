"""The authorization matrix: every route of the app, as every role, against one table.

:data:`MATRIX` is the table. Its keys are ``"METHOD endpoint"`` (with ``[variant]`` when the
same route is tried on several objects, e.g. a draft and an accepted project); each row says how
to fill the URL from a freshly built :class:`~tests.security.world.World`, what harmless form
to send, and the answer every role must get. The route list comes from ``app.url_map``, so a
new route that is not in the table fails :func:`test_every_route_is_in_the_table` by name.

For each row the whole world is built, one client per role signs in, and each role sends the
request once. Besides the status, every request is checked for two things:

* **nothing written unless allowed**: the database is fingerprinted (every row of every table)
  before and after; only a POST whose expected answer is a success may change it, and after
  such a change the world is rebuilt so the next role meets the same state;
* **no leak**: private projects carry markers in their titles; no answer to anyone outside
  the project's group (and its managers) may contain them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from flask import url_for

from pb import create_app
from pb.core.budget import Funding
from tests.conftest import TEST_SECRET
from tests.security.world import (
    MARKERS,
    ROLES,
    World,
    changed_tables,
    clients_for,
    fingerprint,
    image_bytes,
    world_for,
)

# --- answers ---------------------------------------------------------------------------------

OK = "200"  # a page (or a file); a POST answered 200 may have written (a PDF of new cards)
MOVED = "3xx"  # redirected somewhere other than the sign-in page; a POST may have written
NOOP = "3xx, nothing written"  # redirected with a refusal message: nothing may change
LOGIN = "302 to sign-in"
BAD = "400"
FORBIDDEN = "403"
MISSING = "404"
GONE = "410"

WRITES = {OK, MOVED}  # the answers after which a POST may have changed the database


def classify(response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        return LOGIN if location.split("?")[0].endswith("/login") else MOVED
    return {200: OK, 400: BAD, 403: FORBIDDEN, 404: MISSING, 410: GONE}.get(status, str(status))


def same_answer(expected: str, got: str) -> bool:
    return got == (MOVED if expected == NOOP else expected)


# --- who is who ------------------------------------------------------------------------------

ALL = ROLES
SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")
GROUP_A = ("coordinator", "animator", "participant")  # the participant's group and its managers
MANAGE_A = ("coordinator", "animator")  # managers of the edition
MANAGE_F = ("coordinator", "other_animator")  # managers of the other, unpublished edition
GROUP_F = ("coordinator", "other_animator", "foreign_participant")
COORD = ("coordinator",)
EDITION_A = ("coordinator", "animator", "participant", "other_participant")  # its groups too
DESK = ("coordinator", "teller")  # the teller is assigned to the world's debate
# The diagnosis of the participant's edition before it is public: its managers and groups.
DIAGNOSIS_A = ("coordinator", "animator", "participant", "other_participant")


def only(answer: str, roles: tuple[str, ...], *, anonymous: str = LOGIN,
         others: str = FORBIDDEN) -> dict[str, str]:
    """``answer`` for ``roles``; ``anonymous`` for a stranger; ``others`` for everyone else."""
    return {
        role: answer if role in roles else anonymous if role == "anonymous" else others
        for role in ROLES
    }


def everyone(answer: str, **exceptions: str) -> dict[str, str]:
    return {role: exceptions.get(role, answer) for role in ROLES}


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    params: Callable[[World], dict]
    expect: dict[str, str]
    data: Callable[[World], dict] = field(default=lambda w: {})
    world: dict = field(default_factory=dict)  # options for build_world


def _p(**fixed) -> Callable[[World], dict]:
    return lambda w: fixed


NONE = _p()
SETUP = {"debate_state": "setup", "with_cards": False}  # a debate still being prepared
CLOSED = {"debate_state": "closed"}
EXECUTION = {"debate_state": "execution"}  # the first accepted project won and is under way
# The same, after the coordinator unpublished the edition: nothing of it is public any more.
UNPUBLISHED = {"debate_state": "execution", "published": False}
NO_BOARD = {"debate_state": "closed", "ballot_board": False}  # results as counts only
REPORTING = {"reporting": True}  # the edition in its diagnosis phase: residents may report

CORNERS = {"corners": True}  # the plan has its corners' coordinates (GeoJSON)

DRAFT = lambda w: {"project_id": w.draft.id}  # noqa: E731
SUBMITTED = lambda w: {"project_id": w.submitted.id}  # noqa: E731
ACCEPTED = lambda w: {"project_id": w.accepted[0].id}  # noqa: E731
DEBATE = lambda w: {"debate_id": w.debate.id}  # noqa: E731
FOREIGN_DEBATE = lambda w: {"debate_id": w.foreign_debate.id}  # noqa: E731
EDITION = lambda w: {"edition_id": w.cast.edition.id}  # noqa: E731
FOREIGN_EDITION = lambda w: {"edition_id": w.cast.other_edition.id}  # noqa: E731
REPORT = lambda w: {"report_id": w.report.id}  # noqa: E731
NEED = lambda w: {"need_id": w.need.id}  # noqa: E731
FOREIGN_NEED = lambda w: {"need_id": w.foreign_need.id}  # noqa: E731
WINNER = lambda w: {"project_id": w.accepted[0].id}  # noqa: E731
WINNER_TASK = lambda w: {"project_id": w.accepted[0].id,  # noqa: E731
                         "task_id": w.accepted[0].tasks[0].id}
GROUP = lambda w: {"group_id": w.cast.group.id}  # noqa: E731
FOREIGN_GROUP = lambda w: {"group_id": w.cast.foreign_group.id}  # noqa: E731
MEMBER = lambda w: {"group_id": w.cast.group.id, "user_id": w.cast.participant.id}  # noqa: E731
FOREIGN_MEMBER = lambda w: {  # noqa: E731
    "group_id": w.cast.foreign_group.id, "user_id": w.cast.foreign_participant.id}


def PIN(what: str) -> Callable[[World], dict]:
    """The place-pin page of the world's ``what`` (need, resource, report, draft, …)."""
    kinds = {"need": "need", "foreign_need": "need", "resource": "resource", "report": "report"}
    return lambda w: {"kind": kinds.get(what, "project"), "ident": getattr(w, what).id}


def _row_of(kind: str) -> Callable[[World], dict]:
    rows = {"result": "results", "task": "tasks", "line": "budget_lines"}
    return lambda w: {"project_id": w.draft.id, "row_id": getattr(w.draft, rows[kind])[0].id}


def _edition_form(w: World) -> dict:
    e = w.cast.edition
    return {
        "name": e.name, "municipality": e.municipality, "district": e.district,
        "description": "Opis", "pool": "20 000", "project_cap": "5 000",
        "drafting_from": "2025-01-01", "review_from": "2025-03-01", "debate_on": "2025-04-01",
        "execution_from": "2025-04-02", "closed_on": "2025-12-01", "voting_rule": "top",
        "published": "y",
    }


def _new_edition_form(w: World) -> dict:
    return {**_edition_form(w), "name": "PAL Nowa 2026"}


def _debate_form(w: World) -> dict:
    return {"name": "Debata", "held_on": "2025-04-01", "place": "Sala", "min_marks": "1",
            "max_marks": "2", "winners": "1", "resident_weight": "1", "official_weight": "1",
            "officials_vote": "y", "ballot_board": "y"}


def _task_form(w: World) -> dict:
    return {"title": "Sprzątanie", "starts_on": "2025-04-10", "ends_on": "2025-04-12",
            "responsible": str(w.cast.participant.id)}


def _line_form(prefix: str = "") -> Callable[[World], dict]:
    def data(w: World) -> dict:
        return {f"{prefix}category": "materials", f"{prefix}item": "Pędzle",
                f"{prefix}quantity": "2", f"{prefix}unit": "szt.",
                f"{prefix}unit_price": "12,50"}
    return data


def _requested_line(w: World) -> int:
    return next(li.id for li in w.accepted[0].budget_lines if li.funding == Funding.REQUESTED)


def _own_line(w: World) -> int:
    return next(li.id for li in w.accepted[0].budget_lines if li.funding == Funding.OWN)


def _photo(w: World) -> dict:
    return {"photo": (io.BytesIO(image_bytes()), "plac.png")}


def _ballot(w: World) -> dict:
    return {"project": [str(w.accepted[0].id)]}


def _code(w: World) -> dict:
    return {"code": w.card_codes[0]}


# The diagnosis's needs, resources and categories (needs).
RESOURCE = lambda w: {"resource_id": w.resource.id}  # noqa: E731
# Who may add a need to the participant's edition: its managers and its groups' participants.
ADD_NEED_A = GROUP_A + ("other_participant",)


def _category(w: World) -> dict:
    from pb.diagnosis.services import categories_of

    return {"category_id": categories_of(w.cast.edition)[0].id}


def _need_form(w: World) -> dict:
    return {"title": "Ciemne przejście", "description": "Nie ma latarni.", "place": "ul. Polna",
            "affected": "", "affected_count": "", "category": "0", "source": "walk",
            "noted_on": "", "evidence": "", "state": "open", "closing_note": ""}


def _resource_form(w: World) -> dict:
    return {"name": "Szkoła", "kind": "place", "offers": "Sala gimnastyczna", "place": "",
            "contact": "", "category": "0"}


MATRIX: dict[str, Row] = {
    # --- public pages, language, static files --------------------------------------------------
    "GET main.index": Row(NONE, everyone(OK)),
    "POST main.set_language": Row(NONE, everyone(MOVED), data=_p(lang="en", next="/")),
    "GET static": Row(_p(filename="css/pb.css"), everyone(OK)),
    "GET editions.public_list": Row(NONE, everyone(OK)),
    "GET editions.public_edition": Row(EDITION, everyone(OK)),
    "GET editions.public_edition[unpublished]": Row(
        FOREIGN_EDITION, only(OK, MANAGE_F, anonymous=MISSING, others=MISSING)),
    # --- signing in and out ----------------------------------------------------------------------
    "GET accounts.login": Row(NONE, everyone(MOVED, anonymous=OK)),
    "POST accounts.login": Row(NONE, everyone(MOVED, anonymous=BAD),
                               data=_p(login="coord@pb.test", password="wrong password")),
    "POST accounts.logout": Row(NONE, everyone(MOVED)),
    "GET accounts.card_signin": Row(lambda w: {"code": w.signin_code}, everyone(OK)),
    "GET accounts.card_signin[unknown]": Row(_p(code="nie-ma-takiej-karty"), everyone(MISSING)),
    # Anyone holding the card may use it: it signs them in as its owner.
    "POST accounts.card_signin": Row(lambda w: {"code": w.signin_code}, everyone(MOVED)),
    "POST accounts.card_signin[unknown]": Row(_p(code="nie-ma-takiej-karty"), everyone(GONE)),
    # --- sign-in cards -----------------------------------------------------------------------------
    "GET accounts.signin_card": Row(
        MEMBER,
        only(OK, MANAGE_A)),
    "GET accounts.signin_card[foreign]": Row(
        FOREIGN_MEMBER,
        only(OK, MANAGE_F)),
    "GET accounts.signin_card[not a member]": Row(
        lambda w: {"group_id": w.cast.group.id, "user_id": w.cast.other_participant.id},
        only(MISSING, MANAGE_A)),
    "POST accounts.signin_card": Row(
        MEMBER,
        only(OK, MANAGE_A), data=_p(single_use="y", valid_days="14")),
    "POST accounts.revoke_card": Row(
        lambda w: {"card_id": w.signin_card_id}, only(MOVED, MANAGE_A),
        data=lambda w: {"group_id": str(w.cast.group.id)}),
    "POST accounts.revoke_card[wrong group]": Row(
        lambda w: {"card_id": w.signin_card_id}, only(MISSING, MANAGE_F + MANAGE_A),
        data=lambda w: {"group_id": str(w.cast.foreign_group.id)}),
    # --- one's own account and the coordinator's list ---------------------------------------------
    "GET accounts.own_account": Row(NONE, only(OK, SIGNED_IN)),
    "POST accounts.own_account": Row(
        NONE, only(BAD, SIGNED_IN),
        data=_p(current="not my password", password="nowe hasło 123",
                confirm="nowe hasło 123")),
    "GET accounts.user_list": Row(NONE, only(OK, COORD)),
    "GET accounts.user_new": Row(NONE, only(OK, COORD)),
    "POST accounts.user_new": Row(NONE, only(MOVED, COORD),
                                  data=_p(name="Nowa Osoba", login="nowa.osoba",
                                          role="participant", email="", password="")),
    "GET accounts.user_edit": Row(lambda w: {"user_id": w.cast.participant.id}, only(OK, COORD)),
    "POST accounts.user_edit": Row(
        lambda w: {"user_id": w.cast.participant.id}, only(MOVED, COORD),
        data=_p(name="Piotr Zmieniony", email="", role="participant", active="y")),
    "POST accounts.user_password": Row(
        lambda w: {"user_id": w.cast.participant.id}, only(MOVED, COORD),
        data=_p(**{"pw-password": "nowe hasło 123", "pw-confirm": "nowe hasło 123"})),
    "POST accounts.user_unlock": Row(
        lambda w: {"user_id": w.cast.participant.id}, only(MOVED, COORD)),
    # --- editions and groups ------------------------------------------------------------------------
    "GET editions.manage_list": Row(NONE, only(OK, MANAGE_A + MANAGE_F)),
    "GET editions.edition_new": Row(NONE, only(OK, COORD)),
    "POST editions.edition_new": Row(NONE, only(MOVED, COORD), data=_new_edition_form),
    "GET editions.edition_edit": Row(EDITION, only(OK, COORD)),
    "POST editions.edition_edit": Row(EDITION, only(MOVED, COORD), data=_edition_form),
    "GET editions.edition_overview": Row(EDITION, only(OK, MANAGE_A)),
    "GET editions.edition_overview[foreign]": Row(FOREIGN_EDITION, only(OK, MANAGE_F)),
    "POST editions.edition_animators": Row(
        EDITION, only(MOVED, COORD), data=lambda w: {"animators": [str(w.cast.animator.id)]}),
    "POST editions.group_new": Row(EDITION, only(MOVED, MANAGE_A),
                                   data=_p(name="Nowa grupa", animator="0")),
    "POST editions.group_new[foreign]": Row(FOREIGN_EDITION, only(MOVED, MANAGE_F),
                                            data=_p(name="Nowa grupa", animator="0")),
    "GET editions.group_page": Row(GROUP, only(OK, GROUP_A)),
    "GET editions.group_page[foreign]": Row(FOREIGN_GROUP, only(OK, GROUP_F)),
    "POST editions.group_edit": Row(
        GROUP, only(MOVED, MANAGE_A),
        data=lambda w: {"name": "Place zabaw i boiska", "animator": str(w.cast.animator.id)}),
    "POST editions.member_add": Row(
        GROUP, only(MOVED, MANAGE_A),
        data=lambda w: {"user": str(w.cast.loose_participant.id)}),
    "POST editions.member_new": Row(GROUP, only(MOVED, MANAGE_A),
                                    data=_p(name="Nowy Członek", login="", password="")),
    "POST editions.member_remove": Row(
        MEMBER,
        only(MOVED, MANAGE_A)),
    "POST editions.member_remove[foreign]": Row(
        FOREIGN_MEMBER,
        only(MOVED, MANAGE_F)),
    # --- projects: creating and viewing -------------------------------------------------------------
    "POST projects.project_new": Row(GROUP, only(MOVED, GROUP_A)),
    "POST projects.project_new[foreign]": Row(FOREIGN_GROUP, only(MOVED, GROUP_F)),
    # Drafts are private; a stranger is not even told they exist.
    "GET projects.project_page[draft]": Row(DRAFT, only(OK, GROUP_A, anonymous=MISSING)),
    "GET projects.project_page[submitted]": Row(SUBMITTED, only(OK, GROUP_A, anonymous=MISSING)),
    "GET projects.project_page[withdrawn]": Row(
        lambda w: {"project_id": w.withdrawn.id}, only(OK, GROUP_A, anonymous=MISSING)),
    "GET projects.project_page[accepted]": Row(ACCEPTED, everyone(OK)),
    "GET projects.project_page[other group]": Row(
        lambda w: {"project_id": w.other_draft.id},
        only(OK, ("coordinator", "animator", "other_participant"), anonymous=MISSING)),
    "GET projects.project_page[foreign]": Row(
        lambda w: {"project_id": w.foreign_draft.id}, only(OK, GROUP_F, anonymous=MISSING)),
    "GET projects.sheet[draft]": Row(DRAFT, only(OK, GROUP_A, anonymous=MISSING)),
    "GET projects.sheet[accepted]": Row(ACCEPTED, everyone(OK)),
    "GET projects.photo_file[draft]": Row(
        lambda w: {"project_id": w.draft.id, "photo_id": w.draft_photo_id},
        only(OK, GROUP_A, anonymous=MISSING)),
    "GET projects.photo_file[accepted]": Row(
        lambda w: {"project_id": w.accepted[0].id, "photo_id": w.accepted_photo_id},
        everyone(OK)),
    "GET projects.photo_file[photo of another project]": Row(
        lambda w: {"project_id": w.accepted[0].id, "photo_id": w.draft_photo_id},
        everyone(MISSING)),
    # An accepted project of an unpublished edition is no more public than a draft.
    "GET projects.project_page[accepted, edition unpublished]": Row(
        ACCEPTED, only(OK, GROUP_A, anonymous=MISSING), world=UNPUBLISHED),
    "GET projects.sheet[accepted, edition unpublished]": Row(
        ACCEPTED, only(OK, GROUP_A, anonymous=MISSING), world=UNPUBLISHED),
    "GET projects.photo_file[accepted, edition unpublished]": Row(
        lambda w: {"project_id": w.accepted[0].id, "photo_id": w.accepted_photo_id},
        only(OK, GROUP_A, anonymous=MISSING), world=UNPUBLISHED),
    "GET projects.compare": Row(
        lambda w: {"project_id": w.submitted.id, "old": 1, "new": "current"}, only(OK, GROUP_A)),
    # --- projects: drafting ---------------------------------------------------------------------------
    "GET projects.edit_basics": Row(DRAFT, only(OK, GROUP_A)),
    "POST projects.edit_basics": Row(
        DRAFT, only(MOVED, GROUP_A),
        data=_p(title="Nowy tytuł", summary="Krótko.", need="", beneficiaries="",
                beneficiaries_count="", place="", description="")),
    # A project with the animator is locked: its group gets the form back, unchanged.
    "POST projects.edit_basics[locked]": Row(
        SUBMITTED, only(BAD, GROUP_A),
        data=_p(title="Nowy tytuł", summary="", need="", beneficiaries="",
                beneficiaries_count="", place="", description="")),
    "GET projects.edit_basics[foreign]": Row(
        lambda w: {"project_id": w.foreign_draft.id}, only(OK, GROUP_F)),
    "POST projects.photo_add": Row(DRAFT, only(MOVED, GROUP_A), data=_photo),
    "POST projects.photo_remove": Row(
        lambda w: {"project_id": w.draft.id, "photo_id": w.draft_photo_id},
        only(MOVED, GROUP_A)),
    "POST projects.photo_remove[photo of another project]": Row(
        lambda w: {"project_id": w.draft.id, "photo_id": w.accepted_photo_id},
        only(MISSING, GROUP_A)),
    "GET projects.edit_results": Row(DRAFT, only(OK, GROUP_A)),
    "POST projects.edit_results": Row(DRAFT, only(MOVED, GROUP_A),
                                      data=_p(name="Posadzone drzewa", target="5", unit="szt.")),
    "GET projects.edit_result": Row(_row_of("result"), only(OK, GROUP_A)),
    "POST projects.edit_result": Row(_row_of("result"), only(MOVED, GROUP_A),
                                     data=_p(name="Odnowione place", target="2", unit="szt.")),
    "POST projects.remove_result": Row(_row_of("result"), only(MOVED, GROUP_A)),
    "GET projects.edit_schedule": Row(DRAFT, only(OK, GROUP_A)),
    "POST projects.edit_schedule": Row(DRAFT, only(MOVED, GROUP_A), data=_task_form),
    "GET projects.edit_task": Row(_row_of("task"), only(OK, GROUP_A)),
    "POST projects.edit_task": Row(_row_of("task"), only(MOVED, GROUP_A), data=_task_form),
    "POST projects.remove_task": Row(_row_of("task"), only(MOVED, GROUP_A)),
    # With one task there is nowhere to move it: allowed, but nothing changes.
    "POST projects.move_task": Row(_row_of("task"), only(NOOP, GROUP_A),
                                   data=_p(direction="up")),
    "GET projects.edit_budget": Row(DRAFT, only(OK, GROUP_A)),
    "POST projects.edit_budget": Row(DRAFT, only(MOVED, GROUP_A),
                                     data=lambda w: {**_line_form("req-")(w),
                                                     "funding": "requested"}),
    "GET projects.edit_budget_line": Row(_row_of("line"), only(OK, GROUP_A)),
    "POST projects.edit_budget_line": Row(_row_of("line"), only(MOVED, GROUP_A),
                                          data=_line_form()),
    "POST projects.remove_budget_line": Row(_row_of("line"), only(MOVED, GROUP_A)),
    "POST projects.comment": Row(DRAFT, only(MOVED, GROUP_A),
                                 data=_p(body="Proszę dopisać miejsce.", section="")),
    # --- projects: review -------------------------------------------------------------------------------
    "POST projects.submit": Row(DRAFT, only(MOVED, GROUP_A)),
    "POST projects.accept": Row(SUBMITTED, only(MOVED, MANAGE_A)),
    # From a draft there is nothing to accept: refused for the state, before asking who asks.
    "POST projects.accept[draft]": Row(DRAFT, only(NOOP, GROUP_A)),
    "POST projects.withdraw": Row(DRAFT, only(MOVED, GROUP_A)),
    "POST projects.reopen": Row(lambda w: {"project_id": w.withdrawn.id}, only(MOVED, GROUP_A)),
    "POST projects.reopen[foreign]": Row(
        lambda w: {"project_id": w.foreign_draft.id}, only(NOOP, GROUP_F)),
    # --- the debate: set-up and console (the coordinator's alone) ------------------------------------
    "GET debate.setup": Row(EDITION, only(OK, COORD)),
    "POST debate.setup": Row(EDITION, only(MOVED, COORD), data=_debate_form, world=SETUP),
    "POST debate.setup[voting open]": Row(EDITION, only(BAD, COORD), data=_debate_form),
    "GET debate.console": Row(DEBATE, only(OK, COORD)),
    "POST debate.move_project": Row(
        lambda w: {"debate_id": w.debate.id, "project_id": w.accepted[0].id},
        only(MOVED, COORD), data=_p(direction="down"), world=SETUP),
    "POST debate.refresh_projects": Row(DEBATE, only(MOVED, COORD), world=SETUP),
    "POST debate.open_voting": Row(DEBATE, only(MOVED, COORD), world=SETUP),
    "POST debate.close_voting": Row(DEBATE, only(MOVED, COORD)),
    "POST debate.print_cards": Row(DEBATE, only(OK, COORD),
                                   data=_p(**{"cards-count": "2", "cards-category": "resident"})),
    "POST debate.tellers": Row(DEBATE, only(MOVED, COORD),
                               data=lambda w: {"tellers-tellers": [str(w.cast.teller.id)]}),
    "POST debate.void_card": Row(DEBATE, only(MOVED, COORD), data=_p(**{"void-number": "1"})),
    # --- the debate: public ----------------------------------------------------------------------------
    "GET debate.public": Row(DEBATE, everyone(OK)),
    "GET debate.public[unpublished]": Row(
        FOREIGN_DEBATE, only(OK, MANAGE_F, anonymous=MISSING, others=MISSING)),
    "GET help.guide": Row(DEBATE, everyone(OK)),
    "GET help.guide[unpublished]": Row(
        FOREIGN_DEBATE, only(OK, MANAGE_F, anonymous=MISSING, others=MISSING)),
    "GET help.slide": Row(DEBATE, everyone(OK)),
    "GET help.slide[unpublished]": Row(
        FOREIGN_DEBATE, only(OK, MANAGE_F, anonymous=MISSING, others=MISSING)),
    "GET debate.turnout_json": Row(DEBATE, everyone(OK)),
    "GET debate.turnout_json[unpublished]": Row(FOREIGN_DEBATE, everyone(MISSING)),
    "GET debate.board_csv": Row(DEBATE, everyone(OK), world=CLOSED),
    "GET debate.board_csv[voting open]": Row(DEBATE, everyone(MISSING)),
    "GET debate.results_pb": Row(DEBATE, everyone(OK), world=CLOSED),
    "GET debate.results_pb[voting open]": Row(DEBATE, everyone(MISSING)),
    # The .pb file lists every ballot: with the ballot board off, it is not published either.
    "GET debate.results_pb[board off]": Row(DEBATE, everyone(MISSING), world=NO_BOARD),
    "GET debate.board_csv[board off]": Row(DEBATE, everyone(MISSING), world=NO_BOARD),
    "GET debate.receipt": Row(lambda w: {"debate_id": w.debate.id, "receipt": w.receipt},
                              everyone(OK)),
    # The whole debate of an unpublished edition: its managers see its page, nobody its files.
    "GET debate.public[edition unpublished]": Row(
        DEBATE, only(OK, MANAGE_A, anonymous=MISSING, others=MISSING), world=UNPUBLISHED),
    "GET debate.receipt[edition unpublished]": Row(
        lambda w: {"debate_id": w.debate.id, "receipt": w.receipt},
        only(OK, MANAGE_A, anonymous=MISSING, others=MISSING), world=UNPUBLISHED),
    "GET help.guide[edition unpublished]": Row(
        DEBATE, only(OK, MANAGE_A, anonymous=MISSING, others=MISSING), world=UNPUBLISHED),
    "GET help.slide[edition unpublished]": Row(
        DEBATE, only(OK, MANAGE_A, anonymous=MISSING, others=MISSING), world=UNPUBLISHED),
    "GET debate.turnout_json[edition unpublished]": Row(DEBATE, everyone(MISSING),
                                                        world=UNPUBLISHED),
    "GET debate.board_csv[edition unpublished]": Row(DEBATE, everyone(MISSING),
                                                     world=UNPUBLISHED),
    "GET debate.results_pb[edition unpublished]": Row(DEBATE, everyone(MISSING),
                                                      world=UNPUBLISHED),
    # --- the debate: voting by phone (anyone holding a card) --------------------------------------------
    "GET debate.type_code": Row(NONE, everyone(OK)),
    "POST debate.type_code": Row(NONE, everyone(MOVED), data=_code),
    "GET debate.ballot": Row(lambda w: {"code": w.card_codes[0]}, everyone(OK)),
    "GET debate.ballot[voting closed]": Row(lambda w: {"code": w.card_codes[0]}, everyone(GONE),
                                            world=CLOSED),
    "POST debate.ballot": Row(lambda w: {"code": w.card_codes[0]}, everyone(OK), data=_ballot),
    "POST debate.cast": Row(lambda w: {"code": w.card_codes[0]}, everyone(MOVED), data=_ballot),
    "POST debate.cast[voting closed]": Row(lambda w: {"code": w.card_codes[0]}, everyone(GONE),
                                           data=_ballot, world=CLOSED),
    # --- the debate: the tellers' desk -------------------------------------------------------------------
    "GET debate.desk": Row(DEBATE, only(OK, DESK)),
    "POST debate.desk_record": Row(DEBATE, only(MOVED, DESK),
                                   data=lambda w: {**_code(w), **_ballot(w)}),
    # A teller counts only at the debates the coordinator assigned them to.
    "GET debate.desk[teller not assigned]": Row(FOREIGN_DEBATE, only(OK, COORD)),
    "POST debate.desk_record[teller not assigned]": Row(
        FOREIGN_DEBATE, only(NOOP, COORD), data=lambda w: {**_code(w), **_ballot(w)}),
    # --- the diagnosis: needs, resources, categories (needs) -----------------------------------------
    "GET diagnosis.manage": Row(EDITION, only(OK, MANAGE_A)),
    "GET diagnosis.manage[foreign]": Row(FOREIGN_EDITION, only(OK, MANAGE_F)),
    "GET diagnosis.public_map": Row(EDITION, everyone(OK)),
    "GET diagnosis.public_map[unpublished]": Row(
        FOREIGN_EDITION, only(OK, GROUP_F, anonymous=MISSING, others=MISSING)),
    "GET diagnosis.need_page": Row(NEED, everyone(OK)),
    "GET diagnosis.need_page[unpublished]": Row(
        FOREIGN_NEED, only(OK, GROUP_F, anonymous=MISSING, others=MISSING)),
    "GET diagnosis.need_new": Row(EDITION, only(OK, ADD_NEED_A)),
    "POST diagnosis.need_new": Row(EDITION, only(MOVED, ADD_NEED_A), data=_need_form),
    "POST diagnosis.need_new[foreign]": Row(FOREIGN_EDITION, only(MOVED, GROUP_F),
                                            data=_need_form),
    "GET diagnosis.need_edit": Row(NEED, only(OK, MANAGE_A)),
    "POST diagnosis.need_edit": Row(NEED, only(MOVED, MANAGE_A), data=_need_form),
    "GET diagnosis.need_edit[foreign]": Row(FOREIGN_NEED, only(OK, MANAGE_F)),
    "GET diagnosis.resource_new": Row(EDITION, only(OK, MANAGE_A)),
    "POST diagnosis.resource_new": Row(EDITION, only(MOVED, MANAGE_A), data=_resource_form),
    "GET diagnosis.resource_edit": Row(RESOURCE, only(OK, MANAGE_A)),
    "POST diagnosis.resource_edit": Row(RESOURCE, only(MOVED, MANAGE_A), data=_resource_form),
    "GET diagnosis.categories": Row(EDITION, only(OK, MANAGE_A)),
    "POST diagnosis.categories": Row(EDITION, only(MOVED, MANAGE_A),
                                     data=_p(name="Sąsiedzi")),
    "GET diagnosis.categories[foreign]": Row(FOREIGN_EDITION, only(OK, MANAGE_F)),
    "POST diagnosis.category_rename": Row(
        _category, only(MOVED, MANAGE_A),
        data=lambda w: {f"c{_category(w)['category_id']}-name": "Najmłodsi"}),
    "POST diagnosis.category_move": Row(_category, only(MOVED, MANAGE_A),
                                        data=_p(direction="down")),
    "POST diagnosis.category_remove": Row(_category, only(MOVED, MANAGE_A)),
    # --- operations ---------------------------------------------------------------------------------
    "GET ops.health": Row(NONE, everyone(OK)),
    "GET ops.audit_log": Row(NONE, only(OK, COORD), world=EXECUTION),
    # --- execution: starting, the dashboard, public progress, the report --------------------------
    "POST execution.start": Row(DEBATE, only(MOVED, COORD), world=CLOSED),
    # Starting again starts nothing (it may leave a line in the audit log).
    "POST execution.start[already started]": Row(DEBATE, only(MOVED, COORD), world=EXECUTION),
    "GET execution.dashboard": Row(EDITION, only(OK, MANAGE_A), world=EXECUTION),
    "GET execution.dashboard[foreign]": Row(FOREIGN_EDITION, only(OK, MANAGE_F)),
    "GET execution.public_progress": Row(EDITION, everyone(OK), world=EXECUTION),
    "GET execution.public_progress[unpublished]": Row(FOREIGN_EDITION, everyone(MISSING)),
    "GET execution.public_progress[edition unpublished]": Row(EDITION, everyone(MISSING),
                                                              world=UNPUBLISHED),
    "GET execution.report": Row(lambda w: {"edition_id": w.cast.edition.id, "fmt": "csv"},
                                only(OK, MANAGE_A), world=EXECUTION),
    "GET execution.report[pdf]": Row(lambda w: {"edition_id": w.cast.edition.id, "fmt": "pdf"},
                                     only(OK, MANAGE_A), world=EXECUTION),
    "GET execution.report[other format]": Row(
        lambda w: {"edition_id": w.cast.edition.id, "fmt": "xml"}, only(MISSING, MANAGE_A)),
    "GET execution.report[foreign]": Row(
        lambda w: {"edition_id": w.cast.other_edition.id, "fmt": "csv"}, only(OK, MANAGE_F)),
    # --- execution: the group's work on a winner ------------------------------------------------------
    "GET execution.work": Row(WINNER, only(OK, GROUP_A), world=EXECUTION),
    "GET execution.work[draft]": Row(DRAFT, only(MISSING, GROUP_A), world=EXECUTION),
    "GET execution.task_page": Row(WINNER_TASK, only(OK, GROUP_A), world=EXECUTION),
    "POST execution.task_page": Row(
        WINNER_TASK, only(MOVED, GROUP_A), world=EXECUTION,
        data=_p(**{"p-status": "in_progress", "p-actual_start": "2025-04-10",
                   "p-actual_end": "", "p-done_by": "0", "p-notes": "Zaczęte."})),
    "POST execution.task_add": Row(
        WINNER, only(MOVED, GROUP_A), world=EXECUTION,
        data=_p(**{"task-title": "Sprzątanie", "task-starts_on": "2025-05-01",
                   "task-ends_on": "2025-05-02", "task-responsible": "0",
                   "task-reason": "Zostało dużo śmieci."})),
    "POST execution.expense_add": Row(
        WINNER, only(MOVED, GROUP_A), world=EXECUTION,
        data=lambda w: {"exp-line": str(_requested_line(w)), "exp-spent_on": "2025-05-03",
                        "exp-description": "Pędzle", "exp-amount": "20,00",
                        "exp-supplier": "", "exp-document_number": ""}),
    "POST execution.expense_remove": Row(
        lambda w: {"project_id": w.accepted[0].id, "expense_id": w.expense_id},
        only(MOVED, GROUP_A), world=EXECUTION),
    # Receipts may carry personal data: the group and its managers only, even on a public project.
    "GET execution.receipt": Row(
        lambda w: {"project_id": w.accepted[0].id, "expense_id": w.expense_id},
        only(OK, GROUP_A), world=EXECUTION),
    "POST execution.contribution_add": Row(
        WINNER, only(MOVED, GROUP_A), world=EXECUTION,
        data=lambda w: {"own-line": str(_own_line(w)), "own-delivered_on": "2025-05-03",
                        "own-quantity": "2", "own-note": ""}),
    "POST execution.results_save": Row(
        WINNER, only(MOVED, GROUP_A), world=EXECUTION,
        data=lambda w: {f"achieved-{w.accepted[0].results[0].id}": "1"}),
    "POST execution.journal_add": Row(
        WINNER, only(MOVED, GROUP_A), world=EXECUTION,
        data=_p(**{"j-written_on": "2025-05-04", "j-body": "Posadziliśmy kwiaty."})),
    "GET execution.journal_photo": Row(
        lambda w: {"project_id": w.accepted[0].id, "photo_id": w.journal_photo_id},
        everyone(OK), world=EXECUTION),
    "GET execution.journal_photo[edition unpublished]": Row(
        lambda w: {"project_id": w.accepted[0].id, "photo_id": w.journal_photo_id},
        only(OK, GROUP_A, anonymous=MISSING, others=MISSING), world=UNPUBLISHED),
    "GET execution.journal_photo[photo of another project]": Row(
        lambda w: {"project_id": w.accepted[1].id, "photo_id": w.journal_photo_id},
        everyone(MISSING), world=EXECUTION),
    "POST execution.story_save": Row(WINNER, only(MOVED, GROUP_A), world=EXECUTION,
                                     data=_p(**{"s-story": "Udało się."})),
    # Completing and abandoning are the managers' calls; with tasks still open, completing is
    # refused with a message.
    "POST execution.complete": Row(WINNER, {**only(NOOP, MANAGE_A), "participant": FORBIDDEN},
                                   world=EXECUTION),
    "POST execution.abandon": Row(WINNER, only(MOVED, MANAGE_A), world=EXECUTION,
                                  data=_p(**{"ab-reason": "Brak chętnych."})),
    # --- residents' voice: reports, moderation, "me too", photos of needs, the poster (voice) ------
    # Outside the diagnosis and drafting the report page says, to everyone, that it is closed.
    "GET diagnosis.report_need": Row(EDITION, everyone(OK)),
    "GET diagnosis.report_need[open]": Row(EDITION, everyone(OK), world=REPORTING),
    "GET diagnosis.report_need[unpublished]": Row(FOREIGN_EDITION, everyone(MISSING)),
    "POST diagnosis.report_need": Row(
        EDITION, everyone(MOVED), world=REPORTING,
        data=_p(what="Brakuje ławek.", place="ul. Szkolna", contact="500 600 700")),
    "POST diagnosis.report_need[closed]": Row(
        EDITION, everyone(OK), data=_p(what="Brakuje ławek.", place="ul. Szkolna")),
    "POST diagnosis.report_need[unpublished]": Row(
        FOREIGN_EDITION, everyone(MISSING), world=REPORTING, data=_p(what="Brakuje ławek.")),
    "GET diagnosis.report_thanks": Row(EDITION, everyone(OK)),
    "GET diagnosis.report_thanks[unpublished]": Row(FOREIGN_EDITION, everyone(MISSING)),
    "GET diagnosis.reports": Row(EDITION, only(OK, MANAGE_A)),
    "GET diagnosis.reports[foreign]": Row(FOREIGN_EDITION, only(OK, MANAGE_F)),
    "POST diagnosis.report_publish": Row(
        REPORT, only(MOVED, MANAGE_A),
        data=lambda w: {f"p{w.report.id}-title": "Brak ławek",
                        f"p{w.report.id}-description": "Brakuje ławek przy kościele."}),
    "POST diagnosis.report_merge": Row(
        REPORT, only(MOVED, MANAGE_A), data=lambda w: {f"m{w.report.id}-need_id": str(w.need.id)}),
    "POST diagnosis.report_reject": Row(
        REPORT, only(MOVED, MANAGE_A), data=lambda w: {f"r{w.report.id}-note": "Nie dotyczy."}),
    "GET diagnosis.report_photo": Row(REPORT, only(OK, MANAGE_A)),
    "GET diagnosis.poster": Row(EDITION, only(OK, MANAGE_A)),
    "GET diagnosis.poster[foreign]": Row(FOREIGN_EDITION, only(OK, MANAGE_F)),
    "POST diagnosis.support_need": Row(NEED, everyone(MOVED), world=REPORTING),
    # Outside reporting: a refusal with a message, nothing counted.
    "POST diagnosis.support_need[closed]": Row(NEED, everyone(NOOP)),
    "POST diagnosis.support_need[unpublished]": Row(FOREIGN_NEED, everyone(MISSING)),
    "GET diagnosis.need_photo": Row(NEED, everyone(OK)),
    "GET diagnosis.need_photo[edition unpublished]": Row(
        NEED, only(OK, EDITION_A, anonymous=MISSING, others=MISSING), world=UNPUBLISHED),


    # --- the diagnosis: exports (PDF, CSV, GeoJSON) -----------------------------------------------
    # Whoever may see the diagnosis: everyone once the edition is published; before, its
    # managers and the participants of its groups; 404 to everyone else. Never a contact.
    **{
        f"GET diagnosis.{name}{variant}": row
        for name in ("map_pdf", "needs_csv", "resources_csv")
        for variant, row in (
            ("", Row(EDITION, everyone(OK))),
            ("[unpublished]", Row(FOREIGN_EDITION, only(OK, GROUP_F, anonymous=MISSING,
                                                        others=MISSING))),
            ("[edition unpublished]", Row(EDITION, only(OK, DIAGNOSIS_A, anonymous=MISSING,
                                                        others=MISSING), world=UNPUBLISHED)),
        )
    },
    # GeoJSON only where the plan has its corners' coordinates; the other edition has no plan.
    "GET diagnosis.geojson": Row(EDITION, everyone(OK), world=CORNERS),
    "GET diagnosis.geojson[no corners]": Row(EDITION, everyone(MISSING)),
    "GET diagnosis.geojson[unpublished]": Row(FOREIGN_EDITION, everyone(MISSING)),
    "GET diagnosis.geojson[edition unpublished]": Row(
        EDITION, only(OK, DIAGNOSIS_A, anonymous=MISSING, others=MISSING),
        world={**UNPUBLISHED, "corners": True}),
    # --- the diagnosis: the district plan and its pins (map) ------------------------------------
    "GET diagnosis.plan": Row(EDITION, only(OK, MANAGE_A)),
    "GET diagnosis.plan[foreign]": Row(FOREIGN_EDITION, only(OK, MANAGE_F)),
    "POST diagnosis.plan": Row(
        EDITION, only(MOVED, MANAGE_A),
        data=lambda w: {"plan": (io.BytesIO(image_bytes(size=(300, 200))), "plan.png"),
                        "north": "50,02", "south": "50,01", "west": "18,44", "east": "18,46"}),
    "POST diagnosis.plan[foreign]": Row(
        FOREIGN_EDITION, only(MOVED, MANAGE_F),
        data=lambda w: {"plan": (io.BytesIO(image_bytes()), "plan.png")}),
    "GET diagnosis.plan_image": Row(EDITION, everyone(OK)),
    # Before it is published, the plan is for the edition's managers and its groups' members.
    "GET diagnosis.plan_image[edition unpublished]": Row(
        EDITION, only(OK, MANAGE_A + ("participant", "other_participant"), anonymous=MISSING,
                      others=MISSING), world=UNPUBLISHED),
    "GET diagnosis.plan_image[no plan]": Row(FOREIGN_EDITION, everyone(MISSING)),
    "GET diagnosis.place_pin[need]": Row(PIN("need"), only(OK, MANAGE_A)),
    "POST diagnosis.place_pin[need]": Row(PIN("need"), only(MOVED, MANAGE_A),
                                          data=_p(cell="C4")),
    "POST diagnosis.place_pin[need, removed]": Row(PIN("need"), only(MOVED, MANAGE_A),
                                                   data=_p(remove="1")),
    "GET diagnosis.place_pin[need of the unpublished edition]": Row(
        PIN("foreign_need"), only(OK, MANAGE_F)),
    # The unpublished edition has no plan yet: its managers are told so, nothing is placed.
    "POST diagnosis.place_pin[need of the unpublished edition]": Row(
        PIN("foreign_need"), only(BAD, MANAGE_F), data=_p(x="100", y="200")),
    "GET diagnosis.place_pin[resource]": Row(PIN("resource"), only(OK, MANAGE_A)),
    "POST diagnosis.place_pin[resource]": Row(PIN("resource"), only(MOVED, MANAGE_A),
                                              data=_p(cell_text="J10")),
    "GET diagnosis.place_pin[report]": Row(PIN("report"), only(OK, MANAGE_A)),
    "POST diagnosis.place_pin[report]": Row(PIN("report"), only(MOVED, MANAGE_A),
                                            data=_p(cell="A1")),
    # A project: its group while the draft is in their hands, and its managers at any time.
    "GET diagnosis.place_pin[draft]": Row(PIN("draft"), only(OK, GROUP_A)),
    "POST diagnosis.place_pin[draft]": Row(PIN("draft"), only(MOVED, GROUP_A),
                                           data=_p(cell="D2")),
    "POST diagnosis.place_pin[submitted]": Row(PIN("submitted"), only(MOVED, MANAGE_A),
                                               data=_p(cell="D2")),
    "POST diagnosis.place_pin[foreign draft]": Row(PIN("foreign_draft"), only(BAD, GROUP_F),
                                                   data=_p(cell="D2")),
    "GET diagnosis.place_pin[unknown kind]": Row(
        lambda w: {"kind": "edition", "ident": w.cast.edition.id}, only(MISSING, SIGNED_IN)),
}

# --- the tests -------------------------------------------------------------------------------


def _app_routes() -> set[str]:
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_URL": "http://pb.test"})
    return {
        f"{method} {rule.endpoint}"
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    }


def test_every_route_is_in_the_table():
    routes = _app_routes()
    covered = {key.split("[")[0] for key in MATRIX}
    missing = sorted(routes - covered)
    stale = sorted(covered - routes)
    assert not missing, (
        "routes missing from the authorization matrix (add a row to MATRIX in "
        f"{__name__}): {', '.join(missing)}"
    )
    assert not stale, f"rows in MATRIX for routes that no longer exist: {', '.join(stale)}"


def test_every_row_names_every_role():
    for key, row in MATRIX.items():
        assert set(row.expect) == set(ROLES), key


def _send(client, method: str, url: str, data: dict):
    if method == "GET":
        response = client.get(url)
    else:
        payload = {"csrf_token": client.pb_csrf, **data}
        response = client.post(url, data=payload, content_type="multipart/form-data")
    response.get_data()  # read files sent in chunks, then let them go
    response.close()
    return response


def _signed_in_clients(app, world: World) -> dict:
    return clients_for(app, world.cast)


def _leaks(role: str, response) -> list[str]:
    if response.mimetype not in ("text/html", "text/plain", "text/csv", "application/json",
                                 "application/geo+json"):
        return []
    body = response.get_data(as_text=True)
    return [marker for marker, viewers in MARKERS.items()
            if role not in viewers and marker in body]


def _check_row(app, key: str, roles: tuple[str, ...]) -> list[str]:
    method, rest = key.split(" ", 1)
    endpoint = rest.split("[")[0]
    row = MATRIX[key]
    world = world_for(**row.world)
    clients = _signed_in_clients(app, world)
    problems = []
    before = fingerprint()
    for role in roles:
        with app.test_request_context():
            url = url_for(endpoint, **row.params(world))
        response = _send(clients[role], method, url, row.data(world))
        after = fingerprint()
        got, expected = classify(response), row.expect[role]
        where = f"{key} as {role} ({url})"
        if response.status_code >= 500:
            problems.append(f"{where}: server error {response.status_code}")
        elif not same_answer(expected, got):
            problems.append(f"{where}: expected {expected}, got {got}")
        changed = changed_tables(before, after)
        if changed and not (method == "POST" and expected in WRITES):
            problems.append(f"{where}: answered {got} but wrote to {', '.join(changed)}")
        for marker in _leaks(role, response):
            problems.append(f"{where}: the answer shows {marker}, private to its group")
        if changed:
            world = world_for(**row.world)  # same ids: the clients stay signed in
            after = fingerprint()
        before = after
        if endpoint in ("accounts.logout", "accounts.card_signin"):
            clients = _signed_in_clients(app, world)
    return problems


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_route_answers_every_role_as_the_table_says(app, key):
    # A cell pb gets wrong would go to a strict-xfail test of its own; none so far.
    problems = _check_row(app, key, ROLES)
    assert not problems, "\n".join(problems)
