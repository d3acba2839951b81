from flask import Blueprint

bp = Blueprint("editions", __name__)

from pb.editions import routes  # noqa: E402, F401
