"""The one wall-clock budget a question's LLM calls share."""

from __future__ import annotations

import time


class Deadline:
    """A wall-clock budget of ``seconds`` (``time.monotonic``), started by its first use.

    One is made per question before retrieval; it starts at the first LLM call (the
    follow-up's rewrite, else the answer), so our own retrieval and evidence steps before
    it do not spend the model's budget (under load they took all of a 2 s budget).
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end: float | None = None

    @property
    def end(self) -> float:
        """When the budget runs out (starting it, if this is its first use)."""
        if self._end is None:
            self._end = time.monotonic() + self.seconds
        return self._end

    @end.setter
    def end(self, value: float) -> None:
        self._end = value

    def remaining(self) -> float:
        """Seconds left, never below 0."""
        return max(0.0, self.end - time.monotonic())

    def within(self, seconds: float) -> Deadline:
        """A deadline ending at the earlier of this one and ``seconds`` from now."""
        sub = Deadline(self.seconds)
        sub.end = min(self.end, time.monotonic() + seconds)
        return sub
