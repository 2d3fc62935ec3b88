"""The second round: compare two versions of a contract, or their reviews.

The vendor sends a revised draft. What the lawyer needs is which requirements
changed status (and whether for the better), the clause wording before and
after as a word diff, which gaps remain, and anything that got worse, including
a number that moved the wrong way (breach notice 48 -> 72 hours) under an
unchanged status.

Redrafts renumber, so clauses are matched by their words, not their numbers:
each passage a finding rests on in one version is paired with the most similar
passage of the other version (among the passages the other review cites, and,
when the full text of the other version is known, among all its sentences).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from reviewer.errors import InputError
from reviewer.report.model import Evidence, Finding, Report
from reviewer.report.overview import SEVERITY_RANK, clause_of, topic_positions

if TYPE_CHECKING:
    from reviewer.engine import ReviewEngine
    from reviewer.segment.model import SegmentedDocument

SCHEMA_VERSION = 1
# Higher is better for the customer: a conflict is worse than silence.
STATUS_STRENGTH = {"conflict": 0, "missing": 1, "partial": 2, "met": 3}
# Word-sequence similarity from which two passages are one clause redrafted: lower for
# passages the two reviews cite for the same requirement (a clause rewritten to say the
# opposite shares few words), higher for a passage found anywhere in the other version.
SAME_REQUIREMENT = 0.25
SAME_HEADING_BONUS = 0.3
SAME_CLAUSE = 0.6
MIN_WORDS = 4  # a heading alone ("9.1 Deletion.") is not a clause to compare
UNCHANGED = 0.999
# Extracted values where a larger number is worse for the customer, and where it is better.
LARGER_IS_WORSE = ("hours", "days")
LARGER_IS_BETTER = ("frequency",)
ChangeKind = Literal["worse", "better", "remains", "met", "not-checked"]
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


class Passage(BaseModel):
    text: str
    section: str | None = None
    heading: str | None = None
    page: int | None = None


class DiffPiece(BaseModel):
    op: Literal["same", "removed", "added"]
    text: str


class ClauseChange(BaseModel):
    kind: Literal["unchanged", "reworded", "removed", "new"]
    before: Passage | None = None
    after: Passage | None = None
    similarity: float = 0.0
    diff: list[DiffPiece] = Field(default_factory=list)


class ValueChange(BaseModel):
    name: str  # hours | days | frequency
    before: float | None
    after: float | None
    worse: bool


class RequirementChange(BaseModel):
    requirement: str
    title: str
    topic: str
    severity: str
    before: str  # status in the old version
    after: str  # status in the new version
    change: ChangeKind
    before_explanation: str = ""
    after_explanation: str = ""
    clauses: list[ClauseChange] = Field(default_factory=list)
    values: list[ValueChange] = Field(default_factory=list)
    recommended_clause: str = ""  # what to ask for in the next round (gaps only)


class VersionInfo(BaseModel):
    path: str
    sha256: str
    kind: str


class Comparison(BaseModel):
    schema_version: int = SCHEMA_VERSION
    old: VersionInfo
    new: VersionInfo
    profile: str
    topics: dict[str, str] = Field(default_factory=dict)
    changes: list[RequirementChange]
    counts: dict[str, int] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    def of(self, change: ChangeKind) -> list[RequirementChange]:
        return [c for c in self.changes if c.change == change]


# --------------------------------------------------------------------- words


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _words(text: str) -> list[str]:
    return [t.lower() for t in tokens(text) if not t.isspace()]


def _word_count(text: str) -> int:
    return sum(1 for t in tokens(text) if t[:1].isalnum())


def similarity(a: str, b: str) -> float:
    """How alike two passages are, 0..1, by their word sequences."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


def word_diff(before: str, after: str) -> list[DiffPiece]:
    """The two passages as runs of same / removed / added words (spaces kept)."""
    left, right = tokens(before), tokens(after)
    matcher = difflib.SequenceMatcher(
        lambda t: t.isspace(), [t.lower() for t in left], [t.lower() for t in right],
        autojunk=False,
    )  # fmt: skip
    pieces: list[DiffPiece] = []

    def add(op: Literal["same", "removed", "added"], text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1].text += text
        else:
            pieces.append(DiffPiece(op=op, text=text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", "".join(right[j1:j2]))
        else:
            add("removed", "".join(left[i1:i2]))
            add("added", "".join(right[j1:j2]))
    return pieces


# ------------------------------------------------------------------ matching


def _passage(evidence: Evidence) -> Passage:
    return Passage(
        text=evidence.text, section=evidence.section, heading=evidence.heading, page=evidence.page
    )


def _deciding(finding: Finding | None) -> list[Passage]:
    if finding is None:
        return []
    chosen = [e for e in finding.evidence if e.role == "decides"] or finding.evidence
    return [_passage(e) for e in chosen if _word_count(e.text) >= MIN_WORDS]


def _cited(report: Report) -> list[Passage]:
    seen: dict[str, Passage] = {}
    for finding in report.findings:
        for evidence in finding.evidence:
            seen.setdefault(evidence.text, _passage(evidence))
    return list(seen.values())


def _pair_score(before: Passage, after: Passage) -> float:
    score = similarity(before.text, after.text)
    if before.heading and after.heading and before.heading.lower() == after.heading.lower():
        score += SAME_HEADING_BONUS  # the clause kept its heading through the redraft
    return score


def _changed(before: Passage, after: Passage, score: float) -> ClauseChange:
    kind: Literal["unchanged", "reworded"] = "unchanged" if score >= UNCHANGED else "reworded"
    return ClauseChange(
        kind=kind, before=before, after=after, similarity=round(score, 3),
        diff=[] if kind == "unchanged" else word_diff(before.text, after.text),
    )  # fmt: skip


def _candidates(passage: Passage, pool: Sequence[Passage], limit: int = 8) -> list[Passage]:
    """The passages of `pool` sharing the most words with `passage` (a cheap filter before
    sequence matching, which is slow on a whole contract)."""
    words = set(_words(passage.text))
    if not words:
        return []
    return sorted(
        pool,
        key=lambda c: -len(words & set(_words(c.text))) / (len(words | set(_words(c.text))) or 1),
    )[:limit]


def _clause_changes(
    before: list[Passage],
    after: list[Passage],
    old_pool: Sequence[Passage],
    new_pool: Sequence[Passage],
) -> list[ClauseChange]:
    """Pair each passage a finding rests on with its counterpart in the other version: the
    passage the other review cites for the same requirement (a clause rewritten to say the
    opposite shares few words), or, when it matches better, a passage anywhere in the other
    version (the clause is still there but no longer decides). Best pairs first."""
    scored: list[tuple[float, int, Passage, str]] = []  # score, index, counterpart, side
    for i, passage in enumerate(before):
        for other in after:
            score = _pair_score(passage, other)
            if score >= SAME_REQUIREMENT:
                scored.append((score, i, other, "before"))
        for other in _candidates(passage, new_pool):
            score = _pair_score(passage, other)
            if score >= SAME_CLAUSE:
                scored.append((score, i, other, "before"))
    for j, passage in enumerate(after):
        for other in _candidates(passage, old_pool):
            score = _pair_score(other, passage)
            if score >= SAME_CLAUSE:
                scored.append((score, j, other, "after"))
    scored.sort(key=lambda item: -item[0])
    changes: list[ClauseChange] = []
    done_before: set[int] = set()
    done_after: set[int] = set()
    used_old: set[str] = set()
    used_new: set[str] = set()
    for _, index, other, side in scored:
        if side == "before":
            passage = before[index]
            if index in done_before or other.text in used_new:
                continue
            done_before.add(index)
            used_old.add(passage.text)
            used_new.add(other.text)
            for j, candidate in enumerate(after):
                if candidate.text == other.text:
                    done_after.add(j)
            changes.append(_changed(passage, other, similarity(passage.text, other.text)))
        else:
            passage = after[index]
            if index in done_after or other.text in used_old:
                continue
            done_after.add(index)
            used_old.add(other.text)
            used_new.add(passage.text)
            changes.append(_changed(other, passage, similarity(other.text, passage.text)))
    for i, passage in enumerate(before):
        if i not in done_before and passage.text not in used_old:
            changes.append(ClauseChange(kind="removed", before=passage))
    for j, passage in enumerate(after):
        if j not in done_after and passage.text not in used_new:
            changes.append(ClauseChange(kind="new", after=passage))
    return changes


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _values(old: Finding | None, new: Finding | None) -> list[ValueChange]:
    if old is None or new is None:
        return []
    changes = []
    for name in (*LARGER_IS_WORSE, *LARGER_IS_BETTER):
        before, after = _number(old.extracted.get(name)), _number(new.extracted.get(name))
        if before is None or after is None or before == after:
            continue
        worse = after > before if name in LARGER_IS_WORSE else after < before
        changes.append(ValueChange(name=name, before=before, after=after, worse=worse))
    return changes


def _kind(before: str, after: str, values: list[ValueChange]) -> ChangeKind:
    if "not-applicable" in (before, after):
        return "not-checked"
    old_rank, new_rank = STATUS_STRENGTH[before], STATUS_STRENGTH[after]
    if new_rank < old_rank:
        return "worse"
    if new_rank > old_rank:
        return "better"
    if any(v.worse for v in values):
        return "worse"
    if values:
        return "better"
    return "met" if after == "met" else "remains"


ORDER: dict[str, int] = {"worse": 0, "better": 1, "remains": 2, "met": 3, "not-checked": 4}


def compare_reports(
    old: Report,
    new: Report,
    *,
    old_passages: Sequence[Passage] | None = None,
    new_passages: Sequence[Passage] | None = None,
) -> Comparison:
    """Compare two reviews; `*_passages` (every sentence of each version, with its
    section) let a clause be found in a version whose review no longer cites it."""
    old_pool = list(old_passages or []) + _cited(old)
    new_pool = list(new_passages or []) + _cited(new)
    old_findings = {f.requirement: f for f in old.findings}
    topics = topic_positions(new)
    changes: list[RequirementChange] = []
    for finding in new.findings:
        previous = old_findings.get(finding.requirement)
        before = previous.status if previous else "not-applicable"
        values = _values(previous, finding)
        kind = _kind(before, finding.status, values)
        clauses: list[ClauseChange] = []
        if kind in ("worse", "better", "remains") or before != finding.status:
            clauses = _clause_changes(_deciding(previous), _deciding(finding), old_pool, new_pool)
        changes.append(
            RequirementChange(
                requirement=finding.requirement,
                title=finding.title,
                topic=finding.topic,
                severity=finding.severity,
                before=before,
                after=finding.status,
                change=kind,
                before_explanation=previous.explanation if previous else "",
                after_explanation=finding.explanation,
                clauses=clauses,
                values=values,
                recommended_clause=clause_of(finding)
                if finding.status in ("conflict", "missing", "partial")
                else "",
            )
        )
    changes.sort(
        key=lambda c: (
            ORDER[c.change],
            SEVERITY_RANK.get(c.severity, 9),
            STATUS_STRENGTH.get(c.after, 9),
            topics.get(c.topic, 999),
            c.requirement,
        )
    )
    warnings = []
    if old.profile != new.profile:
        warnings.append(
            f"the two reviews used different profiles ({old.profile}, {new.profile}); "
            "a change of status may come from the profile, not the contract"
        )
    if old.document.sha256 == new.document.sha256:
        warnings.append("the two files are the same contract (identical content)")
    counts = {kind: sum(c.change == kind for c in changes) for kind in ORDER}
    return Comparison(
        old=VersionInfo(path=old.document.path, sha256=old.document.sha256, kind=old.document.kind),
        new=VersionInfo(path=new.document.path, sha256=new.document.sha256, kind=new.document.kind),
        profile=new.profile,
        topics=dict(new.topics),
        changes=changes,
        counts=counts,
        warnings=warnings,
    )


# ------------------------------------------------------------------ from files


def passages_of(segmented: SegmentedDocument) -> list[Passage]:
    """Every sentence of a version with its section, for finding a clause by its words."""
    from reviewer.engine.review import section_label

    out = []
    for sentence in segmented.sentences:
        if _word_count(sentence.text) < MIN_WORDS:
            continue
        section, heading = section_label(segmented, sentence.start)
        out.append(
            Passage(
                text=sentence.text,
                section=section,
                heading=heading,
                page=segmented.document.page_at(sentence.start),
            )
        )
    return out


def load_version(engine: ReviewEngine, path: Path) -> tuple[Report, list[Passage]]:
    """A version to compare: a JSON report as it is, or a contract reviewed now."""
    if path.suffix.lower() == ".json":
        try:
            return Report.model_validate_json(path.read_bytes()), []
        except OSError as exc:
            raise InputError(f"{path.name}: cannot be read ({exc.strerror})") from exc
        except ValueError as exc:
            raise InputError(
                f"{path.name}: not a report of `reviewer review --format json`"
            ) from exc
    from reviewer.ingest import ingest
    from reviewer.segment import segment

    document = ingest(path, limits=engine.limits)
    report = engine.review_document(document)
    return report, passages_of(segment(document))


def compare_paths(engine: ReviewEngine, old: Path, new: Path) -> Comparison:
    old_report, old_passages = load_version(engine, old)
    new_report, new_passages = load_version(engine, new)
    return compare_reports(
        old_report, new_report, old_passages=old_passages, new_passages=new_passages
    )
