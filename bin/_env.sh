# Shared by bin/up and bin/test: find Python 3.11+, make .venv, install pb into it when needed.
# Sourced, not run.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

find_python() {
    for candidate in python3.14 python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    # $1: the extra to install ("" or "test")
    local extra="$1" python stamp hash have
    if [ ! -x "$ROOT/.venv/bin/python" ]; then
        if ! python="$(find_python)"; then
            echo "pb needs Python 3.11 or newer; none was found on PATH." >&2
            exit 1
        fi
        echo "Creating a virtual environment in .venv (with $python)…"
        "$python" -m venv "$ROOT/.venv"
    fi
    # Reinstall only when pyproject.toml changed; a test install also serves bin/up.
    stamp="$ROOT/.venv/.pb-installed"
    hash="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-64)"
    have="$(cat "$stamp" 2>/dev/null || true)"
    if [ "$have" != "$hash-test" ] && [ "$have" != "$hash-${extra:-base}" ]; then
        echo "Installing pb and its dependencies into .venv (log: .venv/pip.log)…"
        local target="$ROOT"
        [ -n "$extra" ] && target="$ROOT[$extra]"
        if ! { "$ROOT/.venv/bin/python" -m pip install --upgrade pip &&
               "$ROOT/.venv/bin/python" -m pip install -e "$target"; } >"$ROOT/.venv/pip.log" 2>&1; then
            tail -n 30 "$ROOT/.venv/pip.log" >&2
            echo "Installing pb failed; the whole log is in .venv/pip.log." >&2
            exit 1
        fi
        echo "$hash-${extra:-base}" > "$stamp"
    fi
}
