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
from reviewer.detect.base import Detection, DetectionContext, Detector
from reviewer.detect.registry import DetectorRegistry
from reviewer.detect.rules import RuleDetector
from reviewer.document import Document
from reviewer.engine.decide import Decider, Decision, RuleDecider
from reviewer.engine.localise import kind_cue, localise, localised_topics, report_language
from reviewer.engine.parallel import cite_parallels
from reviewer.engine.profile import ResolvedProfile, resolve_profile
from reviewer.errors import ModelError
from reviewer.ingest.limits import IngestLimits
from reviewer.ingest.ocr import OcrProgress
from reviewer.inventory.extract import extract_inventory
from reviewer.learn.artifact import ReviewModel
from reviewer.learn.artifact import load as load_model
from reviewer.learn.decider import LearnedDecider
from reviewer.learn.relevance import RelevanceDetector
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
    """Reviews documents against one clause library and profile.

    Detectors run through one registry (the library's rule cues, the trained
    relevance model, or ones passed in); a decider turns each requirement's
    detections into a decision. With the trained model (the default when it
    matches the library) the learned status model decides and the rules
    explain; with `use_model=False`, or for a library the model does not fit,
    the rules decide alone.
    """

    def __init__(
        self,
        library: Library | Path | str | None = None,
        *,
        profile: str = "default",
        country: str | None = None,
        detectors: Sequence[Detector] | None = None,
        use_model: bool = True,
        model: ReviewModel | None = None,
        model_dir: Path | None = None,
        limits: IngestLimits | None = None,
        report_language: str | None = None,
    ) -> None:
        self.library = library if isinstance(library, Library) else load_library(library)
        # The language of titles, explanations and recommendations; None: the contract's.
        self.report_language = report_language
        self.profile: ResolvedProfile = resolve_profile(self.library, profile, country)
        self.limits = limits or IngestLimits()
        self.registry = DetectorRegistry([RuleDetector()])
        self.decider: Decider = RuleDecider()
        self.model: ReviewModel | None = None
        self.model_note: str | None = None
        if model is None and use_model:
            try:
                model = load_model(model_dir, self.library)
            except ModelError as exc:
                log.info("review model not used: %s", exc)
                self.model_note = f"Statuses come from the rule cues alone: {exc.reason}"
        if model is not None and use_model:
            self.use(model)
        for detector in detectors or []:
            self.registry.add(detector)

    def use(self, model: ReviewModel) -> None:
        """Let `model` find relevant sentences and decide statuses."""
        self.model = model
        self.registry.add(RelevanceDetector(model.relevance))
        self.decider = LearnedDecider(model)

    @property
    def model_name(self) -> str | None:
        return self.model.name if self.model else None

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
                warnings=[
                    *document.warnings,
                    *language_warnings,
                    *([self.model_note] if self.model_note else []),
                ],
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
        """All detections of all registered detectors, grouped by requirement."""
        context = DetectionContext(segmented, self.library, self.profile.parameters)
        return self.registry.analyze(context)

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
            decision = self.decider.decide(requirement, grouped.get(req_id, []), segmented)
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


_STATUS_WORDS = {
    "met": "as giving this protection",
    "partial": "as dealing with this, but weaker than required",
    "conflict": "as saying the opposite",
}


def _explain(
    requirement: Requirement, decision: Decision, evidence: list[Evidence], extracted: dict
) -> str:
    status = decision.status
    winners = decision.winners
    if status == "missing":
        if decision.rule_status not in (None, "missing"):
            return (
                "Read as a whole, the document does not deal with this (trained model), although a "
                f"rule cue matched; check the clauses listed under 'why'. {requirement.statuses.missing}"
            )
        return f"Nothing in the document deals with this. {requirement.statuses.missing}"
    if not winners:
        return (
            f"{_where(evidence)} touches on this but does not give the protection as described. "
            f"{getattr(requirement.statuses, status)}"
        )
    lead = winners[0]
    win_evidence = evidence[: len(winners)]
    if lead.is_cue and lead.status == status:
        explanation = f"{_where(win_evidence)}: {_format(lead.explanation, extracted)}"
    else:
        explanation = (
            f"{_where(win_evidence)}: the trained model reads this {_STATUS_WORDS[status]}. "
            f"{getattr(requirement.statuses, status)}"
        )
    if decision.others:
        other_evidence = evidence[len(winners) : len(winners) + len(decision.others)]
        other_statuses = sorted({d.status or "" for d in decision.others})
        weakest = status == min(
            [status, *(d.status for d in decision.others)],
            key=lambda st: STATUS_STRENGTH.get(st or "met", 2),
        )
        rule = "the weaker position decides" if weakest else "the more specific clause decides"
        explanation += (
            f" {_where(other_evidence)} points another way ({', '.join(other_statuses)});"
            f" both are cited and {rule}."
        )
    if decision.rule_status is not None:
        explanation += f" The rule cues alone would say {decision.rule_status}."
    return explanation


def _leaning_status(det: Detection, role: str, decision: Decision) -> str | None:
    """Where a model-found sentence points: the decided status if it decides, else its wording."""
    if not det.leaning or role == "mention":
        return None
    if role == "decides":
        return decision.status
    return max(det.leaning.items(), key=lambda item: item[1])[0]


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
        item.role, item.points_to = role, det.status or _leaning_status(det, role, decision)
    extracted: dict[str, object] = {}
    for det in decision.winners + decision.others:
        for key, value in det.extracted.items():
            extracted.setdefault(key, value)
    return Finding(
        requirement=requirement.id,
        topic=requirement.topic,
        title=requirement.title,
        status=decision.status,
        severity=severity,
        confidence=decision.confidence,
        evidence=evidence,
        explanation=_explain(requirement, decision, evidence, extracted),
        extracted=extracted,
        recommendation="",  # written by draft_recommendations in the contract's own terms
        decided_by=decision.decided_by,
        rule_status=decision.rule_status,
        trail=decision.trail,
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
