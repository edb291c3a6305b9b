"""Login: failed attempts lock a name for a growing time (known or unknown, across processes: the count is
in the audit log), and an unknown or disabled user costs the same password verification as a known one."""
from __future__ import annotations

import statistics
import time
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from workstation.reading import auth
from workstation.reading.auth import UserStore
from workstation.reading.errors import LoginFailed


class CountingHasher(PasswordHasher):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.verifies = 0

    def verify(self, hash, password):  # noqa: A002 - argon2's own parameter name
        self.verifies += 1
        return super().verify(hash, password)


def fail(users, name, password="wrong-password"):
    with pytest.raises(LoginFailed) as exc:
        users.authenticate(name, password)
    return str(exc.value)


def test_repeated_failures_lock_the_name_then_it_opens_again(users, audit, monkeypatch):
    monkeypatch.setattr(auth, "LOCK_BASE", timedelta(seconds=1.5))
    users.create_user("dr.kim", "correct horse", "RIS")
    for _ in range(auth.LOCK_AFTER):
        assert fail(users, "dr.kim") == "wrong user name or password"
    # locked now: even the right password is refused, and the refusal is audited
    assert "too many failed logins" in fail(users, "dr.kim", "correct horse")
    with pytest.raises(auth.LoginLocked) as locked:
        users.authenticate("dr.kim", "correct horse")
    assert 0 < locked.value.seconds <= 2
    assert audit.entries(action="login_locked")[0].username == "dr.kim"
    time.sleep(1.6)
    assert users.authenticate("dr.kim", "correct horse").username == "dr.kim"
    assert users.locked_for("dr.kim") is None  # a good login resets the count
    assert fail(users, "dr.kim") == "wrong user name or password"


def test_the_lock_grows_with_further_failures_and_is_capped(users, monkeypatch):
    monkeypatch.setattr(auth, "LOCK_BASE", timedelta(seconds=0))
    for _ in range(auth.LOCK_AFTER + 3):
        fail(users, "nobody")  # an unknown name is locked the same way: no probing by lock behaviour
    monkeypatch.setattr(auth, "LOCK_BASE", timedelta(seconds=10))
    left = users.locked_for("nobody")
    assert left is not None and timedelta(seconds=70) < left <= timedelta(seconds=80)  # 10 s × 2³
    monkeypatch.setattr(auth, "LOCK_BASE", timedelta(hours=1))
    assert users.locked_for("nobody") <= auth.LOCK_MAX


def test_the_lock_holds_across_user_stores(users, audit, repo):
    """Another process (a second store on the same database) sees the same count."""
    for _ in range(auth.LOCK_AFTER):
        fail(users, "it.park")
    other = UserStore(repo.session_factory, audit, hasher=users.hasher)
    assert other.locked_for("it.park") is not None


def test_unknown_and_disabled_users_cost_one_verification_like_a_known_one(repo, audit):
    hasher = CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    users = UserStore(repo.session_factory, audit, hasher=hasher)
    users.create_user("dr.kim", "correct horse", "RIS")
    users.create_user("old.user", "correct horse", "RIS")
    users.set_active("old.user", False)
    for name in ("dr.kim", "nobody", "old.user"):
        hasher.verifies = 0
        fail(users, name)
        assert hasher.verifies == 1, name


def test_unknown_user_answer_takes_as_long_as_a_known_one(repo, audit):
    users = UserStore(repo.session_factory, audit, hasher=PasswordHasher(time_cost=2, memory_cost=32768,
                                                                         parallelism=1))
    users.create_user("dr.kim", "correct horse", "RIS")

    def median(name):
        times = []
        for _ in range(auth.LOCK_AFTER - 1):  # stay below the lock
            t = time.perf_counter()
            with pytest.raises(LoginFailed):
                users.authenticate(name, "wrong-password")
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    known, unknown = median("dr.kim"), median("nobody")
    assert unknown > known / 3, (known, unknown)  # was 200× faster before the dummy verification
