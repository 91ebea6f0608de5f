"""Rotating the key respondents are stored under (`sayit rekey`; docs/decisions/0007-pseudonym-key-rotation.md).

What the conversation hands the store is a pseudonym, HMAC(SAYIT_PSEUDONYM_KEY, channel and sender id), and it
is the same on every message. The store keeps HMAC(SAYIT_STORE_KEY, pseudonym) instead, so rotating the store's
key needs no raw id: a respondent still stored under the previous key is found by it at their next message and
moved to the current key in the same transaction (`rekey_on_contact`), and whoever has not come back when the
rotation is finished is given a random key (`anonymise_earlier_keys`), after which the previous key can be
destroyed. Before any rotation there is no store key, and a respondent is stored under the pseudonym itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.settings import StoreKeys, store_keys
from bot.store.schema import respondents

# respondents.key_id: the store key a respondent's key was made with (its fingerprint), NULL for no store key
# (before the first rotation), or ANONYMISED once `sayit rekey --finish` gave it a random value
ANONYMISED = "anonymised"


def fingerprint(secret: bytes) -> str:
    """Which key made a stored key, without saying anything about the key itself."""
    return hmac.new(secret, b"sayit store key id", hashlib.sha256).hexdigest()[:16]


def stored_under(secret: bytes | None, pseudonym: str) -> str:
    return pseudonym if secret is None else hmac.new(secret, pseudonym.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class KeyRing:
    """The store key in use and those a respondent may still be stored under during a rotation."""

    keys: StoreKeys

    @classmethod
    def from_settings(cls) -> KeyRing:
        return cls(store_keys())

    @property
    def current_id(self) -> str | None:
        return fingerprint(self.keys.current) if self.keys.current else None

    def current(self, pseudonym: str) -> str:
        return stored_under(self.keys.current, pseudonym)

    def earlier(self, pseudonym: str) -> list[str]:
        """The keys this pseudonym may still be stored under: the previous store key's, and, until every
        respondent from before the first rotation is rekeyed or anonymised, the pseudonym itself."""
        if self.keys.current is None:
            return []
        found = [stored_under(self.keys.previous, pseudonym)] if self.keys.previous else []
        return found + [pseudonym]

    def all(self, pseudonym: str) -> list[str]:
        return [self.current(pseudonym), *self.earlier(pseudonym)]


def rekey_on_contact(conn: Connection, ring: KeyRing, pseudonym: str) -> int | None:
    """The respondent stored under an earlier key, moved to the current one in the caller's transaction."""
    for earlier in ring.earlier(pseudonym):
        found = conn.execute(sa.select(respondents.c.id).where(respondents.c.key == earlier)).scalar()
        if found is not None:
            conn.execute(respondents.update().where(respondents.c.id == found)
                         .values(key=ring.current(pseudonym), key_id=ring.current_id))
            return int(found)
    return None


def key_counts(engine: Engine, ring: KeyRing) -> dict[str, int]:
    """How many respondents are stored under the current key, under an earlier one, and anonymised."""
    query = sa.select(respondents.c.key_id, sa.func.count()).group_by(respondents.c.key_id)
    counts = {"current": 0, "earlier": 0, "anonymised": 0}
    with engine.connect() as conn:
        for key_id, count in conn.execute(query):
            made = ("current" if key_id == ring.current_id else
                    "anonymised" if key_id == ANONYMISED else "earlier")
            counts[made] += int(count)
    return counts


def anonymise_earlier_keys(engine: Engine, ring: KeyRing, progress: Callable[[int, int], Any],
                           batch: int = 500) -> int:
    """Give every respondent still stored under an earlier key a random one: nobody can be linked to them
    again, so the earlier key can be destroyed. Returns how many."""
    earlier = sa.and_(respondents.c.key_id.is_distinct_from(ring.current_id),
                      respondents.c.key_id.is_distinct_from(ANONYMISED))
    with engine.connect() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(respondents).where(earlier)).scalar_one())
    done = 0
    while done < total:
        with engine.begin() as conn:
            ids = list(conn.execute(sa.select(respondents.c.id).where(earlier).limit(batch)).scalars())
            if not ids:
                break
            for respondent_id in ids:
                conn.execute(respondents.update().where(respondents.c.id == respondent_id)
                             .values(key=secrets.token_hex(32), key_id=ANONYMISED))
        done += len(ids)
        progress(done, total)
    return done
