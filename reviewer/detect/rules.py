"""The rule detector: anchors and cues of the clause library over sentences.

For each requirement, a sentence is a candidate when one of its anchors
matches. Each
cue is then tried on the candidate: its patterns must match, all of its `all`
patterns too, and none of its `unless` patterns. With `scope: clause` the
cue looks at the whole clause around the candidate sentence, so a deadline
stated in the sentence after "notify ... breach" still counts; the clause's
heading is not part of what such a cue reads.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial

from reviewer.detect.base import Detection, DetectionContext
from reviewer.detect.extract import (
    country_within,
    extract_countries,
    extract_days,
    extract_frequency,
    extract_hours,
)
from reviewer.detect.patterns import (
    LazyScreen,
    Matcher,
    PatternError,
    Screen,
    SpanMatch,
    compile_matcher,
    compile_pattern,
    fold,
    screen_of,
)
from reviewer.errors import LibraryError
from reviewer.library.model import Cue, Library, PatternSpec, Requirement
from reviewer.segment.model import SegmentedDocument

MatchLike = re.Match[str] | SpanMatch

# Scores grade how directly the words support the finding; evidence is chosen
# best first, so a sentence that says it all outranks context around it.
RULE_SCORE = 0.9  # anchor and cue in the same sentence
CLAUSE_SCORE = 0.85  # cue found elsewhere in the clause
DEFINITION_SCORE = 0.8  # cue found through a defined term's definition
CONTEXT_SCORE = 0.75  # the anchored sentence that a clause/definition match belongs to
MENTION_SCORE = 0.5
MIN_CANDIDATE_WORDS = 5
MAX_DEFINITIONS = 4


@dataclass(frozen=True, slots=True)
class _View:
    """Text a cue is matched against, stitched from document spans."""

    text: str
    segments: tuple[tuple[int, int], ...]  # (offset in view, offset in document)
    # Lemma views: the length in the document of each segment, so that a position
    # inside a word whose lemma is longer than the word maps into that word.
    lengths: tuple[int, ...] | None = None
    # Views with definitions spliced in: (start, end, term) of each spliced definition.
    spliced: tuple[tuple[int, int, str], ...] = ()

    @classmethod
    def of(cls, text: str, start: int) -> _View:
        return cls(text, ((0, start),))

    @classmethod
    def lemmas_of(cls, text: str, start: int) -> _View:
        from reviewer.morphology import lemma_view  # deferred: pymorphy3 loads on first use

        view = lemma_view(text, start)
        if not view.segments:
            return cls(view.text, ((0, start),))
        return cls(
            view.text,
            tuple((v, d) for v, d, _ in view.segments),
            tuple(n for _, _, n in view.segments),
        )

    def extended(self, definitions: list[tuple[str, str, int]]) -> _View:
        """The view with each (term, definition, start) spliced in after the term's first use.

        Only for single-segment views (a sentence or a clause); patterns then
        read "any Provider-Covered Claims (a claim that the Service infringes ...)".
        """
        base_doc = self.segments[0][1]
        insertions = sorted(
            (pos + len(term), text, start, term)
            for term, text, start in definitions
            if (pos := self.text.find(term)) >= 0
        )
        pieces: list[tuple[str, int, str | None]] = []
        cursor = 0
        for at, text, start, term in insertions:
            pieces.append((self.text[cursor:at], base_doc + cursor, None))
            pieces.append((f" ({text}) ", start - 2, term))
            cursor = at
        pieces.append((self.text[cursor:], base_doc + cursor, None))
        out, segments, spliced = "", [], []
        for piece, doc_start, defined in pieces:
            segments.append((len(out), doc_start))
            if defined is not None:
                spliced.append((len(out), len(out) + len(piece), defined))
            out += piece
        return _View(out, tuple(segments), spliced=tuple(spliced))

    def terms_read_by(self, matches: Iterable[MatchLike], terms: Iterable[str]) -> list[str]:
        """The defined terms whose words or spliced definition the matches take in."""
        spans = [(m.start(), m.end(), m.group(0)) for m in matches]
        inside = {t for s, e, t in self.spliced for b, f, _ in spans if s < f and b < e}
        return [t for t in terms if t in inside or any(t in words for _, _, words in spans)]

    def then(self, other: _View) -> _View:
        """This view followed by `other` (a lead-in and its list item)."""
        offset = len(self.text) + 1
        lengths = None
        if self.lengths is not None and other.lengths is not None:
            lengths = self.lengths + other.lengths
        return _View(
            self.text + " " + other.text,
            self.segments + tuple((view + offset, doc) for view, doc in other.segments),
            lengths,
        )

    def to_document(self, position: int) -> int:
        index = max(0, bisect.bisect_right(self.segments, position, key=lambda s: s[0]) - 1)
        view_offset, doc_offset = self.segments[index]
        inside = position - view_offset
        if self.lengths is not None:
            inside = min(inside, self.lengths[index])
        return doc_offset + inside


@dataclass(frozen=True, slots=True)
class _Vetoed:
    """A cue whose patterns matched but which an `unless` pattern blocked."""

    unless: str  # the `unless` pattern as written in the clause library
    view: _View
    match: MatchLike  # the cue's own match, for the span


def _spec_text(spec: PatternSpec) -> str:
    """A pattern as the playbook writes it, for the decision trail."""
    return spec if isinstance(spec, str) else json.dumps(spec.model_dump(), ensure_ascii=False)


# What `unless` patterns read, given the view and the matches the cue rests on.
CarveOutTexts = Callable[[_View, list[MatchLike]], list[str]]


# What trying a cue gives: the view and match it rests on, a veto, or nothing.
Found = tuple[_View, MatchLike] | _Vetoed | None


def _screened_search(
    matchers: tuple[Screened, ...], text: str, folded: str
) -> Iterable[MatchLike | None]:
    """Each matcher's search of `text` (`folded` is its `fold`), skipped when screened out."""
    return (
        None if screen is not None and not screen(folded) else matcher.search(text)
        for matcher, screen in matchers
    )


def _try_cue(
    compiled: CompiledCue,
    view: _View,
    in_document: Callable[[Matcher], bool],
    folded_of: Callable[[str], str],
    carve_out_texts: CarveOutTexts | None = None,
) -> Found:
    """The first pattern match of the cue in `view`, if all its conditions hold.

    A match blocked by an `unless` pattern comes back as `_Vetoed`, so the
    decision trail can say which carve-out stopped the cue. `unless` patterns
    read `view` itself, or the texts `carve_out_texts` gives for the matches
    of the cue's patterns and its `all` patterns.
    """
    text = view.text
    folded = folded_of(text)
    match = next((m for m in _screened_search(compiled.patterns, text, folded) if m), None)
    if match is None:
        return None
    required = list(_screened_search(compiled.all, text, folded))
    if not all(required):
        return None
    if not all(in_document(p) for p in compiled.document_all):
        return None
    if any(in_document(p) for p in compiled.document_none):
        return None
    if compiled.unless:
        rests_on = [match, *(m for m in required if m is not None)]
        texts = [text] if carve_out_texts is None else carve_out_texts(view, rests_on)
        for spec, (pattern, screen) in zip(compiled.cue.unless, compiled.unless, strict=True):
            if any((screen is None or screen(folded_of(t))) and pattern.search(t) for t in texts):
                return _Vetoed(_spec_text(spec), view, match)
    return view, match


# A matcher and its screen (see `patterns.screen_of`), derived once per compiled library
# for the matchers tried often.
Screened = tuple[Matcher, Screen | None]


@dataclass(frozen=True, slots=True)
class CompiledCue:
    cue: Cue
    patterns: tuple[Screened, ...]
    all: tuple[Screened, ...]
    unless: tuple[Screened, ...]
    document_all: tuple[Matcher, ...]
    document_none: tuple[Matcher, ...]


@dataclass(frozen=True, slots=True)
class CompiledRequirement:
    requirement: Requirement
    anchors: tuple[Screened, ...]
    cues: tuple[CompiledCue, ...]


def _compile_all(
    patterns: Iterable[PatternSpec], concepts: Mapping[str, tuple[str, ...]]
) -> tuple[Matcher, ...]:
    return tuple(compile_matcher(p, concepts) for p in patterns)


def _screen_all(
    patterns: Iterable[PatternSpec], concepts: Mapping[str, tuple[str, ...]]
) -> tuple[Screened, ...]:
    return tuple((m, LazyScreen(m)) for m in _compile_all(patterns, concepts))


@lru_cache(maxsize=64)
def _compile_library(
    library_key: int, concepts_key: tuple[tuple[str, tuple[str, ...]], ...], language: str
) -> tuple[CompiledRequirement, ...]:
    library = _LIBRARIES[library_key]
    concepts = dict(concepts_key)
    compiled: list[CompiledRequirement] = []
    for req in library.requirements.values():
        detection = library.detection_for(req, language)
        if detection is None:
            continue
        try:
            cues = tuple(
                CompiledCue(
                    cue=cue,
                    patterns=_screen_all(cue.patterns, concepts),
                    all=_screen_all(cue.all, concepts),
                    unless=_screen_all(cue.unless, concepts),
                    document_all=_compile_all(cue.document_all, concepts),
                    document_none=_compile_all(cue.document_none, concepts),
                )
                for cue in detection.cues
            )
            anchors = _screen_all(detection.anchors, concepts)
        except PatternError as exc:
            # The loader compiles these only where they are used (see loader._check_spec).
            raise LibraryError(
                f"clause library, requirement {req.id} ({language} cues): {exc}"
            ) from exc
        compiled.append(CompiledRequirement(requirement=req, anchors=anchors, cues=cues))
    return tuple(compiled)


# lru_cache needs hashable keys; libraries are registered by id.
_LIBRARIES: dict[int, Library] = {}


def document_concepts(library: Library, segmented: SegmentedDocument) -> dict[str, tuple[str, ...]]:
    """The library's concepts plus the document's defined terms that belong to them."""
    concepts: dict[str, tuple[str, ...]] = {}
    library_concepts = {name: tuple(c.patterns) for name, c in library.concepts.items()}
    for name, concept in library.concepts.items():
        alternatives = list(concept.patterns)
        if concept.defined_terms and segmented.glossary:
            # Whole words: concept word 'us' must not pull in the terms "User" or
            # "Customer Content".
            names = [
                compile_pattern(rf"(?<!\w)(?:{p})(?!\w)", library_concepts)
                for p in concept.patterns
            ]
            meanings = [compile_pattern(p, library_concepts) for p in concept.defined_by]
            excluded = [
                compile_pattern(f"^(?:the )?{{{other}}}$", library_concepts)
                for other in concept.excludes
            ]
            for term, definition in segmented.glossary.items():
                if len(term) < 2 or len(term) > 60 or any(p.search(term) for p in excluded):
                    continue
                meaning = definition.text[:400]
                if any(p.search(term) for p in names) or any(p.search(meaning) for p in meanings):
                    alternatives.append(re.escape(term))
        role = getattr(segmented.roles, concept.party) if concept.party else None
        if role is not None:
            alternatives.extend(re.escape(n) for n in (role.term, role.name) if n)
        concepts[name] = tuple(sorted(set(alternatives)))
    return concepts


def compiled_rules(
    library: Library, concepts: Mapping[str, tuple[str, ...]], language: str | None = None
) -> tuple[CompiledRequirement, ...]:
    """The library's detection blocks for `language` (default: the playbook's own)."""
    _LIBRARIES[id(library)] = library
    return _compile_library(
        id(library), tuple(sorted(concepts.items())), language or library.language
    )


def language_concepts(library: Library, language: str) -> dict[str, tuple[str, ...]]:
    """A language pack's concepts (packs do not take in the document's defined terms)."""
    return {
        name: tuple(sorted(set(c.patterns))) for name, c in library.concepts_for(language).items()
    }


def _value(cue: Cue, text: str) -> object:
    match cue.extract:
        case "hours":
            return extract_hours(text)
        case "days":
            return extract_days(text)
        case "countries":
            return extract_countries(text)
        case "frequency":
            return extract_frequency(text)
    return None


def _compared_status(cue: Cue, value: object, parameters: Mapping[str, object]) -> str:
    """The cue's status, or `compare.otherwise` when the value misses the parameter."""
    if cue.compare is None:
        return cue.status
    limit = parameters.get(cue.compare.parameter)
    if isinstance(value, list):
        allowed = limit if isinstance(limit, list) else []
        return cue.status if country_within(value, allowed) else cue.compare.otherwise
    if isinstance(value, int | float) and isinstance(limit, int | float):
        ok = value >= limit if cue.extract == "frequency" else value <= limit
        return cue.status if ok else cue.compare.otherwise
    return cue.compare.otherwise


class RuleDetector:
    name = "rules"

    def detect(self, context: DetectionContext) -> list[Detection]:
        """Detections of every language's cues, each on the sentences in its language."""
        segmented, library = context.segmented, context.library
        present = {s.language or library.language for s in segmented.sentences}
        detections: list[Detection] = []
        for language in sorted(present & library.languages, key=lambda c: c != library.language):
            detections.extend(
                self._detect_language(segmented, library, language, context.parameters)
            )
        return detections

    def _detect_language(
        self,
        segmented: SegmentedDocument,
        library: Library,
        language: str,
        parameters: Mapping[str, Mapping[str, object]],
    ) -> list[Detection]:
        own = language == library.language
        if own:
            concepts = document_concepts(library, segmented)
            ignore_specs: list[PatternSpec] = list(library.ignore_sentences)
            by_lemmas = False
        else:
            language_file = library.language_files[language]
            concepts = language_concepts(library, language)
            ignore_specs = list(language_file.ignore_sentences)
            by_lemmas = language_file.match == "lemmas"
        detections: list[Detection] = []
        sentences = segmented.sentences
        clauses = segmented.clauses
        document_hits: dict[Matcher, bool] = {}
        glossary = []
        if own:
            unspliced = [
                compile_pattern(f"^(?:the )?{{{name}}}$", concepts)
                for name, concept in library.concepts.items()
                if not concept.splice_definitions
            ]
            glossary = [
                d
                for d in segmented.glossary.values()
                if d.style == "means" and not any(p.search(d.term) for p in unspliced)
            ]
        used_cache: dict[int, list[tuple[str, str, int]]] = {}

        def definitions_used(index: int) -> list[tuple[str, str, int]]:
            if index not in used_cache:
                text = sentences[index].text
                used_cache[index] = [
                    (d.term, d.text, d.start)
                    for d in glossary
                    if d.term in text and not (d.start <= sentences[index].start < d.end)
                ][:MAX_DEFINITIONS]
            return used_cache[index]

        make_view = _View.lemmas_of if by_lemmas else _View.of
        sentence_views: dict[int, _View] = {}
        clause_views: dict[int, _View] = {}
        # Where the body of a clause starts, for clauses whose view keeps the heading.
        body_starts: dict[int, int] = {}

        def sentence_view(index: int) -> _View:
            if index not in sentence_views:
                sentence = sentences[index]
                sentence_views[index] = make_view(sentence.text, sentence.start)
            return sentence_views[index]

        def clause_view(index: int) -> _View:
            sentence = sentences[index]
            if not clauses:
                return sentence_view(index)
            if sentence.clause not in clause_views:
                text, start, body = _clause_body(segmented, sentence.clause)
                clause_views[sentence.clause] = make_view(text, start)
                body_starts[sentence.clause] = body
            return clause_views[sentence.clause]

        document_view: list[str] = []
        # Each text the matchers read, folded once for their screens.
        folded_texts: dict[str, str] = {}

        def folded_of(text: str) -> str:
            folded = folded_texts.get(text)
            if folded is None:
                folded = folded_texts[text] = fold(text)
            return folded

        def in_document(pattern: Matcher) -> bool:
            if pattern not in document_hits:
                if not document_view:
                    text = segmented.document.text
                    document_view.append(make_view(text, 0).text if by_lemmas else text)
                text = document_view[0]
                screen = screen_of(pattern)
                document_hits[pattern] = (screen is None or screen(folded_of(text))) and (
                    pattern.search(text) is not None
                )
            return document_hits[pattern]

        # A clause-scope cue reads the same clause from each of its anchored
        # sentences: its result is worked out once per clause (and definitions).
        clause_tries: dict[tuple[int, _View, object], Found] = {}

        def try_clause_cue(
            compiled: CompiledCue,
            view: _View,
            definitions: list[tuple[str, str, int]],
            carve_outs: CarveOutTexts | None,
        ) -> Found:
            key = (id(compiled), view, (tuple(definitions), carve_outs is None))
            if key not in clause_tries:
                clause_tries[key] = _try_cue(compiled, view, in_document, folded_of, carve_outs)
            return clause_tries[key]

        sentence_blocks = _sentence_blocks(segmented)
        lead_ins = _lead_ins(segmented, sentence_blocks)
        item_views: dict[int, _View] = {}

        def item_view(index: int) -> _View:
            """The list item holding sentence `index`: its sentences in its paragraph."""
            lead, block = lead_ins[index], sentence_blocks[index]

            def same_item(other: int) -> bool:
                return sentence_blocks[other] == block and lead_ins.get(other) == lead

            first = index
            while first > 0 and same_item(first - 1):
                first -= 1
            if first not in item_views:
                last = first
                while last + 1 < len(sentences) and same_item(last + 1):
                    last += 1
                start, end = sentences[first].start, sentences[last].end
                item_views[first] = make_view(segmented.document.text[start:end], start)
            return item_views[first]

        def item_with_lead_in(index: int) -> str:
            return sentence_view(lead_ins[index]).then(item_view(index)).text

        try:
            ignored = [compile_matcher(p, concepts) for p in ignore_specs]
        except PatternError as exc:
            raise LibraryError(f"clause library, {language} ignore_sentences: {exc}") from exc
        eligible = [
            (s.language or library.language) == language
            and len(s.text.split()) >= MIN_CANDIDATE_WORDS
            and not any(p.search(sentence_view(i).text) for p in ignored)
            for i, s in enumerate(sentences)
        ]
        for rule in compiled_rules(library, concepts, language):
            req = rule.requirement
            params = parameters.get(req.id, req.parameters)
            for s_index, sentence in enumerate(sentences):
                if not eligible[s_index]:
                    continue
                own_view = sentence_view(s_index)
                anchor = next(
                    (
                        m
                        for m in _screened_search(
                            rule.anchors, own_view.text, folded_of(own_view.text)
                        )
                        if m
                    ),
                    None,
                )
                if anchor is None:
                    continue
                fired = False
                definitions = definitions_used(s_index) if own else []
                for compiled in rule.cues:
                    cue = compiled.cue
                    base = clause_view(s_index) if cue.scope == "clause" else own_view
                    carve_outs = _carve_out_texts(base, definitions) if definitions else None
                    clause_scope = cue.scope == "clause"
                    found = (
                        try_clause_cue(compiled, base, definitions, carve_outs)
                        if clause_scope
                        else _try_cue(compiled, base, in_document, folded_of, carve_outs)
                    )
                    via_definition = False
                    if found is None and definitions:
                        # Resolve defined terms: "Provider-Covered Claims" carries its
                        # definition ("a claim that the Service infringes ...").
                        extended = base.extended(definitions)
                        found = (
                            try_clause_cue(compiled, extended, definitions, carve_outs)
                            if clause_scope
                            else _try_cue(compiled, extended, in_document, folded_of, carve_outs)
                        )
                        via_definition = True
                    lead_in = lead_ins.get(s_index)
                    if found is None and lead_in is not None and cue.scope == "sentence":
                        # A list item is read with its lead-in: "will notify the
                        # customer about: ... (i) any request by an authority".
                        # Carve-outs read the whole item: "Engage third parties. The
                        # list of them is published." qualifies in its second sentence.
                        found = _try_cue(
                            compiled,
                            sentence_view(lead_in).then(base),
                            in_document,
                            folded_of,
                            _whole_item_texts(partial(item_with_lead_in, s_index)),
                        )
                    if found is None:
                        continue
                    if isinstance(found, _Vetoed):
                        detections.append(
                            Detection(
                                requirement=req.id,
                                detector=f"rules:{req.id}#{cue.id}",
                                sentence=s_index,
                                start=found.view.to_document(found.match.start()),
                                end=found.view.to_document(found.match.end() - 1) + 1,
                                score=MENTION_SCORE,
                                cue=cue.id,
                                matched=found.match.group(0),
                                vetoed_status=cue.status,
                                vetoed_by=found.unless,
                            )
                        )
                        continue
                    view, match = found
                    start = view.to_document(match.start())
                    end = view.to_document(match.end() - 1) + 1
                    hit_sentence = _sentence_at(segmented, start, default=s_index)
                    body_start = body_starts.get(sentence.clause, start)
                    if cue.scope == "clause" and start < body_start < end:
                        # A heading read as its list's lead-in is not the quote: the
                        # item that completes the match is ("Event logs (...)").
                        hit_sentence = _sentence_at(segmented, end - 1, default=s_index)
                        start = max(body_start, sentences[hit_sentence].start)
                    if hit_sentence == s_index:
                        score = RULE_SCORE
                    else:
                        score = DEFINITION_SCORE if via_definition else CLAUSE_SCORE
                    value = None
                    if cue.extract:
                        # The matched words first: they may carry a definition's value
                        # ("the Notice Period (... is 48 hours)"). A lemma view is
                        # read in the original words ("72 часов", not "72 час").
                        matched_text = (
                            segmented.document.text[start:end] if by_lemmas else match.group(0)
                        )
                        value = _value(cue, matched_text)
                        if value in (None, []):
                            value = _value(cue, sentences[hit_sentence].text)
                    status = _compared_status(cue, value, params)
                    fired = True
                    detections.append(
                        Detection(
                            requirement=req.id,
                            detector=f"rules:{req.id}#{cue.id}",
                            sentence=hit_sentence,
                            start=start,
                            end=end,
                            score=score,
                            status=status,  # type: ignore[arg-type]
                            cue=cue.id,
                            priority=cue.effective_priority,
                            matched=segmented.document.text[start:end]
                            if by_lemmas
                            else match.group(0),
                            explanation=cue.explanation,
                            extracted={cue.extract: value} if cue.extract else {},
                        )
                    )
                    if hit_sentence != s_index:
                        # The anchored sentence is evidence too: it says what the cue is about.
                        detections.append(
                            Detection(
                                requirement=req.id,
                                detector=f"rules:{req.id}#{cue.id}",
                                sentence=s_index,
                                start=sentence.start,
                                end=sentence.end,
                                score=CONTEXT_SCORE,
                                status=status,  # type: ignore[arg-type]
                                cue=cue.id,
                                priority=cue.effective_priority,
                                matched=anchor.group(0) if anchor else "",
                                explanation=cue.explanation,
                            )
                        )
                if not fired and anchor is not None:
                    anchor_start = own_view.to_document(anchor.start())
                    anchor_end = own_view.to_document(anchor.end() - 1) + 1
                    detections.append(
                        Detection(
                            requirement=req.id,
                            detector=f"rules:{req.id}#anchor",
                            sentence=s_index,
                            start=anchor_start,
                            end=anchor_end,
                            score=MENTION_SCORE,
                            status=None,
                            matched=segmented.document.text[anchor_start:anchor_end],
                        )
                    )
        return detections


# Where a clause's heading may start: after its number ("12.3", "Clause 15", "(b)").
HEADING_SEARCH_CHARS = 16
_AFTER_HEADING = " \t\n.:;\u2013\u2014"


def _clause_body(segmented: SegmentedDocument, index: int) -> tuple[str, int, int]:
    """What clause-scope cues read of clause `index`: (text, its start, the body's start).

    The clause's text after its number and heading: a heading names the topic
    ("Notification of Government Requests") but promises nothing, so its
    words must not make a cue match, nor be the words a finding quotes. Over a
    list ("Categories of Personal Data" then "Event logs ...") the heading is
    the list's lead-in and is read with it, as a sentence ending in a colon
    would be; the quote is then the item. A clause that is only a heading has
    no body.
    """
    clause = segmented.clauses[index]
    text, heading = clause.text, clause.heading
    if heading:
        at = text.find(heading, 0, len(heading) + len(clause.number or "") + HEADING_SEARCH_CHARS)
        if at >= 0:
            cut = at + len(heading)
            while cut < len(text) and text[cut] in _AFTER_HEADING:
                cut += 1
            body = clause.start + cut
            if _starts_list(segmented, body):
                return text, clause.start, body
            return text[cut:], body, body
    return text, clause.start, clause.start


def _starts_list(segmented: SegmentedDocument, offset: int) -> bool:
    """Whether the text at `offset` is a list item (marked, bulleted or a list block)."""
    index = _sentence_at(segmented, offset, default=-1)
    if index < 0:
        return False
    text = segmented.sentences[index].text.strip()
    if _marker_class(text) or _BULLET.match(text):
        return True
    block = segmented.document.blocks
    at = bisect.bisect_right(block, offset, key=lambda b: b.start) - 1
    return at >= 0 and block[at].kind == "list_item" and offset < block[at].end


def _whole_item_texts(whole_item: Callable[[], str]) -> CarveOutTexts:
    """What an `unless` reads for a list item with its lead-in: also the rest of the item."""

    def texts(view: _View, matches: list[MatchLike]) -> list[str]:
        return [view.text, whole_item()]

    return texts


def _carve_out_texts(base: _View, definitions: list[tuple[str, str, int]]) -> CarveOutTexts:
    """What an `unless` reads for a match in `base` or in `base` with definitions spliced in.

    The same words whichever way the cue matched: the sentence (or clause) as
    written, so that a definition spliced between two words cannot break a
    carve-out's proximity; and, where the cue's matches (its pattern and its
    `all` patterns) rest on defined terms, their words or their spliced
    definitions, the text with just those definitions spliced in, so that
    '"Usage Data" means aggregated data' is the carve-out it is even when the
    sentence matched without it. Definitions of other terms the sentence uses
    are not the cue's words and do not veto it.
    """
    by_term = {term: (term, text, start) for term, text, start in definitions}

    def texts(view: _View, matches: list[MatchLike]) -> list[str]:
        used = view.terms_read_by(matches, by_term)
        if not used:
            return [base.text]
        return [base.text, base.extended([by_term[t] for t in used]).text]

    return texts


_LIST_MARKER = re.compile(r"^\(?(?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})[.)]\s", re.IGNORECASE)
# Bullets as the text shows them (PDF, plain text; \uf0b7 and \uf0a7 are the Symbol-font
# bullets Word writes into PDFs). Markdown and DOCX bullets arrive stripped, as list items.
_BULLET = re.compile(
    "^[\u2022\u25e6\u25aa\u25ab\u2023\u2043\u25cf\u25cb\u25a0\u25a1\u00b7\u2219\uf0b7\uf0a7*\u2013\u2014-]\\s"
)
# What ends a lead-in: a colon, or words that announce a list without one
# ("... the following", "... including", "... as follows").
_LEAD_IN_END = re.compile(
    r"(?::|\b(?:the following|as follows|such as|(?:including|includes?)"
    r"(?:,?\s+(?:but\s+not\s+limited\s+to|without\s+limitation))?)\W*)\s*$",
    re.IGNORECASE,
)
# An unmarked paragraph in a list ends like a list item; a heading does not.
_ITEM_END = re.compile(r"(?:[.;,:]|\b(?:and|or))[\s\"'”’)]*$", re.IGNORECASE)
_ITEM_GOES_ON = re.compile(r"(?:[;,]|\b(?:and|or))[\s\"'”’)]*$", re.IGNORECASE)
_CLAUSE_NUMBER = re.compile(
    r"^(?:(?:section|clause)\s+)?(\d{1,3}(?:\.\d{1,3})+)\.?\s", re.IGNORECASE
)
LEAD_IN_REACH = 12
MAX_CLAUSE_DEPTH = 12


def _marker_class(text: str) -> str | None:
    match = _LIST_MARKER.match(text)
    if not match:
        return None
    inner = match.group(0).strip().strip("().").lower()
    if inner.isdigit():
        return "digit"
    return "roman" if re.fullmatch(r"[ivxlc]+", inner) and inner != "c" else "letter"


def _clause_number(text: str) -> int:
    """How deep a multi-level clause number at the start is ("2.3.4 ..." -> 3), else 0."""
    match = _CLAUSE_NUMBER.match(text)
    return match.group(1).count(".") + 1 if match else 0


def _label(text: str) -> str:
    """The bare label of an item marker: "(iv) ..." -> "iv", "b. ..." -> "b"."""
    return text.lstrip("(").split(")", 1)[0].split(".", 1)[0].strip().lower()


def _same_kind(items: str, marker: str, text: str, previous: str | None) -> bool:
    """Whether an item marked `marker` continues a list of `items` items.

    "(i)" right after "(h)" is the next letter, not a roman numeral.
    """
    if marker == items:
        return True
    if items != "letter" or marker != "roman" or previous is None:
        return False
    label, before = _label(text), _label(previous)
    return len(label) == 1 and len(before) == 1 and ord(label) == ord(before) + 1


@dataclass(slots=True)
class _OpenList:
    """A lead-in on the stack of open lists."""

    lead_in: int  # sentence index
    marker: str | None  # the lead-in's own item marker class, if it is an item itself
    items: str | None = None  # the marker class of its items, once the first is seen
    last_item: int | None = None  # the latest of those items


def _sentence_blocks(segmented: SegmentedDocument) -> list[int | None]:
    """The index of the block that holds each sentence (None where none does)."""
    blocks = segmented.document.blocks
    starts = [b.start for b in blocks]
    out: list[int | None] = []
    for sentence in segmented.sentences:
        i = bisect.bisect_right(starts, sentence.start) - 1
        out.append(i if i >= 0 and sentence.start < blocks[i].end else None)
    return out


def _lead_ins(
    segmented: SegmentedDocument, sentence_blocks: list[int | None] | None = None
) -> dict[int, int]:
    """For list-item sentences, the sentence that introduces their list.

    A lead-in ends with a colon or announces a list ("the following",
    "including"). Its items are marked ("(a)", "(i)", "1."), bulleted (a bullet
    in the text, or a list item whose marker the format stripped: markdown and
    Word bullets), or plain paragraphs that follow it one by one inside its
    clause. Lead-ins nest: "(d) will notify the customer about:" introduces
    "(i)" and "(ii)" but not its sibling "(e)", which belongs to the outer
    lead-in; bullets nest by their list level. A list's items share one kind of
    marker, so "4. Compliance" after items "(a)" to "(t)", outside the lead-in's
    clause, is not one of them. Later sentences of an item's paragraph belong
    to the same lead-in.
    """
    sentences = segmented.sentences
    blocks = segmented.document.blocks
    clauses = segmented.clauses
    if sentence_blocks is None:
        sentence_blocks = _sentence_blocks(segmented)

    def inside(index: int, lead_in: int) -> bool:
        """Whether sentence `index` is in the clause of `lead_in` or one nested in it."""
        if not clauses:
            return True
        target = sentences[lead_in].clause
        clause: int | None = sentences[index].clause
        for _ in range(MAX_CLAUSE_DEPTH):
            if clause is None:
                return False
            if clause == target:
                return True
            clause = clauses[clause].parent
        return False

    lead_ins: dict[int, int] = {}
    stack: list[_OpenList] = []
    # Plain paragraphs after a lead-in: (the lead-in, whether items end in ';' so far).
    plain_run: tuple[int, bool] | None = None
    previous_block: int | None = None
    for index, sentence in enumerate(sentences):
        text = sentence.text.strip()
        block_index = sentence_blocks[index]
        block = blocks[block_index] if block_index is not None else None
        starts_block = block_index is None or block_index != previous_block
        previous_block = block_index
        number = _clause_number(text)
        if number and stack and number <= _clause_number(sentences[stack[-1].lead_in].text):
            # "2.3.4 ..." after the items of "2.3.3 ... shall:" is the next clause,
            # even where the file ran it into the last item's paragraph.
            stack.clear()
            plain_run = None
            if _LEAD_IN_END.search(text):
                stack.append(_OpenList(index, None))
            continue
        marker = _marker_class(text)
        bulleted = _BULLET.match(text) or (block is not None and block.kind == "list_item")
        if marker is None and starts_block and bulleted:
            marker = f"bullet{block.level or 0}" if block is not None else "bullet0"
        if marker is not None:
            plain_run = None
            while stack and stack[-1].marker == marker:
                stack.pop()
            if stack and index - stack[-1].lead_in <= LEAD_IN_REACH * (len(stack) + 1):
                top = stack[-1]
                # An item of another kind is a deeper list without a lead-in of its
                # own when it sits in the clause of the lead-in or of the last item
                # ("a. ... (i) only for ...", "(ii) in compliance ..."); outside
                # them it is a new clause ("4. Compliance" after "(t)").
                previous = sentences[top.last_item].text if top.last_item is not None else None
                if top.items is None or _same_kind(top.items, marker, text, previous):
                    top.items, top.last_item = top.items or marker, index
                    lead_ins[index] = top.lead_in
                elif inside(index, top.lead_in) or (
                    top.last_item is not None and inside(index, top.last_item)
                ):
                    lead_ins[index] = top.lead_in
        elif not starts_block:
            # The rest of an item's paragraph: "(a) any request ... . Such notice ..."
            if index - 1 in lead_ins:
                lead_ins[index] = lead_ins[index - 1]
            elif not (stack and stack[-1].lead_in == index - 1):
                stack.clear()
                plain_run = None
        else:
            follows_lead_in = bool(stack) and stack[-1].lead_in == index - 1
            if follows_lead_in:
                plain_run = (index - 1, False)
            item = (
                plain_run is not None
                and (block is None or block.kind != "heading")
                and _ITEM_END.search(text) is not None
                and index - plain_run[0] <= LEAD_IN_REACH
                and (follows_lead_in or lead_ins.get(index - 1) == plain_run[0])
                and inside(index, plain_run[0])
            )
            if item and plain_run is not None:
                lead, goes_on = plain_run
                lead_ins[index] = lead
                if _ITEM_GOES_ON.search(text):
                    plain_run = (lead, True)
                elif goes_on:
                    plain_run = None  # "...; and (last item)." closes the list
            else:
                stack.clear()
                plain_run = None
        if _LEAD_IN_END.search(text):
            stack.append(_OpenList(index, marker))
    return lead_ins


def _sentence_at(segmented: SegmentedDocument, offset: int, default: int) -> int:
    """Index of the sentence holding `offset` (sentences are sorted and disjoint)."""
    sentences = segmented.sentences
    index = bisect.bisect_right(sentences, offset, key=lambda s: s.start) - 1
    if index >= 0 and offset < sentences[index].end:
        return index
    return default
