"""Help for the hall: a one-page guide for the tellers and a projector slide on how to vote."""

from flask import Blueprint

# The routes are attached when the app factory imports `pb.help.routes`.
bp = Blueprint("help", __name__)
