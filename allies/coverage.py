"""How much of each source the excerpts cite: `python -m allies.coverage [DATA_DIR] [--list]`.

The sentences of a source are its article prose and related headlines (`SourceText.sentences`;
boilerplate, the table of contents, headings and the title are left out). A sentence counts as
cited when the quote of one excerpt from the same source covers at least half of its characters.
The report gives each source's share and the overall share, the lines taken as boilerplate and
the uncited sentences; `--list` lists every sentence with the excerpts that cite it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from allies.load import Dataset, DatasetError, load_dataset
from allies.paths import DATA_DIR
from allies.text import Sentence, SourceText


@dataclass(frozen=True)
class SourceCoverage:
    """One source's sentences, the excerpts citing each, and the lines taken as boilerplate."""

    source_id: str
    sentences: tuple[Sentence, ...]
    citing: tuple[tuple[str, ...], ...]
    boilerplate_lines: tuple[int, ...]

    @property
    def uncited(self) -> list[Sentence]:
        return [s for s, ids in zip(self.sentences, self.citing, strict=True) if not ids]

    @property
    def cited_count(self) -> int:
        return len(self.sentences) - len(self.uncited)

    @property
    def share(self) -> float:
        """Cited sentences as a fraction of all sentences (1.0 for a source without any)."""
        return self.cited_count / len(self.sentences) if self.sentences else 1.0


def _quote_spans(text: SourceText, quote: str, paragraph: int) -> list[tuple[int, int]]:
    """Where a quote stands in the source: the quotable matches at its paragraph, else any."""
    quotable = [m for m in text.find(quote) if m.quotable]
    at_paragraph = [m for m in quotable if m.line == paragraph]
    return [(m.start, m.end) for m in at_paragraph or quotable]


def _covers(span: tuple[int, int], sentence: Sentence) -> bool:
    overlap = min(span[1], sentence.end) - max(span[0], sentence.start)
    return 2 * overlap >= sentence.end - sentence.start


def coverage(dataset: Dataset) -> list[SourceCoverage]:
    """The coverage of every source, in the order of sources.csv."""
    report = []
    for source_id in dataset.sources["source_id"]:
        text = dataset.texts[source_id]
        excerpts = dataset.excerpts[dataset.excerpts["source_id"] == source_id]
        spans = [
            (excerpt_id, span)
            for excerpt_id, quote, paragraph in zip(
                excerpts["excerpt_id"], excerpts["quote"], excerpts["paragraph"], strict=True
            )
            for span in _quote_spans(text, quote, paragraph)
        ]
        sentences = tuple(text.sentences)
        citing = tuple(
            tuple(dict.fromkeys(eid for eid, span in spans if _covers(span, s))) for s in sentences
        )
        boilerplate = tuple(line.number for line in text.lines if line.role == "boilerplate")
        report.append(SourceCoverage(source_id, sentences, citing, boilerplate))
    return report


def _ranges(numbers: tuple[int, ...]) -> str:
    """Line numbers as compact ranges: 14-18, 24-28."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs) or "none"


def _percent(cited: int, total: int) -> str:
    share = cited / total if total else 1.0
    return f"{share:6.1%}  {cited} of {total} sentences cited"


def render(report: list[SourceCoverage], every_sentence: bool = False) -> str:
    """The printed report."""
    lines = []
    for source in report:
        lines.append(f"{source.source_id}  {_percent(source.cited_count, len(source.sentences))}")
        lines.append(f"  boilerplate lines: {_ranges(source.boilerplate_lines)}")
        if every_sentence:
            lines.append("  sentences:")
            for sentence, ids in zip(source.sentences, source.citing, strict=True):
                cited_by = f"  [{', '.join(ids)}]" if ids else "  [uncited]"
                lines.append(f"    line {sentence.line}: {sentence.text}{cited_by}")
        elif source.uncited:
            lines.append("  uncited:")
            lines += [f"    line {s.line}: {s.text}" for s in source.uncited]
    cited = sum(s.cited_count for s in report)
    total = sum(len(s.sentences) for s in report)
    lines.append(f"overall  {_percent(cited, total)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the coverage report; exit 1 only if the dataset does not load."""
    parser = argparse.ArgumentParser(prog="python -m allies.coverage", description=__doc__)
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument(
        "--list", action="store_true", help="list every sentence with the excerpts citing it"
    )
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(args.data_dir)
    except DatasetError as err:
        print(err)
        print("fix these first (python -m allies.validate lists them too)")
        return 1
    print(render(coverage(dataset), every_sentence=args.list))
    return 0


if __name__ == "__main__":
    sys.exit(main())
