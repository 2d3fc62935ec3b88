"""A small labelled corpus written by us: eight 'publishers', four requirements.

Each contract is assembled from sentences we wrote, so the learning code can
be tested end to end (corpus -> training -> artifact -> review) in seconds,
without ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reviewer.learn.corpus import LabelledDocument, load_corpus
from reviewer.learn.training import PreparedDocument, TrainingSet, prepare
from reviewer.library.loader import load_library
from reviewer.library.model import Library

# requirement -> status -> sentence variants (our own wording)
CLAUSES: dict[str, dict[str, list[str]]] = {
    "incidents.breach-notification": {
        "met": [
            "The Supplier shall notify the Client of a personal data breach within 24 hours of discovery.",
            "Vendor must inform Customer about any security incident affecting customer data no later than 48 hours after becoming aware of it.",
        ],
        "partial": [
            "The Supplier shall notify the Client of a personal data breach without undue delay.",
            "Vendor will tell Customer about security incidents promptly after confirming them.",
        ],
        "conflict": [
            "The Supplier has no obligation to notify the Client of any security incident.",
            "Vendor is not required to report data breaches to Customer.",
        ],
    },
    "training.no-training-without-consent": {
        "met": [
            "The Supplier shall not use Client content to train or improve any machine learning model without the Client's prior written opt-in.",
            "Vendor will never train its AI models on customer prompts or outputs unless the customer expressly agrees in advance.",
        ],
        "partial": [
            "The Supplier processes Client content only to provide the services ordered.",
            "Vendor may process customer data solely as needed to deliver the service to the customer.",
        ],
        "conflict": [
            "The Supplier may use Client content and usage data to train and improve its models.",
            "Customer grants Vendor a perpetual licence to use inputs and outputs to develop and improve its AI services.",
        ],
    },
    "audits.customer-audit-right": {
        "met": [
            "The Client may audit the Supplier's processing facilities once a year on thirty days' notice.",
            "Customer or its appointed auditor may inspect Vendor's systems and records relating to the processing.",
        ],
        "partial": [
            "On request the Supplier will provide a summary of its most recent security certification instead of an audit.",
            "Vendor will answer a reasonable security questionnaire once per year in lieu of any inspection.",
        ],
        "conflict": [
            "The Client has no right to audit or inspect the Supplier or its facilities.",
            "Customer waives any right to conduct audits of Vendor.",
        ],
    },
    "residency.location-specified": {
        "met": [
            "All Client data is stored and processed in data centres located in Germany.",
            "Vendor hosts and processes customer data only in the region selected by the customer.",
        ],
        "partial": [
            "Hosting locations are listed on the Supplier's website, which the Supplier may update.",
            "Customer data is stored in Ireland, while support staff may access it from elsewhere.",
        ],
        "conflict": [
            "The Supplier may store and process Client data in any country where it or its affiliates operate.",
            "Vendor may host customer data anywhere in the world at its discretion.",
        ],
    },
}
FILLER = [
    "The fees are payable within thirty days of the invoice date.",
    "This agreement is governed by the laws of the place where the Supplier is established.",
    "Either party may terminate this agreement for material breach not cured within thirty days.",
    "Each party remains an independent contractor.",
    "Notices must be given in writing to the addresses on the order form.",
]
STATUS_CYCLE = ("met", "partial", "conflict", "missing")
PUBLISHERS = 8


def write_corpus(root: Path) -> Path:
    """Write docs/, gold/ and SOURCES.tsv under `root`; return the gold folder."""
    docs, gold = root / "docs", root / "gold"
    docs.mkdir(parents=True)
    gold.mkdir()
    sources = ["slug\ttitle\tkind\tpublisher\tsource\tlicense\tcharacters"]
    for p in range(PUBLISHERS):
        slug = f"pub{p}-agreement"
        sources.append(f"{slug}\tAgreement {p}\tMSA\tPublisher {p} Ltd\tours\tCC0\t0")
        lines = [f"# Services Agreement {p}", ""]
        labels: dict[str, dict[str, object]] = {}
        for r, (requirement, variants) in enumerate(CLAUSES.items()):
            status = STATUS_CYCLE[(p + r) % len(STATUS_CYCLE)]
            lines.append(f"{r + 1}. {FILLER[(p + r) % len(FILLER)]}")
            if status == "missing":
                labels[requirement] = {"status": "missing"}
            else:
                sentence = variants[status][p % 2]
                lines.append(f"{r + 1}.1 {sentence}")
                labels[requirement] = {"status": status, "evidence": [sentence]}
            lines.append("")
        (docs / f"{slug}.md").write_text("\n".join(lines), encoding="utf-8")
        (gold / f"{slug}.yaml").write_text(
            yaml.safe_dump({"document": f"{slug}.md", "labels": labels}), encoding="utf-8"
        )
    (root / "SOURCES.tsv").write_text("\n".join(sources) + "\n", encoding="utf-8")
    return gold


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="session")
def gold_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def corpus(gold_dir: Path) -> list[LabelledDocument]:
    return load_corpus([gold_dir])


@pytest.fixture(scope="session")
def prepared(corpus: list[LabelledDocument], library: Library) -> list[PreparedDocument]:
    return prepare(corpus, library)


@pytest.fixture(scope="session")
def training_set(prepared: list[PreparedDocument]) -> TrainingSet:
    return TrainingSet.build(prepared, [])
