"""The map block on the public pages: the edition, the debate and the progress page show the
public pins (needs, resources, public projects with the needs they answer) only when the edition
has a plan; after the vote the winners are marked; nothing private is ever a pin."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from pb.core.plan import Point
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import DistrictPlan
from pb.extensions import db
from tests.conftest import login, page_text
from tests.security.world import MARKERS, build_world

BLOCK = "On the map of the district"


def english(client):
    client.set_cookie("pb_lang", "en")
    return client


def world(cast, **options):
    """The security world (a plan, need 1 answered by the draft, resource 1 with a contact, a
    waiting report), with both accepted projects pinned: the first answers need 1 and a second
    need 2, the second answers need 2."""
    w = build_world(cast, **options)
    second = diagnosis.create_need(cast.edition, diagnosis.NeedData(title="Nuda w wakacje"),
                                   acting=cast.animator, point=Point(8000, 8000))
    first, other = w.accepted
    first.needs.extend([w.need, second])
    first.point = Point(3500, 4500)
    other.needs.append(second)
    other.point = Point(7000, 7000)
    db.session.commit()
    return w


def map_block(response) -> str:
    """The visible text of the map block (its section) alone."""
    html = response.get_data(as_text=True)
    match = re.search(r'(?s)<section class="panel map-block".*?</section>', html)
    assert match, "the map block is missing"
    text = re.sub(r"<[^>]+>", " ", match.group(0))
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


def private_markers(text: str) -> list[str]:
    return [m for m, viewers in MARKERS.items() if "anonymous" not in viewers and m in text]


def test_edition_page_shows_the_map_with_public_pins_and_answers(app, cast, client):
    w = world(cast)
    response = english(client).get(f"/editions/{cast.edition.id}")
    block = map_block(response)
    # Projects are numbered by id among the public ones: 1 and 2.
    assert "Project 1 answers needs 1 and 2." in block
    assert "Project 2 answers need 2." in block
    assert "Zniszczony plac zabaw" in block and "Nuda w wakacje" in block
    assert "Dom Kultury" in block
    assert "Jawny projekt 1" in block and "Jawny projekt 2" in block
    # The draft answering need 1 is pinned too, but it is not public: not a pin, not a line.
    assert "Project 3" not in block
    assert private_markers(response.get_data(as_text=True)) == []
    # Links to the exports; no GeoJSON without corners.
    html = response.get_data(as_text=True)
    assert f"/editions/{cast.edition.id}/diagnosis.pdf" in html
    assert f"/editions/{cast.edition.id}/needs.csv" in html
    assert "diagnosis.geojson" not in html
    assert w.need.title in block


def test_no_plan_no_map_block(app, cast, client):
    world(cast)
    db.session.execute(db.delete(DistrictPlan))
    db.session.commit()
    for path in (f"/editions/{cast.edition.id}",):
        assert BLOCK not in page_text(english(client).get(path))


def test_unpublished_edition_pins_are_never_public(app, cast, client):
    w = world(cast, published=False)
    assert client.get(f"/editions/{cast.edition.id}").status_code == 404
    assert client.get(f"/debates/{w.debate.id}").status_code == 404
    # Its managers see the page (with a warning) but no public map: nothing of it is public.
    login(client, "anim@pb.test")
    response = english(client).get(f"/editions/{cast.edition.id}")
    assert response.status_code == 200
    assert BLOCK not in page_text(response)
    assert mapping.public_pins(cast.edition) == []


def test_debate_page_numbers_projects_as_the_ballot_and_marks_no_winner_before_the_vote(
        app, cast, client):
    w = world(cast)  # voting open
    response = english(client).get(f"/debates/{w.debate.id}")
    block = map_block(response)
    positions = {e.project_id: e.position for e in w.debate.entries}
    first = positions[w.accepted[0].id]
    assert f"Project {first} answers needs 1 and 2." in block
    assert "chosen" not in block
    assert private_markers(response.get_data(as_text=True)) == []


def test_debate_page_marks_the_winners_after_the_vote(app, cast, client):
    w = world(cast, debate_state="closed")  # the one ballot chose the first project
    response = english(client).get(f"/debates/{w.debate.id}")
    block = map_block(response)
    positions = {e.project_id: e.position for e in w.debate.entries}
    winner, loser = positions[w.accepted[0].id], positions[w.accepted[1].id]
    assert f"Project {winner} answers needs 1 and 2. chosen" in block
    assert f"Project {loser} answers need 2. chosen" not in block
    assert f"Project {loser} answers need 2." in block


def test_progress_page_shows_the_projects_state(app, cast, client):
    w = world(cast, debate_state="execution")
    response = english(client).get(f"/editions/{cast.edition.id}/progress")
    block = map_block(response)
    assert "Jawny projekt 1 · chosen — being carried out" in block
    assert "Jawny projekt 2 · not chosen at the debate" in block
    assert "Project 1 answers needs 1 and 2. chosen" in block
    # On the map itself each project's pin says where it stands.
    html = response.get_data(as_text=True)
    assert "Jawny projekt 1 (chosen — being carried out)</title>" in html
    assert "Jawny projekt 2 (not chosen at the debate)</title>" in html
    assert private_markers(html) == []
    del w


@pytest.mark.parametrize("state", ["open", "closed"])
def test_public_pins_have_answers_and_no_private_pin(app, cast, state):
    w = world(cast, debate_state=state)
    pins = mapping.public_pins(cast.edition)
    kinds = sorted((p.kind.value, p.number) for p in pins)
    assert kinds == [("need", 1), ("need", 2), ("project", 1), ("project", 2),
                     ("resource", 1)]
    answers = {p.label: p.answers for p in pins if p.kind == mapping.PinKind.PROJECT}
    assert answers == {"Jawny projekt 1": (1, 2), "Jawny projekt 2": (2,)}
    assert all(w.draft.title != p.label for p in pins)
