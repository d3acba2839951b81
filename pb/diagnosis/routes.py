"""Pages of the diagnosis: the map and lists of needs and resources, the district plan,
residents' reports and their moderation, and the exports."""

from __future__ import annotations

from pb.diagnosis import bp  # noqa: F401

from pb.diagnosis import routes_exports  # noqa: E402,F401
from pb.diagnosis import routes_map  # noqa: E402,F401
