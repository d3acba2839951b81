"""Operations on accounts and sign-in cards. Each takes the acting user where it matters."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_time, ngettext
from flask_babel import lazy_gettext as _l

from pb import ratelimit
from pb.accounts.models import Role, SigninCard, User, check_no_password
from pb.core.tokens import derive_key, keyed_hash, new_url_token
from pb.db_types import utcnow
from pb.editions.models import GroupMembership
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import (
    acting_may,
    can_create_account,
    can_manage_accounts,
    can_manage_participant,
    can_set_password,
    require,
)

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,119}$")
MIN_PASSWORD_LENGTH = 8


def normalise_login(login: str) -> str:
    return (login or "").strip().lower()


def find_user_by_login(login: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.login == normalise_login(login)))


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), field
        )


def create_user(
    *,
    login: str,
    name: str,
    role: Role,
    password: str | None = None,
    email: str | None = None,
    acting: User | None,
) -> User:
    """Create an account. ``login`` is an e-mail address or a simple user name."""
    require(acting_may(acting, can_create_account, role))
    login = normalise_login(login)
    if not LOGIN_PATTERN.match(login):
        raise DomainError(
            _l("A login may use letters a–z, digits and . _ @ + - (2 to 120 characters)."), "login"
        )
    if find_user_by_login(login) is not None:
        raise DomainError(_l("This login is already taken."), "login")
    if not name.strip():
        raise DomainError(_l("Enter the person's name."), "name")
    user = User(login=login, name=name.strip(), role=role, email=(email or None))
    if password:
        check_password_rules(password)
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit("account_created", f"user:{user.id}", actor=acting, login=user.login,
          role=user.role.value)
    return user


def update_user(
    user: User, *, name: str, role: Role, active: bool, email: str | None, acting: User
) -> None:
    """Change an account's details. A coordinator cannot demote or disable themselves."""
    require(can_manage_accounts(acting))
    if user.id == acting.id and (role != user.role or not active):
        raise DomainError(
            _l("You cannot change your own role or disable your own account."), "role"
        )
    in_a_group = db.session.scalar(
        sa.select(sa.func.count(GroupMembership.id)).where(GroupMembership.user_id == user.id)
    )
    if user.role == Role.PARTICIPANT and role != Role.PARTICIPANT and in_a_group:
        raise DomainError(
            _l("This person is a member of a group; remove them from it before changing the role."),
            "role",
        )
    user.name = name.strip()
    user.role = role
    if user.is_active_account and not active:
        _end_sessions(user)
    user.is_active_account = active
    user.email = email or None
    audit("account_updated", f"user:{user.id}", actor=acting, role=role.value, active=active)


def users_with_ids(ids: list[int]) -> list[User]:
    """The accounts with these ids, in that order; ids of no account are left out."""
    found = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def set_password(user: User, password: str, *, acting: User | None) -> None:
    """Set ``user``'s password and end their sessions (the route keeps the acting user's own)."""
    require(acting_may(acting, can_set_password, user))
    check_password_rules(password)
    user.set_password(password)
    _end_sessions(user)


def sign_out(user: User) -> None:
    """Sign ``user`` out everywhere: every session cookie signed so far stops working, even
    a copy taken before this sign-out."""
    _end_sessions(user)


def _end_sessions(user: User) -> None:
    # The sessions name the account's version (User.get_id); a new one ends them all.
    user.session_version = (user.session_version or 0) + 1


def authenticate(login: str, password: str) -> User | None:
    """The active account with this login and password, or ``None``. A password is hashed
    whether or not the login exists, so the time taken does not tell which logins exist."""
    user = find_user_by_login(login)
    matches = user.check_password(password) if user is not None else check_no_password(password)
    if user is None or not matches or not user.is_active:
        return None
    return user


def session_user(session_id: str) -> User | None:
    """The account a session names (``"<id>:<session version>"``, see ``User.get_id``), or
    ``None`` when that session has ended: signed out, a new password, disabled (a disabled
    account is not authenticated either: Flask-Login asks ``is_active``)."""
    match = _SESSION_ID.fullmatch(session_id or "")
    if match is None:
        return None
    user = db.session.get(User, int(match[1]))
    if user is None or user.session_version != int(match[2]):
        return None
    return user


_SESSION_ID = re.compile(r"([0-9]{1,10}):([0-9]{1,10})")


# --- the limit on failed sign-ins ----------------------------------------------------------


class SignInLimited(DomainError):
    """Too many failed sign-ins for a login or from a client: even the right password waits
    ``retry_after`` seconds (or for the coordinator to unlock the login)."""

    def __init__(self, retry_after: int, now: datetime) -> None:
        minutes = -(-retry_after // 60)
        at = format_time(now + timedelta(seconds=retry_after), "short")
        super().__init__(ngettext(
            "Too many failed sign-ins. Try again in %(num)d minute (at %(time)s), or ask the "
            "coordinator to unlock the account.",
            "Too many failed sign-ins. Try again in %(num)d minutes (at %(time)s), or ask the "
            "coordinator to unlock the account.",
            minutes, time=at))
        self.retry_after = retry_after


def _login_key(login: str) -> str:
    # Keyed, so the counters (in Redis or a table) do not list the logins tried.
    key = derive_key(current_app.config["SECRET_KEY"], "signin-limit")
    return "signin:login:" + keyed_hash(key, normalise_login(login))[:32]


def sign_in(login: str, password: str, *, client: str, now: float | None = None) -> User:
    """The account signing in with ``login`` and ``password`` from ``client`` (its address).

    Every attempt on a login is counted before its password is checked, so parallel guesses
    cannot slip past the limit; a success clears the login's count. Failures are counted per
    client too. Over either limit the answer is :class:`SignInLimited` whatever the password;
    a wrong password (or a missing or disabled login, the same answer) is a :class:`DomainError`.
    """
    config = current_app.config
    window = config["SIGNIN_WINDOW"]
    login_key, client_key = _login_key(login), f"signin:client:{client}"
    attempts = ratelimit.hit(login_key, window, now)
    failures = ratelimit.counts([client_key], window, now)[client_key]
    if attempts > config["SIGNIN_LOGIN_LIMIT"] or failures >= config["SIGNIN_CLIENT_LIMIT"]:
        when = datetime.fromtimestamp(now, UTC) if now is not None else utcnow()
        raise SignInLimited(ratelimit.seconds_left(window, now), when)
    user = authenticate(login, password)
    if user is None:
        ratelimit.hit(client_key, window, now)
        raise DomainError(_l("Wrong login or password."))
    ratelimit.clear(login_key, window, now)
    return user


def signin_locked_for(user: User) -> int | None:
    """Seconds until ``user``'s login may be tried again, or ``None`` if it is not locked."""
    window = current_app.config["SIGNIN_WINDOW"]
    key = _login_key(user.login)
    if ratelimit.counts([key], window)[key] < current_app.config["SIGNIN_LOGIN_LIMIT"]:
        return None
    return ratelimit.seconds_left(window)


def unlock_signin(user: User, *, acting: User | None) -> None:
    """Let ``user``'s login be tried again at once, after too many failed sign-ins."""
    require(acting_may(acting, can_manage_accounts))
    ratelimit.clear(_login_key(user.login), current_app.config["SIGNIN_WINDOW"])
    audit("signin_unlocked", f"user:{user.id}", actor=acting)


# --- sign-in cards -------------------------------------------------------------------------


def _card_key() -> bytes:
    return derive_key(current_app.config["SECRET_KEY"], "signin-card")


def issue_signin_card(
    user: User, *, acting: User | None, single_use: bool, valid_days: int,
    revoke_others: bool = True,
) -> tuple[SigninCard, str]:
    """Create a sign-in card for a participant; return it with its code (shown once, printed).

    By default the participant's other active cards are revoked, so a lost card stops working
    as soon as a new one is printed.
    """
    require(acting_may(acting, can_manage_participant, user))
    max_days = current_app.config["SIGNIN_CARD_MAX_DAYS"]
    if not 1 <= valid_days <= max_days:
        raise DomainError(
            _l("A card can be valid for 1 to %(n)d days.", n=max_days), "valid_days"
        )
    if not user.is_active:
        raise DomainError(_l("This account is disabled."))
    now = utcnow()
    if revoke_others:
        db.session.execute(
            sa.update(SigninCard)
            .where(SigninCard.user_id == user.id, SigninCard.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    code = new_url_token(16)
    card = SigninCard(
        user=user,
        code_hash=keyed_hash(_card_key(), code),
        single_use=single_use,
        created_by=acting,
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    db.session.add(card)
    db.session.flush()
    audit("signin_card_issued", f"user:{user.id}", actor=acting, single_use=single_use,
          valid_days=valid_days)
    return card, code


def find_signin_card(code: str) -> SigninCard | None:
    if not code or len(code) > 64:
        return None
    return db.session.scalar(
        sa.select(SigninCard).where(SigninCard.code_hash == keyed_hash(_card_key(), code))
    )


def redeem_signin_card(code: str, now: datetime | None = None) -> User:
    """Use a card to sign in. A single-use card is consumed in one atomic UPDATE.

    Raises :class:`DomainError` saying why the card cannot be used.
    """
    now = now or utcnow()
    card = find_signin_card(code)
    problem = card_problem(card, now)
    if problem is not None:
        raise DomainError(problem)
    assert card is not None
    if card.single_use:
        # The WHERE clause makes two simultaneous scans race for one row; only one wins.
        result = db.session.execute(
            sa.update(SigninCard)
            .where(
                SigninCard.id == card.id,
                SigninCard.used_at.is_(None),
                SigninCard.revoked_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise DomainError(_card_state_message("used"))
    else:
        card.used_at = now
    return card.user


def card_problem(card: SigninCard | None, now: datetime | None = None):
    """Why ``card`` cannot sign anyone in now, in the user's language; ``None`` if it can."""
    if card is None:
        return _l("This sign-in card is not known. Ask your animator for a new one.")
    state = card.state(now or utcnow())
    if state != "active":
        return _card_state_message(state)
    if not card.user.is_active:
        return _l("This account is disabled.")
    return None


def _card_state_message(state: str):
    return {
        "used": _l("This sign-in card has already been used. Ask your animator for a new one."),
        "revoked": _l("This sign-in card was cancelled. Ask your animator for a new one."),
        "expired": _l("This sign-in card has expired. Ask your animator for a new one."),
    }.get(state, _l("This sign-in card cannot be used."))


def revoke_signin_card(card: SigninCard, *, acting: User | None) -> None:
    require(acting_may(acting, can_manage_participant, card.user))
    if card.revoked_at is None:
        card.revoked_at = utcnow()
        audit("signin_card_revoked", f"user:{card.user_id}", actor=acting)


def active_cards(user: User) -> list[SigninCard]:
    now = utcnow()
    return [c for c in user.signin_cards if c.state(now) == "active"]
