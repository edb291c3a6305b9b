"""Exponential backoff with a cap and jitter, for retrying the outbox while the service is away."""
from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Delay before attempt ``n + 1`` after ``n`` failures: ``base * factor**(n-1)``, capped, ± ``jitter``."""

    base: float = 1.0
    factor: float = 2.0
    cap: float = 120.0
    jitter: float = 0.2

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        if failures <= 0:
            return 0.0
        raw = min(self.cap, self.base * self.factor ** (failures - 1))
        spread = raw * self.jitter
        return max(0.0, raw + (rng or random).uniform(-spread, spread))
