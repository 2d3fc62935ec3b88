"""Word output: comments Word can show, the original left as it was, memo for PDF/text."""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from reviewer.engine import ReviewEngine
from reviewer.report.docx import normalise, write_docx
from reviewer.report.model import Report
from reviewer.report.overview import ordered_findings
from tests.paths import SAMPLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def _without_comment_marks(body: etree._Element) -> etree._Element:
    body = copy.deepcopy(body)
    for mark in body.xpath(".//w:commentRangeStart | .//w:commentRangeEnd", namespaces=NS):
        mark.getparent().remove(mark)
    for run in body.xpath(".//w:r[w:commentReference]", namespaces=NS):
        run.getparent().remove(run)
    return body


def _canonical(element: etree._Element) -> bytes:
    # Exclusive C14N: namespace declarations inherited from the root do not count.
    return etree.tostring(element, method="c14n", exclusive=True)


@pytest.fixture(scope="module")
def annotated(sample_report: Report, sample_docx: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("docx") / "annotated.docx"
    result = write_docx(sample_report, out, source=sample_docx)
    return out, result


def _comments_by_paragraph(path: Path) -> dict[str, str]:
    """Comment text keyed by the text of the paragraph its range starts in."""
    body = _xml(path, "word/document.xml")
    comments = _xml(path, "word/comments.xml")
    texts = {
        c.get(f"{{{W}}}id"): "\n".join(
            "".join(p.itertext()) for p in c.xpath("./w:p", namespaces=NS)
        )
        for c in comments.xpath("//w:comment", namespaces=NS)
    }
    out: dict[str, str] = {}
    for comment_id, text in texts.items():
        start = body.xpath(f"//w:commentRangeStart[@w:id='{comment_id}']", namespaces=NS)[0]
        paragraph = "".join(start.getparent().itertext())
        assert paragraph not in out, f"two comments on one paragraph: {paragraph[:60]}"
        out[paragraph] = text
    return out


def test_every_evidence_finding_gets_a_margin_comment(annotated, sample_report: Report) -> None:
    out, result = annotated
    with_evidence = [f for f in sample_report.findings if f.evidence]
    assert result.unanchored == []
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == result.comments
    texts = [c.text for c in comments]
    for finding in with_evidence:
        head = f"{finding.status.upper()} ({finding.severity}): {finding.title}"
        # Exactly one full note (with the why) per finding, on its deciding clause.
        full = [t for t in texts if f"{head}\nWhy: {finding.explanation}" in t]
        assert len(full) == 1, finding.requirement
    assert all(c.author == "contract-reviewer" for c in comments)


def test_one_comment_per_paragraph_and_the_other_side_is_labelled(annotated) -> None:
    out, _ = annotated
    by_paragraph = _comments_by_paragraph(out)  # asserts one comment per paragraph
    purpose = next(text for para, text in by_paragraph.items() if para.startswith("Purpose."))
    # Clause 3.1 protects the client: it is cited as pointing the other way, never replaced.
    assert "points the other way" in purpose and "the finding rests on § 3.2" in purpose
    assert "Proposed replacement" not in purpose
    training = next(
        text for para, text in by_paragraph.items() if para.startswith("Model Training.")
    )
    assert "Proposed replacement: Supplier shall not use Client Data" in training


def test_comment_anchors_sit_on_the_evidence_text(annotated, sample_report: Report) -> None:
    out, _ = annotated
    body = _xml(out, "word/document.xml")
    comments = _xml(out, "word/comments.xml")
    ids = comments.xpath("//w:comment/@w:id", namespaces=NS)
    assert ids
    for comment_id in ids:
        starts = body.xpath(f"//w:commentRangeStart[@w:id='{comment_id}']", namespaces=NS)
        ends = body.xpath(f"//w:commentRangeEnd[@w:id='{comment_id}']", namespaces=NS)
        refs = body.xpath(f"//w:commentReference[@w:id='{comment_id}']", namespaces=NS)
        assert len(starts) == len(ends) == len(refs) == 1
    # The comment on the localisation conflict spans the clause it cites.
    conflict = next(f for f in sample_report.findings if f.requirement == "residency.localization")
    comment = next(
        c
        for c in comments.xpath("//w:comment", namespaces=NS)
        if "".join(c.itertext()).startswith(f"CONFLICT (critical): {conflict.title}")
    )
    comment_id = comment.get(f"{{{W}}}id")
    start = body.xpath(f"//w:commentRangeStart[@w:id='{comment_id}']", namespaces=NS)[0]
    anchored = "".join(start.getparent().itertext())
    assert normalise(conflict.evidence[0].text)[:40] in normalise(anchored)


def test_original_body_is_untouched(annotated, sample_docx: Path) -> None:
    out, _ = annotated
    original = _xml(sample_docx, "word/document.xml").find(f"{{{W}}}body")
    result = _without_comment_marks(_xml(out, "word/document.xml").find(f"{{{W}}}body"))
    before = list(original)
    after = list(result)
    # Everything but the final section properties stays byte-identical and in place.
    for old, new in zip(before[:-1], after[: len(before) - 1], strict=True):
        assert _canonical(old) == _canonical(new)
    assert _canonical(before[-1]) == _canonical(after[-1])  # sectPr still last
    assert _xml(sample_docx, "word/numbering.xml") is not None
    with zipfile.ZipFile(sample_docx) as a, zipfile.ZipFile(out) as b:
        assert a.read("word/numbering.xml") == b.read("word/numbering.xml")


def test_summary_and_recommended_clauses_are_appended(annotated, sample_report: Report) -> None:
    out, _ = annotated
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Contract review summary" in text and "Recommended clauses" in text
    assert "Check these first" in text
    missing = next(f for f in sample_report.findings if f.status == "missing")
    assert f"Add a clause: {missing.recommended_clause}" in text
    summary_table = document.tables[-1]
    assert len(summary_table.rows) == 1 + len(sample_report.findings)
    assert [c.text for c in summary_table.rows[1].cells[:3]] == [
        next(iter(ordered_findings(sample_report))).title,
        "Conflict",
        "critical",
    ]


def test_pdf_input_gets_a_memo(engine: ReviewEngine, tmp_path: Path) -> None:
    source = SAMPLES / "quickdesk-terms.pdf"
    report = engine.review_path(source)
    out = tmp_path / "memo.docx"
    result = write_docx(report, out, source=source)
    assert result.comments == 0
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Contract review: quickdesk-terms.pdf" in text
    quoted = next(f for f in report.findings if f.evidence).evidence[0].text
    assert quoted in text
    # Each recommended clause is printed once, with its finding.
    for finding in report.findings:
        if finding.status in ("conflict", "partial", "missing"):
            assert text.count(finding.recommended_clause) == 1, finding.requirement
    assert len(document.tables) == 3  # facts, topic grid, summary table
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = etree.tostring(section.footer._element).decode()
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "required_countries" not in text


def test_hostile_text_survives_in_word(hostile_report: Report, tmp_path: Path) -> None:
    out = tmp_path / "hostile.docx"
    write_docx(hostile_report, out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert '<script>alert("x")</script>' in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_annotated_copy_and_the_memo(
    annotated, engine: ReviewEngine, tmp_path: Path
) -> None:
    out, _ = annotated
    memo = tmp_path / "memo.docx"
    write_docx(engine.review_path(SAMPLES / "quickdesk-terms.txt"), memo)
    for document in (out, memo):
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(document),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        pdf = tmp_path / (document.stem + ".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_memo_through_libreoffice(sample_report: Report, tmp_path: Path) -> None:
    import pypdfium2

    from reviewer.report.pdf import write_pdf

    out = tmp_path / "memo.pdf"
    write_pdf(sample_report, out)
    pdf = pypdfium2.PdfDocument(str(out))
    first_page = pdf[0].get_textpage().get_text_range()
    assert "Contract review" in first_page and "At a glance" in first_page


def test_pdf_memo_without_libreoffice_is_a_clear_error(
    sample_report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer.errors import ReviewerError
    from reviewer.report import pdf

    monkeypatch.setattr(pdf, "libreoffice", lambda: None)
    with pytest.raises(ReviewerError, match="need LibreOffice"):
        pdf.write_pdf(sample_report, tmp_path / "memo.pdf")
    assert not (tmp_path / "memo.pdf").exists()


@pytest.mark.parametrize("label", ["(b) ", "4.2 ", "12. ", "(iv) ", "a. "])
def test_passages_with_word_generated_numbers_are_found(label: str) -> None:
    from reviewer.report.docx import _Locator

    document = docx.Document()
    document.add_paragraph("Customer:")
    document.add_paragraph("will not submit Sensitive Data to the Cloud Service, and")
    anchor = _Locator(document).find(
        label + "will not submit Sensitive Data to the Cloud Service, and"
    )
    assert anchor is not None
    assert anchor[0].text.startswith("will not submit")


def test_a_bilingual_word_contract_marks_both_versions(
    bilingual_report: Report, bilingual_docx: Path, tmp_path: Path
) -> None:
    from tests.bilingual import KK

    out = tmp_path / "annotated.docx"
    write_docx(bilingual_report, out, source=bilingual_docx)
    by_paragraph = _comments_by_paragraph(out)
    breach = next(
        f for f in bilingual_report.findings if f.requirement == "incidents.breach-notification"
    )
    # The Kazakh cell of clause 4 says what it is and where the full note is.
    kazakh = by_paragraph[KK[3]]
    assert kazakh.startswith(
        f"ВЫПОЛНЕНО (высокая): {breach.title}. Это казахский текст положения п.\u00a04"
    )


def test_a_bilingual_memo_quotes_the_other_version(engine: ReviewEngine, tmp_path: Path) -> None:
    from tests.bilingual import KK, pdf_table

    report = engine.review_path(pdf_table(tmp_path / "dogovor.pdf", "ru", "kk"))
    out = tmp_path / "memo.docx"
    write_docx(report, out)
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert f"Казахский текст, п.\u00a04, с.\u00a01: “{KK[3]}”" in paragraphs
