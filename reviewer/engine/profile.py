"""Resolving a profile: effective severities, parameters and scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer.errors import ReviewerError
from reviewer.library.model import Library


@dataclass(frozen=True, slots=True)
class ResolvedProfile:
    name: str
    severity: dict[str, str]
    parameters: dict[str, dict[str, Any]]
    excluded: frozenset[str]


def resolve_profile(library: Library, name: str, country: str | None = None) -> ResolvedProfile:
    if name not in library.profiles:
        known = ", ".join(sorted(library.profiles))
        raise ReviewerError(f"unknown profile {name!r}; choose one of: {known}")
    profile = library.profiles[name]
    severity: dict[str, str] = {
        req_id: req.severity for req_id, req in library.requirements.items()
    }
    severity.update(profile.severity)
    parameters = {req_id: dict(req.parameters) for req_id, req in library.requirements.items()}
    for req_id, params in profile.parameters.items():
        parameters[req_id].update(params)
    if country:
        code = country.strip().upper()
        if not (len(code) == 2 and code.isalpha()):
            raise ReviewerError(f"--country {country!r}: give a two-letter country code, e.g. KZ")
        for req_id, parameter in profile.country_parameter.items():
            parameters[req_id][parameter] = [code]
        for req_id, params in parameters.items():
            # Profiles with a fixed country list still let --country override it.
            if "required_countries" in params and req_id not in profile.country_parameter:
                params["required_countries"] = [code]
    return ResolvedProfile(
        name=name,
        severity=severity,
        parameters=parameters,
        excluded=frozenset(profile.exclude),
    )
