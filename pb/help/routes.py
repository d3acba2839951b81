"""The tellers' guide and the "how to vote" slide of a debate, in the visitor's language.

Both are pages to print (the guide on one A4 sheet, the slide on one landscape sheet) or to show
on the hall's projector. Anyone who may see the debate's public page may see them.
"""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from pb import permissions
from pb.core.qr import qr_svg
from pb.debate import services as debates
from pb.debate.models import Debate
from pb.help import bp
from pb.permissions import load


def _visible(debate_id: int) -> Debate:
    return load(Debate, debate_id, permissions.can_see_debate, hidden=True)


def _public(endpoint: str, **values) -> str:
    """The address as phones in the hall reach it (the LAN address the QR codes carry)."""
    return current_app.config["PUBLIC_URL"] + url_for(endpoint, **values)


@bp.route("/debates/<int:debate_id>/guide")
def guide(debate_id: int):
    debate = _visible(debate_id)
    return render_template(
        "help/guide.html",
        debate=debate,
        rule_text=debates.marking_rule(debate),
        desk_url=_public("debate.desk", debate_id=debate.id),
    )


@bp.route("/debates/<int:debate_id>/slide")
def slide(debate_id: int):
    debate = _visible(debate_id)
    page_url = _public("debate.public", debate_id=debate.id)
    return render_template(
        "help/slide.html",
        debate=debate,
        rule_text=debates.marking_rule(debate),
        qr=qr_svg(page_url, size_px=320, title=_("Code of the debate page")),
        page_url=page_url,
        vote_url=_public("debate.type_code"),
    )
