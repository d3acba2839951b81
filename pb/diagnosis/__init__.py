from flask import Blueprint

# The routes are attached when the app factory imports `pb.diagnosis.routes`.
bp = Blueprint("diagnosis", __name__)
