"""Import speed (CSV and XLSX, validation included, into SQLite) and form-save latency.

Prints figures; not a timed test. Run: .venv/bin/python benchmarks/bench_import.py [ROWS]
Targets: >= 10.000 CSV rows/s, >= 5.000 XLSX rows/s, form save < 100 ms.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select  # noqa: E402

from registry import permissions
from registry.db import make_engine, read_session, write_session  # noqa: E402
from registry.importing import plan as import_plan
from registry.models import AdminUnit, ModelExampleCreate, ModelExampleUpdate  # noqa: E402
from registry.permissions import SYSTEM
from registry.records import writes  # noqa: E402
from registry.schema import init  # noqa: E402

FIELDS = ["Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Xây dựng hệ thống chính trị"]
BLOCS = ["Khối Đảng", "Khối chính quyền", "Mặt trận Tổ quốc và các đoàn thể", "Cộng đồng dân cư"]
WORDS = "Tuyến phố văn minh sạch đẹp an toàn chăn nuôi bò sinh sản trồng rừng bún thực phẩm dân vận khéo".split()


def make_rows(n: int, units: list[str], seed: int = 5) -> list[list]:
    rng = random.Random(seed)
    header = [
        "Loại",
        "Tên mô hình, điển hình",
        "Tập thể, cá nhân thực hiện",
        "Thôn, xã",
        "Đơn vị",
        "Lĩnh vực",
        "Khối",
        "Ngày đăng ký",
        "Giai đoạn",
        "Ngày đánh giá hiệu quả",
        "Số người hưởng lợi",
        "Mô tả",
    ]
    rows = [header]
    for i in range(n):
        reg = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        effective = rng.random() < 0.4
        rows.append(
            [
                rng.choice(["Mô hình", "Điển hình"]),
                " ".join(rng.sample(WORDS, 5)) + f" {i}",
                f"Chi hội {rng.randrange(500)}",
                f"thôn {rng.randrange(40)}",
                rng.choice(units),
                rng.choice(FIELDS),
                rng.choice(BLOCS),
                reg.strftime("%d/%m/%Y"),
                "Hiệu quả" if effective else "Đăng ký",
                (reg + dt.timedelta(days=60)).strftime("%d/%m/%Y") if effective else "",
                rng.randrange(1000),
                "Mô tả ngắn gọn về cách làm",
            ]
        )
    return rows


def to_csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Mô hình")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def fresh_engine(folder: Path, name: str):
    engine = make_engine(f"sqlite:///{folder / name}")
    init(engine)
    return engine


def timed_import(engine, data: bytes, name: str) -> tuple[float, dict]:
    """Wall seconds, and the summary with CPU seconds (the fairer figure on a busy machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = import_plan.run_import(engine, data, name, permissions.SYSTEM)
    return time.perf_counter() - start, {**result.summary(), "cpu_s": round(time.process_time() - cpu, 2)}


def main(n: int = 20_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = fresh_engine(folder, "csv.db")
        with read_session(engine) as session:
            units = [
                u.name
                for u in session.exec(select(AdminUnit).where(AdminUnit.level == "district")).all()
                if u.code != "405"
            ]
        rows = make_rows(n, units)
        csv_bytes, xlsx_bytes = to_csv(rows), to_xlsx(rows)
        seconds, summary = timed_import(engine, csv_bytes, "bench.csv")
        print(f"CSV import    {n:>7} rows  {seconds:6.2f} s  {n / seconds:>8.0f} rows/s  {summary}")
        seconds, summary = timed_import(engine, csv_bytes, "bench.csv")
        print(f"CSV re-import {n:>7} rows  {seconds:6.2f} s  {n / seconds:>8.0f} rows/s  {summary}")
        engine.dispose()
        engine = fresh_engine(folder, "xlsx.db")
        seconds, summary = timed_import(engine, xlsx_bytes, "bench.xlsx")
        print(f"XLSX import   {n:>7} rows  {seconds:6.2f} s  {n / seconds:>8.0f} rows/s  {summary}")
        start = time.perf_counter()
        with read_session(engine) as session:
            result = import_plan.check(session, xlsx_bytes, "bench.xlsx", permissions.SYSTEM)
        seconds = time.perf_counter() - start
        print(f"XLSX dry run  {n:>7} rows  {seconds:6.2f} s  {n / seconds:>8.0f} rows/s  unchanged={result.unchanged}")
        # form save: one create and one edit, as the entry page does them
        creates, updates = [], []
        for i in range(50):
            data = ModelExampleCreate(
                kind="collective",
                title=f"Mô hình đo thời gian {i}",
                unit="Huyện Hậu Lộc",
                field="economy",
                bloc="state",
                registered_on=dt.date(2023, 5, 1),
            )
            start = time.perf_counter()
            with write_session(engine) as session:
                example = writes.create_example(session, data, permissions.SYSTEM)
                example_id, version = example.id, example.version
            creates.append(time.perf_counter() - start)
            start = time.perf_counter()
            with write_session(engine) as session:
                writes.update_example(
                    session, example_id, ModelExampleUpdate(version=version, results="Tốt"), actor=SYSTEM
                )
            updates.append(time.perf_counter() - start)
        for label, values in (("form create", creates), ("form update", updates)):
            values.sort()
            print(
                f"{label:<13} median {statistics.median(values) * 1000:6.1f} ms  "
                f"p95 {values[int(len(values) * 0.95)] * 1000:6.1f} ms"
                f"  ({len(values)} saves on {n:,} records)"
            )
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
