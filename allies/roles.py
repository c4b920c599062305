"""The role each excerpt plays for the tie that cites it: it supports the tie (the default),
qualifies it (limits or nuances it without denying it) or weakens it (says the tie, or the ally
at its end, has lost strength).

relationships.csv keeps every excerpt of a tie in `excerpt_ids`; the optional columns
`qualifying_excerpt_ids` and `weakening_excerpt_ids` name those among them that do not support
the tie. Only supporting excerpts count towards how many sources support a tie
(allies.agreement), the support matrix and the per-source filters; the others are still quoted,
apart, under their own heading.
"""

from __future__ import annotations

from allies.schema import ROLE_COLUMNS

SUPPORTS = "supports"
ROLES = (SUPPORTS, *ROLE_COLUMNS)
# What the panel calls the excerpts of each role other than support.
ROLE_HEADINGS = {
    "qualifies": "Qualifies the tie",
    "weakens": "Says the tie or its ally has been weakened",
}


def _ids(tie, column: str) -> tuple[str, ...]:
    """A role column of one tie (a row tuple, Series or dict); () where the column is absent."""
    value = tie.get(column, ()) if isinstance(tie, dict) else getattr(tie, column, ())
    return tuple(value) if isinstance(value, tuple | list) else ()


def roles(tie) -> dict[str, str]:
    """{excerpt_id: role} for every excerpt the tie cites, in the order of `excerpt_ids`."""
    given = {e: role for role, column in ROLE_COLUMNS.items() for e in _ids(tie, column)}
    return {e: given.get(e, SUPPORTS) for e in _ids(tie, "excerpt_ids")}


def supporting(tie) -> tuple[str, ...]:
    """The excerpts that support the tie (every excerpt that is given no other role)."""
    return tuple(e for e, role in roles(tie).items() if role == SUPPORTS)


def other_roles(tie) -> dict[str, tuple[str, ...]]:
    """{role: excerpt ids} for the roles other than support that the tie's excerpts play."""
    found = roles(tie)
    return {
        role: tuple(e for e, r in found.items() if r == role)
        for role in ROLE_COLUMNS
        if role in found.values()
    }


def supporting_map(ties) -> dict[str, tuple[str, ...]]:
    """{rel_id: supporting excerpt ids} for a frame of ties."""
    return {tie.rel_id: supporting(tie) for tie in ties.itertuples(index=False)}
