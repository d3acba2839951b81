from flask import Blueprint

# The routes are attached when the app factory imports `pb.accounts.routes`.
bp = Blueprint("accounts", __name__)
