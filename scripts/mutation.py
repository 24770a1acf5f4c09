"""Mutation testing of the core modules with mutmut, and a reproducible score.

    python scripts/mutation.py                 # every core module, from scratch
    python scripts/mutation.py edtf loader     # some modules only (module names as in src/zjtimeline)
    python scripts/mutation.py --report        # the score of the last run, without running
    python scripts/mutation.py edtf --resume   # keep the kills, run again only the rest
                                               # (and mutants of code changed since)
    python scripts/mutation.py --sample 60     # 60 mutants drawn per module: an estimate

mutmut (configured in pyproject.toml, [tool.mutmut]) copies the package into
``mutants/``, makes single-point edits inside every function of the core modules
(all of ``src/zjtimeline`` but the CLI glue in ``cli/``) and runs, for each, the tests
that reach that function. A mutant is *killed* when a test fails (or times out).

Some surviving mutants cannot be killed because they do not change behaviour (an
``x < 1`` that became ``x <= 0`` on integers). Those are listed, with one line of
reason each, in ``scripts/mutation_equivalents.txt``; this script reads it, so the
score is the same on every run:

    score = killed / (mutants - equivalent)

per module and overall. Each entry carries a fingerprint of the mutant's diff: when
the code under it changes, the entry no longer matches, is reported as stale, and the
mutant counts as a survivor again until someone judges it anew.

``--sample N`` draws N mutants per module (seeded, so the same draw every time;
saved in ``mutants/sample.json``), runs those, and reports the share killed with a
95% interval: an estimate, for when the whole run takes longer than there is time.
``--report --sample`` (any N) reports on the saved draw again.

Runs niced (``nice -n 10``) with two workers by default. Exit status: 0 when every
reported module scores at least ``--fail-under`` (default 90), 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "zjtimeline"
EQUIVALENTS = Path(__file__).resolve().parent / "mutation_equivalents.txt"
MUTANTS = ROOT / "mutants"
LOG = MUTANTS / "mutmut-run.log"
SAMPLE = MUTANTS / "sample.json"
STATS = MUTANTS / "mutmut-stats.json"

# mutmut's exit codes per mutant (mutmut/stats.py), as this script counts them.
KILLED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout",
          152: "timeout", 255: "timeout", -11: "segfault", -9: "segfault",
          37: "type check"}  # fmt: skip
SURVIVED = {0: "survived", 5: "no tests", 33: "no tests", 35: "suspicious"}


def core_modules() -> list[str]:
    """Dotted names of the modules measured: everything but cli/ and the entry points."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = rel.parts
        if "cli" in parts[1:2] or parts[-1] in ("__init__", "__main__") or "vendor" in parts:
            continue
        names.append(".".join(parts))
    return names


def module_name(arg: str) -> str:
    arg = arg.removesuffix(".py").replace("/", ".")
    return arg if arg.startswith("zjtimeline.") else f"zjtimeline.{arg}"


def read_equivalents() -> dict[str, tuple[str, str, int]]:
    """name -> (fingerprint, reason, line) from the equivalents file."""
    found: dict[str, tuple[str, str, int]] = {}
    for n, line in enumerate(EQUIVALENTS.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, fingerprint, reason = [*line.split(None, 2), "", ""][:3]
        if not reason:
            sys.exit(f"{EQUIVALENTS.name}:{n}: expected 'NAME FINGERPRINT REASON'")
        found[name] = (fingerprint, reason, n)
    return found


def diff_of(name: str) -> str:
    """The mutant's diff, as ``mutmut show`` prints it."""
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant

        module = name.split(".x")[0] if ".x" in name else name.rsplit(".", 1)[0]
        rel = Path("src", *module.split(".")).with_suffix(".py")
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            return get_diff_for_mutant(name, path=rel)
        finally:
            os.chdir(cwd)
    except Exception:  # another mutmut version: ask its command line
        r = subprocess.run(["mutmut", "show", name], cwd=ROOT, capture_output=True, text=True)
        return r.stdout


def fingerprint(diff: str) -> str:
    """A short hash of the changed lines only (not of line numbers or context)."""
    changed = [
        ln[0] + ln[1:].strip()
        for ln in diff.splitlines()
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]
    return hashlib.sha256("\n".join(changed).encode()).hexdigest()[:8]


def results() -> dict[str, int | None]:
    """Every mutant's exit code from the last run, by mutant name."""
    codes: dict[str, int | None] = {}
    for meta in (MUTANTS / "src").rglob("*.py.meta"):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def owner(name: str, modules: list[str]) -> str | None:
    """The module a mutant belongs to (``zjtimeline.edtf.x__point__mutmut_3`` → edtf)."""
    best = None
    for m in modules:
        if name.startswith(m + ".") and (best is None or len(m) > len(best)):
            best = m
    return best


def report(modules: list[str], fail_under: float, show: bool, sampled: bool = False) -> int:
    codes = results()
    if not codes:
        print("no results: run the mutation test first", file=sys.stderr)
        return 2
    drawn: dict[str, list[str]] = {}
    if sampled:
        if not SAMPLE.exists():
            print("no sample drawn: run with --sample N first", file=sys.stderr)
            return 2
        drawn = json.loads(SAMPLE.read_text(encoding="utf-8"))
        modules = [m for m in modules if m in drawn]
        keep = {n for m in modules for n in drawn[m]}
        codes = {n: c for n, c in codes.items() if n in keep}
    equivalents = read_equivalents()
    rows = {m: Counter() for m in modules}
    survivors: list[tuple[str, str]] = []
    stale: list[str] = []
    unchecked: list[str] = []
    for name, code in sorted(codes.items()):
        m = owner(name, modules)
        if m is None:
            continue
        c = rows[m]
        c["mutants"] += 1
        if code is None or code == 2:
            unchecked.append(name)
            c["not run"] += 1
        elif code in KILLED:
            c["killed"] += 1
        elif name in equivalents:
            diff = diff_of(name)
            if fingerprint(diff) == equivalents[name][0]:
                c["equivalent"] += 1
            else:
                stale.append(f"{name} (now {fingerprint(diff)}): {equivalents[name][1]}")
                survivors.append((name, SURVIVED.get(code, "survived")))
                c["survived"] += 1
        else:
            survivors.append((name, SURVIVED.get(code, "survived")))
            c["survived"] += 1

    width = max(len(m) for m in modules) + 2
    print()
    print(f"{'module':<{width}}{'mutants':>8}{'killed':>8}{'equiv.':>8}{'survived':>9}{'score':>8}")
    total: Counter[str] = Counter()
    failed = []
    for m in modules:
        c = rows[m]
        total.update(c)
        if not c["mutants"]:
            print(f"{m:<{width}}{'not run':>8}")
            failed.append(m)
            continue
        score = _score(c)
        if score < fail_under or c["not run"]:
            failed.append(m)
        low, high = _interval(c) if sampled else (0.0, 0.0)
        print(
            f"{m:<{width}}{c['mutants']:>8}{c['killed']:>8}{c['equivalent']:>8}"
            f"{c['survived']:>9}{score:>7.1f}%"
            + (f"  (95%: {low:.0f}-{high:.0f}%)" if sampled else "")
            + ("  (some not run)" if c["not run"] else "")
        )
    print(
        f"{'overall':<{width}}{total['mutants']:>8}{total['killed']:>8}{total['equivalent']:>8}"
        f"{total['survived']:>9}{_score(total):>7.1f}%"
    )
    print(
        "\nscore = killed / (mutants - equivalent); equivalents from", EQUIVALENTS.relative_to(ROOT)
    )
    if sampled:
        print(
            "a sample: mutants drawn per module (mutants/sample.json), an estimate of the "
            "module's score with its 95% Wilson interval"
        )
    if stale:
        print(f"\n{len(stale)} equivalent entr(y/ies) no longer match their mutant (re-judge):")
        for s in stale:
            print("  ", s)
    if survivors:
        print(f"\n{len(survivors)} surviving mutant(s); 'mutmut show NAME' shows one:")
        for name, status in survivors:
            if show:
                diff = diff_of(name)
                print(f"\n# {name} [{status}] fingerprint {fingerprint(diff)}")
                print("\n".join(ln for ln in diff.splitlines()[2:]))
            else:
                print(f"   {name}  [{status}]")
    if unchecked:
        print(f"\n{len(unchecked)} mutant(s) not run (interrupted?)")
    if failed:
        print(f"\nbelow {fail_under:g}%: {', '.join(failed)}")
    return 1 if failed else 0


def _interval(c: Counter[str]) -> tuple[float, float]:
    """The 95% Wilson score interval of a sampled module's score, in percent."""
    n = c["mutants"] - c["equivalent"] - c["not run"]
    if not n:
        return 0.0, 100.0
    p, z = c["killed"] / n, 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def draw(modules: list[str], size: int, seed: int, children: int) -> list[str]:
    """N mutants per module, the same for the same seed; mutmut generates them first."""
    if not results():  # nothing generated yet: a run that matches no mutant generates them
        run_mutmut(["zjtimeline.__generate_only__"], children, check=False)
        if not results():
            sys.exit(f"mutmut generated no mutants; see {LOG.relative_to(ROOT)}")
    names = sorted(results())
    rng = random.Random(seed)
    # the other modules' draws are kept: a module can be drawn again on its own
    drawn = json.loads(SAMPLE.read_text(encoding="utf-8")) if SAMPLE.exists() else {}
    for m in modules:
        mine = [n for n in names if owner(n, [m])]
        drawn[m] = sorted(rng.sample(mine, min(size, len(mine))))
    SAMPLE.write_text(json.dumps(drawn, indent=1), encoding="utf-8")
    codes = results()
    return [n for m in modules for n in drawn[m] if codes.get(n) not in KILLED]


def _score(c: Counter[str]) -> float:
    judged = c["mutants"] - c["equivalent"]
    return 100.0 * c["killed"] / judged if judged else 100.0


def run(modules: list[str], children: int, resume: bool, sample: int = 0, seed: int = 0) -> None:
    if not resume and not sample and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    patterns = [f"{m}.*" for m in modules]
    if sample:
        patterns = draw(modules or core_modules(), sample, seed, children)
        if not patterns:
            print("every mutant drawn is killed already")
            return
        resume = False
    if resume:  # keep the kills; run again what was not killed (or not run) in these modules
        if MUTANTS.exists():
            # Every test is traced again: mutmut traces only tests it has not seen, so an
            # old test that reaches a function written since would not be run on its mutants.
            STATS.unlink(missing_ok=True)
            # First the mutants with no result (functions new or changed since the last run)…
            run_mutmut([], children)
        # … then, named, every one not killed and not judged equivalent (a survivor can
        # take minutes: it runs every test that reaches it): mutmut runs a named mutant again.
        equivalents = read_equivalents()
        names = [
            n
            for n, code in results().items()
            if code not in KILLED
            and (not modules or owner(n, modules))
            and not (n in equivalents and fingerprint(diff_of(n)) == equivalents[n][0])
        ]
        if names:
            patterns = sorted(names)
        elif results():
            print("nothing to run again: every mutant of these modules is killed")
            return
    run_mutmut(patterns, children)


def run_mutmut(patterns: list[str], children: int, check: bool = True) -> None:
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    cmd = [*nice, sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *patterns]
    MUTANTS.mkdir(exist_ok=True)
    shown = " ".join(cmd[len(nice) : len(cmd) - len(patterns)])
    what = " ".join(patterns) if len(patterns) <= 8 else f"{len(patterns)} mutants"
    print(f"running: {shown} {what} (niced; progress in {LOG.relative_to(ROOT)})")
    started = time.monotonic()
    with LOG.open("w", encoding="utf-8") as log:
        r = subprocess.run(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    print(f"mutmut finished in {minutes} min {seconds:02d} s (exit {r.returncode})")
    if r.returncode != 0 and check:
        tail = LOG.read_text(encoding="utf-8", errors="replace").replace("\r", "\n")
        print("\n".join(tail.splitlines()[-25:]), file=sys.stderr)
        sys.exit(r.returncode)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "modules", nargs="*", help="core modules to test (default: all): edtf, formats/base, …"
    )
    ap.add_argument("--report", action="store_true", help="only print the score of the last run")
    ap.add_argument(
        "--resume",
        action="store_true",
        help="keep mutants/ and its kills; run again only the survivors and the mutants not run",
    )
    ap.add_argument("--children", type=int, default=2, help="parallel workers (default 2)")
    ap.add_argument(
        "--show", action="store_true", help="print each survivor's diff and fingerprint"
    )
    ap.add_argument("--fail-under", type=float, default=90.0, help="minimum score per module (90)")
    ap.add_argument(
        "--sample",
        type=int,
        default=0,
        metavar="N",
        help="run N mutants drawn per module and report an estimate (with --report: the last draw)",
    )
    ap.add_argument("--seed", type=int, default=0, help="the draw's seed (default 0)")
    args = ap.parse_args()
    core = core_modules()
    modules = [module_name(a) for a in args.modules] or core
    unknown = sorted(set(modules) - set(core))
    if unknown:
        ap.error(f"not a core module: {', '.join(unknown)} (core: {', '.join(core)})")
    if not args.report:
        run(modules if args.modules else [], args.children, args.resume, args.sample, args.seed)
    return report(modules, args.fail_under, args.show, sampled=bool(args.sample))


if __name__ == "__main__":
    sys.exit(main())
