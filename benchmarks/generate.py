"""Write an N-fact base: the bundled facts replicated with new ids.

    python benchmarks/generate.py 100000 /tmp/zjt-100k

writes /tmp/zjt-100k/facts.yaml and a copy of the source article beside it, so the
quotes are verified as in the bundled base.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(n: int, out: Path) -> Path:
    text = (ROOT / "facts.yaml").read_text(encoding="utf-8")
    head, body = text.split("\nfacts:\n", 1)
    body, _, tail = body.partition("\nexcluded:\n")  # excluded sentences: written once
    blocks: list[list[str]] = []
    for line in body.splitlines():
        if line.startswith("  - id: "):
            blocks.append([line.removeprefix("  - id: ")])
        elif blocks and line.strip() and not line.lstrip().startswith("#"):
            blocks[-1].append(line)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    shutil.copy(ROOT / "sources" / "000_a7f20853bbf0612f.txt", out / "sources")
    path = out / "facts.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.write(head + "\nfacts:\n")
        for i in range(n):
            fid, *rest = blocks[i % len(blocks)]
            f.write(f"  - id: {fid.strip()}-{i // len(blocks)}\n" + "\n".join(rest) + "\n")
        if tail:
            f.write("\nexcluded:\n" + tail)
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/zjt-{n}")
    print(generate(n, out))
