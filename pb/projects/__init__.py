from flask import Blueprint

# The routes are attached when the app factory imports `pb.projects.routes`.
bp = Blueprint("projects", __name__)
