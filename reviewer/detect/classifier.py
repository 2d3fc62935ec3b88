"""The clause classifier: which requirement a sentence is about (scikit-learn).

A TF-IDF + logistic-regression pipeline trained on sentences we wrote (the
clause library's examples plus `models/training_data.yaml`). It proposes
candidate sentences to the rule detector; statuses always come from rules.
The model is saved with skops (never pickle) beside a metadata file holding
its label set, the library version and the training data hash; loading refuses
an artifact whose labels disagree with the clause library.

scikit-learn and skops are imported lazily: they cost seconds to import on
small machines, so a plain review only pays for them when the model is used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reviewer.detect.base import Detection
from reviewer.errors import ModelError

if TYPE_CHECKING:
    from reviewer.library.model import Library
    from reviewer.segment.model import SegmentedDocument

log = logging.getLogger(__name__)

ARTIFACT = "clause-classifier.skops"
METADATA = "clause-classifier.json"
NONE_LABEL = "none"
THRESHOLD = 0.45
SEED = 20261122
# Types a clause-classifier artifact may contain; anything else is refused.
TRUSTED_TYPES = frozenset(
    {
        "sklearn.pipeline.Pipeline",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "numpy.float64",
        "numpy.int64",
        "numpy.dtype",
        "numpy.ndarray",
        "builtins.dict",
        "builtins.list",
        "builtins.tuple",
        "builtins.slice",
        "scipy.sparse._csr.csr_matrix",
        "scipy.sparse._csr.csr_array",
    }
)


def default_model_dir() -> Path:
    from reviewer.data import packaged

    return packaged("models")


@dataclass(frozen=True, slots=True)
class TrainingSet:
    texts: list[str]
    labels: list[str]
    sha256: str


def training_set(library: Library, extra: Path | None = None) -> TrainingSet:
    """Sentences and labels: the library's examples plus our extra sentences."""
    pairs: list[tuple[str, str]] = []
    for req in library.requirements.values():
        for example in req.examples:
            label = NONE_LABEL if example.status == "missing" else req.id
            pairs.append((" ".join(example.text.split()), label))
    extra = extra or default_model_dir() / "training_data.yaml"
    if extra.is_file():
        data = yaml.safe_load(extra.read_text(encoding="utf-8")) or {}
        for label, texts in data.items():
            if label != NONE_LABEL and label not in library.requirements:
                raise ModelError(f"{extra}: unknown label {label!r} (not a requirement id)")
            pairs.extend((" ".join(t.split()), label) for t in texts)
    pairs.sort()
    digest = hashlib.sha256("\n".join(f"{label}\t{text}" for text, label in pairs).encode())
    return TrainingSet([t for t, _ in pairs], [label for _, label in pairs], digest.hexdigest())


def make_pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_features=8000)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, max_features=12000
                ),
            ),
        ]
    )
    classifier = LogisticRegression(
        C=8.0, max_iter=2000, class_weight="balanced", random_state=SEED
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def cross_validate(data: TrainingSet, folds: int = 4) -> dict[str, float]:
    """Macro F1 and accuracy on held-out folds of our own data."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    counts: dict[str, int] = {}
    for label in data.labels:
        counts[label] = counts.get(label, 0) + 1
    folds = max(2, min(folds, min(counts.values())))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    predicted = cross_val_predict(make_pipeline(), data.texts, data.labels, cv=splitter)
    return {
        "folds": float(folds),
        "macro_f1": float(f1_score(data.labels, predicted, average="macro")),
        "accuracy": float(accuracy_score(data.labels, predicted)),
    }


def train(library: Library, out_dir: Path, extra: Path | None = None) -> dict[str, Any]:
    """Fit on all data, save model + metadata, return the metadata."""
    import sklearn
    import skops
    import skops.io as sio

    random.seed(SEED)
    data = training_set(library, extra)
    pipeline = make_pipeline().fit(data.texts, data.labels)
    for _, vectorizer in pipeline.named_steps["features"].transformer_list:
        # The terms cut by max_features are kept only for introspection; they
        # would make the artifact several times larger.
        vectorizer.stop_words_ = None
    out_dir.mkdir(parents=True, exist_ok=True)
    artifact = out_dir / ARTIFACT
    tmp = artifact.with_suffix(".part")
    sio.dump(pipeline, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(artifact)
    metadata = {
        "artifact": ARTIFACT,
        "labels": sorted(set(data.labels)),
        "library_version": library.version,
        "training_sha256": data.sha256,
        "training_sentences": len(data.texts),
        "sklearn": sklearn.__version__,
        "skops": skops.__version__,
    }
    (out_dir / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return metadata


class ModelDetector:
    """Proposes sentences that the classifier finds relevant to a requirement."""

    name = "model:clause-classifier"

    def __init__(self, pipeline: Any, labels: list[str], artifact_name: str = ARTIFACT) -> None:
        self.pipeline = pipeline
        self.labels = labels
        self.artifact_name = artifact_name

    def detect(self, segmented: SegmentedDocument, library: Library) -> list[Detection]:
        sentences = segmented.sentences
        if not sentences:
            return []
        probabilities = self.pipeline.predict_proba([s.text for s in sentences])
        classes = list(self.pipeline.classes_)
        detections: list[Detection] = []
        for index, row in enumerate(probabilities):
            best = int(row.argmax())
            label = classes[best]
            if label == NONE_LABEL or row[best] < THRESHOLD:
                continue
            sentence = sentences[index]
            detections.append(
                Detection(
                    requirement=label,
                    detector=self.name,
                    sentence=index,
                    start=sentence.start,
                    end=sentence.end,
                    score=round(float(row[best]), 3),
                )
            )
        return detections


def load_detector(library: Library, model_dir: Path | None = None) -> ModelDetector:
    """Load the saved classifier, refusing unexpected types or mismatched labels."""
    model_dir = model_dir or default_model_dir()
    artifact, metadata_path = model_dir / ARTIFACT, model_dir / METADATA
    if not artifact.is_file() or not metadata_path.is_file():
        raise ModelError(f"{artifact}: no trained classifier; run `reviewer train`")
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{metadata_path}: unreadable model metadata ({exc})") from exc
    expected = sorted({*library.requirements, NONE_LABEL})
    if sorted(metadata.get("labels", [])) != expected:
        raise ModelError(
            f"{artifact}: the model's labels do not match the clause library "
            f"({library.root}); retrain with `reviewer train`"
        )
    import skops.io as sio

    try:
        untrusted = set(sio.get_untrusted_types(file=artifact))
        unexpected = untrusted - TRUSTED_TYPES
        if unexpected:
            raise ModelError(f"{artifact}: refusing to load unexpected types {sorted(unexpected)}")
        pipeline = sio.load(artifact, trusted=sorted(untrusted))
    except ModelError:
        raise
    except Exception as exc:  # a damaged or tampered artifact
        raise ModelError(f"{artifact}: cannot load the classifier ({type(exc).__name__})") from exc
    if sorted(pipeline.classes_) != expected:
        raise ModelError(f"{artifact}: the model's classes do not match its metadata")
    return ModelDetector(pipeline, expected)


def load_default_detector(library: Library) -> ModelDetector | None:
    """The shipped classifier when it matches this library, else None (rules only)."""
    try:
        return load_detector(library)
    except ModelError as exc:
        log.info("classifier not used: %s", exc)
        return None
