"""Where a text names known actors and places, by name or alias, and which capitalised names it
uses that match nothing known.

One matching rule serves the side panel's highlighter and the ingest of a new source: whole
words only; names of three characters or fewer ("US", "EU", "UN") match only in the case they
are written in, so that "us" and "un-" stay plain; longer names match in any case. Where two
names overlap, the longer wins ("Islamic Resistance in Iraq" is not also "Iraq").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_NAME = 2  # a one-letter alias would match everywhere
CASE_SENSITIVE_UP_TO = 3

# Capitalised words that are not names on their own: sentence openers, months, days.
_COMMON = frozenset(
    """a an the this that these those it its in on at of for from to by with as and or but if
    while when where after before since during despite although though however yet also both
    each every some many most such their there they he she we our his her what which who why how
    beyond among alongside following together nevertheless meanwhile further still even only
    analysts officials observers critics table contents
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()  # noqa: SIM905
)
_CAPITALISED = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*)"
    r"(?:\s+(?:(?:of|the|al|for|and|de|bin|in)\s+)?(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*))*"
)
_POSSESSIVE = re.compile(r"['’]s$")
# One capitalised word that is an adjective of a name ("Iranian", "Western", "Russian-made").
_ADJECTIVE = re.compile(r"(?:ian|ean|ern|ese|ish|-\w+)$")


def name_regex(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of the names as whole words (see the module docstring); the
    matched name is group 1. None when there is no name of two characters or more."""
    terms = sorted({n.strip() for n in names if len(n.strip()) >= MIN_NAME}, key=len, reverse=True)
    if not terms:
        return None
    parts = [
        re.escape(t) if len(t) <= CASE_SENSITIVE_UP_TO else f"(?i:{re.escape(t)})" for t in terms
    ]
    return re.compile(r"(?<![\w])(" + "|".join(parts) + r")(?![\w])")


def _key(name: str) -> str:
    return name if len(name) <= CASE_SENSITIVE_UP_TO else name.casefold()


@dataclass(frozen=True)
class Mention:
    """A name found in a text: what it names (`kind` actor or place, and ids), and where."""

    kind: str
    ids: tuple[str, ...]
    name: str
    start: int
    end: int


class Matcher:
    """Finds the actors and places a text names. Built from {id: names} per kind; an alias shared
    by two actors names both (the reviewer picks)."""

    def __init__(self, kinds: Mapping[str, Mapping[str, Iterable[str]]]):
        self._owners: dict[str, dict[str, list[str]]] = {}
        names: list[str] = []
        for kind, by_id in kinds.items():
            for ident, own_names in by_id.items():
                for name in own_names:
                    name = name.strip()
                    if len(name) < MIN_NAME:
                        continue
                    owners = self._owners.setdefault(_key(name), {})
                    owners.setdefault(kind, [])
                    if ident not in owners[kind]:
                        owners[kind].append(ident)
                    names.append(name)
        self._pattern = name_regex(names)

    def find(self, text: str) -> list[Mention]:
        """Every known name in the text, in order."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            name = match.group(1)
            for kind, ids in self._owners.get(_key(name), {}).items():
                found.append(Mention(kind, tuple(ids), name, match.start(1), match.end(1)))
        return found

    def ids(self, text: str, kind: str) -> list[str]:
        """The ids of one kind that the text names, in order of first mention."""
        out: dict[str, None] = {}
        for mention in self.find(text):
            if mention.kind == kind:
                out.update(dict.fromkeys(mention.ids))
        return list(out)

    def unknown_names(self, text: str) -> list[str]:
        """Capitalised names in the text that match no known name: candidates for new actors or
        places. A single capitalised word that opens the sentence, or is a common word, is left
        out; so is anything overlapping a known name."""
        known = [(m.start, m.end) for m in self.find(text)]
        out: dict[str, None] = {}
        for match in _CAPITALISED.finditer(text):
            start, end = match.span()
            if any(s < end and e > start for s, e in known):
                continue
            words = match.group(0).split()
            while words and words[0].casefold() in _COMMON:
                start += len(words[0]) + 1
                words = words[1:]
            if not words:
                continue
            name = _POSSESSIVE.sub("", " ".join(words))
            single = len(words) == 1
            opens = text[:start].strip() == ""
            if single and (opens or len(name) < MIN_NAME + 1 or _ADJECTIVE.search(name)):
                continue
            out[name] = None
        return list(out)


def actor_names(actors) -> dict[str, list[str]]:
    """{actor_id: [name, *aliases]} from the actors table."""
    return {row.actor_id: [row.name, *row.aliases] for row in actors.itertuples()}


def place_names(places) -> dict[str, list[str]]:
    """{place_id: [name, *aliases]} from the places table (aliases is an optional property)."""
    aliases = places["aliases"] if "aliases" in places else [()] * len(places)
    return {
        pid: [name, *extra]
        for pid, name, extra in zip(places["place_id"], places["name"], aliases, strict=True)
    }


def matcher(ds) -> Matcher:
    """The matcher of a dataset's actors and places."""
    return Matcher({"actor": actor_names(ds.actors), "place": place_names(ds.places)})
