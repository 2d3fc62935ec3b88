"""Precision, recall and F1 of the legal sentence splitter on a hand-checked sample.

Usage: .venv/bin/python bench/sentence_split_quality.py [bench/sentence_split_sample.yaml]

Each sample item is a block given as its gold sentences; the block text is
the sentences joined by single spaces. A boundary is the offset where a
sentence (other than the first) starts. Misses and false splits are listed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from reviewer.segment.sentences import split_sentences

SAMPLE = Path(__file__).with_name("sentence_split_sample.yaml")


def _gold(sentences: list[str]) -> tuple[str, set[int]]:
    text = " ".join(sentences)
    boundaries: set[int] = set()
    offset = 0
    for sentence in sentences[:-1]:
        offset += len(sentence) + 1
        boundaries.add(offset)
    return text, boundaries


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else SAMPLE
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    true_positive = false_positive = false_negative = sentences = 0
    for item in items:
        text, gold = _gold([str(s) for s in item])
        sentences += len(item)
        predicted = {start for start, _ in split_sentences(text)} - {0}
        true_positive += len(predicted & gold)
        for offset in sorted(predicted - gold):
            false_positive += 1
            print(f"false split: {text[:offset]!r} | {text[offset:]!r}")
        for offset in sorted(gold - predicted):
            false_negative += 1
            print(f"missed:      {text[:offset]!r} | {text[offset:]!r}")
    precision = true_positive / max(1, true_positive + false_positive)
    recall = true_positive / max(1, true_positive + false_negative)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(
        f"{len(items)} blocks, {sentences} sentences, "
        f"{true_positive + false_negative} gold boundaries: "
        f"precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
