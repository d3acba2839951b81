from flask import Blueprint

bp = Blueprint("accounts", __name__)

from pb.accounts import routes  # noqa: E402, F401
