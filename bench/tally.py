"""Time pb's tally against pabutools on the large Pabulib files. Run it with ``bench/run-tally``.

For each file and rule (greedy, MES, MES add1) it times pb (a subprocess of the project's venv,
killed after ``--pb-timeout`` seconds) and pabutools (a subprocess of ``bench/.venv``, killed after
``--timeout`` seconds); a run killed is reported as ``timeout``, so the benchmark always ends. It
checks that the two select the same projects, and prints a table with pb's parse time beside
its tally time. The files are read from ``--dir`` or the folder ``PB_PABULIB_DIR`` names. The
pabutools calls are those of the reference outcomes (``pabutools_outcomes.json`` in that folder):
``greedy_utilitarian_welfare`` and ``method_of_equal_shares`` with ``Cost_Sat``, and for add1
``exhaustion_by_budget_increase(..., budget_step=voters, exhaustive_stop=False)``. pb runs them
with pabutools' conventions (exact shares of the real budget, no vote threshold, ties by id),
except add1, which pb runs as Pabulib's ``equalshares/add1`` (shares floored to whole units):
where the two definitions part, the table says so rather than hiding it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pb.core import pabulib  # noqa: E402
from pb.core.tally import tally  # noqa: E402

LARGE = [
    "Poland_Warszawa_2021_Mokotow.pb",
    "Poland_Warszawa_2020_Praga-Poludnie.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Lodz_2022.pb",
    "Hungary_Budapest_2024.pb",
]
PB_RULES = {
    "greedy": dict(rule="greedy", tie_breaking="id", apply_threshold=False, integral=False),
    "mes": dict(rule="mes", tie_breaking="id", integral=False),
    "add1": dict(rule="equalshares/add1", tie_breaking="id"),
}


def pb_worker(path: str, rule: str) -> None:
    """Print pb's parse and tally times and selection for one file and rule, as JSON."""
    started = time.perf_counter()
    election = pabulib.read(path)
    parsed = time.perf_counter()
    result = tally(election, **PB_RULES[rule])
    done = time.perf_counter()
    print(json.dumps({"selected": sorted(result.selected), "parse": parsed - started,
                      "tally": done - parsed}))


def run_worker(command: list[str], timeout: float) -> dict:
    """Run a worker; ``{"status": "timeout"}`` when it outlives ``timeout`` seconds."""
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "wall": time.perf_counter() - started}
    if done.returncode != 0:
        return {"status": "error", "error": done.stderr.strip().splitlines()[-1:]}
    data = json.loads(done.stdout)
    data["status"] = "ok"
    return data


def data_dir(folder: Path | None, names: list[str]) -> Path:
    """The folder of Pabulib files, with every file asked for; otherwise exit with why."""
    if folder is None:
        sys.exit("bench/tally.py: say where the Pabulib files are: --dir FOLDER or PB_PABULIB_DIR "
                 f"(the large files it times: {', '.join(LARGE)})")
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        sys.exit(f"bench/tally.py: {folder} is not a folder (from --dir or PB_PABULIB_DIR)")
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        sys.exit(f"bench/tally.py: not in {folder}: {', '.join(missing)}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pabutools-python", required=True)
    parser.add_argument("--dir", type=Path, default=os.environ.get("PB_PABULIB_DIR") or None,
                        help="folder of Pabulib .pb files (default: $PB_PABULIB_DIR)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds allowed to each pabutools run (default 120)")
    parser.add_argument("--files", nargs="*", default=LARGE)
    parser.add_argument("--rules", nargs="*", default=list(PB_RULES), choices=list(PB_RULES))
    parser.add_argument("--pb-timeout", type=float, default=600.0,
                        help="seconds allowed to each pb run (default 600)")
    parser.add_argument("--no-pabutools", action="store_true", help="time pb only")
    parser.add_argument("--pb-worker", nargs=2, metavar=("FILE", "RULE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pb_worker:
        pb_worker(*args.pb_worker)
        return
    data = data_dir(args.dir, args.files)
    pabutools_worker = str(Path(__file__).with_name("pabutools_worker.py"))

    header = (f"{'file':34} {'rule':6} {'pb parse':>9} {'pb tally':>9} {'pabutools':>10} "
              f"{'ratio':>7}  agree")
    # ratio = pabutools tally time / pb tally time (parse times excluded on both sides)
    print(header)
    print("-" * len(header))
    for name in args.files:
        path = data / name
        for rule in args.rules:
            ours = run_worker([sys.executable, __file__, "--pabutools-python", "-",
                               "--pb-worker", str(path), rule], args.pb_timeout)
            if args.no_pabutools:
                other = {"status": "skipped"}
            else:
                other = run_worker([args.pabutools_python, pabutools_worker, str(path), rule],
                                   args.timeout)
            if ours["status"] == "ok":
                mine = f"{ours['parse']:8.2f}s {ours['tally']:8.2f}s"
            else:
                mine = f"{'':9} {ours['status']:>9}"
            if other["status"] == "ok":
                theirs = f"{other['tally']:9.2f}s"
            else:
                theirs = f"{other['status']:>10}"
            if ours["status"] == "ok" and other["status"] == "ok":
                ratio = f"{other['tally'] / max(ours['tally'], 1e-9):6.1f}x"
                agree = "yes" if ours["selected"] == other["selected"] else "NO"
            else:
                ratio, agree = f"{'-':>7}", "-"
            print(f"{name.removesuffix('.pb')[:34]:34} {rule:6} {mine} {theirs} {ratio}  {agree}",
                  flush=True)


if __name__ == "__main__":
    main()
