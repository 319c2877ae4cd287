"""How a long-running build tells its stages: a reporter the caller hands in.

The library calls ``progress.stage(name)`` around each long step (and
``stage.advance()`` as counted items finish); what becomes of that is the
caller's choice: ``Progress`` itself says nothing, ``StreamProgress`` writes
to a stream. So the library knows nothing of terminals or click.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO, TypeVar

T = TypeVar("T")


@dataclass
class Stage:
    """One running stage: how far it is (of ``total`` items, if known) and what it found."""
    name: str
    total: int | None = None
    started: float = 0.0
    done: int = 0
    note: str = ""          # counts for a verbose report, e.g. "231 entities"
    on_advance: Callable[[Stage], None] | None = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.on_advance is not None:
            self.on_advance(self)


class Progress:
    """The silent reporter: stages run and nothing is said. The default everywhere."""

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Stage]:
        yield Stage(name, total)

    def items(self, name: str, iterable: Iterable[T], total: int | None = None) -> Iterator[T]:
        """``iterable``'s items, each one counted as done once the caller asks for the next."""
        with self.stage(name, total) as stage:
            for item in iterable:
                yield item
                stage.advance()


SILENT = Progress()

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1    # a bar redrawn for every document would cost more than it shows


class StreamProgress(Progress):
    """Writes each stage to ``stream`` as "name… done in 1.2 s".

    ``live`` (a terminal): the name shows while the stage runs, a stage with a
    count draws a bar, and the line is finished in place when it ends.
    Otherwise (a log) one whole line is written when a stage ends. ``notes``
    adds what the stage found, e.g. "(231 entities)".
    """

    def __init__(self, stream: TextIO, live: bool, notes: bool = False,
                 clock: Callable[[], float] = time.perf_counter):
        self.stream, self.live, self.notes, self.clock = stream, live, notes, clock
        self._drawn = 0         # length of what was drawn on the line being redrawn
        self._drawn_at = 0.0

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Stage]:
        stage = Stage(name, total, self.clock(), on_advance=self._redraw if self.live else None)
        if self.live:
            self._draw(self._running(stage))
        try:
            yield stage
        except BaseException:     # an error, Ctrl-C, or a caller that stopped iterating
            self._finish(f"{name}… stopped after {self._seconds(stage)}")
            raise
        self._finish(f"{name}… done in {self._seconds(stage)}"
                     + (f" ({stage.note})" if self.notes and stage.note else ""))

    def _running(self, stage: Stage) -> str:
        if stage.total is None:
            return f"{stage.name}…"
        filled = BAR_WIDTH * stage.done // max(stage.total, 1)
        return (f"{stage.name} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {stage.done}/{stage.total} "
                f"{self._seconds(stage)}")

    def _seconds(self, stage: Stage) -> str:
        return f"{self.clock() - stage.started:.1f} s"

    def _redraw(self, stage: Stage) -> None:
        now = self.clock()
        if now - self._drawn_at >= REDRAW_SECONDS or stage.done == stage.total:
            self._draw(self._running(stage))
            self._drawn_at = now

    def _draw(self, text: str) -> None:
        # back to the line's start, and blanks over whatever of the last drawing is longer
        self.stream.write("\r" + text.ljust(self._drawn))
        self.stream.flush()
        self._drawn = len(text)

    def _finish(self, line: str) -> None:
        if self.live:
            self._draw(line)
        else:
            self.stream.write(line)
        self.stream.write("\n")
        self.stream.flush()
        self._drawn = 0


def reporter(stream: TextIO, quiet: bool = False, verbose: bool = False) -> Progress:
    """What ``kg build`` reports on ``stream``: stages while it is a terminal,
    stages with their counts when ``verbose`` (terminal or not), else nothing."""
    live = stream.isatty()
    if quiet or not (live or verbose):
        return SILENT
    return StreamProgress(stream, live=live, notes=verbose)
