"""Scale of a real archive: 1,000 source files and 100,000 facts in a folder.

    python benchmarks/scale.py [--files 1000] [--per-file 100] [--runs 3]

Generates the folder (benchmarks/generate_archive.py) unless it exists, then measures,
with a cache folder of its own: the first run (nothing cached), later runs of a
filtered list, peak memory (of the process and any pool workers), and `export sqlite`.
Wall-clock figures are medians; CPU time (user + system, workers included) is shown
too, since on a shared machine wall time also measures the neighbours.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"first": 10.0, "later": 1.0, "memory": 500.0, "export": 30.0}


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, cpu s, peak MiB) of one zjtimeline run, output to /dev/null."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "zjtimeline", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024  # the largest child so far (KiB on Linux)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--per-file", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    folder = args.out or Path(tempfile.gettempdir()) / f"zjt-archive-{args.files}x{args.per_file}"
    if not (folder / f"{args.files - 1:04d}.yaml").is_file():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate_archive.py"),
             str(args.files), str(args.per_file), str(folder)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    cache = Path(tempfile.mkdtemp(prefix="zjt-scale-cache-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "ZJTIMELINE_TODAY": "2026-11-27"}
    env.pop("ZJTIMELINE_FACTS", None)
    listing = ["list", "--facts", str(folder), "--theme", "covid", "--year", "2020", "--format", "jsonl"]  # fmt: skip
    print(f"{args.files:,} files, {args.files * args.per_file:,} facts in {folder}")
    try:
        wall, cpu, peak = run(listing, env)
        print(f"first run (nothing cached)   {wall:6.2f} s wall  {cpu:6.2f} s cpu  (target ≤ {TARGETS['first']:.0f} s)")  # fmt: skip
        walls, cpus = [], []
        for _ in range(args.runs):
            w, c, p = run(listing, env)
            walls.append(w)
            cpus.append(c)
            peak = max(peak, p)
        print(f"later runs (median of {args.runs})    {statistics.median(walls):6.2f} s wall  {statistics.median(cpus):6.2f} s cpu  (target ≤ {TARGETS['later']:.0f} s)")  # fmt: skip
        print(
            f"peak memory                  {peak:6.0f} MiB  (target ≤ {TARGETS['memory']:.0f} MB)"
        )
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "archive.db"
            w, c, p = run(["export", "sqlite", str(db), "--facts", str(folder)], env)
            print(f"export sqlite                 {w:6.2f} s wall  {c:6.2f} s cpu  {db.stat().st_size / 2**20:.0f} MiB  (target ≤ {TARGETS['export']:.0f} s)")  # fmt: skip
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
