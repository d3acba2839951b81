from flask import Blueprint

# Operations: health check, audit log. Routes attach when the factory imports pb.ops.routes.
bp = Blueprint("ops", __name__)
