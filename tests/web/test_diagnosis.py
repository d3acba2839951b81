"""The diagnosis's needs, resources and categories: the managers' pages, the groups' need form
and the public lists.

Messages are checked in English (the client switches language), so they hold whatever the
Polish catalogue says."""

from __future__ import annotations

import sqlalchemy as sa

from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import Need, NeedCategory, NeedSource, NeedState, Resource, ResourceKind
from pb.extensions import db
from pb.projects import services as projects
from pb.projects.models import Project
from tests.conftest import login, page_text, post
from tests.factories import complete_project

CONTACT = "Pan Kowalski tel. 500 600 700"


def _english(client) -> None:
    post(client, "/language", {"lang": "en", "next": "/"})


def _signed_in(client, user, *, english: bool = True):
    login(client, user.login)
    if english:
        _english(client)
    return client


def _category(edition, name: str) -> NeedCategory:
    return next(c for c in diagnosis.categories_of(edition) if c.name == name)


def _needs(edition) -> list[Need]:
    db.session.expire_all()
    return diagnosis.needs_of(edition)


def _resource(cast, **changes) -> Resource:
    data = {"name": "Dom Kultury", "kind": ResourceKind.PLACE, "offers": "Sala w soboty",
            "place": "ul. Szkolna 3", "contact": CONTACT, **changes}
    resource = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(**data),
                                         acting=cast.animator)
    db.session.commit()
    return resource


def _need(cast, title: str = "Zniszczony plac zabaw", **changes) -> Need:
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(title=title, **changes),
                                 acting=cast.animator)
    db.session.commit()
    return need


GOOD_NEED = {
    "title": "Zniszczony plac zabaw", "description": "Huśtawki są połamane.",
    "place": "ul. Szkolna", "affected": "dzieci z bloków", "affected_count": "40",
    "evidence": "Policzyliśmy dzieci na spacerze.", "source": "walk",
    "noted_on": "2025-01-15", "category": "0",
}


# --- needs -----------------------------------------------------------------------------------


def test_animator_adds_a_need_with_every_detail(client, cast):
    _signed_in(client, cast.animator)
    category = _category(cast.edition, "Zieleń i place zabaw")
    response = post(client, f"/editions/{cast.edition.id}/needs/new",
                    {**GOOD_NEED, "category": str(category.id)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/editions/{cast.edition.id}/diagnosis")
    [need] = _needs(cast.edition)
    assert (need.number, need.title, need.place, need.affected_count) == (
        1, "Zniszczony plac zabaw", "ul. Szkolna", 40)
    assert need.source == NeedSource.WALK and need.category_id == category.id
    assert need.noted_on.isoformat() == "2025-01-15" and need.state == NeedState.OPEN
    text = page_text(client.get(response.headers["Location"]))
    assert "Need N1 “Zniszczony plac zabaw” added." in text
    assert "N1 Zniszczony plac zabaw ul. Szkolna Zieleń i place zabaw 40 Community walk Open" \
        in text


def test_bad_need_input_is_said_clearly_and_nothing_typed_is_lost(client, cast):
    _signed_in(client, cast.animator)
    url = f"/editions/{cast.edition.id}/needs/new"
    cases = [
        ({"title": "  "}, "Give the need a title."),
        ({"affected_count": "-3"}, "Enter a number from 0 to 1 000 000."),
        ({"affected_count": "dużo"}, "Not a valid integer value."),
        ({"noted_on": "jutro"}, "Enter a date, for example 2012-09-01."),
        ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"category": "999999"}, "Not a valid choice."),
        ({"source": "plotka"}, "Not a valid choice."),
    ]
    for changes, message in cases:
        response = post(client, url, {**GOOD_NEED, **changes})
        assert response.status_code == 400, changes
        html = response.get_data(as_text=True)
        assert message in page_text(response), changes
        # What was typed is still in the form.
        assert "Huśtawki są połamane." in html and "dzieci z bloków" in html
    assert _needs(cast.edition) == []


def test_category_of_another_edition_is_refused(client, cast):
    foreign = diagnosis.categories_of(cast.other_edition)[0]
    _signed_in(client, cast.animator)
    need = _need(cast)
    form = {**GOOD_NEED, "category": str(foreign.id), "state": "open", "closing_note": ""}
    response = post(client, f"/manage/needs/{need.id}/edit", form)
    assert response.status_code == 400  # not among this edition's choices
    assert _needs(cast.edition)[0].category_id is None


def test_animator_edits_a_need_and_closes_it_only_with_a_note(client, cast):
    need = _need(cast)
    _signed_in(client, cast.animator)
    url = f"/manage/needs/{need.id}/edit"
    page = client.get(url)
    assert page.status_code == 200 and "Zniszczony plac zabaw" in page.get_data(as_text=True)
    form = {**GOOD_NEED, "title": "Plac zabaw do naprawy", "state": "closed", "closing_note": ""}
    response = post(client, url, form)
    assert response.status_code == 400
    assert "Say why the need is closed." in page_text(response)
    assert "Plac zabaw do naprawy" in response.get_data(as_text=True)
    still = _needs(cast.edition)[0]
    assert still.title == "Zniszczony plac zabaw" and still.state == NeedState.OPEN  # nothing half saved
    response = post(client, url, {**form, "closing_note": "Miasto naprawiło plac w maju."})
    assert response.status_code == 302
    need = _needs(cast.edition)[0]
    assert need.title == "Plac zabaw do naprawy" and need.state == NeedState.CLOSED
    assert need.closing_note == "Miasto naprawiło plac w maju."
    text = page_text(client.get(f"/needs/{need.id}"))
    assert "Closed" in text and "Miasto naprawiło plac w maju." in text
    # Opened again: the note goes.
    post(client, url, {**form, "state": "open", "closing_note": ""})
    need = _needs(cast.edition)[0]
    assert need.state == NeedState.OPEN and need.closing_note == ""


def test_participant_of_the_edition_adds_a_need_from_the_group_page(client, cast):
    _signed_in(client, cast.participant)
    group_page = client.get(f"/groups/{cast.group.id}").get_data(as_text=True)
    url = f"/editions/{cast.edition.id}/needs/new"
    assert f'href="{url}"' in group_page
    form_page = client.get(url)
    html = form_page.get_data(as_text=True)
    assert form_page.status_code == 200
    # The short form: no evidence, source or date to fill in.
    assert 'name="title"' in html and 'name="evidence"' not in html and 'name="source"' not in html
    response = post(client, url, {"title": "Brak ławek przy kościele", "place": "ul. Kościelna",
                                  "description": "", "affected": "seniorzy",
                                  "affected_count": "", "category": "0"})
    assert response.status_code == 302
    [need] = _needs(cast.edition)
    assert need.source == NeedSource.WALK and need.created_by_id == cast.participant.id
    assert response.headers["Location"].endswith(f"/needs/{need.id}")
    # A participant does not edit it, nor reaches the managers' page.
    assert client.get(f"/manage/needs/{need.id}/edit").status_code == 403
    assert client.get(f"/manage/editions/{cast.edition.id}/diagnosis").status_code == 403


def test_participant_or_animator_of_another_edition_is_refused(client, app, cast):
    url = f"/editions/{cast.edition.id}/needs/new"
    for user in (cast.foreign_participant, cast.other_animator, cast.official,
                 cast.loose_participant):
        other = app.test_client()
        login(other, user.login)
        assert other.get(url).status_code == 403, user.login
        assert post(other, url, {"title": "Obca potrzeba"}).status_code == 403, user.login
    assert app.test_client().get(url).status_code == 302  # to the sign-in page
    assert _needs(cast.edition) == []
    need = _need(cast)
    other = app.test_client()
    login(other, cast.other_animator.login)
    assert other.get(f"/manage/needs/{need.id}/edit").status_code == 403
    assert other.get(f"/manage/editions/{cast.edition.id}/diagnosis").status_code == 403


# --- resources -------------------------------------------------------------------------------


GOOD_RESOURCE = {"name": "Klub sportowy Wilchwy", "kind": "organisation",
                 "offers": "Boisko po południu", "place": "ul. Sportowa",
                 "contact": CONTACT, "category": "0"}


def test_animator_adds_and_edits_a_resource(client, cast):
    _signed_in(client, cast.animator)
    sport = _category(cast.edition, "Sport")
    response = post(client, f"/manage/editions/{cast.edition.id}/resources/new",
                    {**GOOD_RESOURCE, "category": str(sport.id)})
    assert response.status_code == 302
    resource = db.session.scalar(sa.select(Resource))
    assert (resource.number, resource.kind, resource.category_id, resource.contact) == (
        1, ResourceKind.ORGANISATION, sport.id, CONTACT)
    text = page_text(client.get(f"/manage/editions/{cast.edition.id}/diagnosis"))
    assert "R1 Klub sportowy Wilchwy ul. Sportowa Organisation Boisko po południu Sport" in text
    assert CONTACT in text  # managers see how to reach it
    url = f"/manage/resources/{resource.id}/edit"
    response = post(client, url, {**GOOD_RESOURCE, "name": "", "offers": "Sala i boisko"})
    assert response.status_code == 400
    assert "Give the resource a name." in page_text(response)
    assert "Sala i boisko" in response.get_data(as_text=True)
    response = post(client, url, {**GOOD_RESOURCE, "kind": "kosmos"})
    assert response.status_code == 400 and "Not a valid choice." in page_text(response)
    response = post(client, url, {**GOOD_RESOURCE, "kind": "place", "contact": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert resource.kind == ResourceKind.PLACE and resource.contact == ""


def test_contacts_never_on_the_public_pages_nor_to_a_participant(client, app, cast):
    resource = _resource(cast)
    need = _need(cast)
    viewers = {"anonymous": app.test_client()}
    for user in (cast.participant, cast.official):
        viewers[user.login] = app.test_client()
        login(viewers[user.login], user.login)
    for name, viewer in viewers.items():
        for url in (f"/editions/{cast.edition.id}/diagnosis", f"/needs/{need.id}",
                    f"/editions/{cast.edition.id}"):
            response = viewer.get(url)
            assert response.status_code == 200, (name, url)
            assert "500 600 700" not in response.get_data(as_text=True), (name, url)
        assert viewer.get(f"/manage/resources/{resource.id}/edit").status_code in (302, 403)
    public = page_text(viewers["anonymous"].get(f"/editions/{cast.edition.id}/diagnosis"))
    assert "Dom Kultury" in public and "Sala w soboty" in public


# --- the lists and their filters ---------------------------------------------------------------


def test_filters_by_kind_category_and_state(client, app, cast):
    green = _category(cast.edition, "Zieleń i place zabaw")
    seniors = _category(cast.edition, "Seniorzy")
    _need(cast, "Zniszczony plac zabaw", category_id=green.id)
    bench = _need(cast, "Brak ławek dla seniorów", category_id=seniors.id)
    _need(cast, "Ciemna ulica")
    diagnosis.set_need_state(bench, NeedState.CLOSED, note="Ławki stoją.", acting=None)
    _resource(cast, category_id=seniors.id)
    db.session.commit()
    public = app.test_client()
    base = f"/editions/{cast.edition.id}/diagnosis"

    def shown(query: str) -> tuple[bool, bool, bool, bool]:
        text = page_text(public.get(base + query))
        return ("Zniszczony plac zabaw" in text, "Brak ławek dla seniorów" in text,
                "Ciemna ulica" in text, "Dom Kultury" in text)

    assert shown("") == (True, True, True, True)
    assert shown("?kind=needs") == (True, True, True, False)
    assert shown("?kind=resources") == (False, False, False, True)
    assert shown(f"?category={seniors.id}") == (False, True, False, True)
    assert shown("?category=none") == (False, False, True, False)
    assert shown("?state=closed") == (False, True, False, False)
    assert shown(f"?state=open&category={green.id}") == (True, False, False, False)
    # Anything not understood shows everything, never an error.
    assert shown("?kind=x&category=abc&state=zamknięta") == (True, True, True, True)
    _signed_in(client, cast.animator)
    text = page_text(client.get(f"/manage/editions/{cast.edition.id}/diagnosis?state=closed"))
    assert "Brak ławek dla seniorów" in text and "Ciemna ulica" not in text


def test_manage_page_counts_and_overview_panel(client, cast):
    _need(cast, "A")
    answered = _need(cast, "B")
    diagnosis.set_need_state(answered, NeedState.ANSWERED, acting=None)
    _resource(cast)
    db.session.commit()
    _signed_in(client, cast.animator)
    text = page_text(client.get(f"/manage/editions/{cast.edition.id}/diagnosis"))
    assert "Open needs 1 Needs answered by a project 1 Closed needs 0 Resources 1" in text
    overview = client.get(f"/manage/editions/{cast.edition.id}")
    assert ("Needs: 1 open, 1 answered by a project, 0 closed. Resources: 1. "
            "Residents' reports waiting: 0.") in page_text(overview)
    assert f"/manage/editions/{cast.edition.id}/diagnosis" in overview.get_data(as_text=True)


def test_unpublished_edition_diagnosis_is_hidden_from_strangers(app, cast):
    need = diagnosis.create_need(cast.other_edition, diagnosis.NeedData(title="Ukryta"),
                                 acting=None)
    db.session.commit()
    stranger = app.test_client()
    assert stranger.get(f"/editions/{cast.other_edition.id}/diagnosis").status_code == 404
    assert stranger.get(f"/needs/{need.id}").status_code == 404
    member = app.test_client()
    login(member, cast.foreign_participant.login)
    assert member.get(f"/needs/{need.id}").status_code == 200
    outsider = app.test_client()
    login(outsider, cast.participant.login)
    assert outsider.get(f"/needs/{need.id}").status_code == 404


# --- the need's page ---------------------------------------------------------------------------


def test_need_page_shows_public_projects_only(app, cast):
    need = _need(cast, affected="dzieci", affected_count=40, evidence="Spacer badawczy",
                 source=NeedSource.WALK)
    # A complete project answers the edition's first open need: this one.
    accepted = complete_project(cast, title="Nowe huśtawki")
    assert accepted.needs == [need]
    projects.submit_project(accepted, acting=cast.participant)
    projects.accept_project(accepted, acting=cast.animator)
    draft = projects.create_project(cast.group, acting=cast.participant, title="Tajny szkic")
    draft.needs.append(need)
    db.session.commit()
    public = app.test_client()
    _english(public)
    text = page_text(public.get(f"/needs/{need.id}"))
    assert "Nowe huśtawki" in text and "Tajny szkic" not in text
    assert "Spacer badawczy" in text and "Community walk" in text and "about 40 people" in text
    member = app.test_client()
    login(member, cast.participant.login)
    assert "Tajny szkic" in page_text(member.get(f"/needs/{need.id}"))
    assert db.session.get(Project, draft.id) is not None


# --- categories --------------------------------------------------------------------------------


def test_categories_add_rename_reorder_remove(client, cast):
    _signed_in(client, cast.animator)
    url = f"/manage/editions/{cast.edition.id}/categories"
    assert client.get(url).status_code == 200
    response = post(client, url, {"name": "  Sąsiedzi  "})
    assert response.status_code == 302
    names = [c.name for c in diagnosis.categories_of(cast.edition)]
    assert names[-1] == "Sąsiedzi"
    # Duplicate names (whatever the letter case) are refused with a clear message.
    response = post(client, url, {"name": "seniorzy"})
    assert response.status_code == 400
    assert "This edition already has a category “Seniorzy”. Choose another name." \
        in page_text(response)
    assert response.get_data(as_text=True).count('value="seniorzy"') == 1
    response = post(client, url, {"name": ""})
    assert response.status_code == 400 and "Give the category a name." in page_text(response)
    seniors = _category(cast.edition, "Seniorzy")
    rename = f"/manage/categories/{seniors.id}/rename"
    response = post(client, rename, {f"c{seniors.id}-name": "Kultura"})
    assert response.status_code == 400
    assert "already has a category “Kultura”" in page_text(response)
    assert post(client, rename, {f"c{seniors.id}-name": "Starsi sąsiedzi"}).status_code == 302
    db.session.expire_all()
    assert seniors.name == "Starsi sąsiedzi"
    # Up and down.
    before = [c.id for c in diagnosis.categories_of(cast.edition)]
    post(client, f"/manage/categories/{before[1]}/move", {"direction": "up"})
    db.session.expire_all()
    after = [c.id for c in diagnosis.categories_of(cast.edition)]
    assert after[:2] == [before[1], before[0]] and after[2:] == before[2:]
    post(client, f"/manage/categories/{before[1]}/move", {"direction": "down"})
    db.session.expire_all()
    assert [c.id for c in diagnosis.categories_of(cast.edition)] == before
    # Removing one in use leaves its needs without a category, and says so.
    need = _need(cast, category_id=seniors.id)
    seniors_id = seniors.id
    page = page_text(client.get(url))
    assert "Removing it leaves its needs and resources without a category." in page
    response = post(client, f"/manage/categories/{seniors.id}/remove")
    assert response.status_code == 302
    text = page_text(client.get(response.headers["Location"]))
    assert ("Category “Starsi sąsiedzi” removed. "
            "Needs and resources left without a category: 1.") in text
    db.session.expire_all()
    assert db.session.get(NeedCategory, seniors_id) is None
    assert db.session.get(Need, need.id).category_id is None


def test_categories_are_the_managers_alone(app, cast):
    category = diagnosis.categories_of(cast.edition)[0]
    for user in (cast.participant, cast.other_animator):
        other = app.test_client()
        login(other, user.login)
        assert other.get(f"/manage/editions/{cast.edition.id}/categories").status_code == 403
        assert post(other, f"/manage/categories/{category.id}/remove").status_code == 403
    db.session.expire_all()
    assert db.session.get(NeedCategory, category.id) is not None
