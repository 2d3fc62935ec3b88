"""Saving and loading the trained review model.

`reviewer train` writes three files into the model folder:

- `review-model.skops`: the fitted scikit-learn objects (vectorizers,
  classifiers, the calibration), saved with skops, never
  pickle; loading it checks every type against an allow-list;
- `review-model.npz`: the same model as plain NumPy arrays (vocabularies,
  IDF weights, coefficients, calibration), which a review loads in
  milliseconds without importing scikit-learn;
- `review-model.json`: metadata: requirement and label sets, library version,
  the training data's SHA-256, versions, and the cross-validated figures.

Loading refuses a model whose requirement set does not belong to the loaded
clause library and files that are damaged or tampered with.
"""

from __future__ import annotations

import json
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reviewer.errors import ModelError
from reviewer.learn.relevance import LEANINGS, RelevanceFit, RelevanceModel
from reviewer.learn.status import Calibration, StatusFit, StatusModel
from reviewer.learn.text import SparseTfidf, TfidfWeights

if TYPE_CHECKING:
    from reviewer.library.model import Library

log = logging.getLogger(__name__)

NAME = "review-model"
SKOPS = f"{NAME}.skops"
ARRAYS = f"{NAME}.npz"
METADATA = f"{NAME}.json"
FORMAT_VERSION = 1
# Types the skops artifact may contain; anything else is refused.
TRUSTED_TYPES = frozenset(
    {
        "builtins.dict",
        "builtins.list",
        "builtins.tuple",
        "builtins.slice",
        "builtins.str",
        "numpy.dtype",
        "numpy.float64",
        "numpy.int64",
        "numpy.ndarray",
        "scipy.sparse._csr.csr_matrix",
        "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
        "sklearn.linear_model._logistic.LogisticRegression",
    }
)


def default_model_dir() -> Path:
    from reviewer.data import packaged

    return packaged("models")


@dataclass(slots=True)
class SklearnModel:
    """What training fits: the scikit-learn objects plus the calibration."""

    relevance: RelevanceFit
    status: StatusFit
    calibration: Calibration


@dataclass(slots=True)
class ReviewModel:
    """What a review uses: NumPy arrays only."""

    relevance: RelevanceModel
    status: StatusModel
    calibration: Calibration
    metadata: dict[str, Any] = field(default_factory=dict)
    name: str = NAME

    @property
    def requirements(self) -> list[str]:
        return list(self.relevance.requirements)

    @property
    def languages(self) -> list[str]:
        return list(self.metadata.get("languages", ["en"]))

    @classmethod
    def from_sklearn(
        cls, fitted: SklearnModel, metadata: dict[str, Any] | None = None
    ) -> ReviewModel:
        return cls(
            RelevanceModel.from_fit(fitted.relevance),
            StatusModel.from_fit(fitted.status),
            fitted.calibration,
            dict(metadata or {}),
        )


def _arrays(model: ReviewModel) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {
        "relevance_coef": model.relevance.coef,
        "relevance_intercept": model.relevance.intercept,
        "relevance_requirements": np.array(model.relevance.requirements),
        "status_coef": model.status.coef,
        "status_intercept": model.status.intercept,
        "status_features": np.array(
            sorted(model.status.features, key=model.status.features.__getitem__)
        ),
        "calibration": np.array([model.calibration.slope, model.calibration.intercept]),
    }
    for block in model.relevance.blocks:
        terms = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
        arrays[f"block_{block.analyzer}_terms"] = np.array(terms)
        arrays[f"block_{block.analyzer}_idf"] = block.idf
        arrays[f"block_{block.analyzer}_offset"] = np.array(block.offset)
    return arrays


_EPOCH = (1980, 1, 1, 0, 0, 0)
_ID = r'"__id__": (\d+)'


def _reproducible_zip(path: Path) -> None:
    """Rewrite a zip file so that the same model always gives the same bytes.

    Timestamps become fixed, and skops' array files, which it names after
    Python object ids, are renamed in order of first mention in its schema.
    """
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    names = dict(entries)
    if "schema.json" in names:
        schema = names["schema.json"].decode("utf-8")
        mentioned = re.findall(r'"(\d+\.npy)"', schema)
        renamed = {old: f"{i:05d}.npy" for i, old in enumerate(dict.fromkeys(mentioned))}
        schema = re.sub(r'"(\d+\.npy)"', lambda m: f'"{renamed[m.group(1)]}"', schema)
        ids = {old: str(i) for i, old in enumerate(dict.fromkeys(re.findall(_ID, schema)))}
        schema = re.sub(_ID, lambda m: f'"__id__": {ids[m.group(1)]}', schema)
        arrays = sorted(
            (renamed.get(name, name), data) for name, data in entries if name != "schema.json"
        )
        entries = [("schema.json", schema.encode("utf-8")), *arrays]
    tmp = path.with_name(path.name + ".zip")
    with zipfile.ZipFile(tmp, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data, compresslevel=9)
    tmp.replace(path)


def save(fitted: SklearnModel, model: ReviewModel, out_dir: Path) -> None:
    """Write the three files atomically (each through a temporary name)."""
    import skops.io as sio

    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = {
        "tfidf": [
            {"analyzer": b.analyzer, "columns": b.columns, "terms": b.terms, "idf": b.idf}
            for b in fitted.relevance.blocks
        ],
        "relevance_classifiers": fitted.relevance.classifiers,
        "wording_classifier": fitted.relevance.wording,
        "requirements": fitted.relevance.requirements,
        "status_vectorizer": fitted.status.vectorizer,
        "status_classifier": fitted.status.classifier,
        "calibration": [fitted.calibration.slope, fitted.calibration.intercept],
    }
    skops_tmp = out_dir / (SKOPS + ".part")
    sio.dump(bundle, skops_tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    arrays_tmp = out_dir / (NAME + ".part.npz")
    np.savez_compressed(arrays_tmp, **_arrays(model))  # type: ignore[arg-type]
    _reproducible_zip(skops_tmp)
    _reproducible_zip(arrays_tmp)
    metadata_tmp = out_dir / (METADATA + ".part")
    metadata_tmp.write_text(json.dumps(model.metadata, indent=2, sort_keys=True) + "\n", "utf-8")
    skops_tmp.replace(out_dir / SKOPS)
    arrays_tmp.replace(out_dir / ARRAYS)
    metadata_tmp.replace(out_dir / METADATA)


def load_sklearn(model_dir: Path) -> SklearnModel:
    """The scikit-learn objects from the skops file (for inspection and tests)."""
    import skops.io as sio

    artifact = model_dir / SKOPS
    try:
        untrusted = set(sio.get_untrusted_types(file=artifact))
        unexpected = untrusted - TRUSTED_TYPES
        if unexpected:
            raise ModelError(f"{artifact}: refusing to load unexpected types {sorted(unexpected)}")
        bundle = sio.load(artifact, trusted=sorted(untrusted))
    except ModelError:
        raise
    except Exception as exc:  # a damaged or tampered artifact
        raise ModelError(f"{artifact}: cannot load the model ({type(exc).__name__})") from exc
    return SklearnModel(
        RelevanceFit(
            [
                TfidfWeights(
                    str(b["analyzer"]),
                    np.asarray(b["columns"]),
                    [str(t) for t in b["terms"]],
                    np.asarray(b["idf"]),
                )
                for b in bundle["tfidf"]
            ],
            list(bundle["relevance_classifiers"]),
            list(bundle["requirements"]),
            bundle["wording_classifier"],
        ),
        StatusFit(bundle["status_vectorizer"], bundle["status_classifier"]),
        Calibration(*(float(v) for v in bundle["calibration"])),
    )


def load(model_dir: Path | None = None, library: Library | None = None) -> ReviewModel:
    """The review model from its NumPy file; refuses one that does not fit `library`."""
    model_dir = model_dir or default_model_dir()
    arrays_path, metadata_path = model_dir / ARRAYS, model_dir / METADATA
    if not arrays_path.is_file() or not metadata_path.is_file():
        raise ModelError(f"{arrays_path}: no trained model; run `reviewer train`")
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        with np.load(arrays_path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise ModelError(f"{arrays_path}: cannot load the model ({exc})") from exc
    if metadata.get("format") != FORMAT_VERSION:
        raise ModelError(
            f"{metadata_path}: model format {metadata.get('format')!r} is not supported"
        )
    try:
        blocks = [
            SparseTfidf(
                analyzer,
                {str(t): i for i, t in enumerate(arrays[f"block_{analyzer}_terms"])},
                arrays[f"block_{analyzer}_idf"],
                int(arrays[f"block_{analyzer}_offset"]),
            )
            for analyzer in ("words", "chars")
        ]
        requirements = [str(r) for r in arrays["relevance_requirements"]]
        model = ReviewModel(
            RelevanceModel(
                blocks, arrays["relevance_coef"], arrays["relevance_intercept"], requirements
            ),
            StatusModel(
                {str(n): i for i, n in enumerate(arrays["status_features"])},
                arrays["status_coef"],
                arrays["status_intercept"],
            ),
            Calibration(*(float(v) for v in arrays["calibration"])),
            metadata,
        )
    except KeyError as exc:
        raise ModelError(f"{arrays_path}: incomplete model file (no {exc})") from exc
    width = sum(len(b.vocabulary) for b in blocks)
    if model.relevance.coef.shape != (width, len(requirements) + len(LEANINGS)):
        raise ModelError(f"{arrays_path}: the model's arrays do not fit together")
    if library is not None:
        unknown = sorted(set(requirements) - set(library.requirements))
        if unknown:
            raise ModelError(
                f"{arrays_path}: the model knows requirements the clause library lacks "
                f"({', '.join(unknown[:3])}); retrain with `reviewer train`"
            )
    return model
