"""The diagnosis's exports: the PDF "Mapa zasobów i potrzeb" (rendered and read), CSV of needs
and resources, and GeoJSON — and that none of them shows a contact or a waiting report."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from flask.testing import FlaskClient
from PIL import Image, ImageDraw

from pb.core.plan import Corners, Point, cell_of
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import NeedReport, NeedSource, NeedState, ResourceKind
from pb.extensions import db
from pb.projects import services as projects
from tests.conftest import login
from tests.factories import accepted_project, complete_project

CONTACT = "KONTAKT-ZASOBU-PRYWATNY tel. 500 600 700"
REPORT = "ZGLOSZENIE-CZEKA-PRYWATNE: brak ławek"
REPORTER = "KONTAKT-ZGLASZAJACEGO-PRYWATNY"
DRAFT = "SZKIC-ODPOWIADA-PRYWATNY"
LONG = ("Huśtawki są połamane, piaskownica pełna szkła, a ławki zgniłe. " * 60).strip()
CORNERS = Corners(Decimal("50.020000"), Decimal("18.440000"), Decimal("50.000000"),
                  Decimal("18.480000"))


def plan_picture(size=(900, 560)) -> bytes:
    """A schematic plan: a river, two streets and a school."""
    image = Image.new("RGB", size, "#f4f1e8")
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle([0, h * 0.72, w, h * 0.8], fill="#9cc3e6")
    draw.rectangle([w * 0.3, 0, w * 0.34, h], fill="#cccccc")
    draw.rectangle([0, h * 0.3, w, h * 0.34], fill="#cccccc")
    draw.rectangle([w * 0.55, h * 0.1, w * 0.7, h * 0.25], fill="#e8c07d")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class Diag:
    pass


def build(cast, *, corners: bool = True, plan: bool = True) -> Diag:
    """Needs in two categories (one very long, one with a formula), resources with private
    contacts, a waiting report, an accepted project and a draft answering needs."""
    anim = cast.animator
    d = Diag()
    categories = {c.name: c for c in diagnosis.categories_of(cast.edition)}
    if plan:
        d.plan = mapping.store_plan(cast.edition, plan_picture(), acting=anim)
        if corners:
            mapping.set_corners(d.plan, CORNERS, acting=anim)
    d.playground = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Zniszczony plac zabaw", description=LONG, place="ul. Szkolna",
        affected="dzieci z osiedla", affected_count=40, evidence="Spacer badawczy w maju",
        source=NeedSource.WALK, category_id=categories["Zieleń i place zabaw"].id),
        acting=anim, point=Point(2500, 4000))
    d.seniors = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Brak miejsca dla seniorów", place="Rynek", affected="seniorzy",
        affected_count=25, evidence="Dane MOPS", source=NeedSource.MOPS,
        category_id=categories["Seniorzy"].id), acting=anim, point=Point(7000, 2000))
    d.formula = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="=HYPERLINK(\"http://zly.example\")", evidence="+48 wpisów w ankiecie",
        source=NeedSource.SURVEY), acting=anim)
    diagnosis.set_need_state(d.seniors, NeedState.CLOSED, note="Rozwiązane przez gminę",
                             acting=anim)
    d.hall = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Dom Kultury w Wilchwach", kind=ResourceKind.PLACE, offers="Sala w soboty",
        place="ul. Wyzwolenia", contact=CONTACT), acting=anim, point=Point(6000, 3000))
    d.club = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Klub sportowy", kind=ResourceKind.ORGANISATION, offers="Boisko",
        contact=CONTACT), acting=anim)
    db.session.add(NeedReport(edition_id=cast.edition.id, what=REPORT, place="przy kościele",
                              contact=REPORTER, map_x=5000, map_y=5000))
    d.project = accepted_project(cast, "Odnowa placu zabaw")
    d.project.needs = [d.playground]
    d.project.point = Point(3000, 5000)
    d.draft = complete_project(cast, DRAFT)
    d.draft.needs = [d.seniors]
    d.draft.point = Point(8000, 8000)
    db.session.commit()
    return d


def english(client: FlaskClient) -> FlaskClient:
    """The tests read the English wording (the Polish is merged with the translations)."""
    client.set_cookie("pb_lang", "en")
    return client


def pdf_text(raw: bytes) -> tuple[str, int]:
    document = pdfium.PdfDocument(raw)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return text, len(document)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_has_needs_categories_counts_sources_and_answering_projects(app, cast, client):
    build(cast)
    response = english(client).get(f"/editions/{cast.edition.id}/diagnosis.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text, pages = pdf_text(response.data)
    words = flat(text)
    assert "MAP OF RESOURCES AND NEEDS" in words
    assert "PAL Testowo 2025" in words and "Testowo, Centrum" in words
    for heading in ("Needs by state", "Needs by category", "Needs by source of evidence",
                    "Resources by kind", "Plan of the district"):
        assert heading in words
    # Categories as headings with their counts; the need without one under its own heading.
    assert "Zieleń i place zabaw (1)" in words and "Seniorzy (1)" in words
    assert "No category (1)" in words
    assert "1. Zniszczony plac zabaw" in words and "2. Brak miejsca dla seniorów" in words
    # Sources and the answering project (public), and none for the draft.
    assert "Spacer badawczy w maju (source: community walk)" in words
    assert "Dane MOPS (source: social welfare centre (MOPS) data)" in words
    assert "project 1. Odnowa placu zabaw" in words
    assert "Rozwiązane przez gminę" in words
    assert "Dom Kultury w Wilchwach" in words and "Sala w soboty" in words
    # The whole long description is there, across the lines and pages it needs.
    assert flat(LONG)[-60:] in words.replace("- ", "")
    assert pages >= 4
    for private in (CONTACT, "KONTAKT-ZASOBU", "ZGLOSZENIE-CZEKA", REPORTER, DRAFT):
        assert private not in words
    # The map page is landscape (the plan is wider than tall), the others portrait.
    document = pdfium.PdfDocument(response.data)
    sizes = [document[i].get_size() for i in range(len(document))]
    assert sizes[0][0] < sizes[0][1]
    assert any(w > h for w, h in sizes)


def test_pdf_counts_by_state_and_source(app, cast, client):
    build(cast)
    text, _ = pdf_text(english(client).get(f"/editions/{cast.edition.id}/diagnosis.pdf").data)
    words = flat(text)
    # By state: two open (one is the formula), none answered, one closed; 3 in total.
    # Accepting the playground's project answered it; the seniors' need is closed.
    assert "Needs by state open 1 answered by a project 1 closed 1 In total 3" in words
    assert ("Needs by source of evidence residents' survey 1 community walk 1 "
            "social welfare centre (MOPS) data 1 In total 3") in words
    assert "Resources by kind place 1 organisation 1 In total 2" in words
    assert "Seniorzy 1 Zieleń i place zabaw 1 No category 1 In total 3" in words


def test_pdf_without_a_plan_says_so_and_still_lists(app, cast, client):
    build(cast, plan=False)
    text, _ = pdf_text(english(client).get(f"/editions/{cast.edition.id}/diagnosis.pdf").data)
    words = flat(text)
    assert "has no plan of the district yet" in words
    assert "Zniszczony plac zabaw" in words


def test_pdf_pins_are_drawn_on_the_plan(app, cast, client):
    """The map page shows the plan with pins: red (need), green (resource), blue (project)
    pixels near where the pins are."""
    build(cast)
    document = pdfium.PdfDocument(client.get(f"/editions/{cast.edition.id}/diagnosis.pdf").data)
    page = next(document[i] for i in range(len(document))
                if document[i].get_size()[0] > document[i].get_size()[1])
    image = page.render(scale=1.5).to_pil().convert("RGB")
    colours = {colour for _count, colour in image.getcolors(maxcolors=1 << 20)}

    def near(target):
        return any(sum(abs(a - b) for a, b in zip(c, target, strict=True)) < 40 for c in colours)

    assert near((0xB4, 0x23, 0x18)) and near((0x1A, 0x7F, 0x37)) and near((0x1D, 0x4E, 0x89))


def test_pdf_of_an_unpublished_edition_is_not_public(app, cast, client):
    cast.edition.published = False
    db.session.commit()
    build(cast)
    assert client.get(f"/editions/{cast.edition.id}/diagnosis.pdf").status_code == 404
    login(client, "piotr")  # a participant of the edition's group drafts from it
    assert client.get(f"/editions/{cast.edition.id}/diagnosis.pdf").status_code == 200


# --- CSV -------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))


def test_needs_csv(app, cast, client):
    d = build(cast)
    response = english(client).get(f"/editions/{cast.edition.id}/needs.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    rows = read_csv(response)
    header = rows[0]
    assert header[:3] == ["No.", "Need", "What is wrong or missing"]
    assert header[-3:] == ["Grid cell", "Latitude", "Longitude"]
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    first = by_number["1"]
    assert first["Need"] == "Zniszczony plac zabaw"
    assert first["Source"] == "community walk"
    assert first["Category"] == "Zieleń i place zabaw"
    assert first["How many people"] == "40"
    assert first["Grid cell"] == cell_of(Point(2500, 4000)) == "C5"
    assert Decimal(first["Latitude"]) == Decimal("50.012000")
    assert Decimal(first["Longitude"]) == Decimal("18.450000")
    assert first["Projects answering it"] == f"1. {d.project.title}"
    assert by_number["2"]["Projects answering it"] == ""  # only the draft answers it
    assert by_number["2"]["State"] == "closed"
    assert by_number["2"]["Why it was closed"] == "Rozwiązane przez gminę"
    # A formula is neutralised; the need without a pin has no place.
    third = by_number["3"]
    assert third["Need"] == "'=HYPERLINK(\"http://zly.example\")"
    assert third["Evidence"] == "'+48 wpisów w ankiecie"
    assert third["Grid cell"] == third["Latitude"] == ""
    for private in ("KONTAKT", "ZGLOSZENIE", DRAFT):
        assert private not in body


def test_resources_csv_never_has_a_contact(app, cast, client):
    build(cast, corners=False)
    response = english(client).get(f"/editions/{cast.edition.id}/resources.csv")
    rows = read_csv(response)
    assert rows[0] == ["No.", "Resource", "Kind", "Category", "What it offers", "Where",
                       "Grid cell", "Latitude", "Longitude"]
    assert rows[1][:5] == ["1", "Dom Kultury w Wilchwach", "place", "", "Sala w soboty"]
    assert rows[1][6:] == ["G4", "", ""]  # no corners: a grid cell only
    assert rows[2][:3] == ["2", "Klub sportowy", "organisation"]
    assert "KONTAKT" not in response.get_data(as_text=True)


def test_csv_headers_follow_the_language(app, cast, client):
    """Polish by default: the headers are not the English ones (their wording is merged with
    the translations)."""
    build(cast)
    polish = read_csv(client.get(f"/editions/{cast.edition.id}/resources.csv"))
    english_rows = read_csv(english(client).get(f"/editions/{cast.edition.id}/resources.csv"))
    assert english_rows[0][:3] == ["No.", "Resource", "Kind"]
    assert polish[1:] != [] and len(polish[0]) == len(english_rows[0])


# --- GeoJSON ---------------------------------------------------------------------------------


def validate_geojson(doc: dict) -> None:
    """The RFC 7946 structure of a FeatureCollection of Points."""
    assert doc["type"] == "FeatureCollection"
    assert isinstance(doc["features"], list)
    if "bbox" in doc:
        west, south, east, north = doc["bbox"]
        assert west <= east and south <= north
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature.get("properties"), dict)
        assert "id" not in feature or isinstance(feature["id"], str | int)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        position = geometry["coordinates"]
        assert isinstance(position, list) and len(position) == 2
        lon, lat = position
        assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in position)
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_valid_with_lon_lat_inside_the_corners(app, cast, client):
    build(cast)
    response = client.get(f"/editions/{cast.edition.id}/diagnosis.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    doc = json.loads(response.get_data(as_text=True))
    validate_geojson(doc)
    features = doc["features"]
    kinds = sorted((f["properties"]["kind"], f["properties"]["number"]) for f in features)
    # Pinned needs 1 and 2, resource 1 (the club has no place), the public project only.
    assert kinds == [("need", 1), ("need", 2), ("project", 1), ("resource", 1)]
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert float(CORNERS.west) <= lon <= float(CORNERS.east)
        assert float(CORNERS.south) <= lat <= float(CORNERS.north)
    need = next(f for f in features if f["properties"]["kind"] == "need"
                and f["properties"]["number"] == 1)
    # x = 0.25 of the width → longitude a quarter of the way east; y = 0.4 down → latitude.
    assert need["geometry"]["coordinates"] == [18.45, 50.012]
    assert need["properties"]["title"] == "Zniszczony plac zabaw"
    assert need["properties"]["category"] == "Zieleń i place zabaw"
    assert need["properties"]["state"] == "answered"  # by the accepted project
    assert need["properties"]["support_count"] == 0
    project = next(f for f in features if f["properties"]["kind"] == "project")
    assert project["properties"]["answers"] == [1]
    body = response.get_data(as_text=True)
    for private in ("KONTAKT", "ZGLOSZENIE", DRAFT, "contact"):
        assert private not in body


def test_geojson_without_corners_is_404_with_a_reason(app, cast, client):
    build(cast, corners=False)
    response = english(client).get(f"/editions/{cast.edition.id}/diagnosis.geojson")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert "no coordinates of its corners" in response.get_json()["error"]


@pytest.mark.parametrize("path", ["diagnosis.pdf", "needs.csv", "resources.csv",
                                  "diagnosis.geojson"])
def test_exports_of_an_unknown_or_unpublished_edition_are_404(app, cast, client, path):
    assert client.get(f"/editions/{cast.other_edition.id}/{path}").status_code == 404
    assert client.get(f"/editions/999999/{path}").status_code == 404


def test_draft_state_never_leaks_through_projects(app, cast):
    """Once the draft is accepted it becomes public and appears everywhere."""
    d = build(cast)
    projects.submit_project(d.draft, acting=cast.participant)
    projects.accept_project(d.draft, acting=cast.animator)
    db.session.commit()
    pins = mapping.public_pins(cast.edition)
    numbers = {p.label: p.number for p in pins if p.kind == mapping.PinKind.PROJECT}
    assert numbers == {d.project.title: 1, DRAFT: 2}


def test_pdf_with_very_long_texts_runs_on_across_pages(app, cast, client):
    """A title near its limit, a description of many pages, a word longer than a line and
    many resources: every page is A4, nothing is lost from the end of the long text."""
    build(cast)
    tail = "KONIEC-OPISU-POTRZEBY"
    diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Bardzo długi tytuł potrzeby " * 7, description=(LONG + "\n") * 8 + "x" * 400
        + " " + tail, place="ul. " + "Długa " * 30, affected="mieszkańcy " * 25,
        evidence="ankieta " * 200, source=NeedSource.SURVEY), acting=cast.animator)
    for i in range(40):
        diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
            name=f"Zasób {i}", kind=ResourceKind.GROUP, offers="pomoc sąsiedzka " * 20,
            contact=CONTACT), acting=cast.animator)
    db.session.commit()
    response = english(client).get(f"/editions/{cast.edition.id}/diagnosis.pdf")
    assert response.status_code == 200
    text, pages = pdf_text(response.data)
    words = flat(text)
    assert pages >= 8
    assert tail in words
    assert "Zasób 39" in words
    assert "KONTAKT" not in words
    document = pdfium.PdfDocument(response.data)
    for i in range(len(document)):
        w, h = document[i].get_size()
        assert sorted((round(w), round(h))) == [595, 842]
