"""Fitting the review model on labelled contracts, honestly stacked.

The status model learns from what the detectors report on a contract, so its
training rows must carry relevance scores made by a relevance model that did
not see that contract: otherwise it would learn to trust relevance scores far
more than they deserve on new agreements. `fit_review_model` therefore:

1. runs the rule detector on every contract (rules are fixed, not learned);
2. splits the contracts by publisher (inner folds), fits the relevance model
   on the other publishers and scores each held-out contract with it, which
   gives out-of-fold status rows for every contract;
3. fits the status model on those rows, and calibrates its top probability
   on a second out-of-fold pass over them;
4. fits the relevance model on all contracts for use at review time.

Everything here is deterministic for a given corpus, library and seed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from reviewer.detect.base import Detection, DetectionContext
from reviewer.detect.rules import RuleDetector
from reviewer.engine.decide import Decision, RuleDecider
from reviewer.errors import ModelError
from reviewer.learn.artifact import SklearnModel
from reviewer.learn.corpus import LabelledDocument
from reviewer.learn.features import DocumentSignals, document_signals, requirement_features
from reviewer.learn.relevance import (
    LEANINGS,
    RelevanceFit,
    SentenceMatrix,
    eligible_sentences,
    fit_relevance,
    relevance_detections,
)
from reviewer.learn.status import STATUSES, UNCERTAIN_WEIGHT, Calibration, fit_status
from reviewer.library.model import Library

log = logging.getLogger(__name__)

SEED = 20261205
INNER_FOLDS = 5
LIBRARY_GROUP = "<clause library>"  # our own example sentences: always in training


@dataclass(slots=True)
class PreparedDocument:
    """A labelled contract with its rule detections (computed once)."""

    doc: LabelledDocument
    rules: dict[str, list[Detection]]
    rule_decisions: dict[str, Decision]
    signals: DocumentSignals

    @property
    def group(self) -> str:
        return self.doc.group


def default_parameters(library: Library) -> dict[str, dict[str, object]]:
    return {req_id: dict(req.parameters) for req_id, req in library.requirements.items()}


def prepare(corpus: Sequence[LabelledDocument], library: Library) -> list[PreparedDocument]:
    detector, decider = RuleDetector(), RuleDecider()
    parameters = default_parameters(library)
    prepared: list[PreparedDocument] = []
    for doc in corpus:
        context = DetectionContext(doc.segmented, library, parameters)
        grouped: dict[str, list[Detection]] = {}
        for det in detector.detect(context):
            grouped.setdefault(det.requirement, []).append(det)
        decisions = {
            req_id: decider.decide(req, grouped.get(req_id, []), doc.segmented)
            for req_id, req in library.requirements.items()
        }
        prepared.append(PreparedDocument(doc, grouped, decisions, document_signals(doc.segmented)))
    return prepared


@dataclass(frozen=True, slots=True)
class OwnSentence:
    """A sentence we wrote: the requirements it deals with and how it reads."""

    text: str
    requirements: frozenset[str] = frozenset()
    status: str | None = None  # met / partial / conflict; None for look-alikes


def extra_sentences(library: Library, extra: Path | None) -> list[OwnSentence]:
    """Our own sentences: the library's examples and `models/training_data.yaml`."""
    pairs: list[OwnSentence] = []
    for req in library.requirements.values():
        for example in req.examples:
            text = " ".join(example.text.split())
            if example.status == "missing":
                pairs.append(OwnSentence(text))
            else:
                pairs.append(OwnSentence(text, frozenset({req.id}), example.status))
    if extra is not None and extra.is_file():
        data = yaml.safe_load(extra.read_text(encoding="utf-8")) or {}
        for label, texts in data.items():
            if label != "none" and label not in library.requirements:
                raise ModelError(f"{extra}: unknown label {label!r} (not a requirement id)")
            pairs.extend(
                OwnSentence(
                    " ".join(t.split()), frozenset() if label == "none" else frozenset({label})
                )
                for t in texts
            )
    return pairs


@dataclass(slots=True)
class TrainingSet:
    """The prepared contracts plus every sentence's term counts, built once.

    Rows of `matrix`: each contract's sentences in order (`doc_rows[i]`), then
    our own sentences (`extra_rows`), which are in every fold's training data.
    """

    docs: list[PreparedDocument]
    matrix: SentenceMatrix
    doc_rows: list[range]
    extra_rows: range
    # Relevance models by the contracts they were fitted on: nested cross-validation
    # asks for the same training set from several folds (outer k, inner j and
    # outer j, inner k both leave out folds j and k).
    _relevance: dict[tuple[frozenset[int], tuple[str, ...]], RelevanceFit] = field(
        default_factory=dict
    )

    @classmethod
    def build(
        cls, docs: Sequence[PreparedDocument], extra: Sequence[OwnSentence] = ()
    ) -> TrainingSet:
        texts: list[str] = []
        labels: list[set[str]] = []
        statuses: list[set[str]] = []
        doc_rows: list[range] = []
        for prepared in docs:
            doc = prepared.doc
            by_sentence: dict[int, set[str]] = {}
            reads: dict[int, set[str]] = {}
            for requirement, indexes in doc.evidence_sentences.items():
                label = doc.labels[requirement]
                for index in indexes:
                    by_sentence.setdefault(index, set()).add(requirement)
                    if not label.uncertain:  # a close call says little about wording
                        reads.setdefault(index, set()).add(label.status)
            start = len(texts)
            for index, sentence in enumerate(doc.segmented.sentences):
                texts.append(sentence.text)
                labels.append(by_sentence.get(index, set()))
                statuses.append(reads.get(index, set()))
            doc_rows.append(range(start, len(texts)))
        start = len(texts)
        for own in extra:
            texts.append(own.text)
            labels.append(set(own.requirements))
            statuses.append({own.status} if own.status else set())
        return cls(
            list(docs),
            SentenceMatrix.build(texts, labels, statuses),
            doc_rows,
            range(start, len(texts)),
        )

    def rows(self, doc_indexes: Sequence[int]) -> list[int]:
        """Training rows for these contracts, with our own sentences."""
        out = [row for i in sorted(doc_indexes) for row in self.doc_rows[i]]
        return out + list(self.extra_rows)

    def relevance(
        self, doc_indexes: Sequence[int], requirements: Sequence[str], seed: int
    ) -> RelevanceFit:
        """The relevance model fitted on these contracts (fitted once, then reused)."""
        key = (frozenset(doc_indexes), tuple(requirements))
        if key not in self._relevance:
            self._relevance[key] = fit_relevance(
                self.matrix, self.rows(doc_indexes), requirements, seed=seed
            )
        return self._relevance[key]


def group_folds(groups: Sequence[str], folds: int) -> list[tuple[list[int], list[int]]]:
    """Deterministic folds of item indexes that never split a group."""
    from sklearn.model_selection import GroupKFold

    unique = sorted(set(groups))
    folds = min(folds, len(unique))
    if folds < 2:
        raise ModelError(f"cross-validation needs at least 2 publishers, got {len(unique)}")
    splitter = GroupKFold(n_splits=folds)
    index = np.arange(len(groups))
    return [
        (train.tolist(), test.tolist())
        for train, test in splitter.split(index, groups=np.asarray(groups))
    ]


def status_rows(
    data: TrainingSet,
    doc_indexes: Sequence[int],
    relevance: RelevanceFit,
    library: Library,
) -> tuple[list[dict[str, float]], list[str], list[float], list[int]]:
    """Feature rows, gold statuses, weights and contract index of every labelled pair."""
    rows: list[dict[str, float]] = []
    statuses: list[str] = []
    weights: list[float] = []
    owners: list[int] = []
    wanted = [r for r in relevance.requirements if r in library.requirements]
    for doc_index in doc_indexes:
        prepared = data.docs[doc_index]
        segmented = prepared.doc.segmented
        eligible = eligible_sentences(segmented)
        first = data.doc_rows[doc_index].start
        if eligible:
            probabilities, wording = relevance.predict_proba(
                data.matrix, [first + i for i in eligible]
            )
        else:
            probabilities = np.zeros((0, len(relevance.requirements)))
            wording = np.zeros((0, len(LEANINGS)))
        model_detections: dict[str, list[Detection]] = {}
        for det in relevance_detections(
            segmented, eligible, probabilities, relevance.requirements, wanted, wording
        ):
            model_detections.setdefault(det.requirement, []).append(det)
        for requirement, label in prepared.doc.labels.items():
            if requirement not in library.requirements:
                continue
            detections = prepared.rules.get(requirement, []) + model_detections.get(requirement, [])
            rows.append(
                requirement_features(
                    requirement,
                    detections,
                    prepared.rule_decisions[requirement],
                    prepared.signals,
                )
            )
            statuses.append(label.status)
            weights.append(UNCERTAIN_WEIGHT if label.uncertain else 1.0)
            owners.append(doc_index)
    return rows, statuses, weights, owners


def fit_review_model(
    data: TrainingSet,
    doc_indexes: Sequence[int],
    library: Library,
    *,
    inner_folds: Sequence[Sequence[int]] | None = None,
    seed: int = SEED,
    progress: Callable[[str], None] | None = None,
) -> SklearnModel:
    """Fit relevance, status and calibration on the contracts `doc_indexes` only.

    `inner_folds` partitions `doc_indexes` (contract indexes, whole publishers
    per part); by default the publishers are split into INNER_FOLDS parts.
    """
    say = progress or (lambda _message: None)
    docs = [data.docs[i] for i in doc_indexes]
    requirements = [r for r in library.requirements if any(r in d.doc.labels for d in docs)]
    rows: list[dict[str, float]] = []
    statuses: list[str] = []
    weights: list[float] = []
    row_groups: list[str] = []
    if inner_folds is None:
        split = group_folds([d.group for d in docs], INNER_FOLDS)
        inner_folds = [[doc_indexes[i] for i in test] for _, test in split]
    members = set(doc_indexes)
    for number, held_out in enumerate(inner_folds, 1):
        train = sorted(members - set(held_out))
        say(f"  inner fold {number}/{len(inner_folds)}: relevance model on {len(train)} contracts")
        relevance = data.relevance(train, requirements, seed)
        fold_rows, fold_statuses, fold_weights, owners = status_rows(
            data, held_out, relevance, library
        )
        rows += fold_rows
        statuses += fold_statuses
        weights += fold_weights
        row_groups += [data.docs[o].group for o in owners]
    say(f"  status model on {len(rows)} labelled pairs")
    status = fit_status(rows, statuses, weights, seed=seed)
    # Calibration from a second out-of-fold pass: probabilities on unseen publishers.
    top: list[float] = []
    correct: list[bool] = []
    for train, test in group_folds(row_groups, len(inner_folds)):
        fold = fit_status(
            [rows[i] for i in train],
            [statuses[i] for i in train],
            [weights[i] for i in train],
            seed=seed,
        )
        probabilities = fold.predict_proba([rows[i] for i in test])
        for i, row in zip(test, probabilities, strict=True):
            if weights[i] < 1.0:  # close calls do not calibrate
                continue
            top.append(float(row.max()))
            correct.append(STATUSES[int(row.argmax())] == statuses[i])
    calibration = Calibration.fit(top, correct)
    say(f"  relevance model on all {len(docs)} contracts")
    relevance_fit = data.relevance(doc_indexes, requirements, seed)
    return SklearnModel(relevance_fit, status, calibration)
