from flask import Blueprint

# The routes are attached when the app factory imports `pb.debate.routes`.
bp = Blueprint("debate", __name__)
