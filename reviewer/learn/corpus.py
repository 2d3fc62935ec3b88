"""Labelled contracts for training and cross-validation.

A corpus is one or more gold folders (`<set>/gold/<slug>.yaml`, the format of
`../shared/eval/README.md`) with the contracts beside them in `<set>/docs/`.
Each contract is ingested and segmented once; its gold evidence quotes are
aligned to the sentences that hold them, which gives the sentence-level
labels the relevance model learns from.

Contracts are grouped by publisher (`SOURCES.tsv` beside the gold folder) so
that cross-validation never trains on one agreement of a publisher and tests
on another of the same publisher: their wording is too alike to count as
unseen.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reviewer.errors import ReviewerError
from reviewer.segment.model import SegmentedDocument

log = logging.getLogger(__name__)

STATUSES = ("met", "partial", "conflict", "missing")
QUOTE_COVERAGE = 0.8  # the reference scorer's rule for "this text holds the quote"
_WORDS = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


@dataclass(frozen=True, slots=True)
class GoldLabel:
    status: str
    quotes: tuple[str, ...] = ()
    uncertain: bool = False


@dataclass(slots=True)
class LabelledDocument:
    slug: str
    group: str  # publisher key: documents of one publisher share it
    source: str  # the gold folder's parent name ("eval", "train")
    segmented: SegmentedDocument
    labels: dict[str, GoldLabel]
    # requirement -> sentence indexes that hold one of its gold quotes
    evidence_sentences: dict[str, set[int]] = field(default_factory=dict)


def align_quote(segmented: SegmentedDocument, quote: str) -> list[int]:
    """Sentences that hold `quote`.

    One sentence holding >= 80 % of the quote's words (the scorer's test) is
    the answer; a quote spanning several sentences gives those made mostly of
    the quote's words.
    """
    quote_words = words(quote)
    if not quote_words:
        return []
    quote_set = set(quote_words)
    best: tuple[float, int, int] | None = None
    parts: list[int] = []
    for index, sentence in enumerate(segmented.sentences):
        sentence_words = words(sentence.text)
        if not sentence_words:
            continue
        present = set(sentence_words)
        coverage = sum(w in present for w in quote_words) / len(quote_words)
        if coverage >= QUOTE_COVERAGE:
            candidate = (coverage, -len(sentence_words), index)
            if best is None or candidate > best:
                best = candidate
        elif len(sentence_words) >= 4:
            inside = sum(w in quote_set for w in sentence_words) / len(sentence_words)
            if inside >= QUOTE_COVERAGE:
                parts.append(index)
    return [best[2]] if best is not None else parts


_LEGAL_FORMS = frozenset(
    [
        "the",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "ag",
        "ab",
        "sa",
        "sas",
        "bv",
        "nv",
        "plc",
        "co",
        "corp",
        "corporation",
        "limited",
        "company",
    ]
)


def _publisher_key(publisher: str) -> tuple[str, ...]:
    publisher = re.sub(r"\(.*?\)", " ", publisher)  # "(formerly ...)", "(Basecamp)"
    return tuple(w for w in words(publisher) if w not in _LEGAL_FORMS)


def publisher_groups(gold_dir: Path) -> dict[str, str]:
    """slug -> publisher group, from SOURCES.tsv beside the gold folder.

    Names are compared without legal forms and parentheses, and a name that
    starts with another publisher's whole name joins it ("European Commission
    Public Buyers Community" joins "European Commission"): near-identical
    publishers in one group err on the safe side, since fewer, larger groups
    never leak wording between training and test folds.
    """
    sources = gold_dir.parent / "SOURCES.tsv"
    keys: dict[str, tuple[str, ...]] = {}
    if sources.is_file():
        with sources.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                slug, publisher = row.get("slug") or "", (row.get("publisher") or "").strip()
                key = _publisher_key(publisher)
                if slug and key:
                    keys[slug] = key
    shortest = sorted(set(keys.values()), key=len)
    groups: dict[str, str] = {}
    for slug, key in keys.items():
        root = next(k for k in shortest if key[: len(k)] == k)
        groups[slug] = " ".join(root)
    return groups


def read_gold(path: Path) -> dict[str, GoldLabel]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReviewerError(f"cannot read gold labels ({exc})", path=path) from exc
    labels: dict[str, GoldLabel] = {}
    for requirement, label in (data.get("labels") or {}).items():
        status = label.get("status")
        if status not in STATUSES:
            raise ReviewerError(f"{requirement}: unknown status {status!r}", path=path)
        labels[requirement] = GoldLabel(
            status=status,
            quotes=tuple(label.get("evidence") or ()),
            uncertain=bool(label.get("uncertain")),
        )
    return labels


def find_document(docs: Path, slug: str, preferred: str = "md") -> Path | None:
    for suffix in (preferred, "md", "txt", "docx", "pdf"):
        candidate = docs / f"{slug}.{suffix}"
        if candidate.is_file():
            return candidate
    return None


def load_corpus(gold_dirs: Sequence[Path], doc_format: str = "md") -> list[LabelledDocument]:
    """Ingest, segment and align every labelled contract of the gold folders."""
    from reviewer.ingest import ingest
    from reviewer.segment import segment

    corpus: list[LabelledDocument] = []
    for gold_dir in gold_dirs:
        if not gold_dir.is_dir():
            raise ReviewerError(f"{gold_dir}: gold folder not found")
        groups = publisher_groups(gold_dir)
        docs = gold_dir.parent / "docs"
        for gold_file in sorted(gold_dir.glob("*.yaml")):
            slug = gold_file.stem
            path = find_document(docs, slug, doc_format)
            if path is None:
                log.warning("%s: no document for its gold labels", slug)
                continue
            segmented = segment(ingest(path))
            labels = read_gold(gold_file)
            aligned: dict[str, set[int]] = {}
            for requirement, label in labels.items():
                if label.status == "missing":
                    continue
                for quote in label.quotes:
                    aligned.setdefault(requirement, set()).update(align_quote(segmented, quote))
            corpus.append(
                LabelledDocument(
                    slug=slug,
                    group=groups.get(slug) or slug.split("-")[0],
                    source=gold_dir.parent.name,
                    segmented=segmented,
                    labels=labels,
                    evidence_sentences=aligned,
                )
            )
    return corpus


def _digest(items: Iterable[tuple[str, str, dict[str, GoldLabel]]]) -> str:
    digest = hashlib.sha256()
    for slug, file_sha256, labels in sorted(items, key=lambda item: item[0]):
        digest.update(slug.encode())
        digest.update(file_sha256.encode())
        for requirement in sorted(labels):
            label = labels[requirement]
            digest.update(f"{requirement}\t{label.status}\t{label.uncertain}".encode())
            for quote in label.quotes:
                digest.update(quote.encode())
    return digest.hexdigest()


def corpus_digest(corpus: Iterable[LabelledDocument]) -> str:
    """SHA-256 over the contracts' bytes and their labels: the model card's data hash."""
    return _digest((d.slug, d.segmented.document.sha256, d.labels) for d in corpus)


def gold_digest(gold_dirs: Sequence[Path], doc_format: str = "md") -> str:
    """The same hash straight from the files, without reading the contracts as text."""
    items = []
    for gold_dir in gold_dirs:
        for gold_file in sorted(gold_dir.glob("*.yaml")):
            path = find_document(gold_dir.parent / "docs", gold_file.stem, doc_format)
            if path is not None:
                file_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
                items.append((gold_file.stem, file_sha256, read_gold(gold_file)))
    return _digest(items)
