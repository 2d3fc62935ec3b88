"""The shared spaCy pipeline: tokenizer, legal sentence boundaries, lookup lemmas.

`get_nlp()` builds `spacy.blank("en")` once per process with two components:
`legal_sentences` (the rule-based splitter from `reviewer.segment.sentences`,
so spaCy and the plain-Python path agree on every boundary) and the lookup
lemmatizer, whose tables come from the installed `spacy-lookups-data`
package. No model is downloaded and nothing touches the network. Detectors
that want lemma matching call `lemmas(text)`; segmentation itself does not
need spaCy, which keeps a review's start-up cheap.
"""

from __future__ import annotations

import bisect
import logging
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from reviewer.errors import ReviewerError
from reviewer.segment.sentences import split_sentences

log = logging.getLogger(__name__)

__all__ = ["get_nlp", "legal_sentences", "lemmas"]


@Language.component("legal_sentences")
def legal_sentences(doc: Doc) -> Doc:
    """Mark sentence starts where the legal splitter finds them.

    Every token is "not a start" unless the splitter begins a sentence at or
    just before it, so spaCy never adds a boundary of its own. The flags are
    written with one `from_array` call: setting `token.is_sent_start` token by
    token costs seconds on a long contract.
    """
    if len(doc) == 0:
        return doc
    # spaCy stores -1 ("not a start") in an unsigned array, wrapped around.
    flags = numpy.full(len(doc), -1, dtype="int64").astype("uint64")
    flags[0] = 1
    token_starts = [token.idx for token in doc]
    for start, _ in split_sentences(doc.text):
        # A boundary inside a token (rare: "items;and") moves to the next token.
        i = bisect.bisect_left(token_starts, start)
        if i < len(doc):
            flags[i] = 1
    doc.from_array([SENT_START], flags)  # type: ignore[arg-type]  # 1-D is accepted for one attr
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The cached pipeline; raises ReviewerError when the lemma tables are missing."""
    nlp = spacy.blank("en")
    nlp.add_pipe("legal_sentences")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    try:
        # initialize() reads the lookup tables from spacy-lookups-data on disk.
        nlp.initialize()
    except (ValueError, OSError) as exc:
        raise ReviewerError(
            "spaCy lookup lemma tables could not be loaded (package spacy-lookups-data): "
            f"{exc}. Reinstall the project with `pip install -e .` in its virtual environment."
        ) from exc
    log.debug("spaCy pipeline ready: %s", nlp.pipe_names)
    return nlp


def lemmas(text: str) -> list[str]:
    """Lower-cased lookup lemmas of the words in `text` (punctuation and spaces dropped)."""
    nlp = get_nlp()
    # The lookup table is keyed by lower-case forms for most words; a capitalised
    # "Customers" at a sentence start would otherwise keep its plural.
    lemmatizer: Lemmatizer = nlp.get_pipe("lemmatizer")  # type: ignore[assignment]
    table = lemmatizer.lookups.get_table("lemma_lookup")
    doc = nlp.make_doc(text)
    return [str(table.get(t.lower_, t.lower_)) for t in doc if not (t.is_punct or t.is_space)]
