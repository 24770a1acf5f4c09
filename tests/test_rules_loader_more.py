"""More loader rules, each pinned by its whole message or value: the number an
exclusion is named by, the list of sources an unknown one is told of, where the
bundled fact base is looked for, and load_packed's cache by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from zjtimeline import cache, loader

from .conftest import MINI_YAML
from .test_rules_loader import FOOTER, excluding_base, line_of, only, problems

# A second source, listed after mini; its file is never written (a warning, not a problem).
OTHER_SOURCE = (
    "  - id: other\n    title: 另一篇\n    publication: 测试杂志\n"
    '    published: "2022-09-30T15:15:00+08:00"\n    authors: [某人]\n    file: other.txt\n'
)
TWO_SOURCES = MINI_YAML.replace("themes:\n", OTHER_SOURCE + "themes:\n", 1)


# ── exclusions are named by their number, from 1 ─────────────────────────────


def test_an_exclusion_that_is_not_a_mapping_is_named_by_its_number(mini) -> None:
    path = excluding_base(mini, f"  - {{source: mini, text: {FOOTER}, reason: x}}\n  - just text\n")
    assert problems(path) == [f"{path}: exclusion 2 must be a mapping of fields, got text"]


def test_an_exclusion_missing_a_field_is_named_by_its_number(mini) -> None:
    path = excluding_base(mini, f"  - {{source: mini, text: {FOOTER}}}\n")
    assert only(path) == (
        f"{line_of(path, 'source: mini, text')}: exclusion 1: missing required field 'reason'"
    )


# ── an unknown source is told every source, comma-separated ──────────────────


def test_a_fact_with_an_unknown_source_lists_every_source(mini) -> None:
    text = TWO_SOURCES.replace("    source: mini\n", "    source: nope\n", 1)
    path = mini(text)
    assert only(path) == (
        f"{line_of(path, 'source: nope')}: fact 'meeting-2020': unknown source 'nope' "
        "(sources: mini, other)"
    )


def test_an_exclusion_with_an_unknown_source_lists_every_source(mini) -> None:
    path = excluding_base(mini, f"  - {{source: nope, text: {FOOTER}, reason: x}}\n", TWO_SOURCES)
    assert only(path) == (
        f"{line_of(path, 'source: nope')}: exclusion 1 ({FOOTER[:20]!r}…): "
        "unknown source 'nope' (sources: mini, other)"
    )


# ── the bundled fact base ────────────────────────────────────────────────────


def _package_at(monkeypatch: pytest.MonkeyPatch, root: Path) -> Path:
    """Make the loader believe it is installed as root/site/zjtimeline/loader.py."""
    package = root / "site" / "zjtimeline"
    package.mkdir(parents=True)
    (package / "loader.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(loader, "__file__", str(package / "loader.py"))
    return package


def test_bundled_path_in_an_installed_package_is_its_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package_at(monkeypatch, tmp_path)
    (package / "data").mkdir()
    (package / "data" / "facts.yaml").write_text("", encoding="utf-8")
    (tmp_path / "facts.yaml").write_text("", encoding="utf-8")  # a checkout's, not used
    assert loader.bundled_path() == package.resolve() / "data" / "facts.yaml"


def test_bundled_path_in_a_checkout_is_the_repository_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _package_at(monkeypatch, tmp_path)
    assert loader.bundled_path() == tmp_path.resolve() / "facts.yaml"


# ── load_packed ──────────────────────────────────────────────────────────────


def test_load_packed_uses_the_cache_by_default(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    path = mini()
    assert not cache.entry_path(path).exists()
    base, packed = loader.load_packed(path)
    assert cache.entry_path(path).is_file() and cache.read(path) == base
    monkeypatch.setattr(loader, "_check", lambda *a, **k: pytest.fail("parsed again"))
    again, packed_again = loader.load_packed(path)
    assert again == base and packed_again == packed


def test_load_packed_without_the_cache_writes_none(mini) -> None:
    path = mini()
    base, _packed = loader.load_packed(path, use_cache=False)
    assert len(base.facts) == 3 and not cache.entry_path(path).exists()
