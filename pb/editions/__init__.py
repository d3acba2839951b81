from flask import Blueprint

# The routes are attached when the app factory imports `pb.editions.routes`.
bp = Blueprint("editions", __name__)
