"""Advocates' accounts (bot/accounts/accounts.py, `sayit advocates`): Argon2id hashes, no default account, the
same refusal whatever was wrong, and five wrong passwords locking an account for 15 minutes, in the database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.accounts.staff_accounts import MAX_FAILURES, AccountError, AdvocateAccounts
from bot.store.schema import advocates
from bot.store.survey_store import SurveyStore, now

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def accounts(store):
    return AdvocateAccounts(store.engine)


def test_there_is_no_account_until_the_administrator_makes_one(accounts):
    assert accounts.list() == []
    assert accounts.sign_in("admin", "admin") is None
    assert accounts.sign_in("advocate", PASSWORD) is None


def test_a_password_is_kept_as_an_argon2id_hash_and_signs_in(accounts, store):
    made = accounts.add("J.Smith", PASSWORD)
    assert made.username == "j.smith"
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(advocates.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.sign_in("j.smith", PASSWORD) == made.id
    assert accounts.sign_in(" J.SMITH ", PASSWORD) == made.id  # the name as typed on a phone
    assert accounts.sign_in("j.smith", PASSWORD.upper()) is None


def test_names_and_passwords_are_checked_kindly(accounts):
    with pytest.raises(AccountError, match="12 characters or more"):
        accounts.add("j.smith", "short")
    with pytest.raises(AccountError, match="letters, digits"):
        accounts.add("j smith; drop", PASSWORD)
    accounts.add("j.smith", PASSWORD)
    with pytest.raises(AccountError, match="already an advocate called j.smith"):
        accounts.add("J.Smith", PASSWORD + "!")
    with pytest.raises(AccountError, match="sayit advocates list"):
        accounts.disable("nobody")


def test_five_wrong_passwords_lock_the_account_even_across_a_restart(accounts, db_url):
    made = accounts.add("j.smith", PASSWORD)
    for _ in range(MAX_FAILURES - 1):
        assert accounts.sign_in("j.smith", "wrong password!!") is None
    assert accounts.find("j.smith").failed_sign_ins == MAX_FAILURES - 1
    assert accounts.sign_in("j.smith", "wrong password!!") is None
    locked = accounts.find("j.smith")
    assert locked.locked_until is not None and locked.locked_until - now() > timedelta(minutes=14)
    assert accounts.sign_in("j.smith", PASSWORD) is None  # the right password too, while locked
    # a new process, over the same database: still locked
    again = SurveyStore.open(db_url)
    try:
        restarted = AdvocateAccounts(again.engine)
        assert restarted.sign_in("j.smith", PASSWORD) is None
        # fifteen minutes on (the lock's time moved back in the database itself), the right password works
        with again.engine.begin() as conn:
            conn.execute(advocates.update().values(locked_until=now() - timedelta(seconds=1)))
        assert restarted.sign_in("j.smith", PASSWORD) == made.id
        assert restarted.find("j.smith").failed_sign_ins == 0
    finally:
        again.close()


def test_a_correct_sign_in_clears_the_count_and_a_reset_lifts_a_lock(accounts):
    accounts.add("j.smith", PASSWORD)
    accounts.sign_in("j.smith", "wrong password!!")
    assert accounts.sign_in("j.smith", PASSWORD) is not None
    assert accounts.find("j.smith").failed_sign_ins == 0
    for _ in range(MAX_FAILURES):
        accounts.sign_in("j.smith", "wrong password!!")
    accounts.reset_password("j.smith", "a brand new passphrase")
    assert accounts.sign_in("j.smith", PASSWORD) is None
    assert accounts.sign_in("j.smith", "a brand new passphrase") is not None


def test_a_disabled_account_cannot_sign_in_or_act(accounts):
    made = accounts.add("j.smith", PASSWORD)
    assert accounts.may_act(made.id)
    accounts.disable("j.smith")
    assert accounts.sign_in("j.smith", PASSWORD) is None
    assert not accounts.may_act(made.id)
    assert not accounts.may_act(made.id + 1000)  # no such account


def test_an_unknown_name_takes_the_work_a_known_one_does(accounts):
    """No quick answer for a name that does not exist: it is checked against a real hash too (skipping it would
    make an unknown name answer hundreds of times faster than a wrong password)."""
    accounts.add("j.smith", PASSWORD)

    def fastest(name: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            assert accounts.sign_in(name, "wrong password!!") is None
            times.append(time.perf_counter() - started)
        return min(times)

    assert fastest("nobody.here") > fastest("j.smith") / 3
    accounts.reset_password("j.smith", PASSWORD)  # the wrong tries above must not lock later tests' account


def sayit(*args, db, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot.cli", "advocates", *args], capture_output=True, text=True,
                          cwd=ROOT, stdin=stdin, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), SAYIT_DB_URL=db))


def test_the_command_makes_lists_disables_and_resets(tmp_path):
    db = f"sqlite:///{tmp_path / 'sayit.db'}"
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n")
    made = sayit("add", "j.smith", "--password-file", str(secret), db=db)
    assert made.returncode == 0, made.stderr
    assert PASSWORD not in made.stdout + made.stderr
    listed = sayit("list", db=db)
    assert listed.stdout.startswith("1\tj.smith\tactive")
    short = tmp_path / "short.txt"
    short.write_text("tiny\n")
    refused = sayit("reset-password", "j.smith", "--password-file", str(short), db=db)
    assert refused.returncode == 2 and "12 characters or more" in refused.stderr
    # no terminal and no file: it says how to give the password, rather than reading it from anywhere else
    no_tty = sayit("add", "a.jones", db=db, stdin=subprocess.DEVNULL)
    assert no_tty.returncode == 2 and "--password-file" in no_tty.stderr
    assert sayit("disable", "j.smith", db=db).returncode == 0
    assert "disabled" in sayit("list", db=db).stdout
    store = SurveyStore.open(db)
    try:
        assert AdvocateAccounts(store.engine).sign_in("j.smith", PASSWORD) is None
    finally:
        store.close()
