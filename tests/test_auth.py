"""Access control: salted hashes, users from PA_USERS / PA_USERS_FILE, roles, the bind check, the CLI."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import PROJECT_DIR, Settings
from ui.auth import (
    OPEN,
    Access,
    AuthError,
    access_for,
    add_user,
    hash_password,
    is_loopback,
    load_users,
    verify_password,
)


def test_hash_is_salted_and_verifies() -> None:
    one, two = hash_password("s3cret"), hash_password("s3cret")
    assert one != two and one.startswith("scrypt$16384$8$1$")  # a fresh salt each time
    assert verify_password("s3cret", one) and verify_password("s3cret", two)
    assert not verify_password("s3cret ", one) and not verify_password("", one)
    assert not verify_password("s3cret", "scrypt$garbage") and not verify_password("s3cret", "plain")


def test_users_from_env_and_file_with_roles(tmp_path: Path) -> None:
    users_file = tmp_path / "users.txt"
    add_user(users_file, "carol", "reader", "carol-pw")
    settings = Settings(users="alice:admin:alice-pw, bob:reader:bob-pw", users_file=users_file)
    access = Access(load_users(settings))
    assert access.login and set(access.users) == {"alice", "bob", "carol"}
    assert access.check("alice", "alice-pw") and not access.check("alice", "bob-pw")
    assert access.check("carol", "carol-pw") and not access.check("nobody", "x")
    assert (access.role("alice"), access.role("bob"), access.role("carol")) == ("admin", "reader", "reader")
    assert access.role(None) is None and access.role("mallory") is None  # login on: unknown = no role
    assert OPEN.role(None) == "admin"  # no login (loopback): the local user is admin
    assert "alice-pw" not in repr(access.users)  # plain env passwords are hashed on load


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("alice:owner:pw", "role 'owner'"),
        ("alice:admin", "expected 'name:role:secret'"),
        ("alice:admin:plain-password", "no scrypt hash"),  # files hold hashes only
    ],
)
def test_bad_users_file_entry_names_file_and_line(tmp_path: Path, entry: str, message: str) -> None:
    users_file = tmp_path / "users.txt"
    users_file.write_text(f"# team\n{entry}\n", encoding="utf-8")
    with pytest.raises(AuthError, match=message) as info:
        load_users(Settings(users_file=users_file))
    assert f"{users_file}:2" in str(info.value)


def test_non_loopback_needs_users_or_explicit_opt_out(tmp_path: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.2") and not is_loopback("example.org")
    assert not access_for(Settings(host="127.0.0.1")).login
    with pytest.raises(AuthError) as info:
        access_for(Settings(host="0.0.0.0"))
    assert "python -m ui.auth add" in str(info.value) and "--insecure-no-auth" in str(info.value)
    assert not access_for(Settings(host="0.0.0.0", insecure_no_auth=True)).login
    assert access_for(Settings(host="0.0.0.0", users="a:admin:pw")).login


def run(
    args: list[str], stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in the project; the caller's PA_USERS* settings are not inherited."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PA_USERS", "PA_INSECURE"))}
    return subprocess.run(
        [sys.executable, *args], input=stdin, capture_output=True, text=True, cwd=PROJECT_DIR,
        env={**base, **(env or {})}, timeout=300,
    )  # fmt: skip


def test_cli_add_writes_a_private_hash_and_replaces(tmp_path: Path) -> None:
    users_file = tmp_path / "users.txt"
    done = run(["-m", "ui.auth", "add", "alice", "--role", "reader", "--file", str(users_file),
                "--password-stdin"], "first-pw\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "alice (reader) written" in done.stdout
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    assert "first-pw" not in users_file.read_text()
    # Again, by PA_USERS_FILE: same user, new role and password; one line stays.
    done = run(["-m", "ui.auth", "add", "alice", "--role", "admin", "--password-stdin"], "second-pw\n",
               {"PA_USERS_FILE": str(users_file)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    access = Access(load_users(Settings(users_file=users_file)))
    assert len(users_file.read_text().splitlines()) == 1
    assert access.role("alice") == "admin"
    assert access.check("alice", "second-pw") and not access.check("alice", "first-pw")
    refused = run(["-m", "ui.auth", "add", "a:b", "--role", "admin", "--file", str(users_file),
                   "--password-stdin"], "pw\n")  # fmt: skip
    assert refused.returncode == 1 and "user name" in refused.stderr


def test_app_refuses_to_serve_a_shared_address_without_users(tmp_path: Path) -> None:
    done = run(["app.py", "--host", "0.0.0.0", "--store", str(tmp_path / "store")])
    assert done.returncode == 2
    assert "Refusing to serve 0.0.0.0 without a login" in done.stderr
    assert "python -m ui.auth add" in done.stderr and "--insecure-no-auth" in done.stderr
    assert not (tmp_path / "store").exists()  # refused before anything was opened


def test_insecure_no_auth_flag_lets_the_app_start_on_a_shared_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app

    class Started(Exception):
        pass

    def past_the_check(settings: Settings) -> None:  # stands in for opening the LLM and the store
        raise Started(settings.host, settings.insecure_no_auth)

    for key in ("PA_USERS", "PA_USERS_FILE", "PA_INSECURE_NO_AUTH"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(app, "local_llm", past_the_check)
    with pytest.raises(Started) as info:
        app.main(["--host", "0.0.0.0", "--insecure-no-auth", "--store", str(tmp_path / "s")])
    assert info.value.args == ("0.0.0.0", True)
    with pytest.raises(SystemExit) as refused:
        app.main(["--host", "0.0.0.0", "--store", str(tmp_path / "s")])
    assert refused.value.code == 2
