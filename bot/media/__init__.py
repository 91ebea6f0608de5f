"""Speech and symbols: which words may be spoken and in which voice (`speech`), making the audio with gTTS
(`tts`), and the symbol images (`symbols`).

May import: `bot.settings`, `bot.translation`, `bot.catalogs` (only the wordings the catalogs hold can be spoken).
"""
