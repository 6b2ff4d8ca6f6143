"""arXiv API responses: an Atom 1.0 feed with arXiv's extension namespace, streamed with expat.

An entry looks like::

    <entry>
      <id>http://arxiv.org/abs/2401.06209v2</id>
      <published>2024-01-11T18:59:59Z</published>
      <title>Eyes Wide Shut? Exploring ...</title>
      <summary>  Is vision good enough for language? ...</summary>
      <author><name>Shengbang Tong</name></author>
      <arxiv:doi>10.1109/...</arxiv:doi>
      <arxiv:comment>Code: https://github.com/...</arxiv:comment>
      <link href="http://arxiv.org/abs/2401.06209v2" rel="alternate" type="text/html"/>
      <arxiv:primary_category term="cs.CV"/>
      <category term="cs.CV"/>
    </entry>

Elements are matched by local name, so prefixes do not matter. The feed streams:
entries are yielded as they close, so memory is bounded by one entry. XML is
well-formed or not as a whole: a syntax error anywhere rejects the file, and so
do entity declarations (no entity expansion, local or external, is done).
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.types import Paper
from ingest.readers.common import Skipped, UnreadableFile, paper_from_record, require_file

_CHUNK = 1 << 16
_TEXT_FIELDS = {"id", "title", "summary", "published", "updated", "doi", "comment", "journal_ref", "name"}


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


class _Feed:
    """expat handlers that collect finished entries into ``self.done``."""

    def __init__(self, path: Path, parser: Any) -> None:
        self.path = path
        self.parser = parser
        self.depth = 0
        self.root: str | None = None
        self.entry: dict[str, Any] | None = None
        self.entry_line = 0
        self.text: list[str] | None = None
        self.done: list[tuple[int, dict[str, Any]]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        tag = _local(name)
        if self.root is None:
            self.root = tag
            if tag != "feed":
                raise UnreadableFile(f"not an Atom feed (the root element is <{tag}>, not <feed>)")
        if tag == "entry" and self.depth == 2:
            self.entry = {"authors": [], "categories": [], "links": []}
            self.entry_line = self.parser.CurrentLineNumber
        elif self.entry is None:
            return
        elif tag in _TEXT_FIELDS:
            self.text = []
        elif tag == "link":
            self.entry["links"].append(attrs)
        elif tag in ("category", "primary_category") and attrs.get("term"):
            self.entry["categories"].append(attrs["term"])

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, name: str) -> None:
        self.depth -= 1
        tag = _local(name)
        if self.entry is None:
            return
        if tag == "entry" and self.depth == 1:
            self.done.append((self.entry_line, self.entry))
            self.entry = None
        elif self.text is not None and tag in _TEXT_FIELDS:
            value = "".join(self.text)
            if tag == "name":
                self.entry["authors"].append(value)
            else:
                self.entry[tag] = value
            self.text = None


def _refuse_entities(*_args: Any) -> None:
    raise UnreadableFile("XML entity declarations are not accepted (entity expansion attacks)")


def _to_record(entry: dict[str, Any]) -> dict[str, Any]:
    links = entry.pop("links")
    html = next((ln.get("href") for ln in links if ln.get("rel", "alternate") == "alternate"), None)
    record = dict(entry)
    record["abstract"] = record.pop("summary", "")
    record["url"] = html or record.get("id")
    record["arxiv_id"] = record.get("id", "")
    record["year"] = record.get("published") or record.get("updated")
    return record


def read_arxiv(path: Path) -> Iterator[Paper | Skipped]:
    """Read an arXiv API Atom feed (``export.arxiv.org/api/query`` responses, saved to a file).

    Entries with no title or an empty summary are skipped with their ``file:line``.

    Raises:
        UnreadableFile: the file is missing, is not well-formed XML (anywhere), is not an
            Atom feed, declares XML entities, or is an arXiv API error response.
    """
    require_file(path)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    feed = _Feed(path, parser)
    parser.StartElementHandler = feed.start
    parser.EndElementHandler = feed.end
    parser.CharacterDataHandler = feed.data
    parser.EntityDeclHandler = _refuse_entities
    parser.buffer_text = True
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            try:
                parser.Parse(chunk, not chunk)
            except xml.parsers.expat.ExpatError as exc:
                raise UnreadableFile(
                    f"{path}:{exc.lineno}: not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)}); "
                    "nothing from this file was stored"
                ) from None
            except UnreadableFile as exc:
                raise UnreadableFile(f"{path}:{parser.CurrentLineNumber}: {exc}") from None
            for line, entry in feed.done:
                if "api/errors" in entry.get("id", ""):
                    raise UnreadableFile(
                        f"{path}:{line}: the arXiv API returned an error: {' '.join(entry.get('summary', '').split())}"
                    )
                yield paper_from_record(_to_record(entry), f"{path}:{line}")
            feed.done.clear()
            if not chunk:
                break
