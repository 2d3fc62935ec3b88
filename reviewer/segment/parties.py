"""Best-effort names of the parties to the agreement.

English: 'between Acme Ltd ("Provider") and ...', 'Acme, Inc. ("Acme")'.
Russian: 'ООО «Ромашка», именуемое в дальнейшем «Исполнитель»',
'ИП Иванов И.И. (далее — «Лицензиар»)'; where no name is given, the role
("Исполнитель", "Пользователь").
"""

from __future__ import annotations

import re

from reviewer.document import Document
from reviewer.segment.model import Definition

_BETWEEN = re.compile(
    r"\bbetween\s+(?P<a>[A-Z][\w&.,' -]{1,80}?)\s*(?:\((?P<ra>[^)]{1,60})\))?,?\s+and\s+(?P<b>[A-Z][\w&.,' -]{1,80}?)\s*(?:\((?P<rb>[^)]{1,60})\)|[.,;]|$)"
)
_COMPANY_ALIAS = re.compile(
    r"\b(?P<name>[A-Z0-9][\w&'.-]*(?:\s+[A-Z0-9][\w&'.-]*){0,5}?,?\s+"
    r"(?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|plc|B\.V|S\.A|SAS|AG|Corporation|Corp)\.?)"
    r"\s*\((?:the\s+)?[\"“]"
)
ROLE_TERMS = (
    "Provider", "Customer", "Vendor", "Supplier", "Client", "Processor", "Controller",
    "Company", "Licensor", "Licensee", "Contractor", "Public Organisation", "Public Organization",
    "Data Exporter", "Data Importer", "Subscriber",
)  # fmt: skip


# 'ООО «Ромашка», именуемое в дальнейшем «Исполнитель»' / '... (далее — «Заказчик»)'
_RU_NAMED = re.compile(
    r"(?P<name>(?:(?:ООО|АО|ПАО|ЗАО|ОАО|ТОО|АО|ИП|ЧП|ФОП|LLC|Ltd)\b|Общество с ограниченной "
    r"ответственностью|Акционерное общество|Товарищество с ограниченной ответственностью|"
    r"Индивидуальный предприниматель)[^,()\n]{2,80}?)\s*,?\s*"
    r"(?:\(\s*)?(?:именуем\w*\s+(?:в\s+дальнейшем|далее)|далее(?:\s+по\s+тексту)?)\s*[—–-]?\s*"
    r"[«\"“](?P<role>[А-ЯЁA-Z][\w -]{1,40}?)[»\"”]"
)
RU_VENDOR_ROLES = (
    "Исполнитель", "Лицензиар", "Оператор", "Обработчик", "Поставщик", "Компания",
    "Правообладатель",
)  # fmt: skip
RU_CUSTOMER_ROLES = (
    "Заказчик", "Лицензиат", "Пользователь", "Клиент", "Абонент", "Покупатель", "Сублицензиат",
)  # fmt: skip
# Registration numbers end a name: "ИП Иванов И.И. ОГРН 3225... ИНН 5609...".
_NAME_END = re.compile(r"\s+(?:ОГРН\w*|ИНН|КПП|БИН|ИИН|ЕГРПОУ|в лице|действующ\w+)\b.*$")


def _earliest_role(head: str, roles: tuple[str, ...]) -> str | None:
    found = [
        (m.start(), role)
        for role in roles
        if (m := re.search(rf"(?<![\w-]){role}(?![\w-])", head, re.IGNORECASE))
    ]
    return min(found)[1] if found else None


def _russian_parties(head: str) -> list[str]:
    parties: list[str] = []
    roles: list[str] = []
    for match in _RU_NAMED.finditer(head):
        name = _NAME_END.sub("", " ".join(match.group("name").split())).strip(" ,.")
        role = match.group("role").strip().capitalize()
        if role in roles or any(name in p for p in parties):
            continue
        parties.append(f"{name} ({role})")
        roles.append(role)
        if len(parties) == 2:
            return parties
    for group in (RU_VENDOR_ROLES, RU_CUSTOMER_ROLES):
        if any(role in group for role in roles):
            continue
        role = _earliest_role(head, group)
        if role is not None:
            parties.append(role)
            roles.append(role)
    return parties[:2]


def find_parties(document: Document, glossary: dict[str, Definition]) -> list[str]:
    parties: list[str] = []
    head = document.text[:5000]
    cyrillic = sum(1 for ch in head if "\u0400" <= ch <= "\u04ff")
    if cyrillic > len(head) / 4:
        return _russian_parties(head)
    match = _BETWEEN.search(head)
    if match:
        for name in (match.group("a"), match.group("b")):
            name = name.strip(" ,.")
            if name and name not in parties and len(name.split()) <= 8:
                parties.append(name)
    if len(parties) < 2:
        # 'GitHub, Inc. ("GitHub")': a company name given a short name in passing.
        for company in _COMPANY_ALIAS.finditer(head):
            name = company.group("name").strip(" ,")
            if name not in parties and not any(name in p or p in name for p in parties):
                parties.append(name)
            if len(parties) == 2:
                break
    if len(parties) < 2:
        for role in ROLE_TERMS:
            if role in parties:
                continue
            if role in glossary or re.search(rf"\b{re.escape(role)}\b", head):
                parties.append(role)
            if len(parties) == 2:
                break
    return parties
