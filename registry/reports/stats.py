"""The ``reported`` object of ``stats --json``: what the units reported for the same filters as
the record keys (registry/reports/counts.py does the counting).

The period and the units of the filters apply (one unit: its area; several: the sum of their
areas; none: the province). A filter on kinds or fields narrows ``total`` to the sum of those
figures (None where one is missing). Blocs, stages and programmes are not in the reports: such a
filter is listed in ``filters_not_applied``, never silently dropped.
"""

from __future__ import annotations

from sqlmodel import Session

from registry.queries.filters import Filters
from registry.reports.counts import PROVINCE_CODE, Reported, add_figures, reported


def _narrowed_total(result: Reported, filters: Filters) -> int | None:
    names = [*filters.kinds, *filters.fields]
    if not names:
        return result.total
    if filters.kinds and filters.fields:
        return None  # the reports give no kind × field table
    values = [result.figures.get(name) for name in names]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def reported_for(session: Session, *, filters: Filters) -> dict:
    """``stats --json``'s ``reported`` for ``filters``."""
    areas = list(filters.units) or [PROVINCE_CODE]
    results = [reported(session, area=area, start=filters.start, end=filters.end) for area in areas]
    first = results[0]
    if len(results) > 1:
        first.figures = add_figures(r.figures for r in results)
        first.units_expected = sum(r.units_expected for r in results)
        first.units_reporting = sum(r.units_reporting for r in results)
        first.periods = sorted({p for r in results for p in r.periods})
        first.left_out = [x for r in results for x in r.left_out]
        first.gaps = [g for r in results for g in r.gaps]
        first.source = "/".join(sorted({r.source for r in results if r.source}))
    out = first.as_json()
    out["total"] = _narrowed_total(first, filters)
    out["areas"] = areas
    out["from"], out["until"] = first.start.isoformat(), first.end.isoformat()
    out["filters_not_applied"] = [
        name
        for name, values in (("bloc", filters.blocs), ("stage", filters.stages), ("programme", filters.programmes))
        if values
    ]
    return out
