"""The core stays pure: importing any module of ``pb.core`` loads neither Flask nor SQLAlchemy."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pb.core


def _core_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.walk_packages(pb.core.__path__, prefix="pb.core.")
    )


def test_core_has_modules():
    assert "pb.core.money" in _core_modules()


def test_core_imports_neither_flask_nor_sqlalchemy():
    modules = _core_modules()
    # pb/__init__.py imports Flask, so load the core package without running it.
    program = f"""
import importlib.util, sys, types, pathlib
root = pathlib.Path({str(pb.core.__path__[0])!r}).parent
pkg = types.ModuleType("pb"); pkg.__path__ = [str(root)]; sys.modules["pb"] = pkg
for name in {modules!r}:
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in {{"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug", "jinja2"}})
print(",".join(bad))
"""
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"pb.core pulled in: {result.stdout.strip()}"
