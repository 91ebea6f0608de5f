"""Named accounts of the people who sign in to SayIt's staff pages: advocates (the web chat's advocate view) and
analysts (the analysts' page). Made, listed, disabled and given a new password by the council's administrator
(`sayit advocates`, `sayit analysts`), and checked at each sign-in. There is no default account.

A sign-in is refused in the same words, after the same work, whether the name is unknown, the password wrong, the
account disabled or locked: a guesser learns nothing about which names exist. Five wrong passwords in a row lock
the account for fifteen minutes, counted in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Engine

from bot.store.schema import advocates, analysts
from bot.store.survey_store import make_engine, now

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256  # far beyond any real password; keeps one sign-in's hashing bounded
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


AccountsT = TypeVar("AccountsT", bound="Accounts")


class AccountError(ValueError):
    """What the administrator asked cannot be done; the message says what to do instead. Nothing changed."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    created_at: datetime
    disabled_at: datetime | None
    failed_sign_ins: int
    locked_until: datetime | None
    last_sign_in_at: datetime | None


def username_of(given: str, noun: str = "account") -> str:
    """A name as it is kept: lower case, so "J.Smith" and "j.smith" are one account."""
    name = (given or "").strip().lower()
    if not USERNAME.match(name):
        raise AccountError(f"An {noun}'s name is 2-64 letters, digits, '.', '_' or '-', starting with a letter or "
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


class Accounts:
    """The accounts kept in one table (advocates or analysts): `noun` and `command` are for its messages."""

    table: sa.Table
    noun = "account"
    command = "accounts"

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None):
        self.engine = engine
        self.hasher = hasher or PasswordHasher()
        # hashed once, so an unknown name costs a sign-in the same verification a known one does
        self._decoy = self.hasher.hash("no account has this password")

    @classmethod
    def open(cls: type[AccountsT], url: str) -> AccountsT:
        """Over the store's database, without migrating it (the action server brings the schema up to date)."""
        return cls(make_engine(url))

    # ---- the administrator's ----------------------------------------------------------------
    def add(self, username: str, password: str) -> Account:
        name = username_of(username, self.noun)
        check_password(password)
        stamp = now()
        with self.engine.begin() as conn:
            if conn.execute(sa.select(self.table.c.id).where(self.table.c.username == name)).first() is not None:
                raise AccountError(f"There is already an {self.noun} called {name}: choose another name, or "
                                   f"`sayit {self.command} reset-password {name}` to give them a new password.")
            conn.execute(self.table.insert().values(username=name, password_hash=self.hasher.hash(password),
                                                   created_at=stamp, password_set_at=stamp))
        return self.find(name)

    def list(self) -> list[Account]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(self.table).order_by(self.table.c.username)).mappings().all()
        return [_account(row) for row in rows]

    def find(self, username: str) -> Account:
        name = username_of(username, self.noun)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(self.table).where(self.table.c.username == name)).mappings().first()
        if row is None:
            raise AccountError(f"There is no {self.noun} called {name}: `sayit {self.command} list` shows them all.")
        return _account(row)

    def disable(self, username: str) -> Account:
        """The account can no longer sign in, and its signed-in pages stop working at their next answer. Its
        sessions keep saying who started them."""
        found = self.find(username)
        with self.engine.begin() as conn:
            conn.execute(self.table.update().where(self.table.c.id == found.id, self.table.c.disabled_at.is_(None))
                         .values(disabled_at=now()))
        return self.find(username)

    def reset_password(self, username: str, password: str) -> Account:
        """A new password, which also lifts a lock (an administrator has spoken to its owner)."""
        found = self.find(username)
        check_password(password)
        with self.engine.begin() as conn:
            conn.execute(self.table.update().where(self.table.c.id == found.id).values(
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
            row = conn.execute(sa.select(self.table).where(self.table.c.username == name)).mappings().first() \
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
            conn.execute(self.table.update().where(self.table.c.id == row["id"]).values(**changes))
        return int(row["id"])

    def may_act(self, account_id: int) -> bool:
        """Whether a signed-in account still may: not disabled since it signed in."""
        return self.active_name(account_id) is not None

    def active_name(self, account_id: int) -> str | None:
        """A signed-in account's name, while it may still act (None once it is disabled, or if it never was)."""
        query = sa.select(self.table.c.username).where(self.table.c.id == account_id,
                                                       self.table.c.disabled_at.is_(None))
        with self.engine.connect() as conn:
            found = conn.execute(query).first()
        return None if found is None else str(found[0])

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _failed(self, account_id: int) -> None:
        """One more wrong password, counted in the database itself (two at once both count); the fifth locks."""
        with self.engine.begin() as conn:
            conn.execute(self.table.update().where(self.table.c.id == account_id)
                         .values(failed_sign_ins=self.table.c.failed_sign_ins + 1))
            conn.execute(self.table.update()
                         .where(self.table.c.id == account_id, self.table.c.failed_sign_ins >= MAX_FAILURES)
                         .values(failed_sign_ins=0, locked_until=now() + LOCK_FOR))


def _account(row: sa.engine.RowMapping) -> Account:
    return Account(id=int(row["id"]), username=row["username"], created_at=_aware(row["created_at"]),  # type: ignore[arg-type]
                    disabled_at=_aware(row["disabled_at"]), failed_sign_ins=int(row["failed_sign_ins"]),
                    locked_until=_aware(row["locked_until"]), last_sign_in_at=_aware(row["last_sign_in_at"]))


class AdvocateAccounts(Accounts):
    """Advocates, who sit with a young person as they answer (the web chat's advocate view)."""

    table, noun, command = advocates, "advocate", "advocates"


class AnalystAccounts(Accounts):
    """Analysts, who read the termly report and download exports from the analysts' page."""

    table, noun, command = analysts, "analyst", "analysts"
