"""Scoring reports against gold labels, the same way as the reference scorer.

Gold files are YAML with `labels: {requirement: {status, evidence, uncertain}}`;
reports are our JSON reports. The figures match the shared `score.py`:
status accuracy, macro F1, Cohen's kappa, gap precision / recall, met recall,
conflict recall, evidence hit and the confusion matrix.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

STATUSES = ("met", "partial", "conflict", "missing")
MAX_EVIDENCE_CHARS = 1500


def _words(text: str) -> list[str]:
    # The reference scorer reads [a-z0-9] words only, so a Russian quote has no
    # words there and can never be found; Cyrillic words count here too. For
    # text without Cyrillic both give the same figures.
    return re.findall(r"[a-z0-9]+|[а-яё]+", text.lower())


def quote_found(predicted: str, gold: str) -> bool:
    gold_words, predicted_words = _words(gold), set(_words(predicted))
    if not gold_words:
        return False
    return sum(w in predicted_words for w in gold_words) / len(gold_words) >= 0.8


def _f1(pairs: list[Pair], status: str) -> float:
    tp = sum(p.gold == status and p.predicted == status for p in pairs)
    fp = sum(p.gold != status and p.predicted == status for p in pairs)
    fn = sum(p.gold == status and p.predicted != status for p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(slots=True)
class Pair:
    contract: str
    requirement: str
    gold: str
    predicted: str
    evidence_hit: bool | None


@dataclass(slots=True)
class Scores:
    pairs: list[Pair] = field(default_factory=list)
    missing_reports: list[str] = field(default_factory=list)
    uncertain_skipped: int = 0

    def figures(self) -> dict[str, Any]:
        pairs = self.pairs
        n = len(pairs)
        out: dict[str, Any] = {
            "contracts": len({p.contract for p in pairs}),
            "pairs": n,
            "missing_reports": self.missing_reports,
            "uncertain_skipped": self.uncertain_skipped,
        }
        if not n:
            return out
        accuracy = sum(p.gold == p.predicted for p in pairs) / n
        f1 = {s: _f1(pairs, s) for s in STATUSES}
        expected = sum(
            (sum(p.gold == s for p in pairs) / n) * (sum(p.predicted == s for p in pairs) / n)
            for s in STATUSES
        )
        mets = [p for p in pairs if p.gold == "met"]
        flagged = [p for p in pairs if p.predicted != "met"]
        gaps = [p for p in pairs if p.gold != "met"]
        conflicts = [p for p in pairs if p.gold == "conflict"]
        hits = [p.evidence_hit for p in pairs if p.evidence_hit is not None]
        confusion = {g: dict.fromkeys(STATUSES, 0) for g in STATUSES}
        for p in pairs:
            confusion[p.gold][p.predicted if p.predicted in STATUSES else "missing"] += 1
        out.update(
            status_accuracy=accuracy,
            f1_by_status=f1,
            macro_f1=sum(f1.values()) / len(STATUSES),
            kappa=(accuracy - expected) / (1 - expected) if expected < 1 else 1.0,
            met_recall=sum(p.predicted == "met" for p in mets) / len(mets) if mets else None,
            gap_precision=(
                sum(p.gold != "met" for p in flagged) / len(flagged) if flagged else 0.0
            ),
            gap_recall=sum(p.predicted != "met" for p in gaps) / len(gaps) if gaps else 0.0,
            conflict_recall=(
                sum(p.predicted == "conflict" for p in conflicts) / len(conflicts)
                if conflicts
                else None
            ),
            evidence_hit=sum(hits) / len(hits) if hits else None,
            confusion_gold_by_pred=confusion,
            errors=[
                {
                    "contract": p.contract,
                    "requirement": p.requirement,
                    "gold": p.gold,
                    "predicted": p.predicted,
                }
                for p in pairs
                if p.gold != p.predicted
            ],
        )
        return out

    def per_requirement_f1(self) -> dict[str, float]:
        """requirement -> macro F1 over the statuses that occur for it (gold or predicted)."""
        by_requirement: dict[str, list[Pair]] = defaultdict(list)
        for p in self.pairs:
            by_requirement[p.requirement].append(p)
        table: dict[str, float] = {}
        for requirement, pairs in sorted(by_requirement.items()):
            present = [s for s in STATUSES if any(s in (p.gold, p.predicted) for p in pairs)]
            table[requirement] = sum(_f1(pairs, s) for s in present) / len(present)
        return table

    def per_requirement(self) -> dict[str, tuple[int, int]]:
        """requirement -> (right, total)."""
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for p in self.pairs:
            table[p.requirement][0] += p.gold == p.predicted
            table[p.requirement][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(table.items())}


def load_gold(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("labels") or {}


def score_reports(
    gold_dir: Path,
    reports: dict[str, dict[str, Any]],
    *,
    include_uncertain: bool = False,
) -> Scores:
    """Score `reports` (contract stem -> report dict) against the gold files."""
    scores = Scores()
    for gold_file in sorted(gold_dir.glob("*.yaml")):
        stem = gold_file.stem
        report = reports.get(stem)
        if report is None:
            scores.missing_reports.append(stem)
        findings = {f["requirement"]: f for f in (report or {}).get("findings", [])}
        for requirement, label in load_gold(gold_file).items():
            if label.get("uncertain") and not include_uncertain:
                scores.uncertain_skipped += 1
                continue
            gold = label["status"]
            finding = findings.get(requirement, {})
            predicted = finding.get("status", "missing")
            quotes = label.get("evidence") or []
            hit = None
            if gold != "missing" and quotes:
                texts = [
                    e.get("text", "")
                    for e in finding.get("evidence", []) or []
                    if len(e.get("text", "")) <= MAX_EVIDENCE_CHARS
                ]
                hit = any(quote_found(t, q) for t in texts for q in quotes)
            scores.pairs.append(Pair(stem, requirement, gold, predicted, hit))
    return scores


def load_report_dir(report_dir: Path) -> dict[str, dict[str, Any]]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(report_dir.glob("*.json"))
    }
