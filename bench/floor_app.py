"""The floor for bench/load.py: a bare Flask endpoint that does one database insert.

``POST /insert`` writes one row in its own transaction and answers with the row's key; ``GET /``
answers "ok" (the health poll). Same database kind, same SQLite settings as pb (WAL, durable
commits, busy timeout), served by the same gunicorn settings: nothing pb does beyond one durable
write is in it. The table is created by bench/load.py before the server starts.
"""

from __future__ import annotations

import os
import secrets

import sqlalchemy as sa
from flask import Flask

URL = os.environ["PB_DATABASE_URL"]
metadata = sa.MetaData()
rows = sa.Table(
    "bench_floor", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)
engine = sa.create_engine(URL, pool_pre_ping=True)

if URL.startswith("sqlite"):
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()


app = Flask(__name__)


@app.get("/")
def health():
    return "ok"


@app.post("/insert")
def insert():
    key = secrets.token_hex(16)
    with engine.begin() as conn:
        conn.execute(rows.insert().values(id=key, value=1))
    return key
