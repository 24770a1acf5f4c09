"""The extract command: an article in, a candidate fact file out."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..text import say
from ._app import PROG, app
from .common import emit, load_base, today
from .options import FactsOpt, NoCacheOpt, WithBundledOpt


@app.command()
def extract(
    article: Annotated[Path, typer.Argument(metavar="ARTICLE.txt", help="The article, as UTF-8 text.", show_default=False)],
    published: Annotated[str | None, typer.Option("--published", metavar="DATE", help="Its publication date or date-time (default: read from its header).", show_default=False)] = None,
    source_id: Annotated[str | None, typer.Option("--source-id", metavar="ID", help="Id of its source block (default: the file name).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.", show_default=False)] = None,
    facts: FactsOpt = None, with_bundled: WithBundledOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:  # fmt: skip
    """Candidate facts from an article, as a fact file for you to check.

    One candidate per sentence that carries a date phrase, a figure, a quoted name or
    a named programme, with its verbatim quote, EDTF date (relative phrases counted
    from the publication date), figures, section and candidate themes (from --facts,
    or the bundled base).

    The output is a fact file that validates once saved next to the article; its
    summaries and figure labels say TODO, for you to write.

    \b
    Example:
      zjtimeline extract sources/article.txt -o article.yaml && zjtimeline validate article.yaml
      zjtimeline extract new.txt --published 2023-01-15 --source-id jrzj-2023-02
    """
    import os
    import re

    from .. import extract as ex

    if published is not None:
        published = _published(published)
    try:
        art = ex.read_article(article, published)
    except OSError as exc:
        raise UsageError(f"{article}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{article}: not UTF-8 text; save it as UTF-8") from None
    except ValueError as exc:
        raise UsageError(f"{article}: {exc}") from None
    sid = source_id or re.sub(r"[^A-Za-z0-9._-]+", "-", article.stem).strip("-") or "article"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", sid):
        raise UsageError(f"--source-id {sid!r}: an id is letters, digits, '-', '_' or '.'")
    base = load_base(facts, no_cache, with_bundled)
    candidates = ex.extract(art, base.themes, sid)
    folder = (output.parent if output else Path.cwd()).resolve()
    file = Path(os.path.relpath(article.resolve(), folder)).as_posix()
    text = ex.to_yaml(art, candidates, base.themes, sid, file)
    if output is None:
        emit([text])
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"-o {output}: cannot write: {exc.strerror or exc}") from None
    say(f"{PROG}: {len(candidates)} candidate facts from {article}")


def _published(text: str) -> str:
    """An ISO date-time as given, or a date the grammar reads to one day."""
    from datetime import datetime

    from ..dates import parse

    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        return text
    except ValueError:
        pass
    q = parse(text, now=today())
    p = q.period
    if p.start is None or p.start != p.end:
        raise UsageError(f"--published {text!r} is not one day (e.g. 2022-09-30, 2022年9月30日)")
    return p.start.isoformat()
