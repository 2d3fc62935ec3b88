"""Every fixed word the renderers print, looked up by key in one catalogue per language.

The catalogues are YAML files in `reviewer/report/locale/<language>.yaml`; nested
keys are joined with dots ("status.met"). A value is a `str.format` template
with named fields ("{count} comments"), or, for words that change with a
number, a mapping of plural forms (`one`/`other` in English; `one`/`few`/`many`/
`other` in Russian) chosen by the `count` field.

A language other than English may leave keys out while it is being written:
those fall back to English. What a catalogue does say is checked on load: no
keys English does not know, and the same placeholders as English, so a
translation cannot break a template at run time.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from reviewer.errors import ReviewerError

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
PLURAL_FORMS = ("zero", "one", "few", "many", "other")


class MessageCatalogueError(ReviewerError):
    """A catalogue file is malformed or disagrees with the English one."""


def available_languages() -> tuple[str, ...]:
    """Languages with a catalogue, English first."""
    found = sorted(p.stem for p in LOCALE_DIR.glob("*.yaml"))
    return tuple(sorted(found, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang)))


def plural_form(language: str, count: int) -> str:
    """The CLDR plural category of an integer count."""
    n = abs(int(count))
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "other"


Entry = str | dict[str, str]


def _flatten(data: Mapping[str, Any], prefix: str, out: dict[str, Entry], source: Path) -> None:
    for key, value in data.items():
        if not isinstance(key, str):
            raise MessageCatalogueError(f"{source.name}: key {key!r} under {prefix!r} is not text")
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, str):
            out[full] = value
        elif isinstance(value, Mapping) and value and set(value) <= set(PLURAL_FORMS):
            if not all(isinstance(v, str) for v in value.values()) or "other" not in value:
                raise MessageCatalogueError(
                    f"{source.name}: {full}: plural forms need text and an 'other' form"
                )
            out[full] = dict(value)
        elif isinstance(value, Mapping):
            _flatten(value, full, out, source)
        else:
            raise MessageCatalogueError(f"{source.name}: {full}: expected text, got {value!r}")


def _placeholders(entry: Entry) -> set[str]:
    texts = [entry] if isinstance(entry, str) else list(entry.values())
    names: set[str] = set()
    for text in texts:
        for _, field, _, _ in string.Formatter().parse(text):
            if field:
                names.add(field.split(".")[0].split("[")[0])
    return names


def load_catalogue(path: Path) -> dict[str, Entry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise MessageCatalogueError(f"{path.name}: cannot read the catalogue ({exc})") from exc
    if not isinstance(data, Mapping):
        raise MessageCatalogueError(f"{path.name}: the catalogue must be a mapping of keys")
    flat: dict[str, Entry] = {}
    _flatten(data, "", flat, path)
    return flat


def check_against_english(
    language: str, catalogue: Mapping[str, Entry], english: Mapping[str, Entry]
) -> list[str]:
    """Problems of one catalogue compared with English (empty when it is sound)."""
    problems = []
    for key, entry in catalogue.items():
        if key not in english:
            problems.append(f"{language}.yaml: {key}: not a key of en.yaml")
            continue
        extra = _placeholders(entry) - _placeholders(english[key]) - {"count"}
        if extra:
            problems.append(
                f"{language}.yaml: {key}: unknown placeholders {', '.join(sorted(extra))}"
            )
    return problems


@dataclass(frozen=True)
class Messages:
    """The words of one language; `messages("en")("status.met")` -> "Met"."""

    language: str
    entries: Mapping[str, Entry]
    fallback: Mapping[str, Entry]

    def has(self, key: str) -> bool:
        return key in self.entries or key in self.fallback

    def __call__(self, key: str, /, **values: Any) -> str:
        entry = self.entries.get(key)
        language = self.language
        if entry is None:
            entry = self.fallback.get(key)
            language = DEFAULT_LANGUAGE
        if entry is None:
            raise KeyError(f"no message {key!r}")
        if isinstance(entry, dict):
            form = plural_form(language, int(values.get("count", 0)))
            template = entry.get(form) or entry["other"]
        else:
            template = entry
        return template.format(**values) if values else template

    def get(self, key: str, default: str, /, **values: Any) -> str:
        """The message, or `default` when no catalogue has the key (data-driven keys)."""
        return self(key, **values) if self.has(key) else default

    # Shorthands for the vocabulary every renderer shares.
    def status(self, status: str) -> str:
        return self.get(f"status.{status}", status)

    def severity(self, severity: str) -> str:
        return self.get(f"severity.{severity}", severity)

    def country(self, code: str) -> str:
        return self.get(f"country.{code}", code)


@cache
def messages(language: str = DEFAULT_LANGUAGE) -> Messages:
    """The catalogue of `language` (English fills in keys it lacks)."""
    languages = available_languages()
    if language not in languages:
        raise ReviewerError(
            f"no report language {language!r}; choose one of: {', '.join(languages)}"
        )
    english = load_catalogue(LOCALE_DIR / f"{DEFAULT_LANGUAGE}.yaml")
    if language == DEFAULT_LANGUAGE:
        return Messages(language, english, english)
    catalogue = load_catalogue(LOCALE_DIR / f"{language}.yaml")
    problems = check_against_english(language, catalogue, english)
    if problems:
        raise MessageCatalogueError("; ".join(problems))
    return Messages(language, catalogue, english)


def language_for(report: Any, wanted: str | None = None) -> str:
    """The catalogue for a report's words: the language asked for, else the one the
    engine wrote the findings in, else the contract's, else English."""
    for language in (wanted, report.report_language, report.document.language):
        if language and language in available_languages():
            return str(language)
    return DEFAULT_LANGUAGE


def language_of(report_language: str | None, document_language: str | None) -> str:
    """The catalogue for a report's own words: the language asked for, else the contract's,
    else English (also when the language has no catalogue yet)."""
    languages = available_languages()
    for language in (report_language, document_language):
        if language and language in languages:
            return language
    return DEFAULT_LANGUAGE
