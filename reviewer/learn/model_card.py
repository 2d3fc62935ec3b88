"""Training end to end: cross-validate, fit, save, and write the model card.

The model card (`MODEL_CARD.md` beside the model) is generated from the
metadata of the run that produced the model, so its figures can never drift
from the artifact they describe.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reviewer.batch.state import library_fingerprint
from reviewer.learn import artifact
from reviewer.learn.corpus import corpus_digest, load_corpus
from reviewer.learn.training import (
    SEED,
    TrainingSet,
    extra_sentences,
    fit_review_model,
    prepare,
)
from reviewer.library.model import Library

FIGURES = (
    "macro_f1",
    "kappa",
    "status_accuracy",
    "gap_precision",
    "gap_recall",
    "met_recall",
    "conflict_recall",
    "evidence_hit",
)


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


UNREAD_COLUMN = "not read for the rules"
UNREAD_FILE = "unread-by-rules.txt"


def read_unread(path: Path) -> set[str]:
    """Slugs of labelled agreements nobody read while writing the rule cues."""
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def train_and_save(
    gold_dirs: Sequence[Path],
    library: Library,
    out_dir: Path,
    *,
    extra: Path | None = None,
    unread: set[str] | None = None,
    folds: int = 5,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    import numpy
    import scipy
    import sklearn
    import skops

    say = progress or (lambda _message: None)
    say("reading the labelled contracts ...")
    corpus = load_corpus(gold_dirs)
    docs = prepare(corpus, library)
    extras = extra_sentences(library, extra)
    data = TrainingSet.build(docs, extras)
    extra_digest = hashlib.sha256(
        "\n".join(
            sorted(f"{sorted(own.requirements)}\t{own.status}\t{own.text}" for own in extras)
        ).encode()
    ).hexdigest()
    metadata: dict[str, Any] = {
        "format": artifact.FORMAT_VERSION,
        "name": artifact.NAME,
        "languages": ["en"],
        "library_version": library.version,
        "requirements": [r for r in library.requirements if any(r in d.doc.labels for d in docs)],
        "statuses": ["met", "partial", "conflict", "missing"],
        "seed": SEED,
        "contracts": len(docs),
        "publishers": len({d.group for d in docs}),
        "sources": sorted({d.doc.source for d in docs}),
        "labelled_pairs": sum(len(d.doc.labels) for d in docs),
        "sentences": sum(len(d.doc.segmented.sentences) for d in docs),
        "our_sentences": len(extras),
        "data_sha256": corpus_digest(corpus),
        "library_sha256": library_fingerprint(library.root, skip_languages=True),
        "our_sentences_sha256": extra_digest,
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "skops": skops.__version__,
            "numpy": numpy.__version__,
            "scipy": scipy.__version__,
        },
    }
    inner: list[list[int]] | None = None
    if folds:
        from reviewer.learn.crossval import cross_validate

        result = cross_validate(data, library, folds=folds, progress=say)
        figures = result.figures()
        cv: dict[str, Any] = {key: _round(figures[key]) for key in FIGURES}
        cv["folds"] = figures["folds"]
        cv["f1_by_status"] = {k: _round(v) for k, v in figures["f1_by_status"].items()}
        cv["confusion_gold_by_pred"] = figures["confusion_gold_by_pred"]
        cv["per_requirement_f1"] = {
            k: _round(v) for k, v in result.scores.per_requirement_f1().items()
        }
        cv["reliability"] = figures["reliability"]
        cv["errors_in_least_confident_fifth"] = figures["errors_in_least_confident_fifth"]
        by_source: dict[str, Any] = {}
        for source in metadata["sources"]:
            slugs = {d.doc.slug for d in docs if d.doc.source == source}
            part = type(result.scores)(
                pairs=[p for p in result.scores.pairs if p.contract in slugs]
            )
            part_figures = part.figures()
            by_source[source] = {key: _round(part_figures[key]) for key in FIGURES}
        if unread:
            part = type(result.scores)(
                pairs=[p for p in result.scores.pairs if p.contract in unread]
            )
            part_figures = part.figures()
            if part_figures["pairs"]:
                by_source[UNREAD_COLUMN] = {key: _round(part_figures[key]) for key in FIGURES}
                cv["unread_contracts"] = part_figures["contracts"]
        cv["by_source"] = by_source
        metadata["cross_validation"] = cv
        inner = result.fold_members  # the final model reuses the folds' relevance models
    say("fitting the model on all contracts ...")
    fitted = fit_review_model(
        data, list(range(len(docs))), library, inner_folds=inner, progress=say
    )
    model = artifact.ReviewModel.from_sklearn(fitted, metadata)
    artifact.save(fitted, model, out_dir)
    (out_dir / "MODEL_CARD.md").write_text(model_card(metadata), encoding="utf-8")
    return metadata


def _figure_table(rows: dict[str, dict[str, Any]]) -> list[str]:
    names = list(rows)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in FIGURES:
        cells = [rows[n].get(key) for n in names]
        lines.append(
            f"| {key} | " + " | ".join("n/a" if c is None else f"{c:.3f}" for c in cells) + " |"
        )
    return lines


def _columns(by_source: dict[str, Any]) -> dict[str, Any]:
    """The sources in name order, then the agreements not read for the rules (JSON
    written with sorted keys must give the same card as the figures fresh from training)."""
    ordered = {name: by_source[name] for name in sorted(by_source) if name != UNREAD_COLUMN}
    if UNREAD_COLUMN in by_source:
        ordered[UNREAD_COLUMN] = by_source[UNREAD_COLUMN]
    return ordered


def model_card(metadata: dict[str, Any]) -> str:
    cv = metadata.get("cross_validation")
    lines = [
        "# Model card: review model (`review-model`)",
        "",
        "Generated by `reviewer train` from the run that produced the model; do not edit by hand.",
        "",
        "## What it does",
        "",
        "Two learned steps, stacked on the clause library's hand-written rule cues:",
        "",
        "- **relevance model**: for each sentence, the probability that it deals with each",
        "  requirement (one logistic regression per requirement over word 1-2-gram and",
        "  character 3-5-gram TF-IDF). It finds the clause when the cues do not know its",
        "  wording, and its best sentences become evidence.",
        "- **status model**: met / partial / conflict / missing for each requirement, from",
        "  what the detectors report (which rule cues fired and with which status, which",
        "  carve-outs blocked a cue, the rule decision, the relevance of the best sentences,",
        "  the kind of document and how much it speaks of AI). One multinomial logistic",
        "  regression with requirement-specific features. Its top probability is calibrated",
        "  (Platt scaling, out of fold) into the finding's confidence.",
        "",
        "The status model decides; the rules explain. Every finding records the rule reading",
        "and the model's probabilities in its `trail`, and says so when they disagree.",
        "English only: other languages, and requirements the model was not trained on, are",
        "decided by the rules alone.",
        "",
        "## Data",
        "",
        f"- {metadata['contracts']} labelled contracts from {metadata['publishers']} publishers "
        f"({', '.join(metadata['sources'])}), {metadata['labelled_pairs']} labelled pairs, "
        f"{metadata['sentences']} sentences; gold evidence quotes aligned to sentences give the "
        "relevance labels.",
        f"- {metadata['our_sentences']} sentences we wrote (the clause library's examples and "
        "`models/training_data.yaml`).",
        f"- Data SHA-256: `{metadata['data_sha256']}`; our sentences: "
        f"`{metadata['our_sentences_sha256']}`; clause library (whose rule cues the model "
        f"reads; the language packs excluded) `{metadata['library_sha256']}`.",
        "- The contracts are read from `../shared` at training time; no contract text is stored",
        "  in this repository (the model holds term weights only).",
        "",
    ]
    if cv:
        lines += [
            "## Cross-validated quality (the headline figures)",
            "",
            f"Grouped {cv['folds']}-fold cross-validation by publisher: each contract is reviewed",
            "by a model fitted on the other publishers only (relevance model, status model and",
            "calibration are all refitted inside each fold; the status model's training rows",
            "come from a further inner split). The rule cues are hand-written and fixed, so they",
            "cannot be cross-validated: `eval` below is the set they were written against and",
            "reads higher for that reason, as do the two thirds of `train` they were also",
            f"written from. The column `{UNREAD_COLUMN}` holds the agreements of `train` that",
            "nobody read while writing the cues (listed in `models/unread-by-rules.txt`): the",
            "closest this project has to contracts nobody here has seen.",
            "",
            *_figure_table({"all (out-of-fold)": cv, **_columns(cv["by_source"])}),
            "",
            "F1 by status: "
            + ", ".join(f"{k} {cv['f1_by_status'][k]:.3f}" for k in metadata["statuses"]),
            "",
            "### Per requirement (out-of-fold macro F1 over the statuses that occur)",
            "",
            "| requirement | F1 |",
            "|---|---|",
            *(f"| {k} | {v:.3f} |" for k, v in cv["per_requirement_f1"].items()),
            "",
            "### Reliability of the confidence (out-of-fold)",
            "",
            "| confidence | findings | share right | mean confidence |",
            "|---|---|---|---|",
            *(
                f"| {row['confidence']} | {row['findings']} | "
                f"{'n/a' if row['right'] is None else format(row['right'], '.3f')} | "
                f"{'n/a' if row['mean_confidence'] is None else format(row['mean_confidence'], '.3f')} |"
                for row in cv["reliability"]
            ),
            "",
            "The least confident fifth of findings holds "
            + (
                "n/a"
                if cv["errors_in_least_confident_fifth"] is None
                else f"{cv['errors_in_least_confident_fifth']:.0%}"
            )
            + ' of the wrong statuses: reports list these first under "check these".',
            "",
        ]
    lines += [
        "## Files",
        "",
        "- `review-model.npz`: what a review loads (NumPy arrays; no scikit-learn import,",
        "  which keeps the cold start of `reviewer review` under a second).",
        "- `review-model.skops`: the fitted scikit-learn objects, saved with skops (never",
        "  pickle); loading checks every type against an allow-list.",
        "- `review-model.json`: this metadata. A model whose requirements the clause library",
        "  lacks is refused; with a different playbook, the rules decide alone.",
        "",
        "## Versions",
        "",
        ", ".join(f"{k} {v}" for k, v in sorted(metadata["versions"].items()))
        + f"; clause library version {metadata['library_version']}; seed {metadata['seed']}.",
        "",
        "## Rebuild",
        "",
        "    reviewer train                      # ../shared/eval/gold and ../shared/train/gold",
        "    reviewer train GOLD_DIR... --no-cv  # faster: no cross-validation, no figures",
        "    reviewer eval --cv ../shared/eval/gold ../shared/train/gold   # figures only",
        "",
    ]
    return "\n".join(lines)
