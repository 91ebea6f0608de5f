"""Speech and symbols: which words may be spoken and in which voice (`speech`), making the audio with gTTS or,
when Google's speech fails, espeak-ng (`tts`, `espeak`, `mp3`), and the symbol images (`symbols`).

May import: `bot.settings`, `bot.translation`, `bot.catalogs` (only the wordings the catalogs hold can be spoken),
`bot.store` (the registry of spoken texts, and which engine made each clip).
"""
