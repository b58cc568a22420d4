"""The registry's error types. Every message is a catalog key plus parameters, so the same
error reads in Vietnamese or English wherever it surfaces (form, import report, CLI)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from registry.i18n import DEFAULT_LANG, catalog, t


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input field."""

    field: str
    key: str
    params: dict = dataclasses.field(default_factory=dict)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        params = {"field": field_label(self.field, lang), **self.params}
        if "previous" in params:
            params["previous"] = field_label(params["previous"], lang)
        return t(self.key, lang, **params)


@dataclass(frozen=True)
class Notice:
    """Something the registry read and did for the user without refusing the input: a commune
    taken from the unit column, a former name mapped to today's unit. ``rule`` is the short code
    of the rule that acted (``commune_only``, ``bracketed_district``…); the message, from the
    catalog, names what was read and what was done."""

    field: str
    key: str
    params: dict = dataclasses.field(default_factory=dict)
    rule: str = ""

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, **{"field": field_label(self.field, lang), **self.params})


def field_label(name: str, lang: str = DEFAULT_LANG) -> str:
    """The catalog's label of an input field, or the name itself when it has none."""
    key = f"field_name.{name}"
    return t(key, lang) if key in catalog() else name


class RegistryError(Exception):
    """Base of every error the registry raises on purpose."""

    key = "error.required"

    def __init__(self, key: str | None = None, **params):
        self.key = key or self.key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, **self.params)


class ValidationFailed(RegistryError):
    """Input broke one or more rules. ``problems`` lists each (field, message key)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = self.problems[0]
        self.field = first.field
        self.key = first.key
        self.params = first.params
        Exception.__init__(self, "; ".join(p.message("en") for p in self.problems))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return " ".join(p.message(lang) for p in self.problems)

    def by_field(self, lang: str = DEFAULT_LANG) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p.message(lang))
        return out


class NotFound(RegistryError):
    key = "error.not_found"


class Conflict(RegistryError):
    """Someone else saved the record after it was opened (optimistic locking)."""

    key = "error.conflict"

    def __init__(self, *, current_version: int, your_version: int, user: str, at, changes: dict | None = None):
        self.changes = changes or {}
        self.current_version = current_version
        super().__init__(self.key, current=current_version, yours=your_version, user=user, at=at)


class PermissionDenied(RegistryError):
    key = "error.forbidden"
