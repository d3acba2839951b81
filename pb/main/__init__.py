from flask import Blueprint

# The routes are attached when the app factory imports `pb.main.routes`.
bp = Blueprint("main", __name__)
