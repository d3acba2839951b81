"""Read and write the Pabulib ``.pb`` format (pabulib.org) as :class:`~pb.core.tally.Election`.

A file has three sections, ``META``, ``PROJECTS`` and ``VOTES``: each a title line, a header line,
then rows of ``;``-separated fields with CSV quoting. UTF-8, with or without a byte-order mark;
LF or CRLF line ends.

pb adds two optional, non-standard fields for its debates: a ``voter_category`` column in VOTES
(``resident``, ``official``, …) and a META ``voter_category_weights`` entry such as
``resident:1,official:2``. Other tools ignore them.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

from pb.core.tally.model import (
    VOTE_TYPES,
    Ballot,
    Election,
    Money,
    Project,
    ScoringFn,
    TallyError,
)

SECTIONS = ("META", "PROJECTS", "VOTES")


class PabulibError(ValueError):
    """A ``.pb`` file that cannot be read: ``line`` (1-based, or None) and ``problem``."""

    def __init__(self, line: int | None, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}" if line else problem)


def _number(text: str, line: int, what: str) -> Money:
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise PabulibError(line, f"{what} is not a number: {text!r}") from None
    return value.numerator if value.denominator == 1 else value


def _integer(text: str, line: int, what: str) -> int:
    value = _number(text, line, what)
    if not isinstance(value, int):
        raise PabulibError(line, f"{what} must be a whole number: {text!r}")
    return value


def _scoring_fn(text: str, line: int | None) -> ScoringFn | None:
    """``Borda`` (or nothing) means Borda; else a comma-separated list of points by position."""
    name = text.strip()
    if not name or name.lower() == "borda":
        return None
    try:
        points = [Fraction(part.strip()) for part in name.split(",")]
    except (ValueError, ZeroDivisionError):
        raise PabulibError(line, f"unsupported scoring_fn {text!r}") from None

    def by_position(position: int, length: int, max_length: int | None) -> Money:
        if position >= len(points):
            return 0
        value = points[position]
        return value.numerator if value.denominator == 1 else value

    return by_position


def _category_weights(text: str, line: int) -> dict[str, Money]:
    weights: dict[str, Money] = {}
    for part in text.split(","):
        name, sep, value = part.partition(":")
        if not sep or not name.strip():
            raise PabulibError(line, f"voter_category_weights wants name:weight, got {part!r}")
        weights[name.strip()] = _number(value, line, "a voter category weight")
    return weights


def loads(text: str) -> Election:
    """Parse the text of a ``.pb`` file into an election.

    Raises :class:`PabulibError` naming the line and the problem when the file is not valid.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    section: str | None = None
    header: list[str] | None = None
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    seen_sections: list[str] = []
    projects: list[Project] = []
    project_ids: dict[str, int] = {}
    project_lines: list[int] = []
    votes_rows: list[tuple[int, list[str]]] = []
    votes_header: list[str] | None = None
    votes_header_line = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            title = row[0].strip().upper()
            if title in SECTIONS and all(not f.strip() for f in row[1:]):
                if title in seen_sections:
                    raise PabulibError(line, f"section {title} appears twice")
                expected = SECTIONS[len(seen_sections)]
                if title != expected:
                    raise PabulibError(line, f"expected section {expected}, found {title}")
                seen_sections.append(title)
                section, header = title, None
                continue
            if section is None:
                raise PabulibError(line, "the file must start with META")
            if header is None:
                header = [h.strip().lower() for h in row]
                _check_header(section, header, line)
                if section == "VOTES":
                    votes_header, votes_header_line = header, line
                continue
            if len(row) == 1 and row[0].strip().isupper() and len(header) > 1:
                raise PabulibError(line, f"unknown section {row[0].strip()!r}")
            if len(row) != len(header):
                raise PabulibError(
                    line, f"{section} row has {len(row)} fields, the header {len(header)}"
                )
            if section == "META":
                key = row[0].strip()
                meta[key] = row[1].strip()
                meta_lines[key] = line
            elif section == "PROJECTS":
                fields = dict(zip(header, row, strict=True))
                pid = fields.pop("project_id").strip()
                if not pid:
                    raise PabulibError(line, "empty project_id")
                if pid in project_ids:
                    raise PabulibError(line, f"project {pid!r} is listed twice")
                cost = _number(fields.pop("cost"), line, "cost")
                if cost < 0:
                    raise PabulibError(line, f"project {pid!r} has a negative cost")
                name = fields.pop("name", "")
                category = fields.pop("category", None) or None
                project_ids[pid] = len(projects)
                project_lines.append(line)
                projects.append(Project(pid, cost, name, category, fields))
            else:
                votes_rows.append((line, row))
    except csv.Error as exc:
        raise PabulibError(reader.line_num, f"bad quoting: {exc}") from None
    for name in SECTIONS:
        if name not in seen_sections:
            raise PabulibError(None, f"section {name} is missing")
    return _election(meta, meta_lines, projects, project_ids, votes_header or [],
                     votes_header_line, votes_rows)


def _check_header(section: str, header: list[str], line: int) -> None:
    required = {"META": ("key", "value"), "PROJECTS": ("project_id", "cost"),
                "VOTES": ("voter_id", "vote")}[section]
    for column in required:
        if column not in header:
            raise PabulibError(line, f"{section} header lacks the {column!r} column")
    if len(set(header)) != len(header):
        raise PabulibError(line, f"{section} header repeats a column")


def _election(
    meta: dict[str, str],
    meta_lines: dict[str, int],
    projects: list[Project],
    project_ids: dict[str, int],
    header: list[str],
    header_line: int,
    rows: list[tuple[int, list[str]]],
) -> Election:
    def where(key: str) -> int | None:
        return meta_lines.get(key)

    if "budget" not in meta:
        raise PabulibError(None, "META has no budget")
    budget = _number(meta["budget"], where("budget"), "budget")
    if budget < 0:
        raise PabulibError(where("budget"), "the budget is negative")
    vote_type = meta.get("vote_type", "approval").strip().lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(where("vote_type"), f"unknown vote_type {vote_type!r}")
    lengths = {}
    for key in ("min_length", "max_length"):
        if meta.get(key):
            lengths[key] = _integer(meta[key], where(key), key)
    threshold = None
    if meta.get("min_project_score_threshold"):
        threshold = _number(meta["min_project_score_threshold"],
                            where("min_project_score_threshold"), "min_project_score_threshold")
    scoring = None
    if vote_type == "ordinal" and meta.get("scoring_fn"):
        scoring = _scoring_fn(meta["scoring_fn"], where("scoring_fn"))
    weights = {}
    if meta.get("voter_category_weights"):
        weights = _category_weights(meta["voter_category_weights"],
                                    where("voter_category_weights"))

    with_points = vote_type in ("cumulative", "scoring")
    if with_points and "points" not in header:
        raise PabulibError(header_line, f"{vote_type} votes need a 'points' column")
    vote_col = header.index("vote")
    id_col = header.index("voter_id")
    points_col = header.index("points") if with_points else -1
    cat_col = header.index("voter_category") if "voter_category" in header else -1
    ballots: list[Ballot] = []
    voter_ids: set[str] = set()
    known = project_ids
    for line, row in rows:
        voter = row[id_col].strip()
        if voter in voter_ids:
            raise PabulibError(line, f"voter {voter!r} appears twice")
        voter_ids.add(voter)
        text = row[vote_col].strip()
        chosen = [part.strip() for part in text.split(",")] if text else []
        for pid in chosen:
            if pid not in known:
                raise PabulibError(line, f"vote for unknown project {pid!r}")
        points = None
        if with_points:
            raw = row[points_col].strip()
            parts = raw.split(",") if raw else []
            if len(parts) != len(chosen):
                raise PabulibError(
                    line, f"{len(chosen)} projects but {len(parts)} points"
                )
            points = tuple(_number(p, line, "points") for p in parts)
            if len(set(chosen)) != len(chosen):
                raise PabulibError(line, "a project is named twice on a points ballot")
        elif len(set(chosen)) != len(chosen):
            chosen = list(dict.fromkeys(chosen))
        if vote_type == "choose-1" and len(chosen) > 1:
            raise PabulibError(line, "a choose-1 ballot names more than one project")
        category = row[cat_col].strip() or None if cat_col >= 0 else None
        ballots.append(Ballot(tuple(chosen), points, category))
    try:
        return Election(
            projects=projects,
            ballots=ballots,
            budget=budget,
            vote_type=vote_type,
            category_weights=weights,
            scoring_fn=scoring,
            min_length=lengths.get("min_length"),
            max_length=lengths.get("max_length"),
            min_project_score_threshold=threshold,
            meta=meta,
            currency=meta.get("currency", "PLN") or "PLN",
        )
    except TallyError as exc:
        raise PabulibError(None, str(exc)) from None


def read(path: str | os.PathLike[str]) -> Election:
    """Read a ``.pb`` file (UTF-8, with or without BOM) into an election."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PabulibError(None, f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError(line, "the file is not UTF-8") from None
    return loads(text)


def format_number(value: Money) -> str:
    """Write an exact number as Pabulib does: ``6500``, ``222176.85``.

    Raises :class:`PabulibError` for a fraction with no finite decimal form (such as 1/3).
    """
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    den = value.denominator
    digits = 0
    while den % 10 == 0 or den % 2 == 0 or den % 5 == 0:
        if den % 10 == 0:
            den //= 10
        elif den % 2 == 0:
            den //= 2
        else:
            den //= 5
        digits += 1
    if den != 1:
        raise PabulibError(None, f"{value} has no finite decimal form")
    scaled = value * 10**digits
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(int(scaled)), 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}".rstrip("0").rstrip(".")


def dumps(election: Election, meta: Mapping[str, str] | None = None) -> str:
    """Write an election as ``.pb`` text, with anonymous voter ids ``1, 2, …``.

    META starts from ``election.meta`` (then ``meta``) with the counts, budget and vote type set
    from the election. PROJECTS gets ``votes`` (supporters) and, for points ballots, ``score``.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n")
    fields: dict[str, str] = dict(election.meta)
    fields.update(meta or {})
    fields.update({
        "num_projects": str(len(election.projects)),
        "num_votes": str(len(election.ballots)),
        "budget": format_number(election.budget),
        "vote_type": election.vote_type,
    })
    if election.min_length is not None:
        fields["min_length"] = str(election.min_length)
    if election.max_length is not None:
        fields["max_length"] = str(election.max_length)
    if election.min_project_score_threshold is not None:
        fields["min_project_score_threshold"] = format_number(
            election.min_project_score_threshold
        )
    if election.category_weights:
        fields["voter_category_weights"] = ",".join(
            f"{name}:{format_number(w)}" for name, w in election.category_weights.items()
        )
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in fields.items():
        writer.writerow([key, value])

    supporters = election.approvers()
    scores = election.scores()
    points = election.vote_type not in ("approval", "choose-1")
    has_category = any(p.category for p in election.projects)
    extra: list[str] = []
    for project in election.projects:
        for key in project.extra:
            if key not in extra and key not in ("votes", "score", "name", "category"):
                extra.append(key)
    columns = ["project_id", "cost", "votes"] + (["score"] if points else []) + ["name"]
    columns += (["category"] if has_category else []) + extra
    writer.writerow(["PROJECTS"])
    writer.writerow(columns)
    for project in election.projects:
        row = [project.id, format_number(project.cost), format_number(supporters[project.id])]
        if points:
            row.append(format_number(scores[project.id]))
        row.append(project.name)
        if has_category:
            row.append(project.category or "")
        row.extend(project.extra.get(key, "") for key in extra)
        writer.writerow(row)

    with_points = election.vote_type in ("cumulative", "scoring")
    has_voter_category = any(b.category for b in election.ballots)
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote"] + (["points"] if with_points else [])
                    + (["voter_category"] if has_voter_category else []))
    for number, ballot in enumerate(election.ballots, start=1):
        row = [str(number), ",".join(ballot.projects)]
        if with_points:
            row.append(",".join(format_number(p) for p in ballot.points or ()))
        if has_voter_category:
            row.append(ballot.category or "")
        writer.writerow(row)
    return out.getvalue()


def write(election: Election, path: str | os.PathLike[str],
          meta: Mapping[str, str] | None = None) -> None:
    """Write an election to a ``.pb`` file (UTF-8, anonymous voter ids)."""
    Path(path).write_text(dumps(election, meta), encoding="utf-8", newline="")


def selected_in_file(election: Election) -> list[str] | None:
    """The projects a file marks as officially funded (``selected`` = 1), or None if unmarked."""
    if not election.projects or "selected" not in election.projects[0].extra:
        return None
    return [p.id for p in election.projects if p.extra.get("selected", "").strip() == "1"]

