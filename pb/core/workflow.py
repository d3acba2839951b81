"""The life of a micro-project and the one table that says which moves are legal, and for whom.

draft → submitted → (returned → submitted …) → accepted for the debate; or withdrawn.
After the debate: accepted → in execution (chosen) or not chosen; in execution → completed, or
abandoned with a reason.
"""

from __future__ import annotations

import enum


class ProjectState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"
    NOT_SELECTED = "not_selected"
    IN_EXECUTION = "in_execution"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class Action(enum.StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    SELECT = "select"
    NOT_SELECT = "not_select"
    COMPLETE = "complete"
    ABANDON = "abandon"


class Actor(enum.StrEnum):
    """How a person relates to a project: a member of its group, or its edition's manager
    (the edition's animator or a coordinator)."""

    MEMBER = "member"
    MANAGER = "manager"


_BOTH = frozenset({Actor.MEMBER, Actor.MANAGER})
_MANAGER = frozenset({Actor.MANAGER})

# (state, action) → (new state, who may do it)
TRANSITIONS: dict[tuple[ProjectState, Action], tuple[ProjectState, frozenset[Actor]]] = {
    (ProjectState.DRAFT, Action.SUBMIT): (ProjectState.SUBMITTED, _BOTH),
    (ProjectState.RETURNED, Action.SUBMIT): (ProjectState.SUBMITTED, _BOTH),
    (ProjectState.SUBMITTED, Action.RETURN): (ProjectState.RETURNED, _MANAGER),
    (ProjectState.SUBMITTED, Action.ACCEPT): (ProjectState.ACCEPTED, _MANAGER),
    # Until the debate the animator may take an accepted project back for changes.
    (ProjectState.ACCEPTED, Action.RETURN): (ProjectState.RETURNED, _MANAGER),
    (ProjectState.DRAFT, Action.WITHDRAW): (ProjectState.WITHDRAWN, _BOTH),
    (ProjectState.RETURNED, Action.WITHDRAW): (ProjectState.WITHDRAWN, _BOTH),
    (ProjectState.SUBMITTED, Action.WITHDRAW): (ProjectState.WITHDRAWN, _BOTH),
    (ProjectState.WITHDRAWN, Action.REOPEN): (ProjectState.DRAFT, _BOTH),
    # The debate's result moves accepted projects on; only managers carry it out.
    (ProjectState.ACCEPTED, Action.SELECT): (ProjectState.IN_EXECUTION, _MANAGER),
    (ProjectState.ACCEPTED, Action.NOT_SELECT): (ProjectState.NOT_SELECTED, _MANAGER),
    (ProjectState.IN_EXECUTION, Action.COMPLETE): (ProjectState.COMPLETED, _MANAGER),
    (ProjectState.IN_EXECUTION, Action.ABANDON): (ProjectState.ABANDONED, _MANAGER),
}

# A group edits its project only while it is in its hands.
EDITABLE = frozenset({ProjectState.DRAFT, ProjectState.RETURNED})
# What the public may see.
PUBLIC = frozenset({
    ProjectState.ACCEPTED,
    ProjectState.NOT_SELECTED,
    ProjectState.IN_EXECUTION,
    ProjectState.COMPLETED,
    ProjectState.ABANDONED,
})
# While the group records its work: tasks, expenses, results, journal.
EXECUTING = frozenset({ProjectState.IN_EXECUTION})
# Chosen at the debate.
CHOSEN = frozenset({ProjectState.IN_EXECUTION, ProjectState.COMPLETED, ProjectState.ABANDONED})


class IllegalTransition(Exception):
    """The move is not in :data:`TRANSITIONS`, or not for this actor."""

    def __init__(self, state: ProjectState, action: Action, reason: str) -> None:
        super().__init__(f"{action} from {state}: {reason}")
        self.state, self.action, self.reason = state, action, reason


def transition(state: ProjectState, action: Action, actors: set[Actor]) -> ProjectState:
    """The state after ``action``; raises :class:`IllegalTransition` (reason ``state`` or
    ``actor``) when the move is not legal or the actor may not make it."""
    rule = TRANSITIONS.get((state, action))
    if rule is None:
        raise IllegalTransition(state, action, "state")
    new_state, allowed = rule
    if not (allowed & actors):
        raise IllegalTransition(state, action, "actor")
    return new_state


def allowed_actions(state: ProjectState, actors: set[Actor]) -> list[Action]:
    """The actions these actors may take now, in a stable order."""
    return [
        action
        for action in Action
        if (rule := TRANSITIONS.get((state, action))) is not None and rule[1] & actors
    ]


# --- a task of a project in execution ----------------------------------------------------------


class TaskStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


# status → the statuses a task may move to from it. Staying put (notes, dates) is always
# allowed. A finished task can be reopened and a dropped one taken up again, since the record
# must be able to follow what really happened.
TASK_MOVES: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.PLANNED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.DROPPED}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.PLANNED, TaskStatus.DONE, TaskStatus.DROPPED}),
    TaskStatus.DONE: frozenset({TaskStatus.IN_PROGRESS}),
    TaskStatus.DROPPED: frozenset({TaskStatus.PLANNED}),
}
# A project is completed only when each of its tasks is closed.
CLOSED_TASK = frozenset({TaskStatus.DONE, TaskStatus.DROPPED})


def task_move_allowed(current: TaskStatus, new: TaskStatus) -> bool:
    """Whether a task in ``current`` may be recorded as ``new``."""
    return new == current or new in TASK_MOVES[current]
