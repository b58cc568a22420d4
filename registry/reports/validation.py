"""Checks on entry of a unit report (DHIS2's validation rules are the anchor): pure functions over
the figures as given, so that the form, the import and the tests share them.

Errors refuse the report:
- every figure is a whole number of 0 or more (missing is allowed: it is never read as 0);
- collective + individual = total when all three are given;
- no part above its whole (a kind, a field, a stage, the replicated ones, the sum of the given
  kinds or fields, above the total; contest units below contests is allowed);
- the four fields sum to the total when all four and the total are given;
- the period ends after it starts.
Warnings never refuse it:
- a cumulative figure below the same unit's previous cumulative report (same start, earlier end);
- a figure far outside the unit's history (its earlier reports, scaled to the period's length).
Each message names the figure and the fix, in the user's language (registry/catalog/reports.py).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from registry.errors import Problem, field_label
from registry.i18n import DEFAULT_LANG, t
from registry.report_tables import FIELD_FIGURES, FIGURES, KIND_FIGURES, STAGE_FIGURES

# Parts of the total (contests and contest units count something else)
PARTS_OF_TOTAL = (*KIND_FIGURES, *FIELD_FIGURES, *STAGE_FIGURES, "replicated")
OUTLIER_FACTOR = 3.0  # "far outside": more than 3× or less than a third of the usual rate
OUTLIER_MIN = 20  # ... and at least this far from it, so that small units' noise is no warning
_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")
HISTORY_MIN = 2  # earlier reports needed before a figure is judged against them


def label(figure: str, lang: str = DEFAULT_LANG) -> str:
    """The name of a report's field (“Tổng số”, “Kinh tế”)."""
    return field_label(f"report.{figure}", lang)


@dataclass(frozen=True)
class ReportProblem(Problem):
    """A problem of one figure: ``whole_name`` (a figure code) is named in the user's language."""

    def message(self, lang: str = DEFAULT_LANG) -> str:
        params = {"field": field_label(self.field, lang), **self.params}
        if "whole_name" in params:
            params["whole_name"] = label(params["whole_name"], lang).lower()
        return t(self.key, lang, **params)


def _problem(figure: str, key: str, **params) -> ReportProblem:
    return ReportProblem(f"report.{figure}", key, params)


def whole_number(value: object) -> int | None | str:
    """A figure as a whole number, None when missing, or "bad" when it is no whole number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else "bad"
    if isinstance(value, str):
        cleaned = value.strip().replace(" ", "").replace("\u00a0", "")
        if _THOUSANDS.fullmatch(cleaned):  # "8.419" written the Vietnamese way
            cleaned = cleaned.replace(".", "")
        return int(cleaned) if re.fullmatch(r"-?\d+", cleaned) else "bad"
    return "bad"


def check_numbers(values: Mapping[str, object]) -> tuple[dict[str, int | None], list[Problem]]:
    """The figures as whole numbers (None where missing), and a problem for each that is not a
    whole number of 0 or more. A figure with a problem is left out of the sums that follow."""
    figures: dict[str, int | None] = {}
    problems: list[Problem] = []
    for name in FIGURES:
        raw = values.get(name)
        number = whole_number(raw)
        if number == "bad":
            problems.append(_problem(name, "report.error.not_whole", value=raw))
            number = None
        elif isinstance(number, int) and number < 0:
            problems.append(_problem(name, "report.error.negative", value=number))
            number = None
        figures[name] = number if isinstance(number, int) else None
    return figures, problems


def check_sums(figures: Mapping[str, int | None]) -> list[Problem]:
    """The rules between figures, on whole numbers (``check_numbers`` first)."""
    problems: list[Problem] = []
    total, collective, individual = figures.get("total"), figures.get("collective"), figures.get("individual")
    if total is not None and collective is not None and individual is not None:
        if collective + individual != total:
            problems.append(
                _problem(
                    "total",
                    "report.error.kinds_sum",
                    collective=collective,
                    individual=individual,
                    sum=collective + individual,
                    total=total,
                )
            )
    if total is not None:
        for part in PARTS_OF_TOTAL:
            value = figures.get(part)
            if value is not None and value > total:
                problems.append(
                    _problem(part, "report.error.part_above_whole", value=value, whole=total, whole_name="total")
                )
        given = [figures[f] for f in FIELD_FIGURES if figures.get(f) is not None]
        fields_sum = sum(v for v in given if v is not None)
        if len(given) == len(FIELD_FIGURES) and fields_sum != total:
            problems.append(_problem("total", "report.error.fields_sum", sum=fields_sum, total=total))
        elif 1 < len(given) < len(FIELD_FIGURES) and fields_sum > total:
            problems.append(_problem("total", "report.error.fields_sum", sum=fields_sum, total=total))
    return problems  # a contest has several units: no rule between contests and contest units


def check_period(period_from: dt.date, period_until: dt.date) -> list[Problem]:
    if period_until < period_from:
        return [
            ReportProblem(
                "report.period_until",
                "report.error.period_order",
                {"until": period_until.strftime("%d/%m/%Y"), "start": period_from.strftime("%d/%m/%Y")},
            )
        ]
    return []


def check_report(values: Mapping[str, object], period_from: dt.date, period_until: dt.date) -> tuple[dict, list]:
    """Every error rule: (the figures as whole numbers, the problems)."""
    figures, problems = check_numbers(values)
    return figures, problems + check_sums(figures) + check_period(period_from, period_until)


# --------------------------------------------------------------------------- warnings
@dataclass(frozen=True)
class Earlier:
    """An earlier report of the same unit, as the warnings need it."""

    period_from: dt.date
    period_until: dt.date
    figures: Mapping[str, int | None]


def _days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def _fmt_period(start: dt.date, end: dt.date) -> str:
    return f"{start.strftime('%d/%m/%Y')}–{end.strftime('%d/%m/%Y')}"


def warnings(
    figures: Mapping[str, int | None], period_from: dt.date, period_until: dt.date, earlier: Sequence[Earlier]
) -> list[Problem]:
    """Warnings against the unit's earlier reports: a cumulative figure that falls, a figure far
    outside the unit's usual rate."""
    out: list[Problem] = []
    cumulative = sorted(
        (e for e in earlier if e.period_from == period_from and e.period_until < period_until),
        key=lambda e: e.period_until,
    )
    if cumulative:
        previous = cumulative[-1]
        for name in FIGURES:
            value, before = figures.get(name), previous.figures.get(name)
            if value is not None and before is not None and value < before:
                out.append(
                    _problem(
                        name,
                        "report.warning.cumulative_below",
                        value=value,
                        previous_value=before,
                        period=_fmt_period(previous.period_from, previous.period_until),
                    )
                )
    days = _days(period_from, period_until)
    separate = [e for e in earlier if e.period_until < period_from or e.period_from > period_until]
    for name in FIGURES:
        value = figures.get(name)
        rates = [
            v * 365 / _days(e.period_from, e.period_until) for e in separate if (v := e.figures.get(name)) is not None
        ]
        if value is None or len(rates) < HISTORY_MIN:
            continue
        usual = statistics.median(rates) * days / 365
        low, high = min(rates) * days / 365, max(rates) * days / 365
        far_above = value > OUTLIER_FACTOR * usual and value - usual >= OUTLIER_MIN
        far_below = value * OUTLIER_FACTOR < usual and usual - value >= OUTLIER_MIN
        if far_above or far_below:
            out.append(_problem(name, "report.warning.outlier", value=value, low=round(low), high=round(high)))
    return out
