"""Speech, symbols and pictures: which words may be spoken and in which voice (`speech`), making the audio with
gTTS or, when Google's speech fails, espeak-ng (`tts`, `espeak`, `mp3`) and ahead of time (`building`); the symbol
images from OpenMoji (`symbols`, mapped by the top-level `media` package's symbols.yml); and a question drawn as
one picture card for Telegram (`cards`, its lettering in `card_text`, who asked for pictures in `pictures`); a
spoken answer handed over by a channel (`spoken_answers`).

May import: `bot.settings`, `bot.pseudonym`, `bot.translation`, `bot.catalogs` (only the wordings the catalogs hold
can be spoken), `bot.store` (the registry of spoken texts, which engine made each clip, who wants pictures, spoken
answers on their way in).
"""
