"""The accounts of the reporting units in one step: names and units in, one-time passwords out,
a new password required at the first sign-in; all rows or none."""

import pytest

from registry.errors import PermissionDenied, ValidationFailed
from registry.permissions import SYSTEM, Actor
from registry.staff import accounts


def test_accounts_with_one_time_passwords_and_a_new_password_at_first_sign_in(session):
    created = accounts.create_accounts(
        session, [("xa-ham-rong", "Phường Hàm Rồng"), ("hoi-phu-nu", "Hội LHPN tỉnh")], actor=SYSTEM
    )
    assert [(name, code) for name, code, _ in created] == [("xa-ham-rong", "14758"), ("hoi-phu-nu", "B03")]
    name, _, password = created[0]
    user = accounts.get_user(session, name)
    assert user.role == "editor" and user.must_change_password
    assert accounts.verify_password(user.password_hash, password) and password not in user.password_hash
    accounts.reset_password(session, name, "mat-khau-cua-toi-1", actor=Actor(name, "editor", user.unit_id))
    assert not accounts.get_user(session, name).must_change_password


def test_all_rows_or_none(session):
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_accounts(session, [("a-1", "400"), ("a-1", "401"), ("a-2", "Huyện Không Có")], actor=SYSTEM)
    messages = exc.value.message("vi")
    assert "Dòng 2" in messages and "Dòng 3" in messages
    assert accounts.get_user(session, "a-1") is None
    with pytest.raises(PermissionDenied):
        accounts.create_accounts(session, [("a-3", "400")], actor=Actor("bt", "editor"))
