"""Surveys as validated data: the model (`model`), the loader (`loading`) and the readability check
(`readability`). The survey files live here too: `*.yml`, the answer scales in `_scales.yml`, and every released
version in `archive/`.

May import: `bot.settings`, `bot.vocabulary`.
"""
