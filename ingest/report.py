"""The report of an ingest: what was added, updated, unchanged, removed, skipped, merged, repaired."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.text import clipped as clip_text
from assistant.text import plural
from ingest.collect import FileReport
from ingest.readers import Repaired, Skipped

TITLE_CHARS = 80  # a title's length in the summary's lines


def clipped(title: str) -> str:
    """``title`` in at most :data:`TITLE_CHARS` characters, its start and end around "…"
    (:func:`assistant.text.clipped`): a bare [:80] left "…Content Dilutio" (new-user trial 10), a cut
    end made "A"*300 and "A"*299+"B" the same "AAA…" (trial 12)."""
    return clip_text(title, TITLE_CHARS)


class PaperRef(BaseModel):
    """A paper named in a report."""

    paper_id: str
    title: str
    source: str = Field("", description="file:line it was read from (for removed papers: where it had been)")
    note: str = ""


class SyncReport(BaseModel):
    """What an ingest did (or, with ``check``, would do).

    Counts are exact; the lists keep the first :data:`~ingest.collect.LIST_LIMIT` entries.
    """

    papers: int = Field(description="papers in the store afterwards")
    chunks: int = Field(description="chunks in the store afterwards (with check: now)")
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = Field(default_factory=list, description="bad records and duplicates, with why")
    skipped_count: int = 0
    merged: list[Skipped] = Field(
        default_factory=list, description="copies of a paper from another file, merged into the first"
    )
    merged_count: int = 0
    repaired: list[Repaired] = Field(
        default_factory=list,
        description="records stored with characters that cannot be stored as UTF-8 replaced, with file:line",
    )
    repaired_count: int = 0
    added_papers: list[PaperRef] = Field(default_factory=list)
    updated_papers: list[PaperRef] = Field(default_factory=list)
    removed_papers: list[PaperRef] = Field(default_factory=list)
    files: list[FileReport] = Field(default_factory=list)
    check: bool = Field(False, description="True when nothing was written (--check)")

    def summary(self, show: int = 10) -> str:
        """Human-readable report: one line of counts, then up to ``show`` papers per list, then every skip."""
        noop = (
            " (nothing to do: the store was already in sync)"
            if not (self.added or self.updated or self.removed)
            else ""
        )
        skipped = max(self.skipped_count, len(self.skipped))
        lines = [
            # With --check nothing is chunked, so the chunk count is the store's now, and says so
            # ("would be: 81 papers, 173 chunks" read as the count after adding two papers).
            f"{plural(self.papers, 'paper')}, {plural(self.chunks, 'chunk')}{' now' if self.check else ''}: "
            f"{self.added} added, {self.updated} "
            f"updated, {self.unchanged} unchanged, {self.removed} removed, "
            f"{skipped} skipped{noop}" + (f", {self.repaired_count} repaired" if self.repaired_count else "")
        ]
        for f in self.files:
            lines.append(f"  read {f.path} as {f.format}: {plural(f.papers, 'paper')}, {f.skipped} skipped")
        for verb, refs, total in (
            ("added", self.added_papers, self.added),
            ("updated", self.updated_papers, self.updated),
            ("removed", self.removed_papers, self.removed),
        ):
            for ref in refs[:show]:
                note = f" ({ref.note})" if ref.note else ""
                # quoted as written: repr() doubled every backslash ('$\\alpha$-Mixup')
                lines.append(f"  {verb} “{clipped(ref.title)}” from {ref.source}{note}")
            if total > show:
                lines.append(f"  ... and {total - show} more {verb} (see --json)")
        lines += [f"  merged {m.source}: {m.reason}" for m in self.merged[:show]]
        if self.merged_count > show:
            lines.append(f"  ... and {self.merged_count - show} more merged")
        lines += [f"  repaired {r.source}: {r.reason}" for r in self.repaired[:show]]
        if self.repaired_count > show:
            lines.append(f"  ... and {self.repaired_count - show} more repaired (see --json)")
        lines += [f"  skipped {s.source}: {s.reason}" for s in self.skipped]
        if skipped > len(self.skipped):
            lines.append(f"  ... and {skipped - len(self.skipped)} more skipped (only the first are listed)")
        return "\n".join(lines)
