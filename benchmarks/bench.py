"""Measure zjtimeline against the performance targets and print a Markdown table.

    python benchmarks/bench.py            # everything (the 100k part takes a minute)
    python benchmarks/bench.py --quick    # start-up only

Start-up is compared with ``python -c pass`` of the same interpreter, run interleaved
with the command under test, medians of many runs. The 10k and 100k fact bases are the
bundled facts replicated with new ids (benchmarks/generate.py); each first run starts
from an empty cache folder. Output goes to /dev/null; the process's own peak memory
comes from wait4().
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

PY = sys.executable
ZJT = [PY, "-m", "zjtimeline"]
script = Path(PY).parent / "zjtimeline"
if script.exists():
    ZJT = [str(script)]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB, exit code."""
    with open(os.devnull, "wb") as devnull:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.stderr.close() if proc.stderr else None
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}: {err}")
    return wall, usage.ru_maxrss, code


def interleaved(cmd: list[str], env: dict[str, str], n: int) -> tuple[float, float]:
    """Median wall of ``python -c pass`` and of ``cmd``, run alternately."""
    floor, mine = [], []
    for _ in range(n):
        floor.append(run([PY, "-c", "pass"], env)[0])
        mine.append(run(cmd, env)[0])
    return statistics.median(floor), statistics.median(mine)


def main() -> None:
    quick = "--quick" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="zjt-bench-"))
    # As on a user's machine: bytecode is cached (some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which makes every start compile every module).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ZJTIMELINE_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["ZJTIMELINE_TODAY"] = "2026-11-27"
    rows: list[tuple[str, str, str, str]] = []

    cmd = [*ZJT, "list", "--since", "2019", "--format", "json"]
    run(cmd, env)  # warm the cache and the bytecode
    floor, t = interleaved(cmd, env, 41)
    rows.append(("`python -c pass` (the floor)", f"{floor * 1000:.1f} ms", "", ""))
    rows.append(("`list --since 2019 --format json` (bundled)", f"{t * 1000:.1f} ms",
                 f"{t / floor:.1f}× floor", "PASS" if t <= 8 * floor else "FAIL (≤ 8×)"))  # fmt: skip
    cmd = [*ZJT, "list", "--since", "3 weeks ago", "--format", "json"]
    run(cmd, env)
    floor2, t = interleaved(cmd, env, 21)
    rows.append(("`list --since '3 weeks ago'` (dateparser)", f"{t * 1000:.1f} ms",
                 f"{t / floor2:.1f}× floor", "PASS" if t <= 25 * floor2 else "FAIL (≤ 25×)"))  # fmt: skip

    if not quick:
        bases = {n: generate(n, work / f"b{n}") for n in (10_000, 100_000)}
        json_base = generate(100_000, work / "json100k", "json")
        for label, args in (
            (
                "list --theme covid --format jsonl",
                ["list", "--theme", "covid", "--format", "jsonl"],
            ),
            ("search 换届 --format jsonl", ["search", "换届", "--format", "jsonl"]),
            ("list --year 2020 --format jsonl", ["list", "--year", "2020", "--format", "jsonl"]),
        ):
            again: dict[int, float] = {}
            for n, path in bases.items():
                shutil.rmtree(work / "cache", ignore_errors=True)
                c = [*ZJT, *args, "--facts", str(path)]
                first, rss_first, _ = run(c, env)
                walls, rss = [], rss_first
                for _ in range(5):
                    w, r, _ = run(c, env)
                    walls.append(w)
                    rss = max(rss, r)
                again[n] = statistics.median(walls)
                if n == 100_000:
                    ok = again[n] <= 2 and first <= 30 and rss <= 1 << 20
                    rows.append((f"`{label}` (100k, first run)", f"{first:.2f} s", f"{rss / 1024:.0f} MiB peak",
                                 "PASS" if first <= 30 and rss <= 1 << 20 else "FAIL (≤ 30 s, ≤ 1 GiB)"))  # fmt: skip
                    ratio = again[100_000] / again[10_000]
                    rows.append((f"`{label}` (100k, run again)", f"{again[n]:.2f} s", f"10k→100k: {ratio:.1f}×",
                                 "PASS" if ok and ratio <= 15 else "FAIL (≤ 2 s, ≤ 15×)"))  # fmt: skip

        # The cache serves every YAML style: the same facts written as JSON (flow style).
        shutil.rmtree(work / "cache", ignore_errors=True)
        c = [*ZJT, "list", "--theme", "covid", "--format", "jsonl", "--facts", str(json_base)]
        first, rss, _ = run(c, env)
        warm = statistics.median(run(c, env)[0] for _ in range(5))
        rows.append(("`list --theme covid --format jsonl` (100k JSON-style, first run)", f"{first:.2f} s",
                     f"{rss / 1024:.0f} MiB peak", "PASS" if first <= 30 and rss <= 1 << 20 else "FAIL (≤ 30 s, ≤ 1 GiB)"))  # fmt: skip
        rows.append(("`list --theme covid --format jsonl` (100k JSON-style, run again)", f"{warm:.2f} s",
                     "", "PASS" if warm <= 1 else "FAIL (≤ 1 s)"))  # fmt: skip

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| measurement | value | ratio / memory | target |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
