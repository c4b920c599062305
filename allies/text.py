"""Source documents as text: line roles, boilerplate detection, sentences and verbatim lookup.

Each line of a source file is one paragraph. Every line gets a role:

- ``title``: the first line, and any later line that repeats it;
- ``heading``: a short section heading without closing punctuation;
- ``toc``: "Table of Contents" and the bullets that list a heading of the same document;
- ``boilerplate``: link-spam bullets (a bullet that names no heading and is not a sentence), a
  "Related Post(s)" / "Related Articles" / "You may also like" line and everything after it;
- ``headline``: a related news headline set apart by blank lines after the article's last link list;
- ``article``: everything else, the body text.

Only ``article``, ``heading``, ``headline`` and ``title`` lines may be quoted as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

ROLES = ("title", "heading", "toc", "boilerplate", "headline", "article")
QUOTABLE_ROLES = frozenset({"title", "heading", "headline", "article"})

_WS = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_RELATED = re.compile(
    r"^\s*(?:related (?:posts?|articles?|stories|reading)|you (?:may|might) also like|"
    r"read more|more stories)\s*:?\s*$",
    re.IGNORECASE,
)
_TOC = re.compile(r"^\s*table of contents\s*$", re.IGNORECASE)
_CLOSING = tuple('.!?"”’')
_HEADING_MAX_WORDS = 14
# A sentence ends at . ! or ? (plus closing quotes) before a space and a capital, a digit or an
# opening quote; or, where the source lost its space ("investee.In"), after a word of two or more
# lower-case letters and a full stop before a capitalised word. "U.S. forces" does not split.
_SENTENCE_END = re.compile(
    r"[.!?][\"”’)]*(?=\s+(?:[>\"“‘(]\s*)*[A-Z0-9])|(?<=[a-z]{2})[.](?=[A-Z][a-z])"
)
_QUOTE_MARK = re.compile(r"^(?:>|[-*•](?=\s))\s*")
# A bullet of the article's own prose (not a link): a sentence of several words, with lower-case
# words, ending in closing punctuation. Link-spam bullets are Title Case headlines without it.
_PROSE_BULLET_MIN_WORDS = 6


def normalize(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Line:
    """One line (paragraph) of a source file with its 1-based line number and role."""

    number: int
    text: str
    role: str

    @property
    def quotable(self) -> bool:
        return self.role in QUOTABLE_ROLES


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body text, with its span in the document's normalised text."""

    line: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """Where a quote stands in a document: its span, first line and whether it may be quoted."""

    start: int
    end: int
    line: int
    roles: frozenset[str]

    @property
    def quotable(self) -> bool:
        return self.roles <= QUOTABLE_ROLES


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    return (
        len(stripped.split()) <= _HEADING_MAX_WORDS
        and not stripped.endswith((*_CLOSING, ":", ";", ","))
        and stripped[:1].isupper()
    )


def _is_prose_bullet(item: str) -> bool:
    """A bulleted item that is a sentence of the article rather than a link title."""
    words = item.split()
    lower = sum(1 for w in words if w[:1].islower())
    return (
        len(words) >= _PROSE_BULLET_MIN_WORDS
        and item.rstrip().endswith(_CLOSING)
        and lower >= len(words) // 3
    )


def _is_spam_bullet(text: str, plain: set[str]) -> bool:
    """A bullet that is neither a table-of-contents entry nor a sentence of the article."""
    if not _BULLET.match(text):
        return False
    item = normalize(_BULLET.sub("", text))
    return not (item in plain and _is_heading(item)) and not _is_prose_bullet(item)


def classify_lines(raw: str) -> list[Line]:
    """Give every non-blank line of a source text its role (see the module docstring)."""
    physical = raw.splitlines()
    numbered = [(i + 1, text) for i, text in enumerate(physical) if text.strip()]
    if not numbered:
        return []
    title = normalize(numbered[0][1])
    plain = {normalize(t) for _, t in numbered if not _BULLET.match(t)}
    last_bullet = max((n for n, t in numbered if _is_spam_bullet(t, plain)), default=0)
    blank_after_bullets = next(
        (i + 1 for i in range(last_bullet, len(physical)) if not physical[i].strip()), None
    )

    lines: list[Line] = []
    related_seen = False
    for number, text in numbered:
        norm = normalize(text)
        if related_seen or _RELATED.match(text):
            related_seen = True
            role = "boilerplate"
        elif number == numbered[0][0] or norm == title:
            role = "title"
        elif _TOC.match(text):
            role = "toc"
        elif _BULLET.match(text):
            item = normalize(_BULLET.sub("", text))
            if item in plain and _is_heading(item):
                role = "toc"
            elif _is_prose_bullet(item):
                role = "article"
            else:
                role = "boilerplate"
        elif blank_after_bullets is not None and last_bullet and number > blank_after_bullets:
            role = "headline"
        elif _is_heading(text):
            role = "heading"
        else:
            role = "article"
        lines.append(Line(number, text, role))
    return lines


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences; a leading blockquote or bullet marker is dropped."""
    text = normalize(paragraph)
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    sentences = [_QUOTE_MARK.sub("", p.strip()) for p in pieces]
    return [s for s in sentences if s]


class SourceText:
    """A source document: its lines with roles, normalised text, sentences and quote lookup."""

    def __init__(self, raw: str):
        self.raw = raw
        self.lines = classify_lines(raw)
        pieces: list[str] = []
        self._spans: list[tuple[int, int, Line]] = []
        pos = 0
        for line in self.lines:
            norm = normalize(line.text)
            self._spans.append((pos, pos + len(norm), line))
            pieces.append(norm)
            pos += len(norm) + 1
        self.text = " ".join(pieces)

    def lines_between(self, start: int, end: int) -> list[Line]:
        """The lines whose normalised span overlaps [start, end)."""
        return [line for s, e, line in self._spans if s < end and e > start]

    def find(self, quote: str) -> list[Match]:
        """Every place where the quote stands, whitespace aside."""
        needle = normalize(quote)
        if not needle:
            return []
        matches = []
        start = self.text.find(needle)
        while start != -1:
            end = start + len(needle)
            touched = self.lines_between(start, end)
            matches.append(
                Match(start, end, touched[0].number, frozenset(line.role for line in touched))
            )
            start = self.text.find(needle, start + 1)
        return matches

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of the quotable prose: article paragraphs (joined where a sentence runs on
        to the next line) and related headlines."""
        found: list[Sentence] = []
        block: list[tuple[int, int, Line]] = []

        def flush() -> None:
            if not block:
                return
            b_start, b_end = block[0][0], block[-1][1]
            cursor = b_start
            for sentence in split_sentences(self.text[b_start:b_end]):
                s = self.text.find(sentence, cursor, b_end)
                if s == -1:  # cannot happen: split_sentences keeps the text verbatim
                    continue
                e = s + len(sentence)
                first = next(line for ls, le, line in block if ls <= s < le + 1)
                found.append(Sentence(first.number, sentence, s, e))
                cursor = e
            block.clear()

        for span in self._spans:
            line = span[2]
            if line.role == "article":
                # A line that starts in lower case continues the previous line's sentence.
                if not line.text.lstrip()[:1].islower():
                    flush()
                block.append(span)
            else:
                flush()
                if line.role == "headline":
                    block.append(span)
                    flush()
        flush()
        return found
