"""Accessibility tests: axe-core in Chromium on every page that participants, residents,
officials, tellers and the public see, plus keyboard, small-phone and offline-hall checks.

axe-core comes bundled with axe-playwright-python; nothing is fetched while the tests run.
The browser fixtures (``browser``, ``live_server``, ``too_wide``) are the browser tests' own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS, browser, live_server  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (landmarks, heading order, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "pl-PL"}
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "locale": "pl-PL", "device_scale_factor": 2}


def axe_violations(page) -> list[str]:
    """What axe-core finds wrong on the page, one readable line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = [line.strip() for line in node.get("failureSummary", "").splitlines()
                       if line.strip() and not line.startswith("Fix ")]
            found.append(f"{violation['id']} ({violation['impact']}): {target} — "
                         + "; ".join(summary))
    return found


class Auditor:
    """Visits pages and gathers every violation, so one run reports them all."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.found: dict[str, list[str]] = {}
        self.seen: list[str] = []

    def check(self, page, name: str, *, shot: bool = False) -> None:
        self.seen.append(name)
        if problems := axe_violations(page):
            self.found[name] = problems
        if shot:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"a11y-{self.prefix}-{name}.png"),
                            full_page=True)

    def assert_clean(self) -> None:
        report = "\n".join(f"{name}:\n  " + "\n  ".join(lines)
                           for name, lines in self.found.items())
        assert not self.found, f"axe found violations:\n{report}"


def sign_in(page, base: str, login: str) -> None:
    page.goto(base + "/login")
    page.locator("#login").fill(login)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def photo_bytes(size: tuple[int, int] = (800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (60, 140, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class Hall:
    """A debate with three accepted projects (one with a photo), cards and a draft project."""

    cast: object
    debate: object
    projects: list
    draft: object
    cards: list
    official_cards: list


@pytest.fixture
def hall(app, cast, live_server):  # noqa: F811
    from datetime import date

    from pb.debate import services as debates
    from pb.debate.models import VoterCategory
    from pb.extensions import db
    from pb.projects.photos import add_photo
    from tests.factories import accepted_project, complete_project

    app.config["PUBLIC_URL"] = live_server
    first = complete_project(cast, "Place zabaw przy szkole")
    add_photo(first, photo_bytes(), acting=cast.participant)
    db.session.commit()
    from pb.projects import services as projects

    projects.submit_project(first, acting=cast.participant)
    projects.accept_project(first, acting=cast.animator)
    others = [accepted_project(cast, title, price_grosze=price)
              for title, price in (("Piknik rodzinny", 300_00), ("Basen dla dzieci", 450_00))]
    draft = complete_project(cast, "Ławki na skwerze")
    debate = debates.create_debate(cast.edition, debates.DebateData(
        name="Debata w Testowie", held_on=date(2025, 4, 1), place="Szkoła Podstawowa nr 1",
        min_marks=1, max_marks=2, winners=2, resident_weight=1, official_weight=1,
        officials_vote=True, ballot_board=True,
    ), acting=cast.coordinator)
    debates.set_debate_tellers(debate, [cast.teller], acting=cast.coordinator)
    issued = debates.issue_cards(debate, count=8, category=VoterCategory.RESIDENT,
                                 acting=cast.coordinator)
    official = debates.issue_cards(debate, count=2, category=VoterCategory.OFFICIAL,
                                   acting=cast.coordinator)
    db.session.commit()
    return Hall(cast, debate, [first, *others], draft, issued, official)


def open_voting(hall: Hall) -> None:
    from pb.debate import services as debates
    from pb.extensions import db

    debates.open_voting(hall.debate, acting=hall.cast.coordinator)
    db.session.commit()


def close_voting(hall: Hall) -> None:
    from pb.debate import services as debates
    from pb.extensions import db

    debates.close_voting(hall.debate, acting=hall.cast.coordinator)
    db.session.commit()


def start_execution(hall: Hall) -> None:
    """Close the vote and put the first two presented projects into execution."""
    from pb.execution import services as execution
    from pb.extensions import db

    close_voting(hall)
    execution.start_execution(hall.debate, ["1", "2"], acting=hall.cast.coordinator)
    db.session.commit()
