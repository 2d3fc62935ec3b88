"""Guessing the kind of agreement: DPA, MSA, AI addendum, terms, other."""

from __future__ import annotations

import re

from reviewer.document import Document
from reviewer.segment.model import KindGuess

_TITLE_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "AI-addendum",
        re.compile(
            r"\b(?:ai|artificial intelligence)\b.{0,40}\b(?:addendum|clauses|terms|agreement)\b|\b(?:copilot|generative ai)\b.{0,30}\bterms\b"
            r"|\b(?:clauses|terms|addendum)\b.{0,60}\b(?:ai|artificial intelligence)\b",
            re.I,
        ),
    ),
    (
        "DPA",
        re.compile(
            r"\bdata (?:processing|protection) (?:agreement|addendum|terms)\b|\bdpa\b|\bstandard contractual clauses\b",
            re.I,
        ),
    ),
    (
        "MSA",
        re.compile(
            r"\b(?:master|cloud|enterprise|software|saas)?\s*(?:services?|subscription|customer|license|licence) agreement\b|\bcloud (?:service )?terms\b|\bmaster services\b",
            re.I,
        ),
    ),
    ("terms", re.compile(r"\bterms (?:of (?:service|use)|and conditions)\b", re.I)),
    # Russian titles: the AI service first, then the data-processing instruction
    # ("поручение на обработку персональных данных", Art. 6(3) of 152-FZ), then
    # service and licence agreements, then offers and user agreements.
    (
        "AI-addendum",
        re.compile(
            r"(?:искусственн\w* интеллект\w*|\bИИ\b|нейросет\w*|нейронн\w* сет\w*|генеративн\w*)",
            re.I,
        ),
    ),
    (
        "DPA",
        re.compile(
            r"поручени\w* (?:на|об?) обработк\w* персональн\w* данн\w*"
            r"|(?:соглашени|договор)\w* (?:об? |на )?(?:обработк|защит)\w* персональн\w* данн\w*",
            re.I,
        ),
    ),
    (
        "MSA",
        re.compile(
            r"(?:договор|соглашени)\w*[^.\n]{0,40}(?:оказани\w* услуг|лицензи\w*)"
            r"|(?:лицензионн|сублицензионн)\w* (?:договор|соглашени)\w*|договор\w*[- ]оферт\w*",
            re.I,
        ),
    ),
    (
        "terms",
        re.compile(
            r"пользовательск\w* соглашени\w*|публичн\w* оферт\w*|оферт\w*"
            r"|услови\w* (?:использования|пользования)|правил\w* (?:использования|пользования)",
            re.I,
        ),
    ),
]
_CONTENT_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("DPA", re.compile(r"\b(?:sub-?processors?|data subjects?|controller|processor)\b", re.I)),
    (
        "AI-addendum",
        re.compile(
            r"\b(?:ai system|machine learning|artificial intelligence|outputs?|model)\b", re.I
        ),
    ),
    ("MSA", re.compile(r"\b(?:subscription term|order form|fees|service level)\b", re.I)),
    (
        "DPA",
        re.compile(
            r"(?:субъект\w* персональн\w* данн\w*|поручени\w* на обработку|субпроцессор\w*|обработчик\w*)",
            re.I,
        ),
    ),
    (
        "AI-addendum",
        re.compile(r"(?:искусственн\w* интеллект\w*|нейросет\w*|машинн\w* обучени\w*)", re.I),
    ),
    ("MSA", re.compile(r"(?:тарифн\w* план\w*|стоимост\w* услуг|абонентск\w* плат\w*)", re.I)),
]


def guess_kind(document: Document) -> KindGuess:
    title_blocks = [b.text for b in document.blocks[:4] if len(b.text) < 200]
    title = (document.metadata.get("title") or "") + " " + " ".join(title_blocks)
    for kind, pattern in _TITLE_CUES:
        match = pattern.search(title)
        if match:
            words = match.group(0).strip()
            return KindGuess(
                kind=kind,  # type: ignore[arg-type]
                cue=f'title "{words}"',
                score=0.9,
                source="title",
                words=words,
            )
    sample = document.text[:60_000]
    counts = {kind: len(pattern.findall(sample)) for kind, pattern in _CONTENT_CUES}
    kind, count = max(counts.items(), key=lambda item: item[1])
    if count >= 5:
        return KindGuess(
            kind=kind,  # type: ignore[arg-type]
            cue=f"{count} mentions of {kind} vocabulary",
            score=0.5,
            source="content",
            count=count,
        )
    return KindGuess(kind="other", cue="no title or content cue", score=0.2)
