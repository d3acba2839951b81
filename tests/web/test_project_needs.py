"""Drafts answer needs: the group names the needs of its edition's diagnosis its draft answers;
a draft naming none is not sent while the diagnosis has needs to choose; accepting marks them
answered; the project's pages, its sheet and the ballot say which need and how many residents
supported it."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from pb.core.workflow import ProjectState
from pb.debate import services as debates
from pb.debate.ballot_view import _build
from pb.debate.models import VoterCategory
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import Need, NeedState, NeedSupport
from pb.extensions import db
from pb.ops.models import AuditEvent
from pb.projects import services as projects
from pb.projects.models import Project
from tests.conftest import login, page_text, post
from tests.factories import complete_project


def make_need(cast, title: str, *, place: str = "", category: str | None = None,
              supports: int = 0, edition=None) -> Need:
    edition = edition or cast.edition
    category_id = None
    if category is not None:
        category_id = next(c.id for c in diagnosis.categories_of(edition) if c.name == category)
    animator = cast.animator if edition is cast.edition else cast.other_animator
    need = diagnosis.create_need(edition, diagnosis.NeedData(
        title=title, place=place, category_id=category_id), acting=animator)
    for i in range(supports):
        db.session.add(NeedSupport(need_id=need.id, token_hash=f"{need.id:08d}{i:056d}"))
    db.session.commit()
    return need


def close(need: Need, cast) -> None:
    diagnosis.set_need_state(need, NeedState.CLOSED, note="Naprawione przez gminę",
                             acting=cast.animator)
    db.session.commit()


def basics(project: Project, needs: list) -> dict:
    """The basics form as the page sends it, with ``needs`` ticked."""
    return {
        "title": project.title, "summary": project.summary, "need": project.need,
        "beneficiaries": project.beneficiaries,
        "beneficiaries_count": str(project.beneficiaries_count or ""),
        "place": project.place, "description": project.description,
        "needs": [str(n) for n in needs],
    }


def linked(project: Project) -> list[int]:
    db.session.expire_all()
    return [n.number for n in db.session.get(Project, project.id).needs]


def group_client(app, cast):
    client = app.test_client()
    login(client, cast.participant.login)
    return client


# --- choosing the needs ----------------------------------------------------------------------


def test_the_group_ticks_and_unticks_the_needs_its_draft_answers(app, cast):
    playground = make_need(cast, "Zniszczony plac zabaw", place="ul. Szkolna",
                           category="Zieleń i place zabaw", supports=12)
    benches = make_need(cast, "Brak ławek dla seniorów", supports=1)
    gone = make_need(cast, "Dziura w chodniku")
    close(gone, cast)
    project = complete_project(cast)  # names the edition's first open need
    assert linked(project) == [1]
    client = group_client(app, cast)

    page = page_text(client.get(f"/projects/{project.id}/edit"))
    assert "Na które potrzeby z diagnozy dzielnicy odpowiada projekt?" in page
    assert "Nr 1 · Zniszczony plac zabaw" in page
    assert "Zieleń i place zabaw · ul. Szkolna · poparło 12 mieszkańców" in page
    assert "Nr 2 · Brak ławek dla seniorów" in page and "poparł 1 mieszkaniec" in page
    assert "Dziura w chodniku" not in page  # closed: not offered
    html = client.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert re.search(rf'value="{playground.id}" id="need-{playground.id}"[^>]*checked', html)
    assert not re.search(rf'value="{benches.id}" id="need-{benches.id}"[^>]*checked', html)

    both = post(client, f"/projects/{project.id}/edit", basics(project, [playground.id,
                                                                         benches.id]))
    assert both.status_code == 302
    assert linked(project) == [1, 2]
    only_benches = post(client, f"/projects/{project.id}/edit", basics(project, [benches.id]))
    assert only_benches.status_code == 302
    assert linked(project) == [2]
    none = post(client, f"/projects/{project.id}/edit", basics(project, []))
    assert none.status_code == 302
    assert linked(project) == []
    events = [e for e in db.session.get(Project, project.id).events if e.action == "needs_set"]
    assert [e.detail["numbers"] for e in events] == [[1], [1, 2], [2], []]


def test_a_need_closed_after_it_was_chosen_stays_marked_until_unticked(app, cast):
    make_need(cast, "Zniszczony plac zabaw")
    project = complete_project(cast)
    need = project.needs[0]
    close(need, cast)
    client = group_client(app, cast)
    page = page_text(client.get(f"/projects/{project.id}/edit"))
    assert "Nr 1 · Zniszczony plac zabaw zamknięta" in page
    assert "Ta potrzeba została zamknięta: odznacz ją i wybierz inną." in page
    # Saving the page keeps it; unticking drops it, and then it cannot be ticked again.
    assert post(client, f"/projects/{project.id}/edit",
                basics(project, [need.id])).status_code == 302
    assert linked(project) == [1]
    assert post(client, f"/projects/{project.id}/edit", basics(project, [])).status_code == 302
    again = post(client, f"/projects/{project.id}/edit", basics(project, [need.id]))
    assert again.status_code == 400
    assert "Zamkniętej potrzeby nie można już wybrać." in page_text(again)
    assert linked(project) == []
    assert "Zniszczony plac zabaw" not in page_text(client.get(f"/projects/{project.id}/edit"))


@pytest.mark.parametrize("bad", ["foreign", "missing", "word"])
def test_a_need_from_elsewhere_is_refused_and_nothing_is_written(app, cast, bad):
    make_need(cast, "Zniszczony plac zabaw")
    foreign = make_need(cast, "POTRZEBA-OBCA", edition=cast.other_edition)
    project = complete_project(cast)
    value = {"foreign": foreign.id, "missing": 987654, "word": "plac"}[bad]
    client = group_client(app, cast)
    form = basics(project, [project.needs[0].id, value])
    form["title"] = "Nowy tytuł"
    refused = post(client, f"/projects/{project.id}/edit", form)
    assert refused.status_code == 400
    text = page_text(refused)
    assert ("Wybierz potrzeby z diagnozy tej edycji." in text if bad != "word"
            else "Wybierz potrzeby z listy." in text)
    assert "POTRZEBA-OBCA" not in text
    assert linked(project) == [1]
    assert db.session.get(Project, project.id).title == "Odnowa placu zabaw"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(
        sa.text("project_needs"))) == 1


def test_the_needs_are_locked_while_the_animator_has_the_draft(app, cast):
    make_need(cast, "Zniszczony plac zabaw")
    other = make_need(cast, "Brak ławek")
    project = complete_project(cast)
    projects.submit_project(project, acting=cast.participant)
    db.session.commit()
    client = group_client(app, cast)
    locked = post(client, f"/projects/{project.id}/edit", basics(project, [other.id]))
    assert locked.status_code == 400 and "zablokowany" in page_text(locked)
    assert linked(project) == [1]
    with pytest.raises(Exception, match="zablokowany|locked"):
        projects.set_project_needs(project, [other.id], acting=cast.participant)


def test_outsiders_cannot_change_the_needs(app, cast):
    need = make_need(cast, "Zniszczony plac zabaw")
    other = make_need(cast, "Brak ławek")
    project = complete_project(cast)
    for who in ("other_participant", "foreign_participant", "official"):
        client = app.test_client()
        login(client, getattr(cast, who).login)
        response = post(client, f"/projects/{project.id}/edit", basics(project, [other.id]))
        assert response.status_code in (403, 404)
    assert linked(project) == [need.number]


# --- sending ---------------------------------------------------------------------------------


def test_a_draft_naming_no_need_is_not_sent_and_the_group_is_told_where_to_choose(app, cast):
    project = complete_project(cast)  # no needs yet: nothing named
    need = make_need(cast, "Zniszczony plac zabaw")
    client = group_client(app, cast)
    overview = client.get(f"/projects/{project.id}")
    missing = "Wybierz z diagnozy dzielnicy potrzebę, na którą odpowiada projekt."
    assert missing in page_text(overview)
    assert (f'href="/projects/{project.id}/edit#needs">{missing}</a>'
            in overview.get_data(as_text=True))
    assert post(client, f"/projects/{project.id}/submit").status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.DRAFT and project.versions == []
    assert "id=\"needs\"" in client.get(f"/projects/{project.id}/edit").get_data(as_text=True)

    assert post(client, f"/projects/{project.id}/edit",
                basics(project, [need.id])).status_code == 302
    assert missing not in page_text(client.get(f"/projects/{project.id}"))
    assert post(client, f"/projects/{project.id}/submit").status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.SUBMITTED


@pytest.mark.parametrize("diagnosis_has", ["no needs", "only closed needs"])
def test_without_needs_to_choose_a_draft_is_sent_as_before(app, cast, diagnosis_has):
    project = complete_project(cast)
    if diagnosis_has == "only closed needs":
        close(make_need(cast, "Dziura w chodniku"), cast)
    client = group_client(app, cast)
    page = page_text(client.get(f"/projects/{project.id}/edit"))
    assert "Diagnoza dzielnicy nie ma jeszcze żadnych potrzeb" in page
    assert "Wybierz z diagnozy" not in page_text(client.get(f"/projects/{project.id}"))
    assert post(client, f"/projects/{project.id}/submit").status_code == 302
    db.session.expire_all()
    assert project.state == ProjectState.SUBMITTED


# --- accepting -------------------------------------------------------------------------------


def test_accepting_marks_the_open_needs_answered_and_nothing_reopens_them(app, cast):
    first = make_need(cast, "Zniszczony plac zabaw")
    second = make_need(cast, "Brak ławek")
    project = complete_project(cast)
    projects.set_project_needs(project, [first.id, second.id], acting=cast.participant)
    projects.submit_project(project, acting=cast.participant)
    db.session.commit()
    close(second, cast)  # closed meanwhile: stays closed
    animator = app.test_client()
    login(animator, cast.animator.login)
    assert post(animator, f"/projects/{project.id}/accept").status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, first.id).state == NeedState.ANSWERED
    assert db.session.get(Need, second.id).state == NeedState.CLOSED
    logged = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "need_answered")).all()
    assert [(e.subject, e.detail["project"], e.actor_id) for e in logged] == [
        (f"need:{first.id}", project.id, cast.animator.id)]

    # Taken back for changes and withdrawn: the need stays answered (the animator decides).
    assert post(animator, f"/projects/{project.id}/comments",
                {"action": "return", "section": "", "body": "Jeszcze raz."}).status_code == 302
    assert post(animator, f"/projects/{project.id}/withdraw").status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == ProjectState.WITHDRAWN
    assert db.session.get(Need, first.id).state == NeedState.ANSWERED


# --- what the pages say ----------------------------------------------------------------------

COUNTS = (0, 1, 2, 5, 12, 22)
SAID = {
    0: "(na razie nikt jej nie poparł)",
    1: "(poparł 1 mieszkaniec)",
    2: "(poparło 2 mieszkańców)",
    5: "(poparło 5 mieszkańców)",
    12: "(poparło 12 mieszkańców)",
    22: "(poparło 22 mieszkańców)",
}


def _answering_all(cast) -> tuple[Project, list[Need]]:
    needs = [make_need(cast, f"Potrzeba z poparciem {n}", supports=n) for n in COUNTS]
    project = complete_project(cast)
    projects.set_project_needs(project, [n.id for n in needs], acting=cast.participant)
    db.session.commit()
    return project, needs


def _says_every_need(text: str) -> None:
    for number, count in enumerate(COUNTS, start=1):
        line = f"Odpowiada na potrzebę nr {number}: Potrzeba z poparciem {count} {SAID[count]}"
        assert line in text, line


def test_the_project_pages_say_which_needs_and_their_support_in_good_polish(app, cast):
    project, needs = _answering_all(cast)
    group = group_client(app, cast)
    _says_every_need(page_text(group.get(f"/projects/{project.id}")))
    projects.submit_project(project, acting=cast.participant)
    projects.accept_project(project, acting=cast.animator)
    db.session.commit()
    public = app.test_client().get(f"/projects/{project.id}")
    assert public.status_code == 200
    text = page_text(public)
    _says_every_need(text)
    assert "Jak odpowiada na potrzebę Plac jest zniszczony." in text
    if "diagnosis.need_page" in app.view_functions:
        assert f'href="/needs/{needs[0].id}"' in public.get_data(as_text=True)


def test_the_sheet_names_the_needs(app, cast):
    from tests.qr_tools import pdf_text

    make_need(cast, "Zniszczony plac zabaw", supports=12)
    project = complete_project(cast)
    response = group_client(app, cast).get(f"/projects/{project.id}/sheet.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.data).split())
    assert "Odpowiada na potrzebę nr 1: Zniszczony plac zabaw (poparło 12 mieszkańców)" in text
    assert "POTRZEBY Z DIAGNOZY" in text


def test_the_phone_ballot_details_say_which_needs(app, cast):
    project, _needs = _answering_all(cast)
    projects.submit_project(project, acting=cast.participant)
    projects.accept_project(project, acting=cast.animator)
    db.session.commit()
    debate = debates.create_debate(cast.edition, debates.DebateData(
        name="Debata w Testowie", held_on=date(2025, 4, 1), place="Szkoła", min_marks=1,
        max_marks=1, winners=1, resident_weight=1, official_weight=1, officials_vote=True,
        ballot_board=True), acting=cast.coordinator)
    db.session.commit()
    card = debates.issue_cards(debate, count=1, category=VoterCategory.RESIDENT,
                               acting=cast.coordinator)[0]
    debates.open_voting(debate, acting=cast.coordinator)
    db.session.commit()
    ballot = app.test_client().get(f"/v/{card.code}")
    assert ballot.status_code == 200
    html = ballot.get_data(as_text=True)
    details = html[html.index('<details class="ballot-details">'):]
    _says_every_need(page_text_of(details))


def page_text_of(html: str) -> str:
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def test_the_ballot_reads_the_needs_in_a_constant_number_of_queries(app, cast):
    """The ballot is the voters' hot path: its content is read in the same number of queries
    however many projects and needs it has."""
    def accept_answering(n: int) -> None:
        for i in range(n):
            need = make_need(cast, f"Potrzeba {i}", supports=3)
            project = complete_project(cast, f"Projekt {i}")
            projects.set_project_needs(project, [need.id], acting=cast.participant)
            projects.submit_project(project, acting=cast.participant)
            projects.accept_project(project, acting=cast.animator)
        db.session.commit()

    def queries_to_build(debate_id: int, n_projects: int) -> int:
        db.session.expire_all()
        statements: list[str] = []

        def count(*_args) -> None:
            statements.append("q")

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            view = _build(debate_id)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        assert len(view.entries) == n_projects
        assert all(entry.needs[0].support_count == 3 for entry in view.entries)
        return len(statements)

    accept_answering(1)
    debate = debates.create_debate(cast.edition, debates.DebateData(
        name="Debata", held_on=date(2025, 4, 1), place="", min_marks=1, max_marks=1,
        winners=1, resident_weight=1, official_weight=1, officials_vote=True,
        ballot_board=True), acting=cast.coordinator)
    db.session.commit()
    debate_id = debate.id
    one = queries_to_build(debate_id, 1)
    accept_answering(4)
    debates.set_presented_projects(
        debate, [p.id for p in debates.accepted_projects(cast.edition)], acting=None)
    db.session.commit()
    assert queries_to_build(debate_id, 5) == one
