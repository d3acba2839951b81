"""The offline hall: with every host but pb's own blocked in the browser, every page that the
public and each role open still loads fully, and none of them asks for anything elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.a11y.conftest import DESKTOP, PHONE, close_voting, open_voting, sign_in

pytestmark = pytest.mark.browser

# Lazy images are made eager first, so every picture on the page is fetched and checked.
_LOADED = """async () => {
  for (const i of document.images) i.loading = 'eager';
  await Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)));
  return {
  images: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))
                .map(i => i.src),
  styles: Array.from(document.styleSheets).filter(s => !s.cssRules.length).map(s => s.href),
  styled: getComputedStyle(document.body).display === 'flex',
  external: Array.from(document.querySelectorAll('[src], link[href]'))
                .map(e => e.src || e.href).filter(u => u && !u.startsWith(location.origin)),
  };
}"""


class OfflineHall:
    """Browser contexts that can reach only pb, recording what they tried to reach besides."""

    def __init__(self, browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.host = urlsplit(base).netloc
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.problems: dict[str, object] = {}
        self.visited = 0

    def context(self, **options):
        context = self.browser.new_context(**options)

        def gate(route) -> None:
            url = route.request.url
            if urlsplit(url).netloc == self.host or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                self.blocked.append(url)
                route.abort("internetdisconnected")

        context.route("**/*", gate)
        # A request cut short by the next navigation (the icon, often) is no failure.
        context.on("requestfailed", lambda request: None if request.failure == "net::ERR_ABORTED"
                   else self.failed.append(f"{request.url}: {request.failure}"))
        return context

    def visit(self, page, path: str, status: int = 200) -> None:
        response = page.goto(self.base + path)
        page.wait_for_load_state("load")
        self.visited += 1
        if response is None or response.status != status:
            self.problems[path] = f"status {response.status if response else None}"
            return
        state = page.evaluate(_LOADED)
        if state["images"] or state["styles"] or not state["styled"] or state["external"]:
            self.problems[path] = state


def test_every_page_loads_with_no_internet(browser, live_server, hall):
    from pb.accounts.services import issue_signin_card
    from pb.execution import services as execution
    from pb.extensions import db

    cast = hall.cast
    edition, debate = cast.edition.id, hall.debate.id
    draft, project = hall.draft.id, hall.projects[0].id
    offline = OfflineHall(browser, live_server)
    _card, signin_code = issue_signin_card(cast.participant, acting=cast.animator,
                                           single_use=False, valid_days=3)
    db.session.commit()

    public = offline.context(**PHONE).new_page()
    # The gate works: going elsewhere is stopped and recorded.
    probe = public.context.new_page()
    with pytest.raises(PlaywrightError):
        probe.goto("http://203.0.113.7/probe")
    probe.close()
    assert offline.blocked == ["http://203.0.113.7/probe"]
    offline.blocked.clear()
    offline.failed.clear()
    for path in ["/", "/login", "/editions/", f"/editions/{edition}", f"/projects/{project}",
                 f"/debates/{debate}", "/vote", f"/v/{hall.cards[0].code}",
                 f"/k/{signin_code}"]:
        offline.visit(public, path)
    offline.visit(public, "/no-such-page", status=404)

    open_voting(hall)
    offline.visit(public, f"/debates/{debate}")
    offline.visit(public, f"/v/{hall.cards[0].code}")
    public.get_by_role("checkbox").first.check()
    public.get_by_role("button", name="Dalej: sprawdź wybór").click()
    public.get_by_role("button", name="Potwierdzam mój głos").click()
    public.wait_for_load_state("load")
    assert "/receipt/" in public.url

    teller = offline.context(**DESKTOP).new_page()
    sign_in(teller, live_server, cast.teller.login)
    offline.visit(teller, f"/debates/{debate}/desk")
    offline.visit(teller, f"/debates/{debate}/desk?code={hall.cards[1].code}")

    participant = offline.context(**DESKTOP).new_page()
    sign_in(participant, live_server, cast.participant.login)
    for path in ["/", f"/groups/{cast.group.id}", f"/projects/{draft}",
                 f"/projects/{draft}/edit", f"/projects/{draft}/results",
                 f"/projects/{draft}/schedule", f"/projects/{draft}/budget", "/account"]:
        offline.visit(participant, path)

    coordinator = offline.context(**DESKTOP).new_page()
    sign_in(coordinator, live_server, cast.coordinator.login)
    for path in ["/manage/", f"/manage/editions/{edition}", f"/manage/editions/{edition}/edit",
                 f"/manage/editions/{edition}/debate", f"/debates/{debate}/console",
                 "/accounts/", "/accounts/new"]:
        offline.visit(coordinator, path)
    animator = offline.context(**DESKTOP).new_page()
    sign_in(animator, live_server, cast.animator.login)
    offline.visit(animator, f"/groups/{cast.group.id}/members/{cast.participant.id}/card")

    close_voting(hall)
    execution.start_execution(hall.debate, ["1", "2"], acting=cast.coordinator)
    db.session.commit()
    offline.visit(public, f"/debates/{debate}")
    offline.visit(public, f"/editions/{edition}/progress")
    offline.visit(participant, f"/projects/{project}/execution")
    offline.visit(coordinator, f"/manage/editions/{edition}/execution")

    assert offline.visited >= 30
    assert offline.problems == {}
    assert offline.blocked == []
    assert offline.failed == []
    for page in (public, teller, participant, coordinator, animator):
        page.context.close()
