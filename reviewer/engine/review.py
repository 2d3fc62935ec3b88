"""`ReviewEngine`: one document in, one report out.

The CLI, the batch runner and the web app all call this class; it is the only
place where ingestion, segmentation, detection and the decision meet.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from reviewer import __version__
from reviewer.detect.base import Detection, Detector
from reviewer.detect.rules import RuleDetector
from reviewer.document import Document
from reviewer.engine.decide import Decision, decide
from reviewer.engine.localise import kind_cue, localise, localised_topics, report_language
from reviewer.engine.parallel import cite_parallels
from reviewer.engine.profile import ResolvedProfile, resolve_profile
from reviewer.ingest.limits import IngestLimits
from reviewer.ingest.ocr import OcrProgress
from reviewer.inventory.extract import extract_inventory
from reviewer.library.loader import load_library
from reviewer.library.model import SEVERITY_RANK, STATUS_STRENGTH, Library, Requirement
from reviewer.report.drafting import draft_recommendations, roles_info
from reviewer.report.model import (
    DocumentInfo,
    Evidence,
    Finding,
    Report,
    Summary,
    ToolInfo,
)
from reviewer.segment.model import SegmentedDocument

log = logging.getLogger(__name__)

MAX_EVIDENCE_CHARS = 1000
GAP_STATUSES = ("partial", "conflict", "missing")


class ReviewEngine:
    """Reviews documents against one clause library and profile."""

    def __init__(
        self,
        library: Library | Path | str | None = None,
        *,
        profile: str = "default",
        country: str | None = None,
        detectors: Sequence[Detector] | None = None,
        use_model: bool = False,
        limits: IngestLimits | None = None,
        report_language: str | None = None,
    ) -> None:
        self.library = library if isinstance(library, Library) else load_library(library)
        # The language of titles, explanations and recommendations; None: the contract's.
        self.report_language = report_language
        self.profile: ResolvedProfile = resolve_profile(self.library, profile, country)
        self.rules = RuleDetector()
        self.limits = limits or IngestLimits()
        self.detectors: list[Detector] = list(detectors or [])
        self.model_name: str | None = None
        if detectors is None and use_model:
            self._add_default_model()

    def _add_default_model(self) -> None:
        # Opt-in: scikit-learn and skops take seconds to import on small
        # machines, and on the evaluation set the classifier changes no status
        # (see models/MODEL_CARD.md), so a plain review runs on rules alone.
        from reviewer.detect.classifier import load_detector

        detector = load_detector(self.library)
        self.detectors.append(detector)
        self.model_name = detector.artifact_name

    # ----------------------------------------------------------------- entry points
    def review_path(self, path: str | Path, *, progress: OcrProgress | None = None) -> Report:
        """Review a contract file; `progress(done, total)` follows OCR of scanned pages."""
        from reviewer.ingest import ingest

        started = time.perf_counter()
        document = ingest(path, limits=self.limits, progress=progress)
        ingest_ms = (time.perf_counter() - started) * 1000
        return self.review_document(document, ingest_ms=ingest_ms)

    def review_text(self, text: str, name: str = "<text>") -> Report:
        """Review a snippet or a whole contract given as text (no minimum length)."""
        from reviewer.ingest.text import document_from_text

        markdown = name.lower().endswith((".md", ".markdown"))
        return self.review_document(document_from_text(text, name, markdown=markdown), min_words=0)

    def review_document(
        self, document: Document, *, ingest_ms: float = 0.0, min_words: int | None = None
    ) -> Report:
        """Review an ingested document.

        Raises `UnsupportedLanguageError` / `TooLittleTextError` (input errors)
        rather than report a text the playbook cannot read as all-missing.
        """
        from reviewer.segment import segment
        from reviewer.segment.languages import MIN_REVIEW_WORDS, check_reviewable

        t0 = time.perf_counter()
        segmented = segment(document)
        language = report_language(segmented, self.library, self.report_language)
        language_warnings = check_reviewable(
            segmented.languages,
            self.library.languages,
            path=document.path,
            min_words=MIN_REVIEW_WORDS if min_words is None else min_words,
            language=language,
        )
        t1 = time.perf_counter()
        findings = cite_parallels(self.findings(segmented), segmented, language, section_label)
        findings = localise(findings, self.library, segmented, language, self.profile.parameters)
        findings = draft_recommendations(
            findings, self.library, segmented, language, self.profile.parameters
        )
        t2 = time.perf_counter()
        roles = roles_info(segmented.roles)
        inventory = extract_inventory(segmented, findings, roles.vendor, roles.customer)
        t3 = time.perf_counter()
        timings = {
            "ingest": round(ingest_ms, 1),
            "segment": round((t1 - t0) * 1000, 1),
            "detect": round((t2 - t1) * 1000, 1),
            "inventory": round((t3 - t2) * 1000, 1),
        }
        timings["total"] = round(sum(timings.values()), 1)
        return Report(
            tool=ToolInfo(
                version=__version__,
                library_version=self.library.version,
                model=f"models/{self.model_name}" if self.model_name else None,
            ),
            document=DocumentInfo(
                path=document.path,
                sha256=document.sha256,
                format=document.format,
                pages=document.pages,
                kind=segmented.kind.kind,
                kind_cue=kind_cue(segmented.kind, language),
                parties=segmented.parties,
                roles=roles,
                warnings=[*document.warnings, *language_warnings],
                language=segmented.languages.primary,
                languages=segmented.languages.shares,
                reviewed_languages=sorted(
                    {s.language for s in segmented.sentences if s.language} & self.library.languages
                ),
            ),
            profile=self.profile.name,
            topics=localised_topics(self.library, language),
            parameters={
                req_id: params for req_id, params in self.profile.parameters.items() if params
            },
            findings=findings,
            report_language=language,
            summary=_summary(findings),
            inventory=inventory,
            timings_ms=timings,
        )

    # ----------------------------------------------------------------- the analysis
    def detect(self, segmented: SegmentedDocument) -> dict[str, list[Detection]]:
        """All detections, grouped by requirement (other detectors propose candidates)."""
        proposed: dict[str, set[int]] = defaultdict(set)
        model_detections: list[Detection] = []
        for detector in self.detectors:
            for det in detector.detect(segmented, self.library):
                model_detections.append(det)
                proposed[det.requirement].add(det.sentence)
        rule_detections = self.rules.detect(
            segmented,
            self.library,
            parameters=self.profile.parameters,
            extra_candidates=proposed,
        )
        grouped: dict[str, list[Detection]] = defaultdict(list)
        for det in rule_detections:
            grouped[det.requirement].append(det)
        model_scores = {(d.requirement, d.sentence): d.score for d in model_detections}
        for dets in grouped.values():
            for det in dets:
                # A rule hit that the classifier also finds relevant is more certain.
                agreement = model_scores.get((det.requirement, det.sentence))
                if agreement is not None and det.status is not None:
                    det.score = round(min(0.99, det.score + 0.05 * agreement), 3)
        return grouped

    def findings(self, segmented: SegmentedDocument) -> list[Finding]:
        grouped = self.detect(segmented)
        findings: list[Finding] = []
        for req_id, requirement in self.library.requirements.items():
            params = self.profile.parameters.get(req_id, {})
            severity = self.profile.severity[req_id]
            if req_id in self.profile.excluded or (
                requirement.applies_if_parameter
                and not params.get(requirement.applies_if_parameter)
            ):
                findings.append(_not_applicable(requirement, severity, params))
                continue
            decision = decide(requirement, grouped.get(req_id, []))
            findings.append(_finding(requirement, severity, params, decision, segmented))
        return findings


# --------------------------------------------------------------------- helpers
def section_label(segmented: SegmentedDocument, offset: int) -> tuple[str | None, str | None]:
    clause = segmented.clause_at(offset)
    if clause is None:
        return None, None
    number = clause.number
    if clause.part and number:
        label: str | None = f"{clause.part}, {number}"
    else:
        label = number or clause.part
    heading = clause.heading
    if heading is None:
        # Nearest enclosing heading gives the reader context (not the bare number again).
        heading = next((h for h in reversed(clause.heading_path) if h != number), None)
    return label, heading


def _evidence(segmented: SegmentedDocument, det: Detection) -> Evidence:
    sentence = segmented.sentences[det.sentence]
    text = sentence.text
    start, end = sentence.start, sentence.end
    if len(text) > MAX_EVIDENCE_CHARS:
        # Keep the part around the match: long run-on sentences exist in contracts.
        centre = (det.start + det.end) // 2
        start = max(sentence.start, centre - MAX_EVIDENCE_CHARS // 2)
        end = min(sentence.end, start + MAX_EVIDENCE_CHARS)
        text = segmented.document.text[start:end]
    section, heading = section_label(segmented, sentence.start)
    return Evidence(
        text=text,
        section=section,
        heading=heading,
        page=segmented.document.page_at(start),
        start=start,
        end=end,
        detector=det.detector,
        score=round(det.score, 3),
    )


def _where(evidence: list[Evidence]) -> str:
    sections = [f"clause {e.section}" for e in evidence if e.section]
    unique = list(dict.fromkeys(sections))
    if not unique:
        return "The document"
    return (
        ", ".join(unique[:-1]) + " and " + unique[-1] if len(unique) > 1 else unique[0]
    ).capitalize()


def _format(template: str, extracted: dict[str, object]) -> str:
    value = next((v for v in extracted.values() if v not in (None, [])), None)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return template.format(value=value if value is not None else "the stated")
    except (KeyError, IndexError, ValueError):
        return template


def _finding(
    requirement: Requirement,
    severity: str,
    params: dict[str, object],
    decision: Decision,
    segmented: SegmentedDocument,
) -> Finding:
    cited = decision.winners + decision.others + decision.mentions
    evidence = [_evidence(segmented, d) for d in cited]
    roles = (
        ["decides"] * len(decision.winners)
        + ["other-way"] * len(decision.others)
        + ["mention"] * len(decision.mentions)
    )
    for item, role, det in zip(evidence, roles, cited, strict=True):
        item.role, item.points_to = role, det.status
    extracted: dict[str, object] = {}
    for det in decision.winners + decision.others:
        for key, value in det.extracted.items():
            extracted.setdefault(key, value)
    status = decision.status
    if status == "missing":
        explanation = f"Nothing in the document deals with this. {requirement.statuses.missing}"
    elif decision.winners:
        lead = decision.winners[0]
        win_evidence = evidence[: len(decision.winners)]
        explanation = f"{_where(win_evidence)}: {_format(lead.explanation, extracted)}"
        if decision.others:
            other_evidence = evidence[
                len(decision.winners) : len(decision.winners) + len(decision.others)
            ]
            other_statuses = sorted({d.status or "" for d in decision.others})
            weakest = lead.status == min(
                [lead.status, *(d.status for d in decision.others)],
                key=lambda st: STATUS_STRENGTH.get(st or "met", 2),
            )
            rule = "the weaker position decides" if weakest else "the more specific clause decides"
            explanation += (
                f" {_where(other_evidence)} points another way ({', '.join(other_statuses)});"
                f" both are cited and {rule}."
            )
    else:
        explanation = (
            f"{_where(evidence)} touches on this but does not give the protection as described. "
            f"{getattr(requirement.statuses, status)}"
        )
    return Finding(
        requirement=requirement.id,
        topic=requirement.topic,
        title=requirement.title,
        status=status,
        severity=severity,
        confidence=decision.confidence,
        evidence=evidence,
        explanation=explanation,
        extracted=extracted,
        recommendation="",  # written by draft_recommendations in the contract's own terms
    )


def _not_applicable(requirement: Requirement, severity: str, params: dict[str, object]) -> Finding:
    reason = (
        "Not checked: no country is set that the data must stay in; choose a country "
        "profile or give the country to check this."
        if requirement.applies_if_parameter == "required_countries"
        else f"Not checked: the profile sets no {requirement.applies_if_parameter}."
        if requirement.applies_if_parameter
        else "Not checked: the profile excludes this requirement."
    )
    return Finding(
        requirement=requirement.id,
        topic=requirement.topic,
        title=requirement.title,
        status="not-applicable",
        severity=severity,
        confidence=1.0,
        evidence=[],
        explanation=reason,
        extracted={},
        recommendation="",
    )


def _summary(findings: list[Finding]) -> Summary:
    counts: dict[str, int] = defaultdict(int)
    highest: str | None = None
    for f in findings:
        counts[f.status.replace("-", "_")] += 1
        if f.status in GAP_STATUSES and (
            highest is None or SEVERITY_RANK[f.severity] > SEVERITY_RANK[highest]
        ):
            highest = f.severity
    return Summary(
        met=counts["met"],
        partial=counts["partial"],
        conflict=counts["conflict"],
        missing=counts["missing"],
        not_applicable=counts["not_applicable"],
        highest_severity_gap=highest,
    )
