"""Accounts: hashing, roles enforced in the service layer for every action, back-off, sessions, audit."""

import datetime as dt
import json

import pytest
from sqlmodel import select

from registry import permissions
from registry.db import write_session
from registry.errors import NotFound, PermissionDenied, ValidationFailed
from registry.models import AuditLog, ModelExampleUpdate, UserAccount, utcnow
from registry.permissions import SYSTEM
from registry.records import validation, writes
from registry.staff import accounts, sessions, signin
from tests.support.factories import example_input, make_example

PASSWORD = "mat-khau-dai-2024"


def add(session, name="cb", role="editor", unit=None, password=PASSWORD):
    user = accounts.create_user(session, name, password, role, unit, actor=SYSTEM)
    session.commit()
    return user


def test_password_is_hashed_with_argon2_and_never_stored_or_audited_in_clear(session):
    user = add(session)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    accounts.reset_password(session, "cb", "mot-mat-khau-khac", actor=SYSTEM)
    session.commit()
    for row in session.exec(select(AuditLog)).all():
        dumped = json.dumps([row.before, row.after, row.note])
        assert PASSWORD not in dumped and "mot-mat-khau-khac" not in dumped and "argon2" not in dumped
    assert accounts.verify_password(user.password_hash, "mot-mat-khau-khac")
    assert not accounts.verify_password(user.password_hash, PASSWORD)


def test_account_validation_messages(session):
    add(session)
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_user(session, " cb ", "ngan", "boss", actor=SYSTEM)
    keys = {p.key for p in exc.value.problems}
    assert keys == {"auth.name_taken", "auth.bad_role", "auth.password_short"}
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_user(session, "", PASSWORD, "viewer", unit="Huyện Không Có", actor=SYSTEM)
    assert {p.key for p in exc.value.problems} == {"auth.name_empty"}
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_user(session, "x", PASSWORD, "editor", unit="Huyện Không Có", actor=SYSTEM)
    assert exc.value.problems[0].key == "error.unknown_unit"
    with pytest.raises(NotFound):
        accounts.reset_password(session, "nobody", PASSWORD, actor=SYSTEM)


def test_editor_limited_to_unit_gets_the_unit_in_the_actor(session):
    add(session, "hauloc", "editor", unit="H. Hậu Lộc")
    result = signin.sign_in(session.get_bind(), "hauloc", PASSWORD)
    assert result.ok and result.actor.role == "editor" and result.actor.unit_id is not None
    assert validation.References(session).units.by_id[result.actor.unit_id].code == "400"


def test_lockout_after_five_failures_for_fifteen_minutes(session):
    """Now a back-off (30 s after the 5th failure, doubling, at most 15 minutes), with one message."""
    add(session)
    engine, now = session.get_bind(), utcnow()
    for _ in range(4):
        assert signin.sign_in(engine, "cb", "sai", now=now).key == "auth.bad_credentials"
    locked = signin.sign_in(engine, "cb", "sai", now=now)
    assert locked.key == "auth.bad_credentials" and locked.params is None  # the same answer as a wrong name
    session.expire_all()
    # even the right password is refused while backed off
    assert signin.sign_in(engine, "cb", PASSWORD, now=now + dt.timedelta(seconds=29)).key == "auth.bad_credentials"
    ok = signin.sign_in(engine, "cb", PASSWORD, now=now + dt.timedelta(seconds=31))
    assert ok.ok and ok.actor.name == "cb" and ok.session_id
    session.expire_all()
    user = accounts.get_user(session, "cb")
    assert user.failed_attempts == 0 and user.locked_until is None
    assert session.exec(select(AuditLog).where(AuditLog.action == "user_locked")).first() is not None


def test_lockout_survives_a_new_session(db):
    with write_session(db) as s:
        add(s)
    for _ in range(5):
        signin.sign_in(db, "cb", "sai")
    assert signin.sign_in(db, "cb", PASSWORD).key == "auth.bad_credentials"


def test_unknown_user_and_disabled_user(session):
    assert signin.sign_in(session.get_bind(), "ghost", "x").key == "auth.bad_credentials"
    add(session)
    accounts.set_disabled(session, "cb", True, actor=SYSTEM)
    session.commit()
    assert signin.sign_in(session.get_bind(), "cb", PASSWORD).key == "auth.disabled"


def test_token_survives_reload_but_not_sign_out_reset_disable_or_tampering(session):
    """The cookie's session id: survives a reload, dies with sign-out, a reset, disabling, tampering."""
    user = add(session)
    raw = sessions.start(session, user)
    session.commit()
    assert PASSWORD not in raw and "editor" not in raw
    assert sessions.resolve(session, raw) == permissions.Actor("cb", "editor", None)
    assert sessions.resolve(session, raw[:-2] + "xx") is None
    assert sessions.resolve(session, raw, utcnow() + dt.timedelta(hours=13)) is None
    sessions.end(session, raw)
    session.commit()
    assert sessions.resolve(session, raw) is None
    raw = sessions.start(session, accounts.get_user(session, "cb"))
    accounts.reset_password(session, "cb", "mat-khau-moi-123", actor=SYSTEM)
    session.commit()
    assert sessions.resolve(session, raw) is None
    raw = sessions.start(session, accounts.get_user(session, "cb"))
    accounts.set_disabled(session, "cb", actor=SYSTEM)
    session.commit()
    assert sessions.resolve(session, raw) is None


def test_role_changes_apply_to_existing_tokens(session):
    user = add(session, role="viewer")
    raw = sessions.start(session, user)
    accounts.set_role(session, "cb", "admin", actor=SYSTEM)
    session.commit()
    assert sessions.resolve(session, raw).role == "admin"


def test_secret_key_file_is_made_once_and_shared(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = accounts.secret_key(tmp_path)
    assert len(first) > 40 and accounts.secret_key(tmp_path) == first
    assert (tmp_path / ".secret_key").stat().st_mode & 0o077 == 0
    assert list(tmp_path.iterdir()) == [tmp_path / ".secret_key"]
    strong = "from-setting-" + "Kq3vX9mZ2pLw8RtY5nB7cD4fG6hJ1sA0"
    monkeypatch.setenv("SECRET_KEY", strong)
    assert accounts.secret_key(tmp_path) == strong


def test_only_admins_manage_accounts(session):
    for role in ("viewer", "editor", "reporter"):
        actor = permissions.Actor("x", role)
        with pytest.raises(PermissionDenied):
            accounts.create_user(session, "n", PASSWORD, "viewer", actor=actor)
        with pytest.raises(PermissionDenied):
            accounts.set_disabled(session, "n", actor=actor)
        with pytest.raises(PermissionDenied):
            accounts.reset_password(session, "someone", PASSWORD, actor=actor)
    accounts.create_user(session, "n", PASSWORD, "viewer", actor=permissions.Actor("boss", "admin"))


# --------------------------------------------------------------------------- every action, every role
ACTIONS = ("create", "update", "stage", "delete", "restore", "import")


def _attempt(session, action: str, actor: permissions.Actor, example_id: int, deleted_id: int):
    if action == "create":
        writes.create_example(session, example_input(title="Mới"), actor)
    elif action == "update":
        version = writes.get_live(session, example_id).version
        writes.update_example(session, example_id, ModelExampleUpdate(version=version, results="x"), actor)
    elif action == "stage":
        writes.change_stage(session, example_id, "effective", on=dt.date(2023, 9, 1), actor=actor)
    elif action == "delete":
        writes.delete_example(session, example_id, actor)
    elif action == "restore":
        writes.restore_example(session, deleted_id, actor)
    elif action == "import":
        from registry.importing import plan as import_plan

        import_plan.check(session, "Loại,Tên,Đơn vị,Lĩnh vực,Khối,Ngày đăng ký\n".encode(), "a.csv", actor)


@pytest.mark.parametrize("role", ["viewer", "reporter", "editor", "admin", "stranger"])
def test_roles_are_enforced_in_the_service_layer_for_every_action(session, role):
    example = make_example(session)
    gone = make_example(session, title="Đã xóa")
    writes.delete_example(session, gone.id, actor=SYSTEM)
    session.commit()
    actor = permissions.Actor("u", role)
    for action in ACTIONS:
        allowed = action in permissions.ROLE_ACTIONS.get(role, set())
        try:
            _attempt(session, action, actor, example.id, gone.id)
        except PermissionDenied:
            assert not allowed, (role, action)
        except Exception as exc:  # allowed, and failed later for another reason (e.g. an empty file)
            assert allowed, (role, action, exc)
        else:
            assert allowed, (role, action)
        session.rollback()


def test_editor_limited_to_a_unit_cannot_touch_other_units(session):
    refs = validation.References(session)
    hau_loc = refs.units.resolve("400").id
    other = make_example(session, unit="380")
    mine = make_example(session, unit="400", title="Của Hậu Lộc")
    editor = permissions.Actor("hl", "editor", hau_loc)
    with pytest.raises(PermissionDenied):
        writes.create_example(session, example_input(unit="380", title="x"), editor)
    with pytest.raises(PermissionDenied):
        writes.update_example(session, other.id, ModelExampleUpdate(version=other.version, results="x"), editor)
    with pytest.raises(PermissionDenied):
        writes.change_stage(session, other.id, "effective", on=dt.date(2023, 9, 1), actor=editor)
    with pytest.raises(PermissionDenied):
        writes.delete_example(session, other.id, editor)
    session.rollback()
    with pytest.raises(PermissionDenied):  # nor move their own record into another unit
        writes.update_example(session, mine.id, ModelExampleUpdate(version=mine.version, unit="380"), editor)
    session.rollback()
    writes.update_example(session, mine.id, ModelExampleUpdate(version=mine.version, results="tốt"), editor)
    session.commit()


def test_demo_accounts_one_per_role_and_only_from_seed(session):
    created = accounts.seed_demo_accounts(session)
    assert len(created) == len(accounts.DEMO_ACCOUNTS)
    session.commit()
    assert accounts.seed_demo_accounts(session) == []
    roles = {u.role for u in session.exec(select(UserAccount)).all()}
    assert roles == set(accounts.ROLES)
    session.commit()  # end the read transaction: in-memory SQLite shares one connection
    for name, _role, password in created:
        assert signin.sign_in(session.get_bind(), name, password, client=name).ok


def test_audit_rows_for_every_kind_of_change(session):
    from registry.importing import plan as import_plan

    example = make_example(session)
    writes.update_example(
        session, example.id, ModelExampleUpdate(version=1, results="tốt"), permissions.Actor("a", "editor")
    )
    writes.change_stage(
        session, example.id, "effective", on=dt.date(2023, 9, 1), actor=permissions.Actor("b", "editor")
    )
    writes.delete_example(session, example.id, permissions.Actor("c", "editor"))
    writes.restore_example(session, example.id, permissions.Actor("d", "admin"))
    session.commit()
    rows = session.exec(
        select(AuditLog)
        .where(AuditLog.entity_id == example.id, AuditLog.entity == "model_example")
        .order_by(AuditLog.id)
    ).all()
    assert [(r.action, r.user) for r in rows] == [
        ("create", "system"),
        ("update", "a"),
        ("stage", "b"),
        ("delete", "c"),
        ("restore", "d"),
    ]
    assert rows[0].before is None and json.loads(rows[0].after)["title"] == "Tuyến phố văn minh"
    assert json.loads(rows[1].before)["results"] == "" and json.loads(rows[1].after)["results"] == "tốt"
    assert (json.loads(rows[2].before)["stage"], json.loads(rows[2].after)["stage"]) == ("registered", "effective")
    assert json.loads(rows[3].after)["deleted"] is True and json.loads(rows[4].after)["deleted"] is False
    session.commit()  # end the read transaction: in-memory SQLite shares one connection
    engine = session.get_bind()
    data = (
        "Loại,Tên,Đơn vị,Lĩnh vực,Khối,Ngày đăng ký\nMô hình,Nhập tệp,Nga Sơn,Kinh tế,Khối Đảng,01/02/2023\n".encode()
    )
    import_plan.run_import(engine, data, "tep.csv", permissions.Actor("e", "editor"))
    session.expire_all()
    imported = session.exec(select(AuditLog).where(AuditLog.action == "import")).one()
    assert imported.user == "e" and imported.note == "tep.csv" and json.loads(imported.after)["created"] == 1
