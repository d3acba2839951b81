"""Run one pabutools rule on one file and print JSON (used by bench/tally.py, in bench/.venv).

    python pabutools_worker.py FILE.pb greedy|mes|add1
"""

import json
import sys
import time

from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import (
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)


def main() -> None:
    path, rule = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    instance, profile = parse_pabulib(path)
    parsed = time.perf_counter()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        outcome = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": Cost_Sat},
            budget_step=profile.num_ballots(), exhaustive_stop=False,
        )
    done = time.perf_counter()
    print(json.dumps({"selected": sorted(p.name for p in outcome),
                      "parse": parsed - started, "tally": done - parsed}))


if __name__ == "__main__":
    main()
