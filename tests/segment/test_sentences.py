from reviewer.segment.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_legal_abbreviations_do_not_end_sentences() -> None:
    text = (
        "The Provider, e.g. Acme Inc., shall notify the U.S. authorities. "
        "See Sec. 4 and Art. 28 of the GDPR, i.e. the processor rules. No. 5 applies."
    )
    assert _split(text) == [
        "The Provider, e.g. Acme Inc., shall notify the U.S. authorities.",
        "See Sec. 4 and Art. 28 of the GDPR, i.e. the processor rules.",
        "No. 5 applies.",
    ]


def test_numbers_and_list_items() -> None:
    text = "4.2. Audits. The Customer may audit: (a) records; and (b) premises."
    assert _split(text) == [
        "4.2. Audits.",
        "The Customer may audit: (a) records; and",
        "(b) premises.",
    ]


def test_section_references_stay_inside_the_sentence() -> None:
    text = "As set out in Section 4.2 of the Agreement, Provider shall comply. Fees are due."
    assert _split(text) == [
        "As set out in Section 4.2 of the Agreement, Provider shall comply.",
        "Fees are due.",
    ]


def test_offsets_are_exact() -> None:
    text = "  First sentence here.  Second one follows!  "
    for start, end in split_sentences(text):
        assert text[start:end] == text[start:end].strip()
        assert text[start:end]
