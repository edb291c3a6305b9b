"""Role enforcement in the logic layer: each role against each action, through ReadingService."""
from __future__ import annotations

import pytest

from workstation.reading.records import Report, WorklistFilter
from workstation.reading.roles import PERMISSIONS, Action, PermissionDenied, Role

EXPECTED = {
    Role.RIS: {"worklist", "history", "open_study", "open_report", "summary", "draft", "submit", "sign", "addendum",
               "status", "export_report"},
    Role.DOCTOR: {"worklist", "history", "open_study", "open_report", "summary", "export_report"},
    Role.NURSE: {"worklist", "history", "summary"},
    Role.SYSTEMMANAGER: {"audit_view", "audit_export", "create_user", "list_users"},
}
OPS = sorted(set().union(*EXPECTED.values()))


def run_op(svc, repo, order, name, tmp_path):
    oid = order.id
    if name in ("addendum",):  # needs a signed report first (set up directly in the repository)
        repo.save_draft(oid, Report(findings="x"), "r")
        repo.sign(oid, "r")
    if name in ("submit",):
        repo.save_draft(oid, Report(findings="x"), "r")
    if name == "sign":
        repo.save_draft(oid, Report(findings="x"), "r")
    return {
        "worklist": lambda: svc.worklist(WorklistFilter()),
        "history": lambda: svc.patient_history(order.patient.patient_number),
        "open_study": lambda: svc.open_study(oid),
        "open_report": lambda: svc.open_report(oid),
        "summary": lambda: svc.report_summary(oid),
        "draft": lambda: svc.save_draft(oid, Report(findings="Tumour.")),
        "submit": lambda: svc.submit(oid),
        "sign": lambda: svc.sign(oid),
        "addendum": lambda: svc.add_addendum(oid, "Also note."),
        "status": lambda: svc.change_status(oid, "ACCEPTED"),
        "export_report": lambda: svc.export_report(oid, tmp_path / "r.json"),
        "audit_view": lambda: svc.audit_entries(),
        "audit_export": lambda: svc.export_audit(tmp_path / "a.csv"),
        "create_user": lambda: svc.create_user("newbie", "long-enough-pw", "NURSE"),
        "list_users": lambda: svc.list_users(),
    }[name]()


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("op", OPS)
def test_role_may_or_may_not(role, op, service_for, repo, order, audit, tmp_path):
    svc = service_for(role)
    if op in EXPECTED[role]:
        run_op(svc, repo, order, op, tmp_path)
    else:
        before = repo.get_order(order.id)
        with pytest.raises(PermissionDenied, match=f"{svc.user.username} \\({role.value}\\) may not"):
            run_op(svc, repo, order, op, tmp_path)
        denied = audit.entries(action="permission_denied")
        assert denied and denied[0].username == svc.user.username
        if op in ("draft", "status"):
            assert repo.get_order(order.id) == before


def test_nurse_sees_only_impression_and_status(service_for, repo, order):
    repo.save_draft(order.id, Report(findings="Secret findings about necrosis.", impression="Glioma.",
                                     tumor={"size_mm": 30}), "r")
    nurse = service_for(Role.NURSE)
    [o] = nurse.worklist()
    assert o.report.impression == "Glioma."
    assert "necrosis" not in o.report.findings and o.report.tumor == {}
    assert o.reading_status == "draft"
    s = nurse.report_summary(order.id)
    assert (s.impression, s.reading_status, s.order_status) == ("Glioma.", "draft", "IN_PROGRESS")
    with pytest.raises(PermissionDenied):
        nurse.open_report(order.id)


def test_doctor_sees_full_report_but_cannot_sign(service_for, repo, order):
    repo.save_draft(order.id, Report(findings="Necrosis present."), "r")
    doc = service_for(Role.DOCTOR)
    assert doc.open_report(order.id).findings == "Necrosis present."
    with pytest.raises(PermissionDenied):
        doc.sign(order.id)
    assert repo.get_order(order.id).report.confirmed is False


def test_permission_table_matches_roles_described():
    assert Action.SIGN_REPORT in PERMISSIONS[Role.RIS]
    assert not PERMISSIONS[Role.SYSTEMMANAGER] & {Action.VIEW_REPORT, Action.VIEW_IMAGES, Action.VIEW_WORKLIST}
