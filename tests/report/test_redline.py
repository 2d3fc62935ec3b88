"""The redline: recommended clauses as Word tracked changes, accepted and reviewed again."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reviewer.engine import ReviewEngine
from reviewer.report.model import Report
from reviewer.report.redline import RedlineResult, accept_all, check_redline, write_redline
from tests.paths import SAMPLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
GAPS = ("conflict", "partial", "missing")


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


@pytest.fixture(scope="module")
def engine() -> ReviewEngine:
    # The clause library's own rules: these tests are about the redline's mechanics and
    # about the playbook recognising its own clauses, not about the trained model's reading
    # of a whole contract (tests/learn covers that).
    return ReviewEngine(None, profile="kz", use_model=False)


@pytest.fixture(scope="module", params=["lumen-msa-ai-addendum.docx", "northwind-ai-dpa.docx"])
def redlined(
    request: pytest.FixtureRequest, engine: ReviewEngine, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, Report, RedlineResult]:
    source = SAMPLES / request.param
    report = engine.review_path(source)
    out = tmp_path_factory.mktemp("redline") / f"{source.stem}.redline.docx"
    result = write_redline(report, source, out)
    check_redline(result, out, engine.review_path)
    return source, out, report, result


def test_every_gap_becomes_a_tracked_change_with_a_comment(redlined) -> None:
    _, out, report, result = redlined
    gaps = {f.requirement for f in report.findings if f.status in GAPS}
    assert set(result.changed) == gaps and not result.skipped
    body = _xml(out, "word/document.xml")
    insertions = body.xpath("//w:ins", namespaces=NS)
    assert insertions and all(i.get(f"{{{W}}}author") == "contract-reviewer" for i in insertions)
    assert all(
        d.get(f"{{{W}}}author") == "contract-reviewer" for d in body.xpath("//w:del", namespaces=NS)
    )
    # Deleted text is kept as w:delText, never as live text.
    assert not body.xpath("//w:del//w:t", namespaces=NS)
    ids = body.xpath("//w:commentRangeStart/@w:id", namespaces=NS)
    comments = _xml(out, "word/comments.xml").xpath("//w:comment/@w:id", namespaces=NS)
    assert sorted(ids) == sorted(comments) and len(ids) >= len(result.replaced) // 2


def test_the_rest_of_the_document_is_untouched(redlined) -> None:
    source, out, _, _ = redlined
    original = _xml(source, "word/document.xml").find(f"{{{W}}}body")
    result = _xml(out, "word/document.xml").find(f"{{{W}}}body")

    def inserted(p: etree._Element) -> bool:
        return bool(p.xpath("./w:pPr/w:rPr/w:ins", namespaces=NS))

    kept = [p for p in result if not inserted(p)]
    assert len(kept) == len(original)
    changed = 0
    for old, new in zip(original, kept, strict=True):
        if new.xpath(".//w:ins | .//w:del", namespaces=NS):
            changed += 1
            continue
        assert etree.tostring(old, method="c14n") == etree.tostring(new, method="c14n")
    assert changed or len(kept) < len(result)  # something was replaced or added
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        for part in ("word/numbering.xml", "word/styles.xml"):
            assert a.read(part) == b.read(part), part


def test_clauses_that_give_a_protection_are_never_deleted(redlined) -> None:
    _, out, report, _ = redlined
    deleted = " ".join(
        "".join(d.itertext())
        for d in _xml(out, "word/document.xml").xpath("//w:del", namespaces=NS)
    )
    for finding in report.findings:
        if finding.status == "met":
            for evidence in finding.evidence:
                if evidence.role == "decides":
                    assert evidence.text[:50] not in deleted, finding.requirement


def test_accepting_all_changes_closes_the_gaps(redlined) -> None:
    _, _, _, result = redlined
    # Every gap the redline changes reviews as met once the changes are accepted.
    assert result.fixed and not result.still_open, result.still_open


def test_new_clauses_continue_the_numbering(redlined, tmp_path: Path) -> None:
    _, out, _, _ = redlined
    accepted = tmp_path / "accepted.docx"
    accept_all(out, accepted)
    from reviewer.ingest import ingest
    from reviewer.segment import segment

    numbers = [c.number for c in segment(ingest(accepted)).clauses if c.number]
    # Inserted clauses take the next number of their section; nothing is renumbered twice.
    assert len(numbers) == len(set(numbers))


LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ACCEPT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub AcceptAll(inPath As String, outPath As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, load())
  helper = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  helper.executeDispatch(doc.getCurrentController().getFrame(), &quot;.uno:AcceptAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = &quot;FilterName&quot;
  save(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(ConvertToURL(outPath), save())
  doc.close(True)
End Sub
</script:module>
"""


def libreoffice_accept_all(source: Path, output: Path, work: Path) -> None:
    """Word's "Accept all" done by LibreOffice itself, headless, through a Basic macro."""
    assert LIBREOFFICE
    profile = work / "profile"
    env = f"-env:UserInstallation={profile.as_uri()}"
    # The first start creates the profile (and would overwrite a macro put there before).
    subprocess.run(
        [LIBREOFFICE, env, "--headless", "--terminate_after_init"], check=True, timeout=120,
        capture_output=True,
    )  # fmt: skip
    (profile / "user/basic/Standard/Module1.xba").write_text(ACCEPT_MACRO, encoding="utf-8")
    macro = f'macro:///Standard.Module1.AcceptAll("{source}","{output}")'
    subprocess.run(
        [LIBREOFFICE, env, "--headless", "--norestore", macro], check=True, timeout=180,
        capture_output=True,
    )  # fmt: skip
    assert output.exists(), "LibreOffice wrote nothing"


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_accept_all_then_review_again(engine: ReviewEngine, tmp_path: Path) -> None:
    source = SAMPLES / "lumen-msa-ai-addendum.docx"
    report = engine.review_path(source)
    redline = tmp_path / "lumen.redline.docx"
    result = write_redline(report, source, redline)
    accepted = tmp_path / "accepted.docx"
    libreoffice_accept_all(redline, accepted, tmp_path)
    body = _xml(accepted, "word/document.xml")
    assert not body.xpath("//w:ins | //w:del", namespaces=NS)  # nothing left to accept
    after = {f.requirement: f.status for f in engine.review_path(accepted).findings}
    assert {r: after[r] for r in result.changed if after[r] != "met"} == {}
    before = {f.requirement: f.status for f in report.findings}
    # What was met before stays met.
    assert all(after[r] == "met" for r, status in before.items() if status == "met")


PREFERRED_CONTEXT = (
    'This Agreement is made between Acme Cloud Ltd ("Provider") and Steppe Bank JSC '
    '("Customer").\n\n1. Definitions\n\n1.1 "Customer Data" means all data that Customer '
    'submits to the Services.\n\n1.2 "Inputs" means prompts and files Customer submits to the '
    'AI features of the Services.\n\n1.3 "Outputs" means content generated by the AI features '
    "of the Services from Inputs.\n\n2. Clause\n\n2.1 "
)


def test_the_playbook_recognises_its_own_preferred_clauses() -> None:
    """A redline only closes a gap if the clause it proposes is one the playbook calls met."""
    engine = ReviewEngine(None, profile="kz", use_model=False)
    drafted = engine.review_text(PREFERRED_CONTEXT + "Nothing else.\n", "context.txt")
    not_met = {}
    for finding in drafted.findings:
        if not finding.recommended_clause:
            continue
        again = engine.review_text(
            PREFERRED_CONTEXT + finding.recommended_clause + "\n", "clause.txt"
        )
        status = next(f.status for f in again.findings if f.requirement == finding.requirement)
        if status != "met":
            not_met[finding.requirement] = status
    assert not_met == {}


def test_a_redline_from_the_trained_models_review_keeps_the_document_intact(
    tmp_path: Path,
) -> None:
    """With the model deciding, the redline still touches only what it changes."""
    source = SAMPLES / "northwind-ai-dpa.docx"
    engine = ReviewEngine(None, profile="kz")
    report = engine.review_path(source)
    out = tmp_path / "northwind.redline.docx"
    result = write_redline(report, source, out)
    assert set(result.changed) == {f.requirement for f in report.findings if f.status in GAPS}
    original = _xml(source, "word/document.xml").find(f"{{{W}}}body")
    redlined = _xml(out, "word/document.xml").find(f"{{{W}}}body")
    kept = [p for p in redlined if not p.xpath("./w:pPr/w:rPr/w:ins", namespaces=NS)]
    for old, new in zip(original, kept, strict=True):
        if not new.xpath(".//w:ins | .//w:del", namespaces=NS):
            assert etree.tostring(old, method="c14n") == etree.tostring(new, method="c14n")


# Written for these tests: a Russian services contract that promises almost nothing.
RUSSIAN_CONTEXT = (
    "ТОО «Альфа Облако», именуемое в дальнейшем «Исполнитель», и АО «Степной банк», "
    "именуемое в дальнейшем «Заказчик», заключили настоящий Договор.\n\n1. Термины\n\n"
    "1.1. «Данные Заказчика» — все данные, которые Заказчик загружает в Сервис.\n\n"
    "1.2. «Результаты» — материалы, созданные функциями искусственного интеллекта Сервиса "
    "по запросам Заказчика.\n\n2. Положение\n\n2.1. "
)
RUSSIAN_CLAUSES = [
    "1. Предмет договора",
    "1.1. Исполнитель оказывает Заказчику услуги доступа к сервису на основе "
    "искусственного интеллекта.",
    "2. Персональные данные",
    "2.1. Исполнитель обрабатывает персональные данные по поручению Заказчика.",
    "2.2. Исполнитель вправе использовать данные Заказчика для обучения моделей "
    "искусственного интеллекта и улучшения Сервиса.",
    "3. Заключительные положения",
    "3.1. Все споры разрешаются в суде по месту нахождения ответчика.",
]


def test_the_russian_playbook_recognises_its_own_preferred_clauses(engine: ReviewEngine) -> None:
    """The Russian clauses a redline proposes are ones the Russian cues call met."""
    drafted = engine.review_text(RUSSIAN_CONTEXT + "Иных условий нет.\n", "context.txt")
    assert drafted.report_language == "ru"
    proposed = [f for f in drafted.findings if f.recommended_clause]
    assert len(proposed) == len(engine.library.requirements)
    not_met = {}
    for finding in proposed:
        # The profile's country stands in every clause on where data is kept.
        assert "[страна]" not in finding.recommended_clause, finding.requirement
        again = engine.review_text(RUSSIAN_CONTEXT + finding.recommended_clause + "\n", "c.txt")
        status = next(f.status for f in again.findings if f.requirement == finding.requirement)
        if status != "met":
            not_met[finding.requirement] = status
    assert not_met == {}


def test_a_russian_redline_closes_every_gap(engine: ReviewEngine, tmp_path: Path) -> None:
    import docx

    source = tmp_path / "dogovor.docx"
    document = docx.Document()
    document.add_heading("ДОГОВОР ОКАЗАНИЯ УСЛУГ", 1)
    document.add_paragraph(RUSSIAN_CONTEXT.split("\n\n")[0])
    for text in RUSSIAN_CLAUSES:
        document.add_paragraph(text)
    document.save(source)
    report = engine.review_path(source)
    out = tmp_path / "dogovor.redline.docx"
    result = write_redline(report, source, out)
    check_redline(result, out, engine.review_path)
    assert result.changed and not result.still_open, result.still_open
    assert set(result.fixed) == set(result.changed)
    body = "".join(_xml(out, "word/document.xml").itertext())
    assert "на территории Республики Казахстан" in body and "[страна]" not in body
    comments = "".join(_xml(out, "word/comments.xml").itertext())
    # Clauses that leave a blank ("Приложение № [__]") say so in their comment.
    assert "пропуски в квадратных скобках" in comments
