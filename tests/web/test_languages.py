"""The web page says why a contract in a language the playbook cannot read was not reviewed,
and which language a Russian contract was read in."""

from __future__ import annotations

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


def test_a_russian_contract_page_names_its_language(web: Web, tmp_path: Path) -> None:
    csrf = web.login()
    contract = tmp_path / "dogovor.txt"
    contract.write_text(RUSSIAN * 2, encoding="utf-8")
    page = _wait_page(web, _upload(web, csrf, contract).headers["location"])
    assert "language: Russian 100% (read: Russian)" in page
    assert "Об инцидентах сообщается в установленный срок" in page
