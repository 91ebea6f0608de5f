"""The database: the SQLAlchemy schema (`schema`), the store that commits each turn at once (`survey_store`), the
answers read out for exports and reports (`export_reads`), a respondent's rights over what is held (`privacy`:
subject access, erasure, retention), the store key's rotation (`rekeying`), and Alembic migrations (`migrations/`,
run by `upgrade`), where Rasa's Redis tracker store keeps a conversation, for erasure (`rasa_trackers`), and the
webhook inbox (`inbox`), where a text waits with its number sealed (`sealed`) until its reply is sent. A
respondent is a keyed hash of channel and sender id (`bot.pseudonym`), so no phone number or chat id is ever
stored in the clear.

May import: `bot.settings`, `bot.vocabulary`.
"""
