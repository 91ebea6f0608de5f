"""SayIt's core: everything the bot knows and does, as plain Python that any channel can use.

It never imports Rasa, rasa_sdk, `actions`, `channels` or `rasa_extensions` (tests/test_architecture.py checks),
and a channel's own library (python-telegram-bot, twilio) only where a room's docstring says so. The rooms, each
a sub-package whose docstring says what lives there and what it may import, from the ground up:

- `settings`, `vocabulary`, `pseudonym`: every setting read from the environment; the words the rooms share
  (statuses, controls, roles, kinds of question, ways of answering), defined once; and the keyed hash that stands
  in for a phone number or chat id, which the channels use before Rasa sees an id.
- `surveys`: the survey model, its loader and the readability check; the survey files live there too.
- `understanding`: reading a reply (normalising, word lists, the coder, safeguarding) and measuring it.
- `translation`: the bot's messages and saying them in a language, to a reader, through a medium.
- `catalogs`: tooling for the translation catalogs (extract, compile, check, sheets, house style).
- `media`: speech and symbols.
- `store`: the database (schema, migrations).
- `alerts`: telling the safeguarding lead.
- `dialogue`: the conversation itself, and the structured messages it sends.
- `rendering`: how each channel shows a structured message (SMS text, Telegram keyboards).
- `reports`: exports, indicators, invitations.
- `running`, `fakes`, `cli`: starting the servers and benchmarking them, local fakes of outside services, and
  the `sayit` command line.
"""
