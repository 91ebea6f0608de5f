"""The store's tables. Changes to them go through a migration in `bot/store/migrations/versions/`.

No person is stored by name, phone number or chat id: a respondent is a keyed hash (see bot/pseudonym.py).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

respondents = sa.Table(
    "respondents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # which store key made `key` (bot/store/rekeying.py): NULL for none (before the first `sayit rekey`), a
    # key's fingerprint, or "anonymised" once `sayit rekey --finish` replaced it with a random value
    sa.Column("key_id", sa.String(16)),
    # whether they chose to have each question as a picture card too (Telegram's /pictures)
    sa.Column("pictures", sa.Boolean, nullable=False, server_default=sa.false()),
)

def account_columns() -> list[sa.Column]:
    """A staff account's columns, the same for advocates and analysts (bot/accounts). Failed sign-ins and the lock
    they lead to are kept here, so a restart does not give a guesser fresh tries."""
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        # Argon2id, with its parameters and salt, as argon2-cffi's PasswordHasher writes it
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True)),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True)),
    ]


# The accounts of advocates who sit with a young person as they answer (`sayit advocates`), and of analysts who
# read the termly report and download exports from the analysts' page (`sayit analysts`); and every download an
# analyst makes: who, what and when, never the data.
advocates = sa.Table("advocates", metadata, *account_columns())
analysts = sa.Table("analysts", metadata, *account_columns())

downloads = sa.Table(
    "downloads",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("analyst_id", sa.Integer, sa.ForeignKey("analysts.id", name="fk_downloads_analyst"), nullable=False),
    sa.Column("what", sa.String(20), nullable=False),  # report, or an export format (csv, xlsx, ...)
    sa.Column("survey", sa.String(100), nullable=False),
    sa.Column("term", sa.String(20), nullable=False),
    sa.Column("rows", sa.Integer),  # an export's answer rows
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("respondent_id", sa.Integer, sa.ForeignKey("respondents.id"), nullable=False, index=True),
    sa.Column("survey", sa.String(100), nullable=False),
    sa.Column("survey_version", sa.Integer, nullable=False),
    # who is answering: young_person, parent_carer or advocate (helping a young person)
    sa.Column("role", sa.String(20)),
    sa.Column("language", sa.String(10), nullable=False),
    # the young person's age in years, asked only when the survey has questions from an age; None if not given
    sa.Column("age", sa.Integer),
    sa.Column("channel", sa.String(30), nullable=False),
    # choosing_language, choosing_role, asking_age, active, checking_in (after a worrying reply), confirming_voice
    # (a spoken answer, or a typed reply guessed at: the name is older than the guesses), paused, finished, stopped,
    # or removed (answers deleted on request)
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("current_question", sa.String(100)),
    # while choosing a language: the status to go back to once chosen (the person may switch at any point)
    sa.Column("returning_to", sa.String(20)),
    sa.Column("unclear_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    # the version of the privacy notice shown at the start (bot/dialogue/privacy_notice.py), and when
    sa.Column("notice_version", sa.Integer),
    sa.Column("notice_shown_at", sa.DateTime(timezone=True)),
    # while confirming a spoken answer the recogniser was unsure of: that answer, as JSON, until yes or no
    sa.Column("pending_answer", sa.Text),
    # the advocate who started the session with the young person (bot/accounts), if one did
    sa.Column("advocate_id", sa.Integer, sa.ForeignKey("advocates.id", name="fk_sessions_advocate")),
    # a family's key, from the council's invitation (a keyed hash of its family reference: bot/pseudonym.py), and
    # when this person agreed to their answers being put beside their family's; the key is dropped on a no
    sa.Column("family_key", sa.String(32), index=True),
    sa.Column("family_consent_at", sa.DateTime(timezone=True)),
    # when the young person last asked the advocate to step back (answers since are unassisted), and when they
    # last asked them back; stepped_back_at is cleared when they come back
    sa.Column("stepped_back_at", sa.DateTime(timezone=True)),
    sa.Column("asked_back_at", sa.DateTime(timezone=True)),
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("question_id", sa.String(100), nullable=False),
    sa.Column("area", sa.String(100), nullable=False),
    sa.Column("raw_reply", sa.Text, nullable=False),
    # typed, button or voice
    sa.Column("given_via", sa.String(10), nullable=False),
    # answered, skipped or dont_know
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("value", sa.Integer),
    # the language the question was asked and answered in (a person may switch language mid-survey)
    sa.Column("language", sa.String(10), nullable=False),
    sa.Column("concern", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("survey_version", sa.Integer, nullable=False),
    # how many times the person went back and changed this answer
    sa.Column("times_changed", sa.Integer, nullable=False, server_default="0"),
    # a spoken answer: what the recogniser heard, and how sure it was (0 to 1); empty for typed and tapped ones
    sa.Column("transcript", sa.Text),
    sa.Column("confidence", sa.Float),
    # in a session with an advocate: chose_themselves, used_aid, interpreted or unassisted (bot.vocabulary's
    # Assistance), and the advocate's short observation (normalised, at most 500 characters)
    sa.Column("assistance", sa.String(20)),
    sa.Column("observation", sa.Text),
    sa.UniqueConstraint("session_id", "question_id", name="uq_responses_session_question"),
)

# Each incoming message that changed something, so that a message delivered twice is acted on once.
handled_messages = sa.Table(
    "handled_messages",
    metadata,
    sa.Column("message_key", sa.String(128), primary_key=True),
    sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
)

concerns = sa.Table(
    "concerns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("question_id", sa.String(100)),
    sa.Column("raw_reply", sa.Text, nullable=False),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True)),
    # when the configured webhook accepted the alert (never the words themselves: see bot/alerts/notifier.py)
    sa.Column("notified_at", sa.DateTime(timezone=True)),
    # the safeguarding lead who reviewed it
    sa.Column("reviewed_by", sa.String(100)),
)

# The spoken texts the audio address may name (bot/media/speech.py): the bot's own words only, never a person's.
# A catalog wording is known without a row; a message in several parts, or a wording with numbers or the
# deployment's settings filled in, gets a row (pace "normal", no engine yet) when the action server builds it.
# Each clip made gets a row for its pace saying which engine made it, so a maintainer can list them.
clips = sa.Table(
    "clips",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    # normal or slow
    sa.Column("pace", sa.String(10), primary_key=True),
    sa.Column("lang", sa.String(10), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    # a message spoken in several parts: its parts' clip ids, in order, one space between (their audio, joined)
    sa.Column("parts", sa.Text),
    # gtts, espeak-ng, or both joined with "+" for a message whose parts came from each; NULL until made
    sa.Column("engine", sa.String(40)),
    sa.Column("named_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("made_at", sa.DateTime(timezone=True)),
)

# A spoken answer on its way from a channel to the conversation: the channel keeps the audio here and names it in
# the message, the conversation hears it and deletes it at once, unless the deployment keeps voice for a set time
# (SAYIT_KEEP_VOICE_DAYS), when the session it was heard in is written beside it so erasure finds it.
voice_clips = sa.Table(
    "voice_clips",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("audio", sa.LargeBinary, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("heard_at", sa.DateTime(timezone=True)),
    sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), index=True),
)

# A text or a Telegram update on its way from a webhook to the conversation (bot/store/inbox.py): the webhook keeps
# it here and answers at once, and a worker in a Rasa server takes each sender's oldest in turn. `sealed` holds the
# number or chat id to answer and the words, sealed (bot/store/sealed.py); the row goes once the reply is sent.
inbox = sa.Table(
    "inbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("message_key", sa.String(80), nullable=False, unique=True),
    sa.Column("sender", sa.String(64), nullable=False, index=True),
    sa.Column("sealed", sa.LargeBinary, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
    sa.Column("claimed_until", sa.DateTime(timezone=True)),
)
