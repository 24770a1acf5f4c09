"""Write an archive-sized fact base: a folder of fact files, each with its own source.

    python benchmarks/generate_archive.py 1000 100 /tmp/zjt-archive

writes 1,000 fact files of 100 facts each (100,000 facts) in /tmp/zjt-archive, and
1,000 source articles in /tmp/zjt-archive/sources/. Each file is a complete fact
file (its source, the bundled themes, and the bundled facts replicated with new ids);
each article is the bundled one under a header of its own, so every source has its
own digest and every quote is verified against its own file.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _blocks(body: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in body.splitlines():
        if line.startswith("  - id: "):
            blocks.append([line.removeprefix("  - id: ")])
        elif blocks and line.strip() and not line.lstrip().startswith("#"):
            blocks[-1].append(line)
    return blocks


def generate(files: int, per_file: int, out: Path) -> Path:
    text = (ROOT / "facts.yaml").read_text(encoding="utf-8")
    head, body = text.split("\nfacts:\n", 1)
    body = body.split("\nexcluded:", 1)[0]  # coverage notes, when the base has them
    themes = "themes:" + head.split("\nthemes:", 1)[1]
    blocks = _blocks(body)
    source_id = re.search(r"- id: (\S+)", head)[1]  # type: ignore[index]
    article = (ROOT / "sources" / "000_a7f20853bbf0612f.txt").read_text(encoding="utf-8")
    (out / "sources").mkdir(parents=True, exist_ok=True)
    for n in range(files):
        name = f"{n:04d}"
        src = f"档案 {name}\n{article}"
        data = src.encode("utf-8")
        (out / "sources" / f"{name}.txt").write_bytes(data)
        lines = [
            "sources:",
            f"  - id: art-{name}",
            f'    title: "存档文章 {name}"',
            '    publication: "《今日浙江》 (generated archive)"',
            '    published: "2022-09-30T15:15:00+08:00"',
            "    authors: [郏文纲, 马跃明]",
            f"    file: sources/{name}.txt",
            f"    sha256: {hashlib.sha256(data).hexdigest()}",
            "",
            themes.rstrip(),
            "",
            "facts:",
        ]
        for i in range(per_file):
            fid, *rest = blocks[i % len(blocks)]
            lines.append(f"  - id: {fid.strip()}-{name}-{i // len(blocks)}")
            lines += [r.replace(f"source: {source_id}", f"source: art-{name}") for r in rest]
        (out / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    per_file = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    out = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(f"/tmp/zjt-archive-{files}x{per_file}")
    print(generate(files, per_file, out))
