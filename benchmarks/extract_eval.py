"""How well `zjtimeline extract` reads the bundled article, against the curated facts.

    python benchmarks/extract_eval.py [--facts facts.yaml] [--json] [--misses]

- recall: share of curated facts whose quote overlaps a candidate's (by position in
  the article, at least 4 characters in common);
- date agreement: share of curated facts whose best-overlapping candidate has the same
  time — the same form (at / throughout / within) and the same first and last day, an
  ongoing fact counting as held to its source's date (``2013-07/..`` = ``2013-07/2022-09-30``);
- figure agreement: share of curated facts with figures whose every figure is among
  the figures of the candidates its quote overlaps (a quote may run over a ';'), with the same value and bound and a unit that agrees (one a prefix of
  the other once 多/余 are set aside: the curated file writes 万余个 but 500多位 → 位);
- precision: share of candidates a curator kept (overlapping some curated quote).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zjtimeline.extract import check_period, extract, published_date, read_article  # noqa: E402
from zjtimeline.loader import load  # noqa: E402

MIN_OVERLAP = 4


def _span(text: str, quote: str) -> tuple[int, int]:
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else (-1, -1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _unit(u: str) -> str:
    return u.replace("多", "").replace("余", "")


def _figures_agree(curated, figures) -> bool:
    found = list(figures)
    for g in curated:
        for f in found:
            cu, fu = _unit(g.unit), _unit(f.unit)
            if (
                f.value == g.value
                and f.bound == g.bound
                and (cu.startswith(fu) or fu.startswith(cu))
            ):
                found.remove(f)
                break
        else:
            return False
    return True


def evaluate(facts_path: Path | None = None) -> dict:
    base = load(facts_path or ROOT / "facts.yaml", use_cache=False)
    src = next(iter(base.sources.values()))
    article_path = Path(base.path).parent / src.file
    article = read_article(article_path)
    published = published_date(article.published)
    candidates = extract(article, base.themes)
    text = article.text
    cand_spans = [(c, (c.start, c.start + len(c.quote))) for c in candidates]
    facts = [f for f in base.facts if f.source == src.id]
    recalled = dates_ok = figs_ok = figs_total = 0
    misses: list[str] = []
    kept: set[str] = set()
    for f in facts:
        span = _span(text, f.quote)
        best = max(cand_spans, key=lambda cs: _overlap(span, cs[1]), default=None)
        if best is None or _overlap(span, best[1]) < MIN_OVERLAP:
            misses.append(f"recall  {f.id}: {f.quote[:40]}")
            continue
        recalled += 1
        cand = best[0]
        for c, cs in cand_spans:
            if _overlap(span, cs) >= MIN_OVERLAP:
                kept.add(c.id)
        ours = check_period(cand.date.edtf)
        theirs = f.effective
        ours_end = ours.end or published
        if (ours.form, ours.start, ours_end) == (theirs.form, theirs.start, theirs.end):
            dates_ok += 1
        else:
            misses.append(
                f"date    {f.id}: curated {f.date} ({f.form}), extracted {cand.date.edtf} ({cand.date.form})"
            )
        if f.figures:
            figs_total += 1
            overlapping = [c for c, cs in cand_spans if _overlap(span, cs) >= MIN_OVERLAP]
            if _figures_agree(f.figures, [g for c in overlapping for g in c.figures]):
                figs_ok += 1
            else:
                misses.append(
                    f"figures {f.id}: curated {[(g.value, g.unit, g.bound) for g in f.figures]}, "
                    f"extracted {[(g.value, g.unit, g.bound) for g in cand.figures]}"
                )
    n = len(facts)
    return {
        "curated_facts": n,
        "candidates": len(candidates),
        "recall": recalled / n,
        "date_agreement": dates_ok / n,
        "figure_agreement": figs_ok / figs_total if figs_total else 1.0,
        "facts_with_figures": figs_total,
        "precision": len(kept) / len(candidates) if candidates else 0.0,
        "misses": misses,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    r = evaluate(args.facts)
    if args.json:
        print(json.dumps({k: v for k, v in r.items() if k != "misses"}, indent=2))
    else:
        print(f"curated facts     {r['curated_facts']}")
        print(f"candidates        {r['candidates']}")
        print(f"recall            {r['recall']:.1%}   (target ≥ 90%)")
        print(f"date agreement    {r['date_agreement']:.1%}   (target ≥ 85%)")
        print(
            f"figure agreement  {r['figure_agreement']:.1%}   (target ≥ 95%; {r['facts_with_figures']} facts with figures)"
        )
        print(f"precision         {r['precision']:.1%}")
    if args.misses:
        print("\n".join(r["misses"]))


if __name__ == "__main__":
    main()
