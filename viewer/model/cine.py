"""Cine timing: which slice comes next and how long to wait, at a chosen frame rate. No Qt."""
from __future__ import annotations

MIN_FPS, MAX_FPS = 1, 60


class Cine:
    """Loop through the slices (or time points) of a viewport at ``fps`` frames per second."""

    def __init__(self, fps: int = 10, bounce: bool = False) -> None:
        self.fps = fps
        self.bounce = bounce
        self._direction = 1

    @property
    def fps(self) -> int:
        return self._fps

    @fps.setter
    def fps(self, value: int) -> None:
        self._fps = max(MIN_FPS, min(MAX_FPS, int(value)))

    @property
    def interval_ms(self) -> int:
        return max(1, round(1000 / self._fps))

    def next_index(self, current: int, count: int) -> int:
        """The frame after ``current`` among ``count`` frames (wraps, or bounces at the ends)."""
        if count <= 1:
            return 0
        nxt = current + self._direction
        if 0 <= nxt < count:
            return nxt
        if self.bounce:
            self._direction = -self._direction
            return current + self._direction
        return 0 if self._direction > 0 else count - 1
