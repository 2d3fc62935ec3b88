"""What segmentation produces once per document and every detector reads."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

from reviewer.document import Document
from reviewer.segment.languages import BlockLanguage, LanguageSummary
from reviewer.segment.parallel import Parallels
from reviewer.segment.roles import PartyRoles

DocumentKind = Literal["DPA", "MSA", "AI-addendum", "terms", "other"]


@dataclass(slots=True)
class Sentence:
    start: int  # offsets into Document.text
    end: int
    clause: int  # index into SegmentedDocument.clauses
    text: str
    # The language whose cues read this sentence ("en", "ru", "kk", ...): its
    # own when it is long enough to tell, else its block's or the document's.
    language: str | None = None


@dataclass(slots=True)
class Clause:
    index: int
    number: str | None  # as the reader sees it: "4.2", "12(b)", "Annex 2, 3.1"
    heading: str | None  # "Audits"
    heading_path: list[str]  # ["9 Security", "9.3 Audits"]
    # The clause's own text, including its number and heading but not its
    # sub-clauses: clauses are a flat, non-overlapping list in reading order and
    # `parent` / `heading_path` carry the tree.
    text: str
    start: int
    end: int
    page_start: int | None
    page_end: int | None
    level: int = 0
    parent: int | None = None  # index of the enclosing clause
    part: str | None = None  # "Annex 2", "Schedule 1", "Exhibit A"; None = main body
    block_indexes: list[int] = field(default_factory=list)
    sentence_indexes: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Definition:
    term: str  # "Customer Data"
    text: str  # the defining sentence
    clause: int  # clause index
    start: int
    end: int
    # "means": a real definition ('"X" means ...'); "alias": a name given in
    # passing ('Acme Inc. ("Provider")'), which says nothing about what X is.
    style: str = "means"


@dataclass(slots=True)
class KindGuess:
    kind: DocumentKind
    cue: str  # the words that decided it, e.g. 'title "Data Processing Agreement"'
    score: float = 0.0
    # The same in parts, so a report can say it in its own language: where the cue
    # was found ("title", "content" or "none"), the title words, the mentions counted.
    source: str = "none"
    words: str = ""
    count: int = 0


@dataclass(slots=True)
class SegmentedDocument:
    document: Document
    clauses: list[Clause]
    sentences: list[Sentence]
    glossary: dict[str, Definition]
    kind: KindGuess
    parties: list[str] = field(default_factory=list)
    languages: LanguageSummary = field(default_factory=LanguageSummary)
    block_languages: list[BlockLanguage] = field(default_factory=list)
    roles: PartyRoles = field(default_factory=PartyRoles)  # who is vendor / customer
    # Bilingual contracts: which passage in one language translates which in another.
    parallels: Parallels = field(default_factory=Parallels)
    # Lookup lemmas per sentence index, filled on first use by `sentence_lemmas`:
    # spaCy loads only when a detector asks for lemmas, so plain reviews stay fast.
    lemma_cache: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def sentence_lemmas(self, index: int) -> list[str]:
        """Lower-cased lookup lemmas of sentence `index` (spaCy, offline tables)."""
        cached = self.lemma_cache.get(index)
        if cached is None:
            from reviewer.nlp import lemmas  # deferred: importing spaCy costs ~1 s

            cached = lemmas(self.sentences[index].text)
            self.lemma_cache[index] = cached
        return cached

    def clause_at(self, offset: int) -> Clause | None:
        """The clause whose own text holds `offset` (clauses do not overlap)."""
        i = bisect.bisect_right(self.clauses, offset, key=lambda c: c.start) - 1
        if i >= 0 and offset < self.clauses[i].end:
            return self.clauses[i]
        return None
