"""Accounts: hashing, roles enforced in the service layer for every action, lockout, tokens, audit."""
import datetime as dt
import json

import pytest
from sqlmodel import Session, select

from registry import auth, services
from registry.db import write_session
from registry.errors import NotFound, PermissionDenied, ValidationFailed
from registry.models import AuditLog, ModelExampleUpdate, UserAccount, utcnow
from tests.factories import example_input, make_example

PASSWORD = "mat-khau-dai-2024"


def add(session, name="cb", role="editor", unit=None, password=PASSWORD):
    user = auth.create_user(session, name, password, role, unit)
    session.commit()
    return user


def test_password_is_hashed_with_argon2_and_never_stored_or_audited_in_clear(session):
    user = add(session)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    auth.reset_password(session, "cb", "mot-mat-khau-khac")
    session.commit()
    for row in session.exec(select(AuditLog)).all():
        dumped = json.dumps([row.before, row.after, row.note])
        assert PASSWORD not in dumped and "mot-mat-khau-khac" not in dumped and "argon2" not in dumped
    assert auth.verify_password(user.password_hash, "mot-mat-khau-khac")
    assert not auth.verify_password(user.password_hash, PASSWORD)


def test_account_validation_messages(session):
    add(session)
    with pytest.raises(ValidationFailed) as exc:
        auth.create_user(session, " cb ", "ngan", "boss")
    keys = {p.key for p in exc.value.problems}
    assert keys == {"auth.name_taken", "auth.bad_role", "auth.password_short"}
    with pytest.raises(ValidationFailed) as exc:
        auth.create_user(session, "", PASSWORD, "viewer", unit="Huyện Không Có")
    assert {p.key for p in exc.value.problems} == {"auth.name_empty"}
    with pytest.raises(ValidationFailed) as exc:
        auth.create_user(session, "x", PASSWORD, "editor", unit="Huyện Không Có")
    assert exc.value.problems[0].key == "error.unknown_unit"
    with pytest.raises(NotFound):
        auth.reset_password(session, "nobody", PASSWORD)


def test_editor_limited_to_unit_gets_the_unit_in_the_actor(session):
    add(session, "hauloc", "editor", unit="H. Hậu Lộc")
    result = auth.sign_in(session, "hauloc", PASSWORD)
    assert result.ok and result.actor.role == "editor" and result.actor.unit_id is not None
    assert services.References(session).units.by_id[result.actor.unit_id].code == "400"


def test_lockout_after_five_failures_for_fifteen_minutes(session):
    add(session)
    now = utcnow()
    for _ in range(4):
        assert auth.sign_in(session, "cb", "sai", now).key == "auth.bad_credentials"
    locked = auth.sign_in(session, "cb", "sai", now)
    assert locked.key == "auth.locked" and locked.params == {"minutes": 15}
    session.commit()
    # even the right password is refused while locked
    assert auth.sign_in(session, "cb", PASSWORD, now + dt.timedelta(minutes=14)).key == "auth.locked"
    ok = auth.sign_in(session, "cb", PASSWORD, now + dt.timedelta(minutes=15, seconds=1))
    assert ok.ok and ok.actor.name == "cb"
    session.commit()
    user = auth.get_user(session, "cb")
    assert user.failed_attempts == 0 and user.locked_until is None
    assert session.exec(select(AuditLog).where(AuditLog.action == "user_locked")).first() is not None


def test_lockout_survives_a_new_session(db):
    with write_session(db) as s:
        add(s)
    for _ in range(5):
        with write_session(db) as s:
            auth.sign_in(s, "cb", "sai")
    with Session(db) as s:
        assert auth.sign_in(s, "cb", PASSWORD).key == "auth.locked"


def test_unknown_user_and_disabled_user(session):
    assert auth.sign_in(session, "ghost", "x").key == "auth.bad_credentials"
    add(session)
    auth.set_disabled(session, "cb", True)
    session.commit()
    assert auth.sign_in(session, "cb", PASSWORD).key == "auth.disabled"


def test_token_survives_reload_but_not_sign_out_reset_disable_or_tampering(session, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "test-key")
    user = add(session)
    token = auth.make_token(user)
    assert PASSWORD not in token and "editor" not in token
    assert auth.actor_from_token(session, token) == services.Actor("cb", "editor", None)
    assert auth.actor_from_token(session, token[:-2] + "xx") is None
    assert auth.actor_from_token(session, token, key="another-key") is None
    assert auth.actor_from_token(session, token, max_age=-1) is None
    auth.sign_out(session, "cb")
    session.commit()
    assert auth.actor_from_token(session, token) is None
    token = auth.make_token(auth.get_user(session, "cb"))
    auth.reset_password(session, "cb", "mat-khau-moi-123")
    session.commit()
    assert auth.actor_from_token(session, token) is None
    token = auth.make_token(auth.get_user(session, "cb"))
    auth.set_disabled(session, "cb")
    session.commit()
    assert auth.actor_from_token(session, token) is None


def test_role_changes_apply_to_existing_tokens(session, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "test-key")
    user = add(session, role="viewer")
    token = auth.make_token(user)
    auth.set_role(session, "cb", "admin")
    session.commit()
    assert auth.actor_from_token(session, token).role == "admin"


def test_secret_key_file_is_made_once_and_shared(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = auth.secret_key(tmp_path)
    assert len(first) > 40 and auth.secret_key(tmp_path) == first
    assert (tmp_path / ".secret_key").stat().st_mode & 0o077 == 0
    assert list(tmp_path.iterdir()) == [tmp_path / ".secret_key"]
    monkeypatch.setenv("SECRET_KEY", "from-setting")
    assert auth.secret_key(tmp_path) == "from-setting"


def test_only_admins_manage_accounts(session):
    for role in ("viewer", "editor", "reporter"):
        actor = services.Actor("x", role)
        with pytest.raises(PermissionDenied):
            auth.create_user(session, "n", PASSWORD, "viewer", actor=actor)
        with pytest.raises(PermissionDenied):
            auth.set_disabled(session, "n", actor=actor)
        with pytest.raises(PermissionDenied):
            auth.reset_password(session, "someone", PASSWORD, actor=actor)
    auth.create_user(session, "n", PASSWORD, "viewer", actor=services.Actor("boss", "admin"))


# --------------------------------------------------------------------------- every action, every role
ACTIONS = ("create", "update", "stage", "delete", "restore", "import")


def _attempt(session, action: str, actor: services.Actor, example_id: int, deleted_id: int):
    if action == "create":
        services.create_example(session, example_input(title="Mới"), actor)
    elif action == "update":
        version = services.get_live(session, example_id).version
        services.update_example(session, example_id, ModelExampleUpdate(version=version, results="x"), actor)
    elif action == "stage":
        services.change_stage(session, example_id, "effective", on=dt.date(2023, 9, 1), actor=actor)
    elif action == "delete":
        services.delete_example(session, example_id, actor)
    elif action == "restore":
        services.restore_example(session, deleted_id, actor)
    elif action == "import":
        from registry import importing
        importing.check(session, "Loại,Tên,Đơn vị,Lĩnh vực,Khối,Ngày đăng ký\n".encode(), "a.csv", actor)


@pytest.mark.parametrize("role", ["viewer", "reporter", "editor", "admin", "stranger"])
def test_roles_are_enforced_in_the_service_layer_for_every_action(session, role):
    example = make_example(session)
    gone = make_example(session, title="Đã xóa")
    services.delete_example(session, gone.id)
    session.commit()
    actor = services.Actor("u", role)
    for action in ACTIONS:
        allowed = action in services.ROLE_ACTIONS.get(role, set())
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
    refs = services.References(session)
    hau_loc = refs.units.resolve("400").id
    other = make_example(session, unit="380")
    mine = make_example(session, unit="400", title="Của Hậu Lộc")
    editor = services.Actor("hl", "editor", hau_loc)
    with pytest.raises(PermissionDenied):
        services.create_example(session, example_input(unit="380", title="x"), editor)
    with pytest.raises(PermissionDenied):
        services.update_example(session, other.id, ModelExampleUpdate(version=other.version, results="x"), editor)
    with pytest.raises(PermissionDenied):
        services.change_stage(session, other.id, "effective", on=dt.date(2023, 9, 1), actor=editor)
    with pytest.raises(PermissionDenied):
        services.delete_example(session, other.id, editor)
    session.rollback()
    with pytest.raises(PermissionDenied):  # nor move their own record into another unit
        services.update_example(session, mine.id, ModelExampleUpdate(version=mine.version, unit="380"), editor)
    session.rollback()
    services.update_example(session, mine.id, ModelExampleUpdate(version=mine.version, results="tốt"), editor)
    session.commit()


def test_demo_accounts_one_per_role_and_only_from_seed(session):
    assert auth.seed_demo_accounts(session) == len(auth.DEMO_ACCOUNTS)
    session.commit()
    assert auth.seed_demo_accounts(session) == 0
    roles = {u.role for u in session.exec(select(UserAccount)).all()}
    assert roles == set(auth.ROLES)
    for name, _role, password in auth.DEMO_ACCOUNTS:
        assert auth.sign_in(session, name, password).ok


def test_audit_rows_for_every_kind_of_change(session):
    from registry import importing
    example = make_example(session)
    services.update_example(session, example.id, ModelExampleUpdate(version=1, results="tốt"), services.Actor("a", "editor"))
    services.change_stage(session, example.id, "effective", on=dt.date(2023, 9, 1), actor=services.Actor("b", "editor"))
    services.delete_example(session, example.id, services.Actor("c", "editor"))
    services.restore_example(session, example.id, services.Actor("d", "admin"))
    session.commit()
    rows = session.exec(select(AuditLog).where(AuditLog.entity_id == example.id, AuditLog.entity == "model_example")
                        .order_by(AuditLog.id)).all()
    assert [(r.action, r.user) for r in rows] == [("create", "system"), ("update", "a"), ("stage", "b"), ("delete", "c"),
                                                   ("restore", "d")]
    assert rows[0].before is None and json.loads(rows[0].after)["title"] == "Tuyến phố văn minh"
    assert json.loads(rows[1].before)["results"] == "" and json.loads(rows[1].after)["results"] == "tốt"
    assert (json.loads(rows[2].before)["stage"], json.loads(rows[2].after)["stage"]) == ("registered", "effective")
    assert json.loads(rows[3].after)["deleted"] is True and json.loads(rows[4].after)["deleted"] is False
    session.commit()  # end the read transaction: in-memory SQLite shares one connection
    engine = session.get_bind()
    data = "Loại,Tên,Đơn vị,Lĩnh vực,Khối,Ngày đăng ký\nMô hình,Nhập tệp,Nga Sơn,Kinh tế,Khối Đảng,01/02/2023\n".encode()
    importing.run_import(engine, data, "tep.csv", services.Actor("e", "editor"))
    session.expire_all()
    imported = session.exec(select(AuditLog).where(AuditLog.action == "import")).one()
    assert imported.user == "e" and imported.note == "tep.csv" and json.loads(imported.after)["created"] == 1
