"""Order status machine: every legal move works (and writes history), every illegal one is refused."""
from __future__ import annotations

import itertools

import pytest

from workstation.reading.errors import ReadingError
from workstation.reading.records import Report
from workstation.reading.status import TRANSITIONS, IllegalTransition, OrderStatus, check_transition

ALL = list(OrderStatus)
LEGAL = [(a, b) for a in ALL for b in TRANSITIONS[a]]
ILLEGAL = [(a, b) for a, b in itertools.product(ALL, ALL) if b not in TRANSITIONS[a]]
ROUTE = {  # how to bring a fresh order to each state through legal moves
    OrderStatus.ORDERED: [],
    OrderStatus.ACCEPTED: [OrderStatus.ACCEPTED],
    OrderStatus.IN_PROGRESS: [OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS],
    OrderStatus.RESULT_READY: [OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS, OrderStatus.RESULT_READY],
    OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
}


def bring_to(repo, order_id, status):
    if status == OrderStatus.CONFIRMED:
        repo.save_draft(order_id, Report(findings="Enhancing tumour."), "r")
        return repo.sign(order_id, "r")
    for st in ROUTE[status]:
        repo.change_status(order_id, st, "r")
    return repo.get_order(order_id)


def test_the_table_has_every_state_and_final_states_are_closed():
    assert set(TRANSITIONS) == set(OrderStatus)
    assert TRANSITIONS[OrderStatus.CONFIRMED] == frozenset() and TRANSITIONS[OrderStatus.CANCELLED] == frozenset()


@pytest.mark.parametrize("old,new", ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_illegal_transition_refused_with_message(old, new):
    with pytest.raises(IllegalTransition, match=f"from {old.value} to {new.value}"):
        check_transition(old, new)


@pytest.mark.parametrize("old,new", LEGAL, ids=[f"{a}->{b}" for a, b in LEGAL])
def test_legal_transition_works_on_a_stored_order_and_writes_history(repo, order, old, new):
    bring_to(repo, order.id, old)
    before = len(repo.history(order.id))
    if new == OrderStatus.CONFIRMED:
        repo.save_draft(order.id, Report(impression="Glioma."), "r")
        out = repo.sign(order.id, "r")
    else:
        out = repo.change_status(order.id, new, "r", "because")
    assert out.status == new.value == repo.get_order(order.id).status
    hist = repo.history(order.id)
    assert len(hist) == before + 1
    assert (hist[-1].from_status, hist[-1].to_status) == (old.value, new.value)


@pytest.mark.parametrize("old,new", [(a, b) for a, b in ILLEGAL if a != b])
def test_illegal_transition_on_stored_order_changes_nothing(repo, order, old, new):
    bring_to(repo, order.id, old)
    before = repo.history(order.id)
    with pytest.raises(ReadingError):
        repo.change_status(order.id, new, "r")
    assert repo.get_order(order.id).status == old.value
    assert repo.history(order.id) == before


def test_confirm_only_by_signing(repo, order):
    bring_to(repo, order.id, OrderStatus.RESULT_READY)
    with pytest.raises(ReadingError, match="signing"):
        repo.change_status(order.id, OrderStatus.CONFIRMED, "r")


def test_unknown_status_is_a_clear_error(repo, order):
    with pytest.raises(IllegalTransition, match="unknown order status 'DONE'"):
        repo.change_status(order.id, "DONE", "r")


def test_every_created_order_starts_with_a_history_row(repo, order):
    hist = repo.history(order.id)
    assert [(h.from_status, h.to_status) for h in hist] == [(None, "ORDERED")]
