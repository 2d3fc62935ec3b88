"""The web page says why a contract in a language the playbook cannot read was not reviewed,
and which language a Russian contract was read in."""

from __future__ import annotations

import re
from pathlib import Path

from tests.segment.test_languages import KAZAKH, RUSSIAN
from tests.web.conftest import Web
from tests.web.test_pages import _upload, _wait_page


def test_a_kazakh_only_contract_gets_the_reason_not_a_review(web: Web, tmp_path: Path) -> None:
    csrf = web.login()
    contract = tmp_path / "shart.txt"
    contract.write_text(KAZAKH * 3, encoding="utf-8")
    page = _wait_page(web, _upload(web, csrf, contract).headers["location"])
    assert "shart.txt: the document is in Kazakh" in page
    assert 'class="grid"' not in page  # no findings table for a text nobody read


def test_a_russian_contract_page_reads_in_russian(web: Web, tmp_path: Path) -> None:
    csrf = web.login()
    contract = tmp_path / "dogovor.txt"
    contract.write_text(RUSSIAN * 2, encoding="utf-8")
    page = _wait_page(web, _upload(web, csrf, contract, profile="default").headers["location"])
    assert '<html lang="ru">' in page
    assert "язык: русский 100% (прочитано: русский)" in page
    assert "Об инцидентах сообщается в установленный срок" in page
    # The page's own words are Russian too: headings, labels, buttons, menu, settings.
    for words in ("Коротко", "Проверьте в первую очередь", "Выводы", "Выйти", "История"):
        assert words in page, words
    visible = re.sub(r"<[^>]+>", " ", page.split("<main>", 1)[1])
    for english in ("At a glance", "Findings", "Check these first", "Log out", "--country"):
        assert english not in visible, english
    # Where the contract says nothing on localisation, the reason speaks of the form.
    assert "укажите страну" in page


def test_a_bilingual_contract_page_shows_both_versions(web: Web, tmp_path: Path) -> None:
    from tests.bilingual import KK, docx_table

    csrf = web.login()
    contract = docx_table(tmp_path / "dogovor-ru-kk.docx", "ru", "kk")
    page = _wait_page(web, _upload(web, csrf, contract).headers["location"])
    assert '<div class="parallel" lang="kk">' in page
    assert "<figcaption>Казахский текст, п.\u00a04</figcaption>" in page
    assert f"<mark>{KK[3]}</mark>" in page
