from flask import Blueprint

# The routes are attached when the app factory imports `pb.execution.routes`.
bp = Blueprint("execution", __name__)
