"""PDF layouts read the way a lawyer reads them, on PDFs we write with reportlab.

Two-column pages, bilingual contracts in two columns or a two-column table
(English | Russian, Russian | Kazakh), tables whose cells wrap, and headings
that only font size and weight set apart. Every text here is our own.
"""

from __future__ import annotations

from pathlib import Path

from reviewer.document import Document
from reviewer.ingest import ingest
from tests.ingest.pdfs import column, fonts, table_pdf, write_pdf

EN = [
    "1. The Provider shall process Customer Data only on documented instructions.",
    "2. The Provider shall not use Customer Data to train any machine learning model.",
    "3. Customer Data shall be stored only in data centres located in Kazakhstan.",
    "4. The Provider shall notify the Customer of a security incident within 24 hours.",
]
RU = [
    "1. Исполнитель обрабатывает данные Заказчика только по документированным указаниям.",
    "2. Исполнитель не использует данные Заказчика для обучения моделей машинного обучения.",
    "3. Данные Заказчика хранятся только в центрах обработки данных в Казахстане.",
    "4. Исполнитель уведомляет Заказчика об инциденте безопасности в течение 24 часов.",
]
KK = [
    "1. Орындаушы Тапсырыс берушінің деректерін тек құжатталған нұсқаулар бойынша өңдейді.",
    "2. Орындаушы Тапсырыс берушінің деректерін машиналық оқыту модельдерін үйрету үшін пайдаланбайды.",
    "3. Тапсырыс берушінің деректері тек Қазақстандағы деректер орталықтарында сақталады.",
    "4. Орындаушы қауіпсіздік оқиғасы туралы Тапсырыс берушіге 24 сағат ішінде хабарлайды.",
]


def _position(document: Document, text: str) -> int:
    flat = " ".join(document.text.split())
    position = flat.find(text)
    assert position >= 0, (text, flat[:400])
    return position


def _in_reading_order(document: Document, texts: list[str]) -> None:
    positions = [_position(document, text) for text in texts]
    assert positions == sorted(positions), texts


def test_two_columns_drawn_column_by_column(tmp_path: Path) -> None:
    regular, bold = fonts()
    left, _ = column(EN * 2, regular, 60, 100, 230)
    right, _ = column(RU * 2, regular, 320, 100, 230)
    title = [(60, 70, "Data Processing Terms", bold, 14)]
    document = ingest(write_pdf(tmp_path / "columns.pdf", [title + left + right]))
    # The whole English column before the Russian one, each clause whole.
    _in_reading_order(document, ["Data Processing Terms", *EN, *RU])
    for clause in EN + RU:
        assert any(" ".join(b.text.split()) == clause for b in document.blocks), clause


def test_two_columns_drawn_line_by_line(tmp_path: Path) -> None:
    regular, _ = fonts()
    left, _ = column(EN * 3, regular, 60, 100, 230)
    right, _ = column(KK * 2, regular, 320, 100, 230)
    # Drawing order alternates between the columns line by line.
    runs = [run for pair in zip(left, right, strict=False) for run in pair]
    runs += left[len(right) :] + right[len(left) :]
    document = ingest(write_pdf(tmp_path / "interleaved.pdf", [runs]))
    _in_reading_order(document, [EN[0], EN[3], KK[0], KK[3]])
    assert _position(document, EN[3]) < _position(document, KK[0])


def test_bilingual_table_is_read_cell_by_cell(tmp_path: Path) -> None:
    regular, _ = fonts()
    path = table_pdf(
        tmp_path / "en-ru.pdf",
        [list(pair) for pair in zip(EN, RU, strict=True)],
        [250, 250],
        regular,
    )
    document = ingest(path)
    order: list[str] = []
    for en, ru in zip(EN, RU, strict=True):
        order += [en, ru]
    _in_reading_order(document, order)
    # Each language's clause is one block that starts with its number.
    for clause in EN + RU:
        block = next(b for b in document.blocks if " ".join(b.text.split()) == clause)
        assert block.kind == "list_item"


def test_russian_kazakh_columns_are_not_interleaved(tmp_path: Path) -> None:
    regular, bold = fonts()
    left, _ = column(RU, regular, 60, 110, 230, size=11)
    right, _ = column(KK, regular, 320, 110, 230, size=11)
    heads = [(60, 80, "Договор", bold, 13), (320, 80, "Шарт", bold, 13)]
    document = ingest(write_pdf(tmp_path / "ru-kk.pdf", [heads + left + right]))
    _in_reading_order(document, ["Договор", *RU, "Шарт", *KK])


def test_wrapped_table_cells_read_as_one_cell(tmp_path: Path) -> None:
    regular, _ = fonts()
    rows = [
        ["Name of subprocessor", "Processing", "Location", "Transfer basis"],
        [
            "Northwind Hosting Services Limited",
            "Hosting of the platform and encrypted backups of customer content",
            "Germany and Ireland",
            "Adequacy decision",
        ],
        [
            "Caspian Analytics LLP",
            "Support ticket analysis",
            "Kazakhstan",
            "Standard contractual clauses with supplementary measures",
        ],
    ]
    path = table_pdf(tmp_path / "subprocessors.pdf", rows, [120, 170, 90, 120], regular)
    document = ingest(path)
    table_rows = [b.text for b in document.blocks if b.kind == "table_row"]
    assert table_rows == [" | ".join(row) for row in rows]


def test_headings_from_size_and_weight(tmp_path: Path) -> None:
    regular, bold = fonts()
    body = (
        "The Provider keeps processing records and shows them to the Customer on request. "
        "Records cover every category of processing carried out for the Customer."
    )
    runs = [(60, 70, "Data Processing Agreement", bold, 18)]
    y = 110.0
    for heading in ("Audits and records", "Security incidents", "Return and deletion"):
        runs.append((60, y, heading, bold, 12))
        paragraph, y = column([body, body], regular, 60, y + 20, 480)
        runs += paragraph
        y += 14
    document = ingest(write_pdf(tmp_path / "headings.pdf", [runs]))
    headings = [(b.text, b.level) for b in document.blocks if b.kind == "heading"]
    assert headings == [
        ("Data Processing Agreement", 0),
        ("Audits and records", 1),
        ("Security incidents", 1),
        ("Return and deletion", 1),
    ]
    paragraphs = [b for b in document.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 6 and all(" ".join(b.text.split()) == body for b in paragraphs)


def _clause_numbers(document: Document) -> list[str | None]:
    from reviewer.segment import segment

    return [clause.number for clause in segment(document).clauses]


def test_headings_set_in_from_their_sub_clauses_are_not_nested(tmp_path: Path) -> None:
    """Russian offers often set "2. Права сторон" further right than the "1.1 ..." clauses
    around it: "2" is clause 2, not clause 1.1.2."""
    regular, bold = fonts()
    lines = [
        (84, "1. Предмет договора", bold),
        (72, "1.1. Исполнитель оказывает Заказчику услуги по обработке данных.", regular),
        (84, "2. Права и обязанности сторон", bold),
        (72, "2.1. Исполнитель обрабатывает данные только по поручению Заказчика.", regular),
        (72, "2.2. Заказчик вправе проверять соблюдение Исполнителем Договора.", regular),
        (84, "3. Конфиденциальность", bold),
        (72, "3.1. Стороны сохраняют в тайне условия настоящего Договора.", regular),
    ]
    runs = [(x, 80 + 24 * i, text, font, 10) for i, (x, text, font) in enumerate(lines)]
    document = ingest(write_pdf(tmp_path / "offer.pdf", [runs]))
    assert _clause_numbers(document) == ["1", "1.1", "2", "2.1", "2.2", "3", "3.1"]


def test_a_bullet_before_a_clause_number_and_a_wrapped_reference(tmp_path: Path) -> None:
    regular, _ = fonts()
    lines = [
        (72, "2.1. Исполнитель обязуется:"),
        (84, "• 2.1.1. хранить данные Заказчика на территории Республики Казахстан;"),
        (84, "• 2.1.2. удалять данные Заказчика в сроки, установленные в соответствии с"),
        (84, "п. 2.3 настоящего Договора."),
        (72, "2.2. Заказчик вправе запрашивать сведения об обработке данных."),
    ]
    runs = [(x, 80 + 14 * i, text, regular, 10) for i, (x, text) in enumerate(lines)]
    document = ingest(write_pdf(tmp_path / "offer.pdf", [runs]))
    # The bullet is decoration; "п. 2.3" goes on with the sentence before it.
    assert _clause_numbers(document) == ["2.1", "2.1.1", "2.1.2", "2.2"]
    assert any(
        " ".join(b.text.split()).endswith("в соответствии с п. 2.3 настоящего Договора.")
        for b in document.blocks
    )
