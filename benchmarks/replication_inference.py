"""How well the replication suggester finds the true links, and how fast it is.

Copies the demo registry (``python -m registry seed --demo``) into a scratch SQLite file, removes
its origin links, runs the suggester (registry.replication.suggest) and prints the precision and
recall of each record's top suggestion against the true links at several score thresholds; then
times the suggester over ``python -m registry synth --models 100000`` in another scratch file.

    .venv/bin/python -m benchmarks.replication_inference [--models N] [--skip-synth]

Targets (issue 13): precision ≥ 0,95 at recall ≥ 0,8 for the top suggestion; under 10 s for
100.000 records.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, update
from sqlmodel import Session

from registry.db import make_engine
from registry.demo import seed_demo
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.replication.suggest import compute
from registry.schema import init
from registry.synth import synthesize

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        measure_demo(folder)
        if not args.skip_synth:
            measure_synth(folder, args.models)


if __name__ == "__main__":
    main()
