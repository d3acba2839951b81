"""The one way a route runs what is posted (pb/actions.py), tried on a small blueprint that
saves an account: a refusal is shown on its field with 400 and leaves no row behind; a success
commits once, flashes and redirects."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Blueprint, Response, render_template_string, url_for
from wtforms import StringField
from wtforms.validators import DataRequired

from pb.accounts.models import Role, User
from pb.actions import form_status, run_action, run_form_action
from pb.errors import DomainError
from pb.extensions import db
from pb.forms_util import BaseForm
from tests.conftest import post

PAGE = """{% for category, message in get_flashed_messages(with_categories=true) %}
<p class="flash-{{ category }}">{{ message }}</p>{% endfor %}
{% if form %}<p id="name-errors">{{ form.name.errors|join(" / ") }}</p>
<p id="form-errors">{{ form.form_errors|join(" / ") }}</p>{% endif %}
{% if accounts is defined %}<p id="accounts">{{ accounts }} accounts</p>{% endif %}"""


class NameForm(BaseForm):
    name = StringField("Name", validators=[DataRequired()])


def _add_account(name: str) -> User:
    """A service that writes (and flushes) before it may refuse, as real services do."""
    user = User(login=name.lower().replace(" ", "."), name=name, role=Role.PARTICIPANT)
    db.session.add(user)
    db.session.flush()
    if name.startswith("Bad"):
        raise DomainError("This name is refused.", "name")
    if name.startswith("Whole"):
        raise DomainError("The whole form is refused.")
    return user


def _committed_logins() -> set[str]:
    """What another connection sees: only what was committed."""
    with db.engine.connect() as conn:
        return set(conn.scalars(sa.select(User.login)))


@pytest.fixture
def actions_client(app):
    """The test app with a blueprint whose routes are written with the helpers."""
    bp = Blueprint("try_actions", __name__)
    seen_after_commit: list[set[str]] = []

    @bp.route("/try/page")
    def page():
        return render_template_string(PAGE, form=None)

    @bp.route("/try/form", methods=["GET", "POST"])
    def form_route():
        form = NameForm()
        done = run_form_action(
            form, lambda: _add_account(form.name.data),
            success=lambda user: f"Account {user.name} created.",
            to=lambda user: url_for("try_actions.page", who=user.id),
            after_commit=lambda user: seen_after_commit.append(_committed_logins()),
        )
        if done:
            return done
        # Counted in the request's own session: a refused write must not show on the page.
        accounts = db.session.scalar(sa.select(sa.func.count()).select_from(User))
        return render_template_string(PAGE, form=form, accounts=accounts), form_status(form)

    @bp.post("/try/pdf")
    def pdf_route():
        form = NameForm()

        def respond(user: User) -> Response:
            if user.name.startswith("Broken"):
                raise RuntimeError("the printer jammed")
            return Response(f"PDF for {user.name}", mimetype="application/pdf")

        done = run_form_action(form, lambda: _add_account(form.name.data), respond=respond)
        if done:
            return done
        return render_template_string(PAGE, form=form), form_status(form)

    @bp.post("/try/button/<name>")
    def button_route(name: str):
        return run_action(
            lambda: _add_account(name), success="Added.",
            to=url_for("try_actions.page", done=1), back=url_for("try_actions.page", back=1),
            on_error=lambda refusal: (
                ("Not here.", 404) if refusal.field is None else None),
        )

    app.register_blueprint(bp)
    client = app.test_client()
    client.seen_after_commit = seen_after_commit
    return client


def test_a_refusal_on_a_field_shows_on_that_field_with_400_and_saves_nothing(actions_client):
    response = post(actions_client, "/try/form", {"name": "Bad Name"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<p id="name-errors">This name is refused.</p>' in html
    assert '<p id="form-errors"></p>' in html
    assert '<p id="accounts">0 accounts</p>' in html  # rolled back before the page was drawn
    assert "bad.name" not in _committed_logins()
    assert db.session.scalar(sa.select(User).where(User.login == "bad.name")) is None
    assert actions_client.seen_after_commit == []


def test_a_refusal_of_the_whole_form_shows_above_it(actions_client):
    response = post(actions_client, "/try/form", {"name": "Whole Thing"})
    assert response.status_code == 400
    assert '<p id="form-errors">The whole form is refused.</p>' in response.get_data(as_text=True)
    assert "whole.thing" not in _committed_logins()


def test_an_invalid_form_is_shown_again_with_400_without_calling_the_service(actions_client):
    response = post(actions_client, "/try/form", {"name": ""})
    assert response.status_code == 400
    assert "To pole jest wymagane." in response.get_data(as_text=True)  # the app speaks Polish
    assert _committed_logins() == set()  # called, the service would have saved a blank login


def test_the_empty_form_is_shown_with_200(actions_client):
    response = actions_client.get("/try/form")
    assert response.status_code == 200
    assert '<p id="name-errors"></p>' in response.get_data(as_text=True)


def test_success_commits_flashes_and_redirects_to_a_target_from_the_result(actions_client):
    response = post(actions_client, "/try/form", {"name": "Good Name"})
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.login == "good.name"))
    assert user is not None
    assert response.headers["Location"].endswith(f"/try/page?who={user.id}")
    # after_commit ran once, when the row was already visible to everyone.
    assert actions_client.seen_after_commit == [{"good.name"}]
    shown = actions_client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<p class="flash-success">Account Good Name created.</p>' in shown


def test_a_response_built_from_the_result_is_returned_after_the_commit(actions_client):
    response = post(actions_client, "/try/pdf", {"name": "Printed Name"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.get_data(as_text=True) == "PDF for Printed Name"
    assert "printed.name" in _committed_logins()


def test_when_the_response_cannot_be_built_nothing_is_saved(actions_client):
    with pytest.raises(RuntimeError, match="printer jammed"):
        post(actions_client, "/try/pdf", {"name": "Broken Name"})
    assert "broken.name" not in _committed_logins()


def test_a_button_commits_flashes_and_redirects(actions_client):
    response = post(actions_client, "/try/button/Fine Name")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/try/page?done=1")
    assert "fine.name" in _committed_logins()
    shown = actions_client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<p class="flash-success">Added.</p>' in shown


def test_a_refused_button_flashes_the_refusal_and_goes_back_saving_nothing(actions_client):
    response = post(actions_client, "/try/button/Bad Button")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/try/page?back=1")
    assert "bad.button" not in _committed_logins()
    shown = actions_client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<p class="flash-error">This name is refused.</p>' in shown


def test_a_route_may_answer_a_refusal_its_own_way(actions_client):
    response = post(actions_client, "/try/button/Whole Button")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "Not here."
    assert "whole.button" not in _committed_logins()
