"""Write an N-fact base: the bundled facts replicated with new ids.

    python benchmarks/generate.py 100000 /tmp/zjt-100k          # block style
    python benchmarks/generate.py 100000 /tmp/zjt-100k-json --json

writes /tmp/zjt-100k/facts.yaml and a copy of the source article beside it, so the
quotes are verified as in the bundled base. ``--json`` writes the same facts as JSON
(which is YAML too: flow style, every string quoted), one fact per line.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(n: int, out: Path, style: str = "block") -> Path:
    if style == "json":
        return _generate_json(n, out)
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


def _generate_json(n: int, out: Path) -> Path:
    import json

    import yaml

    doc = yaml.safe_load((ROOT / "facts.yaml").read_text(encoding="utf-8"))
    facts = doc.pop("facts")
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    shutil.copy(ROOT / "sources" / "000_a7f20853bbf0612f.txt", out / "sources")
    path = out / "facts.yaml"
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # dates as written
    with path.open("w", encoding="utf-8") as f:
        head = encode(doc)
        f.write(head[:-1] + ', "facts": [\n')
        for i in range(n):
            fact = dict(
                facts[i % len(facts)], id=f"{facts[i % len(facts)]['id']}-{i // len(facts)}"
            )
            f.write(encode(fact) + (",\n" if i < n - 1 else "\n"))
        f.write("]}\n")
    return path


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--json"]
    n = int(args[0]) if args else 100_000
    out = Path(args[1]) if len(args) > 1 else Path(f"/tmp/zjt-{n}")
    print(generate(n, out, "json" if "--json" in sys.argv else "block"))
