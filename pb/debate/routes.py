"""The debate: the coordinator's set-up and console, the phone ballot, the tellers' desk, and
the public page with turnout and results."""

from __future__ import annotations

import io
import time

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from pb import csv_safe, permissions
from pb.accounts import services as accounts
from pb.accounts.models import Role, User
from pb.actions import form_status, run_action, run_form_action
from pb.core.cardcode import format_card_code
from pb.core.qr import qr_svg
from pb.db_types import parse_id
from pb.debate import bp, voting
from pb.debate import services as debates
from pb.debate.ballot_view import BallotView
from pb.debate.forms import (
    CATEGORY_LABELS,
    CardsForm,
    CodeForm,
    DebateForm,
    TellersForm,
    VoidForm,
)
from pb.debate.models import Channel, Debate, DebateState, VoterCategory
from pb.debate.results import debate_results
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.extensions import db
from pb.permissions import load, role_required


@bp.app_context_processor
def inject_debate_labels():
    return {"CARD_CATEGORY_LABELS": CATEGORY_LABELS, "format_card_code": format_card_code}


def _managed(debate_id: int) -> Debate:
    return load(Debate, debate_id, permissions.can_run_debate)


def _visible(debate_id: int) -> Debate:
    """A debate of a published edition, or one the current user manages (404 to others)."""
    return load(Debate, debate_id, permissions.can_see_debate, hidden=True)


def _lang() -> str:
    return "en" if str(get_locale()).startswith("en") else "pl"


# --- set-up ----------------------------------------------------------------------------------


def _debate_data(form: DebateForm) -> debates.DebateData:
    return debates.DebateData(
        name=form.name.data, held_on=form.held_on.data, place=form.place.data or "",
        min_marks=form.min_marks.data, max_marks=form.max_marks.data, winners=form.winners.data,
        resident_weight=form.resident_weight.data, official_weight=form.official_weight.data,
        officials_vote=form.officials_vote.data, ballot_board=form.ballot_board.data,
    )


@bp.route("/manage/editions/<int:edition_id>/debate", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def setup(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_set_up_debate)
    debate = edition.debate
    form = DebateForm(obj=debate)
    if request.method == "GET" and debate is None:
        form.name.data = _("Debate: %(edition)s", edition=edition.name)
        form.held_on.data = edition.debate_on
        form.min_marks.data, form.max_marks.data, form.winners.data = 1, 4, 4
        form.resident_weight.data = form.official_weight.data = 1
        form.officials_vote.data = form.ballot_board.data = True

    def save() -> Debate:
        if debate is None:
            return debates.create_debate(edition, _debate_data(form), acting=current_user)
        debates.update_debate(debate, _debate_data(form), acting=current_user)
        return debate

    done = run_form_action(
        form, save, success=_("The debate has been saved."),
        to=lambda saved: url_for("debate.console", debate_id=saved.id),
    )
    if done:
        return done
    return (render_template("debate/setup.html", edition=edition, debate=debate, form=form),
            form_status(form))


@bp.post("/debates/<int:debate_id>/projects/<int:project_id>/move")
@role_required(Role.COORDINATOR)
def move_project(debate_id: int, project_id: int):
    debate = _managed(debate_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    return run_action(
        lambda: debates.move_presented_project(debate, project_id, offset, acting=current_user),
        to=url_for("debate.console", debate_id=debate.id),
    )


@bp.post("/debates/<int:debate_id>/projects/refresh")
@role_required(Role.COORDINATOR)
def refresh_projects(debate_id: int):
    """Present every project accepted so far (newly accepted ones join at the end)."""
    debate = _managed(debate_id)
    current = [e.project_id for e in debate.entries]
    accepted = [p.id for p in debates.accepted_projects(debate.edition)]
    ids = [pid for pid in current if pid in accepted] + [p for p in accepted if p not in current]
    return run_action(lambda: debates.set_presented_projects(debate, ids, acting=current_user),
                      success=_("The list of projects has been updated."),
                      to=url_for("debate.console", debate_id=debate.id))


# --- the coordinator's console ---------------------------------------------------------------


def _cards_form(debate: Debate, formdata=None) -> CardsForm:
    form = CardsForm(formdata=formdata, prefix="cards")
    form.category.choices = [(c.value, CATEGORY_LABELS[c]) for c in debate.categories]
    if formdata is None:
        form.count.data = 40
    return form


def _tellers_form(debate: Debate, formdata=None) -> TellersForm:
    form = TellersForm(formdata=formdata, prefix="tellers")
    form.tellers.choices = [(u.id, u.name) for u in db.session.scalars(
        sa.select(User).where(User.role == Role.TELLER, User.is_active_account.is_(True))
        .order_by(User.name))]
    if formdata is None:
        form.tellers.data = [u.id for u in debate.tellers]
    return form


def _console(debate: Debate, *, cards_form=None, void_form=None, tellers_form=None, status=200):
    return render_template(
        "debate/console.html",
        debate=debate,
        turnout=debates.turnout(debate),
        cards_form=cards_form or _cards_form(debate),
        void_form=void_form or VoidForm(formdata=None, prefix="void"),
        tellers_form=tellers_form or _tellers_form(debate),
        accepted=debates.accepted_projects(debate.edition),
        rule_text=debates.marking_rule(debate),
    ), status


@bp.route("/debates/<int:debate_id>/console")
@role_required(Role.COORDINATOR)
def console(debate_id: int):
    return _console(_managed(debate_id))


@bp.post("/debates/<int:debate_id>/open")
@role_required(Role.COORDINATOR)
def open_voting(debate_id: int):
    debate = _managed(debate_id)
    return run_action(lambda: debates.open_voting(debate, acting=current_user),
                      success=_("Voting is open."),
                      to=url_for("debate.console", debate_id=debate.id))


@bp.post("/debates/<int:debate_id>/close")
@role_required(Role.COORDINATOR)
def close_voting(debate_id: int):
    debate = _managed(debate_id)
    return run_action(lambda: debates.close_voting(debate, acting=current_user),
                      success=_("Voting is closed. The results are public."),
                      to=url_for("debate.console", debate_id=debate.id))


@bp.post("/debates/<int:debate_id>/cards")
@role_required(Role.COORDINATOR)
def print_cards(debate_id: int):
    debate = _managed(debate_id)
    form = _cards_form(debate, formdata=request.form)

    def cards_file(issued: list) -> Response:
        from pb.debate.printing import cards_pdf

        pdf = cards_pdf(debate, issued, large_print=form.large_print.data)
        first, last = issued[0].number, issued[-1].number
        return Response(pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="karty-{debate.id}-{first}-{last}.pdf"',
            "Cache-Control": "no-store",
        })

    # The PDF is built before the commit: cards that could not be printed are not issued.
    done = run_form_action(
        form, lambda: debates.issue_cards(debate, count=form.count.data,
                                          category=VoterCategory(form.category.data),
                                          acting=current_user),
        respond=cards_file,
    )
    if done:
        return done
    return _console(debate, cards_form=form, status=400)


@bp.post("/debates/<int:debate_id>/void")
@role_required(Role.COORDINATOR)
def void_card(debate_id: int):
    debate = _managed(debate_id)
    form = VoidForm(prefix="void")
    done = run_form_action(
        form, lambda: debates.void_card(debate, form.number.data, acting=current_user),
        success=lambda card: _("Card no. %(n)d has been cancelled.", n=card.number),
        to=url_for("debate.console", debate_id=debate.id),
    )
    if done:
        return done
    return _console(debate, void_form=form, status=400)


@bp.post("/debates/<int:debate_id>/tellers")
@role_required(Role.COORDINATOR)
def tellers(debate_id: int):
    """Assign the tellers of the debate's desk: the ticked ones count, the others no longer."""
    debate = _managed(debate_id)
    form = _tellers_form(debate, formdata=request.form)
    done = run_form_action(
        form, lambda: debates.set_debate_tellers(
            debate, accounts.users_with_ids(form.tellers.data), acting=current_user),
        success=_("Tellers saved."), to=url_for("debate.console", debate_id=debate.id),
    )
    if done:
        return done
    return _console(debate, tellers_form=form, status=400)


# --- public page -----------------------------------------------------------------------------


@bp.route("/debates/<int:debate_id>")
def public(debate_id: int):
    debate = _visible(debate_id)
    page_url = current_app.config["PUBLIC_URL"] + url_for("debate.public", debate_id=debate.id)
    results = debate_results(debate, _lang())
    from pb.diagnosis.mapping import public_map

    # The map: the projects numbered as on the ballot; after the vote, the winners marked
    # (from the results the page shows anyway: no second count).
    map_context = public_map(
        debate.edition, label=_("The projects of the debate and the needs they answer"),
        projects=[entry.project for entry in debate.entries],
        chosen_ids=frozenset(row.project.id for row in results.counts if row.selected)
        if results else frozenset())
    return render_template(
        "debate/public.html",
        debate=debate,
        turnout=debates.turnout(debate),
        results=results,
        **map_context,
        qr=qr_svg(page_url, size_px=220, title=_("Code of this page")),
        page_url=page_url,
        rule_text=debates.marking_rule(debate),
        board=(debates.ballots_board(debate)
               if debate.state == DebateState.CLOSED and debate.ballot_board else None),
    )


@bp.route("/debates/<int:debate_id>/turnout.json")
def turnout_json(debate_id: int):
    """Live turnout for the projector and the public page. Every open page polls it, so each
    worker answers from what it counted within the last TURNOUT_CACHE_SECONDS."""
    ttl = current_app.config["TURNOUT_CACHE_SECONDS"]
    cache: dict = current_app.extensions.setdefault("pb_turnout", {})
    now = time.monotonic()
    kept = cache.get(debate_id)
    if kept is None or now - kept[0] >= ttl:
        debate = load(Debate, debate_id, permissions.debate_is_public, hidden=True)
        data = {
            key: {"issued": t.issued, "phone": t.phone, "paper": t.paper, "spoiled": t.spoiled,
                  "cast": t.cast, "voided": t.voided}
            for key, t in debates.turnout(debate).items()
        }
        kept = (now, {"state": debate.state.value, "turnout": data})
        if ttl > 0:
            cache[debate_id] = kept
    response = jsonify(kept[1])
    response.headers["Cache-Control"] = "no-store"
    return response


def _published_ballots(debate_id: int) -> Debate:
    """A debate whose ballots are public, one by one: its edition is published, its vote is
    closed and its ballot board is on. Otherwise 404: with the board off, no file lists the
    ballots (the counts are on the public page)."""
    debate = load(Debate, debate_id, permissions.debate_is_public, hidden=True)
    if debate.state != DebateState.CLOSED or not debate.ballot_board:
        abort(404)
    return debate


@bp.route("/debates/<int:debate_id>/board.csv")
def board_csv(debate_id: int):
    debate = _published_ballots(debate_id)
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(["receipt", "category", *[f"{e.position}" for e in debate.entries]])
    for receipt, category, marked in debates.ballots_board(debate):
        writer.writerow([f"{receipt[:4]}-{receipt[4:]}", category,
                         *[1 if e.position in marked else 0 for e in debate.entries]])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="karty-glosow-{debate.id}.csv"'})


@bp.route("/debates/<int:debate_id>/results.pb")
def results_pb(debate_id: int):
    """Every ballot (marks and category) in the Pabulib format, so anyone can recount: published
    only with the ballot board."""
    debate = _published_ballots(debate_id)
    from pb.core.pabulib import dumps
    from pb.debate.results import election_of

    text = dumps(election_of(debate))
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="pb-debata-{debate.id}.pb"'})


# --- voting by phone -------------------------------------------------------------------------


def _client_key() -> str:
    """Under which key a phone's wrong codes are counted."""
    return f"client:{request.remote_addr}"


def _too_many():
    return render_template("debate/message.html", tone="bad",
                           title=_("Too many wrong codes"),
                           message=_("Please wait ten minutes, then try again, or ask at the "
                                     "counting desk.")), 429


@bp.route("/vote", methods=["GET", "POST"])
def type_code():
    form = CodeForm()
    if form.validate_on_submit():
        return redirect(url_for("debate.ballot", code=form.code.data.strip()), code=303)
    return render_template("debate/type_code.html", form=form), (400 if form.errors else 200)


def _card_for_ballot(code: str):
    """The lookup for a phone ballot page, or a response refusing it. A client over the limit
    of wrong codes is refused whatever its code was, so the answer tells a guesser nothing."""
    lookup = voting.look_up_for_phone(code, client_key=_client_key())
    if lookup.too_many_guesses:
        return None, _too_many()
    if lookup.state in (voting.CardState.UNKNOWN, voting.CardState.TYPO):
        return None, (render_template(
            "debate/message.html", tone="bad", title=_("This code is not right"),
            message=_("Check the code on your card and type it again."),
            retry=True,
        ), 404)
    if lookup.state != voting.CardState.VALID:
        return None, (render_template(
            "debate/message.html", tone="used", title=_("This card has already been used"),
            message=_("Each card counts once. If you think this is a mistake, go to the "
                      "counting desk."),
        ), 410)
    if lookup.debate_state == DebateState.SETUP:
        return None, render_template(
            "debate/message.html", tone="wait", debate=db.session.get(Debate, lookup.debate_id),
            title=_("Voting has not started yet"),
            message=_("Keep your card. Scan it again when the voting is opened."),
        )
    if lookup.debate_state == DebateState.CLOSED:
        return None, (render_template(
            "debate/message.html", tone="bad", debate=db.session.get(Debate, lookup.debate_id),
            title=_("Voting is closed"), message=_("The results are on the debate page."),
        ), 410)
    return lookup, None


def _marks_from_form() -> list[int]:
    """The project ids marked on a ballot form; anything that is no id a database holds is
    ignored (the marking rule then says what is missing)."""
    return [i for i in map(parse_id, request.form.getlist("project")) if i is not None]


# The unmarked list of projects, rendered once per worker for each ballot kept while its vote is
# open and each language: (debate id, when its voting opened, language) → HTML.
_UNMARKED_HTML = "pb_unmarked_ballot_html"


def _ballot_items(lookup: voting.CardLookup, ballot: BallotView, chosen: list[int]) -> Markup:
    """The projects of the ballot as HTML. Unmarked — every first scan — the list is the same
    for every voter, so it is rendered once per language and worker."""
    if chosen or lookup.debate_opened_at is None:
        return _rendered("debate/_ballot_items.html", ballot=ballot, chosen=chosen)
    cache: dict = current_app.extensions.setdefault(_UNMARKED_HTML, {})
    key = (ballot.debate_id, lookup.debate_opened_at, str(get_locale()))
    html = cache.get(key)
    if html is None:
        html = cache[key] = _rendered("debate/_ballot_items.html", ballot=ballot, chosen=())
    return html


def _rendered(template: str, **context) -> Markup:
    """A partial rendered by Jinja (autoescaped), to place into a page as it is."""
    return Markup(render_template(template, **context))  # noqa: S704 (escaped by Jinja)


def _ballot_page(lookup: voting.CardLookup, chosen: list[int], error=None):
    ballot = lookup.ballot()
    return render_template(
        "debate/ballot.html", ballot=ballot, code=lookup.code, error=error,
        items=_ballot_items(lookup, ballot, chosen), category=lookup.card.category,
        rule_text=debates.marking_rule(ballot),
    ), (400 if error else 200)


@bp.route("/v/<code>", methods=["GET", "POST"])
def ballot(code: str):
    lookup, refusal = _card_for_ballot(code)
    if refusal is not None:
        return refusal
    if request.method == "GET":
        return _ballot_page(lookup, [])
    chosen = _marks_from_form()
    if request.args.get("change") or request.form.get("change"):
        return _ballot_page(lookup, chosen)  # back from the confirmation, choices kept
    ballot = lookup.ballot()
    try:
        marks = voting.check_marks(ballot, chosen)
    except DomainError as problem:
        return _ballot_page(lookup, chosen, problem.message)
    return render_template("debate/confirm.html", ballot=ballot, code=lookup.code,
                           chosen=ballot.chosen(marks))


@bp.post("/v/<code>/cast")
def cast(code: str):
    marks = _marks_from_form()
    counted = voting.vote_by_code(code, marks, channel=Channel.PHONE, client_key=_client_key())
    if counted is not None:  # the usual case: counted without a look-up first
        return redirect(url_for("debate.receipt", debate_id=counted.debate_id,
                                receipt=counted.receipt), code=303)
    lookup, refusal = _card_for_ballot(code)
    if refusal is not None:
        return refusal
    try:
        receipt = voting.cast_ballot(lookup.code, marks, channel=Channel.PHONE, lookup=lookup)
    except voting.CardNotUsable as problem:
        return render_template("debate/message.html", tone="used", title=problem.message,
                               message=""), 410
    except DomainError as problem:
        return _ballot_page(lookup, marks, problem.message)
    return redirect(url_for("debate.receipt", debate_id=lookup.debate_id, receipt=receipt),
                    code=303)


@bp.route("/debates/<int:debate_id>/receipt/<receipt>")
def receipt(debate_id: int, receipt: str):
    debate = _visible(debate_id)
    from pb.debate.models import Ballot

    # Only a real receipt is confirmed; a made-up one must not read "your vote was counted".
    if len(receipt) > 16 or db.session.scalar(
        sa.select(Ballot.id).where(Ballot.debate_id == debate.id, Ballot.receipt == receipt)
    ) is None:
        abort(404)
    return render_template("debate/receipt.html", debate=debate, receipt=receipt)


# --- the tellers' desk -----------------------------------------------------------------------


def _desk_debate(debate_id: int) -> Debate:
    return load(Debate, debate_id, permissions.can_run_desk)


def _desk_page(debate: Debate, lookup: voting.CardLookup | None, **context):
    return render_template("debate/desk.html", debate=debate, lookup=lookup,
                           CardState=voting.CardState, turnout=debates.turnout(debate),
                           rule_text=debates.marking_rule(debate), **context)


@bp.route("/debates/<int:debate_id>/desk")
@role_required(Role.TELLER, Role.COORDINATOR)
def desk(debate_id: int):
    debate = _desk_debate(debate_id)
    code = request.args.get("code", "").strip()
    lookup = None
    if code:
        # As on the phone, over the limit of wrong codes the answer is the same whatever the code.
        lookup = voting.look_up_at_desk(code, debate, client_key=f"desk:{current_user.id}")
        if lookup.too_many_guesses:
            return _too_many()
    return _desk_page(debate, lookup)


@bp.post("/debates/<int:debate_id>/desk")
@role_required(Role.TELLER, Role.COORDINATOR)
def desk_record(debate_id: int):
    debate = _desk_debate(debate_id)
    code = request.form.get("code", "")
    lookup = voting.lookup_card(code, debate)
    if lookup.state != voting.CardState.VALID:
        flash(_("This card cannot be counted."), "error")
        return redirect(url_for("debate.desk", debate_id=debate.id, code=code))
    # Each is one transaction with its audit entry, committed by the operation.
    try:
        if request.form.get("action") == "spoil":
            voting.spoil_card(lookup.code, debate=debate, audit="desk_spoiled_card",
                              acting=current_user)
            flash(_("Card %(code)s recorded as spoiled.", code=format_card_code(lookup.code)),
                  "warning")
        else:
            marks = _marks_from_form()
            voting.cast_ballot(lookup.code, marks, channel=Channel.PAPER, lookup=lookup,
                               audit="desk_ballot_entered", acting=current_user)
            numbers = [str(e.position) for e in debate.entries if e.project_id in marks]
            flash(_("Card %(code)s counted: %(marks)s.", code=format_card_code(lookup.code),
                    marks=", ".join(numbers) or "—"), "success")
    except voting.CardNotUsable as problem:
        flash(str(problem.message), "error")
    except DomainError as problem:
        return _desk_page(debate, lookup, error=problem.message, chosen=_marks_from_form()), 400
    return redirect(url_for("debate.desk", debate_id=debate.id))
