from __future__ import annotations

from reviewer.report.model import Report
from reviewer.report.text import render_text


def test_summary_reads_most_severe_first_with_sections(sample_report: Report) -> None:
    out = render_text(sample_report)
    assert f"met {sample_report.summary.met}" not in out  # counts are shown with their marks
    assert f"✓ {sample_report.summary.met} met" in out
    assert f"✗ {sample_report.summary.conflict} conflicts" in out
    assert "Data must stay in Kazakhstan" in out  # settings in words
    assert "§ 4.1" in out  # evidence carries its section number
    rules = [line for line in out.splitlines() if line.endswith("─") and "SEVERITY" in line]
    titles = [line.split(" ─")[0] for line in rules]
    assert titles == [t for t in ("CRITICAL SEVERITY", "HIGH SEVERITY", "MEDIUM SEVERITY",
                                  "LOW SEVERITY") if t in titles]  # fmt: skip
    assert out.index("CHECK THESE FIRST") < out.index("CRITICAL SEVERITY")
    assert out.index("CONFLICT") < out.index("MET ")
    assert "\x1b[" not in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_colour_output_uses_ansi_escapes(sample_report: Report) -> None:
    assert "\x1b[" in render_text(sample_report, colour=True)


def test_contract_text_is_not_read_as_rich_markup(hostile_report: Report) -> None:
    out = render_text(hostile_report, width=200)
    assert "[bold red]markup[/]" in out


def test_a_bilingual_contract_shows_the_other_version_beside_each_quote(
    bilingual_report: Report,
) -> None:
    from tests.bilingual import KK, RU

    text = " ".join(render_text(bilingual_report, width=400).split())
    # In Russian, the report's language: "п. 4", not "§ 4"; the kind in words.
    assert f"п. 4: “{RU[3]}”" in text
    assert f"⇄ Казахский текст, п. 4: “{KK[3]}”" in text
    assert "поручение (соглашение) об обработке персональных данных" in text
    assert "§" not in text
