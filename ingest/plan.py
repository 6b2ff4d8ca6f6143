"""The sync plan: compare the collected papers with the store's state; what to add, re-embed, remove."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.store import Store
from assistant.types import Paper, normalize_title
from ingest.collect import LIST_LIMIT, Collection, identity_keys, merge
from ingest.metadata import stored_paper
from ingest.readers import Skipped
from ingest.report import PaperRef, SyncReport


@dataclass(slots=True)
class StoredPaper:
    """What the plan needs to know of one paper in the store."""

    hash: str | None
    n_chunks: int | None
    found: int
    title: str
    source: str
    arxiv_id: str | None
    doi: str | None

    @property
    def complete(self) -> bool:
        return self.hash is not None and self.found == self.n_chunks


def stored_state(store: Store) -> dict[str, StoredPaper]:
    """Per paper id in the store: content hash, expected and found chunk counts, identifiers.

    A paper whose chunks disagree on the hash (a crashed update) gets hash None.
    """
    state: dict[str, StoredPaper] = {}
    for _id, meta, _doc in store.iter_records(include=["metadatas"]):
        entry = state.get(meta["paper_id"])
        if entry is None:
            entry = state[meta["paper_id"]] = StoredPaper(
                hash=meta.get("content_hash"),
                n_chunks=meta.get("n_chunks"),
                found=0,
                title=meta.get("title", ""),
                source=meta.get("source", ""),
                arxiv_id=meta.get("arxiv_id"),
                doi=meta.get("doi"),
            )
        entry.found += 1
        if entry.hash != meta.get("content_hash") or entry.n_chunks != meta.get("n_chunks"):
            entry.hash = None  # mixed versions: a crashed update; rewrite it
    return state


def _stored_keys(state: dict[str, StoredPaper]) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for pid, entry in state.items():
        for key in (
            f"arxiv:{entry.arxiv_id}" if entry.arxiv_id else "",
            f"doi:{entry.doi.lower()}" if entry.doi else "",
            f"title:{normalize_title(entry.title)}" if normalize_title(entry.title) else "",
        ):
            if key:
                keys.setdefault(key, []).append(pid)
    return keys


@dataclass
class Plan:
    """What a sync will write: the outcome of comparing the collection with the store."""

    report: SyncReport
    todo: list[int] = field(default_factory=list)  # gids to (re)embed, in read order
    delete_first: dict[int, list[str]] = field(default_factory=dict)  # gid -> stored ids it replaces
    gone: list[str] = field(default_factory=list)  # stored ids to delete at the end
    state: dict[str, StoredPaper] = field(default_factory=dict)


def _ref(refs: list[PaperRef], paper_id: str, title: str, source: str, note: str = "") -> None:
    if len(refs) < LIST_LIMIT:
        refs.append(PaperRef(paper_id=paper_id, title=title, source=source, note=note))


def _stored_matches(
    paper: Paper, state: dict[str, StoredPaper], stored_keys: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """``(stored id, why)`` of the stored copies of ``paper``: its own id first, then others by identifier."""
    pid = paper.paper_id
    found = [(pid, "same id")] if pid in state else []
    for kind, key in identity_keys(paper):
        for other in stored_keys.get(key, []):
            stored = state[other]
            if other == pid or any(other == f for f, _ in found):
                continue
            if kind == "title" and (
                (paper.arxiv_id and stored.arxiv_id and paper.arxiv_id != stored.arxiv_id)
                or (paper.doi and stored.doi and paper.doi.lower() != stored.doi.lower())
            ):
                continue
            found.append((other, f"same {kind}"))
    return found


def _blocks(papers: Collection, size: int = 256) -> Iterator[list[tuple[int, Paper]]]:
    block: list[tuple[int, Paper]] = []
    for item in papers:
        block.append(item)
        if len(block) == size:
            yield block
            block = []
    if block:
        yield block


def plan_sync(
    papers: Collection, state: dict[str, StoredPaper], *, prune: bool = False, store: Store | None = None
) -> Plan:
    """Compare the collected papers with the stored ones; nothing is written to the store.

    Without ``prune`` (an incremental ingest) a collected paper that is already
    stored, under its id or another identifier, first takes from the stored copy
    the fields it lacks (read from ``store``), so ingesting one source never loses
    what another added; the merged paper replaces the collection's copy. With
    ``prune`` the store is made to hold exactly the collection.

    A paper is then *added* when nothing stored matches it; *updated* when its
    content hash differs, its chunks are incomplete, or it replaces a stored copy
    of itself under another id (e.g. a title-only record now known by its arXiv
    id); else *unchanged*. With ``prune``, stored papers not in the collection are
    *removed*; stored duplicates of a collected paper are removed in any case.
    """
    report = SyncReport(
        papers=0,
        chunks=0,
        skipped=list(papers.skipped),
        skipped_count=papers.skipped_count,
        merged=list(papers.merged),
        merged_count=papers.merged_count,
        repaired=list(papers.repaired),
        repaired_count=papers.repaired_count,
        files=list(papers.files),
    )
    plan = Plan(report=report, state=state)
    stored_keys = _stored_keys(state)
    incoming: dict[str, int] = {}  # paper id -> gid
    status: dict[int, str] = {}  # gid -> "added" | "updated" | "unchanged"
    candidates: list[tuple[int, str, str]] = []  # (gid, stored id, why) of stored copies under another id
    for block in _blocks(papers):
        matches = [_stored_matches(paper, state, stored_keys) for _, paper in block]
        if store is not None and not prune and any(matches):
            records = store.paper_records(sorted({m for found in matches for m, _ in found}))
            for i, ((gid, paper), found) in enumerate(zip(block, matches, strict=True)):
                filled = paper
                for other, _why in found:
                    if other in records and "abstract" in records[other]:
                        filled = merge(filled, stored_paper(records[other]))
                if filled is not paper:
                    papers.update(gid, filled)
                    block[i] = (gid, filled)
                    matches[i] = _stored_matches(filled, state, stored_keys)
        for (gid, paper), found in zip(block, matches, strict=True):
            pid = paper.paper_id
            if pid in incoming:  # identities that only meet through the store; keep the first
                report.skipped_count += 1
                if len(report.skipped) < LIST_LIMIT:
                    report.skipped.append(
                        Skipped(source=paper.source, reason=f"same paper id {pid} as another record")
                    )
                continue
            incoming[pid] = gid
            old = state.get(pid)
            status[gid] = (
                "added"
                if old is None
                else "unchanged"
                if old.complete and old.hash == paper.content_hash
                else "updated"
            )
            candidates += [(gid, other, why) for other, why in found if other != pid]

    replaced: dict[str, tuple[int, str]] = {}  # stored id -> (gid replacing it, why)
    for gid, other, why in candidates:
        if other not in incoming and other not in replaced:
            replaced[other] = (gid, why)
    absorbed: dict[int, str] = {}  # gid -> the stored id it replaces, as an update of that paper
    for other, (gid, why) in replaced.items():
        if status[gid] == "added" and gid not in absorbed:
            status[gid] = "updated"  # it was stored under another id: an update, not an addition
            absorbed[gid] = other
        else:
            report.removed += 1
            _ref(
                report.removed_papers, other, state[other].title, state[other].source, f"stored twice ({why})"
            )
        if status[gid] == "unchanged":
            plan.gone.append(other)
        else:
            plan.delete_first.setdefault(gid, []).append(other)

    for gid, paper in papers:
        st = status.get(gid)
        if st is None:
            continue
        if st == "unchanged":
            report.unchanged += 1
            continue
        plan.todo.append(gid)
        if st == "added":
            report.added += 1
            _ref(report.added_papers, paper.paper_id, paper.title, paper.source)
        else:
            report.updated += 1
            other = absorbed.get(gid)
            note = (
                f"replaces stored copy {other} ({replaced[other][1]})"
                if other
                else "content changed"
                if state[paper.paper_id].complete
                else "repairs a half-written paper"
            )
            _ref(report.updated_papers, paper.paper_id, paper.title, paper.source, note)
    if prune:
        for pid, entry in state.items():
            if pid not in incoming and pid not in replaced:
                plan.gone.append(pid)
                report.removed += 1
                _ref(
                    report.removed_papers,
                    pid,
                    entry.title,
                    entry.source,
                    "in none of the given sources (--prune)",
                )
    report.papers = len(state) + report.added - report.removed
    return plan
