"""What the diagnosis's enums are called on a page, in one place for every part to reuse."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from pb.diagnosis.models import NeedSource, NeedState, ResourceKind

NEED_SOURCE_LABELS = {
    NeedSource.SURVEY: _l("Residents' survey"),
    NeedSource.WALK: _l("Community walk"),
    NeedSource.MOPS: _l("Social welfare centre (MOPS) data"),
    NeedSource.MEETING: _l("Meeting with residents"),
    NeedSource.RESIDENT: _l("A resident's report"),
    NeedSource.OTHER: _l("Other"),
}

NEED_STATE_LABELS = {
    NeedState.OPEN: _l("Open"),
    NeedState.ANSWERED: _l("Answered by a project"),
    NeedState.CLOSED: _l("Closed with a note"),
}

RESOURCE_KIND_LABELS = {
    ResourceKind.PLACE: _l("Place"),
    ResourceKind.ORGANISATION: _l("Organisation"),
    ResourceKind.SERVICE: _l("Service"),
    ResourceKind.PERSON: _l("Person"),
    ResourceKind.GROUP: _l("Group"),
}
