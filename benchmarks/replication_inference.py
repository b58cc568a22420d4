"""How well the replication suggester finds the true links, and how fast it is.

Copies the demo registry (``python -m registry seed --demo``) into a scratch SQLite file, removes
its origin links, runs the suggester (registry.replication.suggest) and prints the precision and
recall of each record's top suggestion against the true links at several score thresholds. Then
the same on real records (tests/data/real_replications.csv, see tests/data/README.md): the rows
typed as staff type them, loaded with "Nhân rộng từ" as written and no links, scored against the
replications their sources state; the development rows by default, the held-out quarter with
``--holdout`` (score it only at the end). For both it prints what a reviewer reads: the
suggestions shown by default (one per copy; before issue 26 every suggestion was shown), pairs
suggested both ways, copies with more than one origin shown, and the suggestions read per true
link found. Last, it times the suggester over ``python -m registry synth --models 100000``.

    .venv/bin/python -m benchmarks.replication_inference [--models N] [--skip-synth] [--holdout]

Targets (issue 13): precision ≥ 0,95 at recall ≥ 0,8 for the top suggestion; under 10 s for
100.000 records. Issue 26: on real records no pair both ways, one origin per copy by default.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, update
from sqlmodel import Session

from registry.db import make_engine
from registry.demo import seed_demo
from registry.models import ModelExample, ModelExampleCreate
from registry.permissions import SYSTEM
from registry.records.writes import create_example
from registry.replication.suggest import compute
from registry.schema import init
from registry.synth import synthesize

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real_replications.csv"


def shown(found: list) -> list:
    """The suggestions a reviewer reads by default: the copy's default origin (``rank`` 0); every
    suggestion where the suggester has no rank (before issue 26)."""
    return [c for c in found if getattr(c, "rank", 0) == 0]


def review_load(found: list, truth: dict[int, int], copies: set[int] | None = None) -> dict:
    """What a reviewer reads, and how much of it is right: ``truth`` maps a copy to its origin;
    only the copies in ``copies`` count when given."""
    found = [c for c in found if copies is None or c.copy_id in copies]
    queue = shown(found)
    pairs = {(c.copy_id, c.origin_id) for c in found}
    both = sum(1 for a, b in pairs if (b, a) in pairs and a < b)
    per_copy: dict[int, int] = {}
    for c in queue:
        per_copy[c.copy_id] = per_copy.get(c.copy_id, 0) + 1
    best: dict[int, tuple[float, int]] = {}
    for c in found:
        if c.copy_id not in best or c.score > best[c.copy_id][0]:
            best[c.copy_id] = (c.score, c.origin_id)
    right = sum(1 for k, (_s, o) in best.items() if truth.get(k) == o)
    return {
        "suggestions": len(found),
        "shown": len(queue),
        "both_ways": both,
        "copies_with_several": sum(1 for n in per_copy.values() if n > 1),
        "right": right,
        "precision": right / len(best) if best else 1.0,
        "recall": right / len(truth) if truth else 1.0,
        "read_per_true_link": len(queue) / right if right else float("inf"),
    }


def _print_load(name: str, m: dict) -> None:
    print(f"  {name}: {m['shown']} shown of {m['suggestions']} suggestions, {m['right']} right; precision "
          f"{m['precision']:.3f}, recall {m['recall']:.3f}; both ways {m['both_ways']}, copies with several "
          f"origins shown {m['copies_with_several']}; read per true link {m['read_per_true_link']:.2f}")  # fmt: skip


def load_real(session: Session) -> tuple[dict[int, int], dict[int, int], list[dict]]:
    """The real records into ``session``: their ids by case, the stated links (copy id -> origin
    id) and the rows."""
    with REAL.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids: dict[int, int] = {}
    for r in rows:
        data = ModelExampleCreate(
            kind=r["kind"], title=r["title"], holder_name=r["holder_name"], unit=r["unit"], field=r["field"],
            bloc=r["bloc"], registered_on=dt.date.fromisoformat(r["registered_on"]),
            registered_precision=r["precision"], programme=r["programme"] or None,
            replicated_from_text=r["replicated_from_text"],
        )  # fmt: skip
        example = create_example(session, data, SYSTEM)
        assert example.id is not None
        ids[int(r["case"])] = example.id
    truth = {ids[int(r["case"])]: ids[int(r["origin_case"])] for r in rows if r["origin_case"]}
    return ids, truth, rows


def measure_real(folder: Path, *, holdout: bool) -> dict:
    """Precision, recall and the reviewer's load on the real records (the development rows, or
    the held-out ones)."""
    path = folder / "real.db"
    path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    init(engine)
    with Session(engine) as s:
        ids, truth, rows = load_real(s)
        s.commit()
        found = compute(s)
    engine.dispose()
    part = {ids[int(r["case"])] for r in rows if (r["holdout"] == "1") == holdout}
    truth = {k: o for k, o in truth.items() if k in part}
    m = review_load(found, truth, part)
    print(f"real ({'held-out' if holdout else 'development'}): {len(part)} records, {len(truth)} stated links")
    _print_load("all suggestions", m)
    return m


def measure_demo(folder: Path) -> list[dict]:
    """``folder``'s demo.db is reused when there (with the true links beside it in truth.json)."""
    path, saved = folder / "demo.db", folder / "truth.json"
    engine = make_engine(f"sqlite:///{path}")
    if not saved.exists():
        init(engine)
    with Session(engine) as s:
        if saved.exists():
            truth = {int(k): v for k, v in json.loads(saved.read_text()).items()}
        else:
            seed_demo(s, actor=SYSTEM)
            s.commit()
            query = select(ModelExample.id, ModelExample.replicated_from_id)
            truth = dict(s.execute(query.where(ModelExample.replicated_from_id.is_not(None))).all())
            s.execute(update(ModelExample).values(replicated_from_id=None))
            s.commit()
            saved.write_text(json.dumps(truth))
        start = time.perf_counter()
        found = compute(s)
        seconds = time.perf_counter() - start
        n = s.execute(select(ModelExample.id)).all()
    engine.dispose()
    best: dict[int, tuple[float, int]] = {}
    for c in found:
        if c.copy_id not in best or c.score > best[c.copy_id][0]:
            best[c.copy_id] = (c.score, c.origin_id)
    print(f"demo: {len(n)} records, {len(truth)} true links, suggester {seconds:.1f} s")
    _print_load("all suggestions", review_load(found, truth))
    rows = []
    for thr in THRESHOLDS:
        shown = {k: o for k, (score, o) in best.items() if score >= thr}
        right = sum(1 for k, o in shown.items() if truth.get(k) == o)
        precision = right / len(shown) if shown else 1.0
        recall = right / len(truth) if truth else 1.0
        rows.append(
            {"threshold": thr, "suggested": len(shown), "right": right, "precision": precision, "recall": recall}
        )
        print(f"  score ≥ {thr:.1f}: {len(shown):5d} suggested, {right:5d} right, "
              f"precision {precision:.3f}, recall {recall:.3f}")  # fmt: skip
    return rows


def measure_synth(folder: Path, models: int) -> float:
    path = folder / "synth.db"
    path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    init(engine)
    synthesize(engine, models, seed=7)
    with Session(engine) as s:
        start = time.perf_counter()
        found = compute(s)
        seconds = time.perf_counter() - start
    engine.dispose()
    print(f"synth: {models} records, {len(found)} suggestions kept, suggester {seconds:.1f} s (target < 10 s)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=100_000)
    parser.add_argument("--skip-synth", action="store_true")
    parser.add_argument("--keep", type=Path, help="a folder to keep (and reuse) the scratch databases in")
    parser.add_argument("--holdout", action="store_true", help="score the held-out real records (only at the end)")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not args.skip_demo:
            measure_demo(folder)
        measure_real(folder, holdout=args.holdout)
        if not args.skip_synth:
            measure_synth(folder, args.models)


if __name__ == "__main__":
    main()
