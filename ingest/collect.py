"""Collect the papers of many files into one temporary on-disk table, with bounded memory.

Identity: two records are the same paper when they share an arXiv id, or a DOI,
or else a normalized title (unless their arXiv ids or DOIs say they differ). The
first copy read is kept and every later copy fills only the fields it lacks;
a copy from the same file is reported as a skipped duplicate, one from another
file as merged.

Everything is parsed into a SQLite file in a temporary folder before the store
is touched, so a file that turns out to be unparseable halfway through (XML or
a JSON array broken near its end) still leaves the store unchanged, and only
paper ids and content hashes are held in memory afterwards.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from pydantic import BaseModel, Field
from tqdm import tqdm

from assistant.types import Paper, normalize_title
from ingest.readers import Repaired, Skipped, detect_format, read_papers

LIST_LIMIT = 1000  # entries kept per report list; the counts are always exact
_COMMIT_EVERY = 5000


class FileReport(BaseModel):
    """What one input file held."""

    path: str
    format: str
    papers: int = Field(0, description="papers read (duplicates included)")
    skipped: int = Field(0, description="records skipped, duplicates within the file included")
    repaired: int = Field(0, description="records stored with unstorable characters replaced")


def identity_keys(paper: Paper) -> list[tuple[str, str]]:
    """``(kind, key)`` pairs a paper is known by, strongest first: arXiv id, DOI, title."""
    keys = []
    if paper.arxiv_id:
        keys.append(("arXiv id", f"arxiv:{paper.arxiv_id}"))
    if paper.doi:
        keys.append(("DOI", f"doi:{paper.doi.lower()}"))
    title = normalize_title(paper.title)
    if title:
        keys.append(("title", f"title:{title}"))
    return keys


def conflicting(a: Paper, b: Paper) -> bool:
    """True when identifiers say two papers with the same title are different papers."""
    return bool(
        (a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id)
        or (a.doi and b.doi and a.doi.lower() != b.doi.lower())
    )


def merge(first: Paper, other: Paper) -> Paper:
    """``first`` with the fields it lacks (empty or None) taken from ``other``."""
    missing = {
        k: v
        for k, v in other.model_dump(exclude={"source"}).items()
        if v not in (None, "", []) and not getattr(first, k)
    }
    return first.model_copy(update=missing) if missing else first


class Collection:
    """Papers read from files, one per identity, in a temporary SQLite table.

    Use as a context manager (the table is deleted on exit)::

        with Collection() as papers:
            papers.read(path)
            for gid, paper in papers: ...

    Attributes:
        skipped: the first :data:`LIST_LIMIT` skipped records; ``skipped_count`` counts all.
        merged: the first :data:`LIST_LIMIT` copies merged from another file; ``merged_count``.
        repaired: the first :data:`LIST_LIMIT` records stored with characters replaced; ``repaired_count``.
        files: one :class:`FileReport` per file read.
    """

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="paper-assistant-ingest-")
        self.db = sqlite3.connect(Path(self._tmp.name) / "papers.sqlite")
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -8192;
            CREATE TABLE papers (gid INTEGER PRIMARY KEY, file INTEGER NOT NULL, data TEXT NOT NULL);
            CREATE TABLE keys (key TEXT PRIMARY KEY, gid INTEGER NOT NULL) WITHOUT ROWID;
            """
        )
        self.count = 0
        self.skipped: list[Skipped] = []
        self.skipped_count = 0
        self.merged: list[Skipped] = []
        self.merged_count = 0
        self.files: list[FileReport] = []
        self.repaired: list[Repaired] = []
        self.repaired_count = 0
        self._pending = 0

    def __enter__(self) -> Collection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Delete the temporary table."""
        self.db.close()
        self._tmp.cleanup()

    def _skip(self, item: Skipped) -> None:
        self.skipped_count += 1
        if len(self.skipped) < LIST_LIMIT:
            self.skipped.append(item)

    def _match(self, paper: Paper) -> tuple[int, int, Paper, str] | None:
        for kind, key in identity_keys(paper):
            row = self.db.execute("SELECT gid FROM keys WHERE key = ?", (key,)).fetchone()
            if row is None:
                continue
            gid = row[0]
            (file, data) = self.db.execute("SELECT file, data FROM papers WHERE gid = ?", (gid,)).fetchone()
            first = Paper.model_validate_json(data)
            if kind == "title" and conflicting(first, paper):
                continue
            why = {"arXiv id": f"same arXiv id {paper.arxiv_id}", "DOI": f"same DOI {paper.doi}"}.get(
                kind, "same title"
            )
            return gid, file, first, why
        return None

    def add(self, paper: Paper, file: int) -> Skipped | None:
        """Add one paper read from file number ``file``; returns the duplicate note, if it was one."""
        found = self._match(paper)
        if found is None:
            cursor = self.db.execute(
                "INSERT INTO papers (file, data) VALUES (?, ?)", (file, paper.model_dump_json())
            )
            gid = cursor.lastrowid
            self.count += 1
            note = None
            kept = paper
        else:
            gid, first_file, first, why = found
            kept = merge(first, paper)
            if kept is not first:
                self.db.execute("UPDATE papers SET data = ? WHERE gid = ?", (kept.model_dump_json(), gid))
            # Say what of this copy was not kept: the first copy's title and abstract win.
            differs = ["title"] if normalize_title(paper.title) != normalize_title(kept.title) else []
            differs += ["abstract"] if paper.abstract != kept.abstract else []
            lost = (
                f"; its different {' and '.join(differs)} {'was' if len(differs) == 1 else 'were'} not kept"
            )
            lost = lost if differs else ""
            if first_file == file:
                note = Skipped(
                    source=paper.source, reason=f"duplicate of {first.source} ({why}); merged into it{lost}"
                )
            else:
                note = Skipped(
                    source=paper.source, reason=f"same paper as {first.source} ({why}); metadata merged{lost}"
                )
        self.db.executemany(
            "INSERT OR IGNORE INTO keys (key, gid) VALUES (?, ?)",
            [(key, gid) for _, key in identity_keys(kept)],
        )
        self._pending += 1
        if self._pending >= _COMMIT_EVERY:
            self.db.commit()
            self._pending = 0
        return note

    def read(self, path: Path, fmt: str | None = None, bar: tqdm | None = None) -> FileReport:
        """Read one file into the collection.

        Raises:
            ingest.readers.UnreadableFile: the file cannot be parsed at all. Papers
                already added from it stay in this temporary table; callers discard
                the whole collection, and the store was never touched.
        """
        name = fmt or detect_format(path)
        report = FileReport(path=str(path), format=name)
        index = len(self.files)
        self.files.append(report)
        for item in read_papers(path, name):
            if bar is not None:
                bar.update(1)
            if isinstance(item, Repaired):  # the paper itself follows
                report.repaired += 1
                self.repaired_count += 1
                if len(self.repaired) < LIST_LIMIT:
                    self.repaired.append(item)
                continue
            if isinstance(item, Skipped):
                report.skipped += 1
                self._skip(item)
                continue
            report.papers += 1
            note = self.add(item, index)
            if note is None:
                continue
            if note.reason.startswith("duplicate"):
                report.skipped += 1
                self._skip(note)
            else:
                self.merged_count += 1
                if len(self.merged) < LIST_LIMIT:
                    self.merged.append(note)
        self.db.commit()
        return report

    def update(self, gid: int, paper: Paper) -> None:
        """Replace the paper stored under ``gid`` (e.g. after merging it with the store's copy)."""
        self.db.execute("UPDATE papers SET data = ? WHERE gid = ?", (paper.model_dump_json(), gid))

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[int, Paper]]:
        """``(gid, paper)`` for every paper, in the order first read (paged: safe to update while iterating)."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT gid, data FROM papers WHERE gid > ? ORDER BY gid LIMIT 512", (last,)
            ).fetchall()
            if not rows:
                return
            for gid, data in rows:
                yield gid, Paper.model_validate_json(data)
            last = rows[-1][0]

    def get(self, gids: Iterable[int]) -> list[Paper]:
        """The papers with these gids, in the order given."""
        wanted = list(gids)
        found: dict[int, Paper] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            for gid, data in self.db.execute(f"SELECT gid, data FROM papers WHERE gid IN ({marks})", part):
                found[gid] = Paper.model_validate_json(data)
        return [found[g] for g in wanted]


def read_sources(paths: Iterable[Path], fmt: str | None = None, *, progress: bool = False) -> Collection:
    """Read every path into a new :class:`~ingest.collect.Collection` (the caller closes it).

    Raises:
        ingest.readers.UnreadableFile: a file cannot be parsed at all; the
            collection is closed and nothing was written anywhere.
    """
    papers = Collection()
    bar = tqdm(unit="record", desc="reading", disable=not progress)
    try:
        for path in paths:
            papers.read(Path(path), fmt, bar)
    except BaseException:
        papers.close()
        raise
    finally:
        bar.close()
    return papers


def collect_papers(paths: Iterable[Path], fmt: str | None = None) -> tuple[dict[str, Paper], list[Skipped]]:
    """Read every path into memory: one Paper per paper id, and the skipped records.

    For small collections (benchmarks, tests); ingest itself streams through
    :func:`read_sources`. Copies of a paper are merged into the first one read.

    Raises:
        ingest.readers.UnreadableFile: a file cannot be parsed at all.
    """
    with read_sources(paths, fmt) as papers:
        return {p.paper_id: p for _, p in papers}, list(papers.skipped)
