"""Who may use the web app, and as what: users, salted password hashes, roles, the bind check.

Users come from ``PA_USERS`` (comma- or newline-separated ``name:role:secret``) and
``PA_USERS_FILE`` (one ``name:role:secret`` line each; ``#`` starts a comment).
``secret`` is ``scrypt$n$r$p$salt$hash`` (base64) as written by
``python -m ui.auth add NAME --role admin|reader [--file FILE]``, or, in ``PA_USERS``
only, a plain password. Roles: ``reader`` asks; ``admin`` also adds and removes papers.

Password hashing is the standard library's :func:`hashlib.scrypt` (RFC 7914) with
n=2**14, r=8, p=1, the parameters OWASP's Password Storage Cheat Sheet lists for scrypt,
and a 16-byte random salt per user.

With no user configured the app has no login, and every visitor acts as admin: that is
only allowed on a loopback address, or with the explicit ``--insecure-no-auth``.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import gradio as gr

from assistant.settings import Settings

Role = Literal["admin", "reader"]
ROLES: tuple[Role, ...] = ("admin", "reader")
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthError(ValueError):
    """A user entry or an access setting is wrong; the message names where and how to fix it."""


def hash_password(password: str, salt: bytes | None = None, **params: int) -> str:
    """``scrypt$n$r$p$salt$hash`` for ``password`` (salt and hash base64, hash 32 bytes)."""
    cost = SCRYPT | params
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, maxmem=64 * 2**20, **cost)
    b64 = base64.b64encode
    return f"scrypt${cost['n']}${cost['r']}${cost['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (a :func:`hash_password` string); constant-time compare."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hash_password(password, base64.b64decode(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(base64.b64decode(got.rsplit("$", 1)[1]), expected)


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role
    secret: str  # a hash_password() string


def parse_user(entry: str, where: str, plain_ok: bool) -> User:
    """One ``name:role:secret`` entry; ``where`` names it in errors (``FILE:LINE`` or ``PA_USERS``).

    Raises:
        AuthError: a missing field, an unknown role, or a plain password where only hashes may be.
    """
    name, _, rest = entry.strip().partition(":")
    role, _, secret = rest.partition(":")
    if not name or not secret:
        raise AuthError(f"{where}: expected 'name:role:secret', got {entry.strip()[:40]!r}")
    if role not in ROLES:
        raise AuthError(f"{where}: user {name!r} has role {role!r}; use one of {', '.join(ROLES)}")
    if not secret.startswith("scrypt$"):
        if not plain_ok:
            raise AuthError(
                f"{where}: user {name!r} has no scrypt hash; write it with `python -m ui.auth add`"
            )
        secret = hash_password(secret)
    return User(name, role, secret)  # type: ignore[arg-type]


def read_users_file(path: Path) -> list[tuple[int, str]]:
    """``(line number, entry)`` of every non-blank, non-comment line of ``path``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AuthError(f"PA_USERS_FILE={path}: {exc.strerror or exc}") from exc
    return [
        (i, line) for i, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")
    ]


def load_users(settings: Settings) -> dict[str, User]:
    """Every configured user by name (``PA_USERS`` first, then ``PA_USERS_FILE``; a later entry wins).

    Raises:
        AuthError: an entry is malformed, or the file cannot be read.
    """
    users: dict[str, User] = {}
    if settings.users:
        entries = [e for e in settings.users.replace("\n", ",").split(",") if e.strip()]
        for i, entry in enumerate(entries, 1):
            user = parse_user(entry, f"PA_USERS entry {i}", plain_ok=True)
            users[user.name] = user
    if settings.users_file:
        for line_no, entry in read_users_file(settings.users_file):
            user = parse_user(entry, f"{settings.users_file}:{line_no}", plain_ok=False)
            users[user.name] = user
    return users


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; False for anything else (0.0.0.0 included)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


@dataclass(frozen=True)
class Access:
    """Who may do what. ``users`` empty: no login, every visitor is admin (loopback or opted out)."""

    users: dict[str, User]

    @property
    def login(self) -> bool:
        return bool(self.users)

    def check(self, username: str, password: str) -> bool:
        """Gradio's ``auth`` callable: True when the name and password match a user."""
        user = self.users.get(username)
        return user is not None and verify_password(password, user.secret)

    def role(self, username: str | None) -> Role | None:
        """The role of a request's user; None when the login is on and the user is unknown."""
        if not self.login:
            return "admin"
        user = self.users.get(username or "")
        return user.role if user else None

    def role_of(self, request: gr.Request | None) -> Role | None:
        """The role of the user behind a Gradio request (``request.username``, set by the login)."""
        return self.role(getattr(request, "username", None) if request is not None else None)

    def is_admin(self, request: gr.Request | None) -> bool:
        return self.role_of(request) == "admin"


OPEN = Access(users={})  # no login: loopback apps and tests


def access_for(settings: Settings) -> Access:
    """The access policy to launch with, or :class:`AuthError` saying how to make it safe.

    Raises:
        AuthError: the app would bind beyond loopback with no user and no explicit opt-out,
            or a user entry is malformed.
    """
    access = Access(users=load_users(settings))
    if access.login or is_loopback(settings.host) or settings.insecure_no_auth:
        return access
    raise AuthError(
        f"Refusing to serve {settings.host} without a login: anyone who reaches the port could "
        "read the collection and add or remove papers.\n"
        "  Add users:  python -m ui.auth add alice --role admin --file users.txt\n"
        "              then PA_USERS_FILE=users.txt python app.py --host ...\n"
        "  or:         PA_USERS='alice:admin:PASSWORD,bob:reader:PASSWORD' python app.py --host ...\n"
        "  Opt out:    python app.py --host ... --insecure-no-auth  (everyone is admin)\n"
        "  Or bind to 127.0.0.1 (the default)."
    )


def add_user(path: Path, name: str, role: Role, password: str) -> None:
    """Write (or replace) ``name`` in the users file ``path`` with a fresh salted hash; mode 0600."""
    if not name or ":" in name or "," in name or name != name.strip():
        raise AuthError(f"user name {name!r}: use letters, digits, '.', '_' or '-' (no ':' or ',')")
    if not password:
        raise AuthError("empty password")
    kept = (
        [line for _, line in read_users_file(path) if line.partition(":")[0].strip() != name]
        if path.exists()
        else []
    )
    kept.append(f"{name}:{role}:{hash_password(password)}")
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(kept) + "\n")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.auth", description="Manage the web app's users.")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add a user, or set a user's role and password")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True, help="admin: add/remove papers; reader: ask")
    add.add_argument("--file", type=Path, help="users file (default: PA_USERS_FILE)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin (scripts)")
    args = parser.parse_args(argv)
    path = args.file or Settings().users_file
    if path is None:
        parser.error("name the users file with --file or PA_USERS_FILE")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ; nothing written.", file=sys.stderr)
            return 1
    try:
        add_user(path, args.name, args.role, password)
    except AuthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.name} ({args.role}) written to {path}. Start the app with PA_USERS_FILE={path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
