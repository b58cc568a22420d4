"""Suggested replication links: ``suggest-replications`` recomputes every suggestion and prints
one line per copy, its default origin (copy id, origin id, score, reason); ``--json`` gives each
copy's other suggested origins too, as ``alternatives``."""

from __future__ import annotations

import json
import time

import typer

from registry.cli.app import fail, lang, ready_engine
from registry.db import write_session
from registry.i18n import t
from registry.replication.store import recompute_all


def suggest_replications(
    min_score: float = typer.Option(0.5, "--min-score", help="Chỉ in các gợi ý có điểm từ mức này (0–1)."),
    as_json: bool = typer.Option(False, "--json", help="In một mảng JSON."),
) -> None:
    """Tính lại toàn bộ gợi ý nhân rộng (chỉ là gợi ý, chưa phải liên kết) và in mỗi bản sao một dòng
    với nguồn được gợi ý tốt nhất: mã bản sao, mã nguồn, điểm, lý do (--json: kèm các nguồn khác)."""
    if not 0 <= min_score <= 1:
        fail("cli.bad_choice", 2, value=str(min_score), option="--min-score", choices="0–1")
    start = time.perf_counter()
    with write_session(ready_engine()) as session:
        found = recompute_all(session)
    seconds = time.perf_counter() - start
    alternatives: dict[int, list[dict]] = {}
    for c in sorted(found, key=lambda c: (c.copy_id, c.rank)):
        if c.rank:
            alternatives.setdefault(c.copy_id, []).append(
                {"origin_id": c.origin_id, "score": c.score, "reason": c.reason}
            )
    defaults = (c for c in found if c.rank == 0 and c.score >= min_score)
    shown = sorted(defaults, key=lambda c: (-c.score, c.copy_id, c.origin_id))
    if as_json:
        rows = [
            {"copy_id": c.copy_id, "origin_id": c.origin_id, "score": c.score, "reason": c.reason}
            | {"alternatives": alternatives.get(c.copy_id, [])}
            for c in shown
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for c in shown:
        typer.echo(f"{c.copy_id}\t{c.origin_id}\t{c.score:.2f}\t{c.reason}")
    typer.echo(t("cli.suggest_done", lang(), n=len(shown), min_score=min_score, seconds=f"{seconds:.1f}"), err=True)


def register(app: typer.Typer) -> None:
    app.command("suggest-replications")(suggest_replications)
