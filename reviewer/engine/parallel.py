"""Each quoted passage of a bilingual contract with its other-language version.

The review reads the language the playbook has cues for; where the layout
pairs that text with a translation (see `reviewer.segment.parallel`), the
evidence carries the translation too, with its own section and page, so a
lawyer sees both binding versions of the clause. When both languages were
read (English | Russian), a clause found in both is cited once, in the
report's language, with the other version as its parallel.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from reviewer.report.model import Evidence, Finding, ParallelPassage
from reviewer.segment.model import SegmentedDocument

SectionOf = Callable[[SegmentedDocument, int], tuple[str | None, str | None]]


def _language_at(segmented: SegmentedDocument, offset: int) -> str | None:
    sentences = segmented.sentences
    i = bisect.bisect_right(sentences, offset, key=lambda s: s.start) - 1
    if i >= 0 and offset < sentences[i].end:
        return sentences[i].language
    return None


def _overlaps(item: Evidence, passages: list[ParallelPassage]) -> bool:
    return any(p.start < item.end and item.start < p.end for p in passages)


def cite_parallels(
    findings: list[Finding], segmented: SegmentedDocument, language: str, section_of: SectionOf
) -> list[Finding]:
    """The findings with each evidence passage's language and parallel passages."""
    parallels = segmented.parallels
    text = segmented.document.text
    out: list[Finding] = []
    for finding in findings:
        if not finding.evidence:
            out.append(finding)
            continue
        kept: list[Evidence] = []
        for item in finding.evidence:
            passages = []
            for other, start, end in parallels.passages(item.start, item.end):
                section, _ = section_of(segmented, start)
                passages.append(
                    ParallelPassage(
                        language=other,
                        text=text[start:end],
                        section=section,
                        page=segmented.document.page_at(start),
                        start=start,
                        end=end,
                    )
                )
            item = item.model_copy(
                update={"language": _language_at(segmented, item.start), "parallel": passages}
            )
            # The same clause read in both languages: cite it once, in the report's language.
            twin = next(
                (
                    i
                    for i, k in enumerate(kept)
                    if k.role == item.role and _overlaps(item, k.parallel)
                ),
                None,
            )
            if twin is None:
                kept.append(item)
            elif item.language == language and kept[twin].language != language:
                kept[twin] = item
        out.append(finding.model_copy(update={"evidence": kept}))
    return out
