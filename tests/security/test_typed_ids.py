"""Ids typed by anyone, into a ballot form or a URL: whatever they are, the answer is a clear
refusal (400 or 404), never a 500, and nothing is counted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pb.debate.models import Ballot
from pb.extensions import db
from tests.conftest import login, page_text, post
from tests.factories import accepted_project
from tests.web.test_debate import cards, make_debate, open_

NO_IDS = {
    "superscript": "²",
    "5000 digits": "9" * 5000,
    "beyond 2**31": str(2**31),
    "beyond 2**63": str(2**63),
}


@pytest.mark.parametrize("value", NO_IDS.values(), ids=NO_IDS.keys())
def test_phone_ballot_refuses_a_mark_that_is_no_id(app, cast, value):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    phone = app.test_client()
    for path in (f"/v/{issued[0].code}", f"/v/{issued[0].code}/cast"):
        answer = post(phone, path, {"project": [value]})
        assert answer.status_code == 400 and "Zaznacz" in page_text(answer), path
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0


@pytest.mark.parametrize("value", NO_IDS.values(), ids=NO_IDS.keys())
def test_desk_refuses_a_mark_that_is_no_id(app, cast, value):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    desk = app.test_client()
    login(desk, cast.teller.login)
    answer = post(desk, f"/debates/{debate.id}/desk",
                  {"code": issued[0].code, "project": [value], "action": "count"})
    assert answer.status_code == 400 and "Zaznacz" in page_text(answer)
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0


@pytest.mark.parametrize("value", NO_IDS.values(), ids=NO_IDS.keys())
def test_version_comparison_refuses_a_version_that_is_no_number(app, cast, value):
    project = accepted_project(cast, "Piknik")
    animator = app.test_client()
    login(animator, cast.animator.login)
    assert animator.get(f"/projects/{project.id}/versions/1/current").status_code == 200
    assert animator.get(f"/projects/{project.id}/versions/1/{value}").status_code == 404
