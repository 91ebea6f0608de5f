"""Local fakes of the outside services, on loopback, for the tests and the offline demo: Google's speech
endpoint (`google_tts`), Telegram's Bot API (`telegram_api`) and Twilio (`twilio_api`), on a common base
(`loopback`). Each models the real service from its documentation, not from SayIt's code.

May import: `bot.settings`, and twilio (to sign texts as Twilio does).
"""
