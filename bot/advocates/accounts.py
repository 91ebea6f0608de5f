"""Advocates' accounts: made, listed, disabled and given a new password by the council's administrator
(`sayit advocates`), and checked when an advocate signs in to the web chat.

A sign-in is refused in the same words, after the same work, whether the name is unknown, the password wrong, the
account disabled or locked: a guesser learns nothing about which names exist. Five wrong passwords in a row lock
the account for fifteen minutes, counted in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Engine

from bot.store.schema import advocates
from bot.store.survey_store import make_engine, now

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256  # far beyond any real password; keeps one sign-in's hashing bounded
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AccountError(ValueError):
    """What the administrator asked cannot be done; the message says what to do instead. Nothing changed."""


@dataclass(frozen=True)
class Advocate:
    id: int
    username: str
    created_at: datetime
    disabled_at: datetime | None
    failed_sign_ins: int
    locked_until: datetime | None
    last_sign_in_at: datetime | None


def username_of(given: str) -> str:
    """A name as it is kept: lower case, so "J.Smith" and "j.smith" are one account."""
    name = (given or "").strip().lower()
    if not USERNAME.match(name):
        raise AccountError("An advocate's name is 2-64 letters, digits, '.', '_' or '-', starting with a letter or "
                           "digit (for example j.smith).")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"That password is too short: use {MIN_PASSWORD_CHARS} characters or more (a few "
                           "unrelated words are easy to remember and hard to guess).")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"That password is longer than {MAX_PASSWORD_CHARS} characters; choose a shorter one.")


def _aware(stamp: datetime | None) -> datetime | None:
    """SQLite gives back times without their zone; every time here was written in UTC."""
    return stamp.replace(tzinfo=now().tzinfo) if stamp is not None and stamp.tzinfo is None else stamp


class AdvocateAccounts:
    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None):
        self.engine = engine
        self.hasher = hasher or PasswordHasher()
        # hashed once, so an unknown name costs a sign-in the same verification a known one does
        self._decoy = self.hasher.hash("no account has this password")

    @classmethod
    def open(cls, url: str) -> AdvocateAccounts:
        """Over the store's database, without migrating it (the action server brings the schema up to date)."""
        return cls(make_engine(url))

    # ---- the administrator's ----------------------------------------------------------------
    def add(self, username: str, password: str) -> Advocate:
        name = username_of(username)
        check_password(password)
        stamp = now()
        with self.engine.begin() as conn:
            if conn.execute(sa.select(advocates.c.id).where(advocates.c.username == name)).first() is not None:
                raise AccountError(f"There is already an advocate called {name}: choose another name, or "
                                   f"`sayit advocates reset-password {name}` to give them a new password.")
            conn.execute(advocates.insert().values(username=name, password_hash=self.hasher.hash(password),
                                                   created_at=stamp, password_set_at=stamp))
        return self.find(name)

    def list(self) -> list[Advocate]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(advocates).order_by(advocates.c.username)).mappings().all()
        return [_advocate(row) for row in rows]

    def find(self, username: str) -> Advocate:
        name = username_of(username)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(advocates).where(advocates.c.username == name)).mappings().first()
        if row is None:
            raise AccountError(f"There is no advocate called {name}: `sayit advocates list` shows them all.")
        return _advocate(row)

    def disable(self, username: str) -> Advocate:
        """The account can no longer sign in, and its signed-in pages stop working at their next answer. Its
        sessions keep saying who started them."""
        found = self.find(username)
        with self.engine.begin() as conn:
            conn.execute(advocates.update().where(advocates.c.id == found.id, advocates.c.disabled_at.is_(None))
                         .values(disabled_at=now()))
        return self.find(username)

    def reset_password(self, username: str, password: str) -> Advocate:
        """A new password, which also lifts a lock (an administrator has spoken to the advocate)."""
        found = self.find(username)
        check_password(password)
        with self.engine.begin() as conn:
            conn.execute(advocates.update().where(advocates.c.id == found.id).values(
                password_hash=self.hasher.hash(password), password_set_at=now(), failed_sign_ins=0,
                locked_until=None))
        return self.find(username)

    # ---- signing in ---------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> int | None:
        """The account's id if this name and password may sign in now, else None (the page says so in the same
        words whatever was wrong: bot.translation.messages' adv_refused)."""
        try:
            name = username_of(username)
        except AccountError:
            name = ""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(advocates).where(advocates.c.username == name)).mappings().first() \
                if name else None
        if row is None or row["disabled_at"] is not None or len(password) > MAX_PASSWORD_CHARS:
            self._verify(self._decoy, password[:MAX_PASSWORD_CHARS])
            return None
        locked_until = _aware(row["locked_until"])
        if locked_until is not None and locked_until > now():
            self._verify(self._decoy, password)  # a locked account's password is not even tried
            return None
        if not self._verify(row["password_hash"], password):
            self._failed(row["id"])
            return None
        changes: dict = {"failed_sign_ins": 0, "locked_until": None, "last_sign_in_at": now()}
        if self.hasher.check_needs_rehash(row["password_hash"]):  # the library's parameters have grown since
            changes["password_hash"] = self.hasher.hash(password)
        with self.engine.begin() as conn:
            conn.execute(advocates.update().where(advocates.c.id == row["id"]).values(**changes))
        return int(row["id"])

    def may_act(self, advocate_id: int) -> bool:
        """Whether a signed-in advocate still may: not disabled since they signed in."""
        with self.engine.connect() as conn:
            disabled = conn.execute(sa.select(advocates.c.disabled_at).where(advocates.c.id == advocate_id)).first()
        return disabled is not None and disabled[0] is None

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _failed(self, advocate_id: int) -> None:
        """One more wrong password, counted in the database itself (two at once both count); the fifth locks."""
        with self.engine.begin() as conn:
            conn.execute(advocates.update().where(advocates.c.id == advocate_id)
                         .values(failed_sign_ins=advocates.c.failed_sign_ins + 1))
            conn.execute(advocates.update()
                         .where(advocates.c.id == advocate_id, advocates.c.failed_sign_ins >= MAX_FAILURES)
                         .values(failed_sign_ins=0, locked_until=now() + LOCK_FOR))


def _advocate(row: sa.engine.RowMapping) -> Advocate:
    return Advocate(id=int(row["id"]), username=row["username"], created_at=_aware(row["created_at"]),  # type: ignore[arg-type]
                    disabled_at=_aware(row["disabled_at"]), failed_sign_ins=int(row["failed_sign_ins"]),
                    locked_until=_aware(row["locked_until"]), last_sign_in_at=_aware(row["last_sign_in_at"]))
