"""Configuration layers and the secret key."""

from __future__ import annotations

import pytest

from pb import create_app
from pb.config import ConfigError, check_secret, from_environment, instance_secret
from pb.security import is_safe_next


def test_environment_overrides():
    found = from_environment({
        "PB_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1/test",
        "PB_PUBLIC_URL": "http://10.0.0.5:8000/",
        "PB_PORT": "9000",
        "PB_SESSION_COOKIE_SECURE": "true",
        "UNRELATED": "x",
    })
    assert found == {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1/test",
        "PUBLIC_URL": "http://10.0.0.5:8000",
        "PORT": 9000,
        "SESSION_COOKIE_SECURE": True,
    }


def test_layers_defaults_then_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text('PUBLIC_URL = "http://from-file:1"\nPORT = 1234\n')
    monkeypatch.setenv("PB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PB_PUBLIC_URL", "http://from-env:2")
    app = create_app()
    assert app.config["PUBLIC_URL"] == "http://from-env:2"  # environment wins
    assert app.config["PORT"] == 1234  # the instance file beats the default
    assert app.config["BABEL_DEFAULT_LOCALE"] == "pl"  # default stays
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'pb.sqlite3'}"


def test_secret_is_generated_once_and_kept(tmp_path):
    first = instance_secret(tmp_path)
    assert len(first) >= 64
    assert instance_secret(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("secret", [None, "", "dev", "changeme", "short-but-not-listed"])
def test_weak_secrets_refused_in_production(secret):
    with pytest.raises(ConfigError):
        check_secret(secret, production=True)
    check_secret(secret, production=False)  # development and tests may use anything


def test_public_url_defaults_to_a_lan_address(tmp_path, monkeypatch):
    monkeypatch.setenv("PB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("PB_PUBLIC_URL", raising=False)
    app = create_app()
    assert app.config["PUBLIC_URL"].startswith("http://")
    assert app.config["PUBLIC_URL"].endswith(":8000")


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/account", True),
        ("/groups/1?x=1", True),
        ("", False),
        (None, False),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\\\evil.example", False),
        ("javascript:alert(1)", False),
    ],
)
def test_is_safe_next(target, safe):
    assert is_safe_next(target) is safe


def test_turnout_cache_seconds_from_the_environment():
    assert from_environment({"PB_TURNOUT_CACHE_SECONDS": "0.5"}) == {"TURNOUT_CACHE_SECONDS": 0.5}
    assert from_environment({"PB_TURNOUT_CACHE_SECONDS": "0"}) == {"TURNOUT_CACHE_SECONDS": 0.0}
    with pytest.raises(ConfigError, match="PB_TURNOUT_CACHE_SECONDS must be a number"):
        from_environment({"PB_TURNOUT_CACHE_SECONDS": "often"})
