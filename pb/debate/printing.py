"""Ballot cards to print, in the coordinator's language (Polish by default)."""

from __future__ import annotations

from flask_babel import gettext as _

from pb.debate.forms import CATEGORY_LABELS
from pb.debate.models import Debate
from pb.debate.services import IssuedCard, marking_rule


def cards_pdf(debate: Debate, issued: list[IssuedCard], *, large_print: bool = False) -> bytes:
    from pb.debate.cards_pdf import CardSheetText, CardToPrint, ballot_cards_pdf

    category = issued[0].category
    text = CardSheetText(
        edition_name=debate.edition.name,
        debate_name=debate.name,
        category_label=str(CATEGORY_LABELS[category]).upper(),
        rule_text=str(marking_rule(debate)),
        scan_line=_("Scan the square code with your phone and vote there."),
        paper_line=_("Or mark the boxes with a cross and hand the card to the counting desk."),
        code_label=_("Card code"),
        projects=[entry.project.title for entry in debate.entries],
        footer=_("One card, one vote. Keep it until you have voted."),
        category=category.value,
        number_prefix=_("no."),
    )
    cards = [CardToPrint(card.code, card.url, card.number) for card in issued]
    return ballot_cards_pdf(text, cards, large_print=large_print)
