"""Sign-in and out, sign-in cards, one's own account, and the coordinator's account list."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from pb import permissions
from pb.accounts import bp
from pb.accounts import services as accounts
from pb.accounts.cards import SigninCardText, signin_card_pdf
from pb.accounts.forms import (
    ROLE_LABELS,
    LoginForm,
    OwnPasswordForm,
    PasswordSetForm,
    SigninCardForm,
    UserCreateForm,
    UserEditForm,
)
from pb.accounts.models import Role, SigninCard, User
from pb.actions import form_status, run_action, run_form_action
from pb.db_types import utcnow
from pb.editions.models import Group
from pb.errors import DomainError
from pb.extensions import db
from pb.permissions import load, role_required
from pb.security import is_safe_next


@bp.app_context_processor
def inject_roles():
    return {"Role": Role, "ROLE_LABELS": ROLE_LABELS}


# --- sign in / out ---------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = accounts.sign_in(form.login.data, form.password.data,
                                    client=request.remote_addr or "")
        except accounts.SignInLimited as refusal:
            form.form_errors.append(refusal.message)
            return render_template("accounts/login.html", form=form), 429, {
                "Retry-After": str(refusal.retry_after)}
        except DomainError as refusal:
            form.form_errors.append(refusal.message)
        else:
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("main.index"))
    return render_template("accounts/login.html", form=form), form_status(form)


@bp.post("/logout")
def logout():
    def sign_out() -> None:
        # Every copy of this session's cookie stops working, not only the browser's own.
        if current_user.is_authenticated:
            accounts.sign_out(current_user._get_current_object())
        logout_user()

    return run_action(sign_out, success=_("You have been signed out."), to=url_for("main.index"))


# --- sign-in cards ---------------------------------------------------------------------------


@bp.route("/k/<code>", methods=["GET", "POST"])
def card_signin(code: str):
    card = accounts.find_signin_card(code)
    if request.method == "POST":

        def sign_in() -> User:
            user = accounts.redeem_signin_card(code)
            logout_user()
            login_user(user)
            return user

        return run_action(
            sign_in, success=lambda user: _("Welcome, %(name)s.", name=user.name),
            to=url_for("main.index"),
            on_error=lambda refusal: (
                render_template("accounts/card_invalid.html", message=refusal.message), 410),
        )
    problem = accounts.card_problem(card)
    if problem is not None:
        status = 404 if card is None else 410
        return render_template("accounts/card_invalid.html", message=problem), status
    return render_template("accounts/card_signin.html", card=card, code=code)


def _load_member_for_card(group_id: int, user_id: int) -> tuple[Group, User]:
    group = load(Group, group_id, permissions.can_manage_group)
    user = db.get_or_404(User, user_id)
    if not permissions.is_member(user, group):
        abort(404)
    return group, user


@bp.route("/groups/<int:group_id>/members/<int:user_id>/card", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def signin_card(group_id: int, user_id: int):
    group, user = _load_member_for_card(group_id, user_id)
    form = SigninCardForm()

    def card_file(issued: tuple[SigninCard, str]) -> Response:
        card, code = issued
        url = current_app.config["PUBLIC_URL"] + url_for("accounts.card_signin", code=code)
        pdf = signin_card_pdf(_card_text(card, group, url))
        filename = f"karta-logowania-{user.login}.pdf"
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "no-store",
            },
        )

    # The PDF is built before the commit: a card that could not be printed is not issued.
    done = run_form_action(
        form, lambda: accounts.issue_signin_card(user, acting=current_user,
                                                 single_use=form.single_use.data,
                                                 valid_days=form.valid_days.data),
        respond=card_file,
    )
    if done:
        return done
    cards = sorted(user.signin_cards, key=lambda c: c.created_at, reverse=True)
    return render_template(
        "accounts/signin_card.html", form=form, group=group, member=user, cards=cards, now=utcnow()
    ), form_status(form)


def _card_text(card: SigninCard, group: Group, url: str) -> SigninCardText:
    expires = format_date(card.expires_at, "long")
    if card.single_use:
        validity = _("Single use, valid until %(date)s.", date=expires)
    else:
        validity = _("Valid until %(date)s.", date=expires)
    login_line = _("Login: %(login)s", login=card.user.login) if card.user.password_hash else ""
    return SigninCardText(
        heading=_("pb sign-in card"),
        person=card.user.name,
        context=f"{group.edition.name} · {group.name}",
        steps=[
            _("Open the camera on your phone."),
            _("Point it at the square code on the right."),
            _("Tap the link that appears, then “Sign in”."),
        ],
        url=url,
        validity=validity,
        login_line=login_line,
        footer=_("Keep this card to yourself."),
    )


@bp.post("/cards/<int:card_id>/revoke")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def revoke_card(card_id: int):
    card = db.get_or_404(SigninCard, card_id)
    group_id = request.form.get("group_id", type=int)
    group = db.get_or_404(Group, group_id) if group_id and 0 < group_id < 2**31 else None
    if group is None or not permissions.is_member(card.user, group):
        abort(404)
    permissions.require(permissions.can_manage_group(current_user, group))
    return run_action(
        lambda: accounts.revoke_signin_card(card, acting=current_user),
        success=_("The card was cancelled; it can no longer be used to sign in."),
        to=url_for("accounts.signin_card", group_id=group.id, user_id=card.user_id),
    )


# --- one's own account -----------------------------------------------------------------------


@bp.route("/account", methods=["GET", "POST"])
@login_required
def own_account():
    form = OwnPasswordForm()

    def change() -> None:
        if not current_user.check_password(form.current.data):
            raise DomainError(_("The current password is wrong."), "current")
        _set_password(current_user._get_current_object(), form.password.data)

    done = run_form_action(form, change, success=_("Your password has been changed."),
                           to=url_for("accounts.own_account"))
    if done:
        return done
    return render_template("accounts/own_account.html", form=form), form_status(form)


def _set_password(user: User, password: str) -> None:
    """A new password ends the account's sessions; the acting user's own one goes on."""
    accounts.set_password(user, password, acting=current_user)
    if user.id == current_user.id:
        login_user(user)  # the session now names the new version


# --- the coordinator's account list ----------------------------------------------------------


@bp.route("/accounts/")
@role_required(Role.COORDINATOR)
def user_list():
    role = request.args.get("role", "")
    query = sa.select(User).order_by(User.role, User.name)
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    users = db.session.scalars(query).all()
    return render_template("accounts/user_list.html", users=users, role=role)


@bp.route("/accounts/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def user_new():
    form = UserCreateForm()

    def create() -> User:
        role = Role(form.role.data)
        if role != Role.PARTICIPANT and not form.password.data:
            raise DomainError(_("Set a password; only participants can do without one."),
                              "password")
        return accounts.create_user(
            login=form.login.data,
            name=form.name.data,
            role=role,
            password=form.password.data or None,
            email=form.email.data or None,
            acting=current_user,
        )

    done = run_form_action(
        form, create, success=lambda user: _("Account created for %(name)s.", name=user.name),
        to=url_for("accounts.user_list"),
    )
    if done:
        return done
    return render_template("accounts/user_new.html", form=form), form_status(form)


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    if request.method == "GET":
        form.role.data = user.role.value
        form.active.data = user.is_active_account
    password_form = PasswordSetForm(prefix="pw")
    done = run_form_action(
        form, lambda: accounts.update_user(
            user,
            name=form.name.data,
            role=Role(form.role.data),
            active=form.active.data,
            email=form.email.data or None,
            acting=current_user,
        ),
        success=_("Changes saved."), to=url_for("accounts.user_list"),
    )
    if done:
        return done
    return _edit_page(user, form, password_form), form_status(form)


@bp.post("/accounts/<int:user_id>/password")
@role_required(Role.COORDINATOR)
def user_password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user, formdata=None)
    form.role.data = user.role.value
    form.active.data = user.is_active_account
    password_form = PasswordSetForm(prefix="pw")
    done = run_form_action(
        password_form, lambda: _set_password(user, password_form.password.data),
        success=_("The password of %(name)s has been set.", name=user.name),
        to=url_for("accounts.user_edit", user_id=user.id),
    )
    if done:
        return done
    return _edit_page(user, form, password_form), 400


@bp.post("/accounts/<int:user_id>/unlock")
@role_required(Role.COORDINATOR)
def user_unlock(user_id: int):
    user = db.get_or_404(User, user_id)
    return run_action(
        lambda: accounts.unlock_signin(user, acting=current_user),
        success=_("%(name)s can sign in again.", name=user.name),
        to=url_for("accounts.user_edit", user_id=user.id),
    )


def _edit_page(user: User, form: UserEditForm, password_form: PasswordSetForm) -> str:
    locked_for = accounts.signin_locked_for(user)
    return render_template(
        "accounts/user_edit.html", form=form, password_form=password_form, user=user,
        locked_minutes=None if locked_for is None else -(-locked_for // 60),
    )
