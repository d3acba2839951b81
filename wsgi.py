"""The WSGI entry point: ``gunicorn wsgi:app``."""

from pb import create_app, warm_up

app = create_app()
warm_up(app)
