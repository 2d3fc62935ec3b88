"""Findings in the report's language: titles, explanations and recommended clauses.

The engine decides in the playbook's own language (English); this pass
rewrites the words of each finding for the language the report is read in,
from the language packs of the playbook (clause_library/languages/<lang>/):
a Russian contract gets Russian titles, Russian explanations built from the
Russian cues that fired, and the recommended clauses in contract Russian,
with the contract's own names for the parties ("Лицензиар", "Лицензиат").
A Russian contract reviewed for an English-speaking partner gets the English
titles and recommendations and each Russian cue's English explanation; the
quotes stay in the contract's words.

English findings of an English contract are returned as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reviewer.library.model import Cue, Library, Requirement
from reviewer.report.model import Evidence, Finding
from reviewer.segment.model import KindGuess, SegmentedDocument


@dataclass(frozen=True, slots=True)
class _Words:
    """The framing sentences of a finding in one language."""

    nothing: str
    touches: str
    other_way: str
    weaker_decides: str
    specific_decides: str
    clause: str
    the_document: str
    and_: str
    keep: str
    strengthen: str
    fallback: str
    replace: str
    add: str
    not_checked_country: str
    not_checked_excluded: str
    not_checked_parameter: str
    statuses: dict[str, str]
    the_stated: str
    kind_by_title: str
    kind_by_content: str
    kind_unknown: str


WORDS: dict[str, _Words] = {
    "en": _Words(
        nothing="Nothing in the document deals with this.",
        touches="{where} touches on this but does not give the protection as described.",
        other_way="{where} points another way ({statuses}); both are cited and {rule}.",
        weaker_decides="the weaker position decides",
        specific_decides="the more specific clause decides",
        clause="clause {number}",
        the_document="The document",
        and_=" and ",
        keep="No change needed. Keep the clause; for reference, the preferred language is: {preferred}",
        strengthen="Strengthen the clause to: {preferred} Fallback position: {fallback}",
        fallback="",
        replace="Replace the conflicting clause with: {preferred}",
        add="Add: {preferred}",
        not_checked_country=(
            "Not checked: no country is set that the data must stay in; choose a country "
            "profile or give the country to check this."
        ),
        not_checked_excluded="Not checked: the profile excludes this requirement.",
        not_checked_parameter="Not checked: the profile sets no {parameter}.",
        statuses={"met": "met", "partial": "partial", "conflict": "conflict"},
        the_stated="the stated",
        kind_by_title='title "{words}"',
        kind_by_content="{count} mentions of {kind} vocabulary",
        kind_unknown="no title or content cue",
    ),
    "ru": _Words(
        nothing="В документе этот вопрос не урегулирован.",
        touches="{where} касается этого вопроса, но не даёт защиты в описанном объёме.",
        other_way="{where} указывает в другую сторону ({statuses}); приведены оба положения, {rule}.",
        weaker_decides="решает более слабая позиция",
        specific_decides="решает более конкретное положение",
        clause="п.\u00a0{number}",  # a no-break space: "п." stays with its number
        the_document="Документ",
        and_=" и ",
        keep=(
            "Изменений не требуется. Сохраните пункт; для справки, предпочтительная редакция: "
            "{preferred}"
        ),
        strengthen="Усилить пункт до следующей редакции: {preferred} Запасная позиция: {fallback}",
        fallback="",
        replace="Заменить противоречащее положение следующей редакцией: {preferred}",
        add="Дополнить договор положением: {preferred}",
        not_checked_country=(
            "Не проверялось: не задана страна, в которой должны оставаться данные; выберите "
            "профиль страны или укажите страну."
        ),
        not_checked_excluded="Не проверялось: профиль исключает это требование.",
        not_checked_parameter="Не проверялось: в профиле не задан параметр {parameter}.",
        statuses={"met": "выполнено", "partial": "частично", "conflict": "противоречие"},
        the_stated="указанный",
        kind_by_title="заголовок «{words}»",
        kind_by_content="упоминаний лексики вида {kind}: {count}",
        kind_unknown="ни заголовок, ни текст не указывают на вид документа",
    ),
}
REPORT_LANGUAGES = tuple(WORDS)


def report_language(segmented: SegmentedDocument, library: Library, wanted: str | None) -> str:
    """The language to report in: the one asked for, else the contract's (if the playbook has it)."""
    if wanted:
        return wanted
    reviewed = [lang for lang in segmented.languages.shares if lang in library.languages]
    language = reviewed[0] if reviewed else library.language
    return language if language in WORDS else library.language


def kind_cue(kind: KindGuess, language: str) -> str:
    """What told the document's kind, in the report's language."""
    words = WORDS.get(language, WORDS["en"])
    if kind.source == "title":
        return words.kind_by_title.format(words=kind.words)
    if kind.source == "content":
        return words.kind_by_content.format(count=kind.count, kind=kind.kind)
    return words.kind_unknown


def localised_topics(library: Library, language: str) -> dict[str, str]:
    """Topic titles in `language`, in the playbook's order."""
    own = dict(library.topics)
    file = library.language_files.get(language)
    if file is None:
        return own
    return {topic: file.topics.get(topic, title) for topic, title in own.items()}


def _cue(library: Library, requirement: Requirement, language: str, cue_id: str) -> Cue | None:
    detection = library.detection_for(requirement, language)
    if detection is None:
        return None
    return next((c for c in detection.cues if c.id == cue_id), None)


def _sentence_language(segmented: SegmentedDocument, offset: int, default: str) -> str:
    for sentence in segmented.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.language or default
    return default


def _where(evidence: list[Evidence], words: _Words) -> str:
    sections = [words.clause.format(number=e.section) for e in evidence if e.section]
    unique = list(dict.fromkeys(sections))
    if not unique:
        return words.the_document
    text = ", ".join(unique[:-1]) + words.and_ + unique[-1] if len(unique) > 1 else unique[0]
    return text[0].upper() + text[1:]


def _format(template: str, extracted: dict[str, object], words: _Words) -> str:
    value = next((v for v in extracted.values() if v not in (None, [])), None)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return template.format(value=value if value is not None else words.the_stated)
    except (KeyError, IndexError, ValueError):
        return template


def _explanation(
    finding: Finding,
    requirement: Requirement,
    library: Library,
    segmented: SegmentedDocument,
    language: str,
) -> str:
    words = WORDS[language]
    meanings = (
        requirement.statuses
        if language == library.language
        else requirement.languages[language].statuses
    )
    if finding.status == "missing":
        return f"{words.nothing} {meanings.missing}"
    # Evidence lists the deciding clauses first, then the other side, then mentions.
    deciding: list[tuple[Evidence, Cue]] = []
    other: list[tuple[Evidence, Cue]] = []
    for item in finding.evidence:
        _, _, cue_id = item.detector.partition("#")
        if not item.detector.startswith("rules:") or not cue_id or cue_id == "anchor":
            continue
        source = _sentence_language(segmented, item.start, library.language)
        cue = _cue(library, requirement, source, cue_id)
        if cue is None:
            continue
        gives = {cue.status, cue.compare.otherwise if cue.compare else cue.status}
        (deciding if finding.status in gives and not other else other).append((item, cue))
    if not deciding:
        where = _where(finding.evidence, words)
        return f"{words.touches.format(where=where)} {getattr(meanings, finding.status)}"
    lead = deciding[0][1]
    if lead.status != finding.status:
        # The cue's value missed the profile's parameter (a longer period, another
        # country): say what that status means, with the value found.
        value = _format("{value}", finding.extracted, words)
        where = _where([e for e, _ in deciding], words)
        return f"{where}: {getattr(meanings, finding.status).rstrip('.')} ({value})."
    if language == library.language:
        template = lead.explanation_en or lead.explanation
    else:
        template = lead.explanation if lead.explanation_en is not None else ""
        if not template:
            # An English cue: no wording in this language, so say what the status means.
            template = getattr(meanings, finding.status)
    explained = _format(template, finding.extracted, words)
    if language != library.language:
        explained = _in_contract_terms(explained, segmented.parties)
    text = f"{_where([e for e, _ in deciding], words)}: {explained}"
    if other:
        statuses = sorted({words.statuses.get(c.status, c.status) for _, c in other})
        strength = {"conflict": 0, "partial": 1, "met": 2}
        weakest = strength.get(finding.status, 2) <= min(strength[c.status] for _, c in other)
        rule = words.weaker_decides if weakest else words.specific_decides
        text += " " + words.other_way.format(
            where=_where([e for e, _ in other], words), statuses=", ".join(statuses), rule=rule
        )
    return text


# "на территории [страна]", "из-за пределов [страна]": the recommended Russian
# clauses name the country in the genitive.
_RU_COUNTRY_GENITIVE = {
    "KZ": "Республики Казахстан", "UZ": "Республики Узбекистан", "RU": "Российской Федерации",
    "AZ": "Азербайджанской Республики", "KG": "Кыргызской Республики",
    "TJ": "Республики Таджикистан", "TM": "Туркменистана", "GE": "Грузии",
    "AM": "Республики Армения", "BY": "Республики Беларусь", "UA": "Украины",
    "DE": "Федеративной Республики Германия", "EU": "Европейского союза",
    "EEA": "Европейской экономической зоны", "US": "Соединённых Штатов Америки",
    "GB": "Соединённого Королевства",
}  # fmt: skip


def fill_country(text: str, parameters: Mapping[str, Mapping[str, object]]) -> str:
    """The country the profile requires in place of "[страна]" in a clause on where data
    is kept (localisation, agreed locations, transfers): the English clauses name it
    in place of "the locations listed in Annex 2" the same way."""
    codes: list[str] = []
    for params in parameters.values():
        required = params.get("required_countries")
        for code in required if isinstance(required, list) else []:
            if str(code).upper() not in codes:
                codes.append(str(code).upper())
    if not codes:
        return text
    names = [_RU_COUNTRY_GENITIVE.get(code, code) for code in codes]
    return text.replace("[страна]", " или ".join(names))


_RU_VENDOR = ("Исполнитель", "Лицензиар", "Оператор", "Поставщик", "Компания", "Правообладатель")
_RU_CUSTOMER = ("Заказчик", "Лицензиат", "Пользователь", "Клиент", "Абонент", "Покупатель")


def _role(parties: list[str], roles: tuple[str, ...]) -> str | None:
    for party in parties:
        match = re.search(r"\(([^()]+)\)\s*$", party)
        name = (match.group(1) if match else party).strip()
        if name in roles:
            return name
    return None


def _in_contract_terms(text: str, parties: list[str]) -> str:
    """Recommended Russian clauses with the contract's own names for the parties, declined."""
    from reviewer.morphology import inflect_like

    for generic, roles in (("Исполнитель", _RU_VENDOR), ("Заказчик", _RU_CUSTOMER)):
        own = _role(parties, roles)
        if own is None or own == generic:
            continue
        stem = generic[:-2] if generic.endswith("ль") else generic
        text = re.sub(
            rf"\b{stem}\w*",
            lambda m, own=own: inflect_like(own, m.group(0)),  # type: ignore[misc]
            text,
        )
    return text


def _recommendation(
    finding: Finding,
    requirement: Requirement,
    library: Library,
    language: str,
    parties: list[str],
    parameters: Mapping[str, Mapping[str, object]],
) -> str:
    words = WORDS[language]
    if language == library.language:
        preferred, fallback = (
            requirement.recommendation.preferred,
            requirement.recommendation.fallback,
        )
    else:
        pack = requirement.languages[language].recommendation
        preferred = fill_country(_in_contract_terms(pack.preferred, parties), parameters)
        fallback = fill_country(_in_contract_terms(pack.fallback, parties), parameters)
    template = {
        "met": words.keep,
        "partial": words.strengthen,
        "conflict": words.replace,
        "missing": words.add,
    }[finding.status]
    return template.format(preferred=preferred, fallback=fallback)


def _not_applicable(requirement: Requirement, words: _Words) -> str:
    if requirement.applies_if_parameter == "required_countries":
        return words.not_checked_country
    if requirement.applies_if_parameter:
        return words.not_checked_parameter.format(parameter=requirement.applies_if_parameter)
    return words.not_checked_excluded


def localise(
    findings: list[Finding],
    library: Library,
    segmented: SegmentedDocument,
    language: str,
    parameters: Mapping[str, Mapping[str, object]] | None = None,
) -> list[Finding]:
    """The findings with their words in `language` (unchanged for an all-English review)."""
    if language not in WORDS:
        return findings
    contract_languages = {s.language or library.language for s in segmented.sentences}
    if language == library.language and contract_languages <= {library.language}:
        return findings
    out: list[Finding] = []
    for finding in findings:
        requirement = library.requirements.get(finding.requirement)
        if requirement is None or (
            language != library.language and language not in requirement.languages
        ):
            out.append(finding)
            continue
        title = (
            requirement.title
            if language == library.language
            else requirement.languages[language].title
        )
        if finding.status == "not-applicable":
            explanation, recommendation = _not_applicable(requirement, WORDS[language]), ""
        else:
            explanation = _explanation(finding, requirement, library, segmented, language)
            recommendation = _recommendation(
                finding,
                requirement,
                library,
                language,
                segmented.parties,
                parameters or {},
            )
        out.append(
            finding.model_copy(
                update={
                    "title": title,
                    "explanation": explanation,
                    "recommendation": recommendation,
                }
            )
        )
    return out
