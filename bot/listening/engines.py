"""The recogniser for each language, made from SAYIT_SPEECH_ENGINES (`bot.settings.speech_engines`): pocketsphinx
by name, or a class a council provides, named `module:Class`, that implements `Recogniser`."""

from __future__ import annotations

import importlib
import threading

from bot.listening.heard import Recogniser
from bot.settings import EngineSetting, SettingsError, speech_engines

_made: dict[tuple[str, str, tuple[tuple[str, str], ...]], Recogniser] = {}
_making = threading.Lock()


def configured_languages() -> frozenset[str]:
    return frozenset(speech_engines())


def make(setting: EngineSetting) -> Recogniser:
    """The recogniser a setting names, made with its options; SettingsError, saying what to fix, if it cannot be."""
    where = f"SAYIT_SPEECH_ENGINES's {setting.lang}={setting.engine}"
    if setting.engine == "pocketsphinx":
        from bot.listening.pocketsphinx_engine import PocketSphinx

        maker: object = PocketSphinx
        options = {"lang": setting.lang, **setting.options}  # its safeguarding phrases and meanings are that language's
    else:
        options = dict(setting.options)
        module_name, _, class_name = setting.engine.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise SettingsError(f"{where}: cannot import {module_name} ({exc}); install it, or fix the name") from exc
        maker = getattr(module, class_name, None)
        if not isinstance(maker, type):
            raise SettingsError(f"{where}: {module_name} has no class {class_name}")
    try:
        recogniser = maker(**options)  # type: ignore[operator]
    except TypeError as exc:
        raise SettingsError(f"{where}: its options {sorted(options)} do not suit it ({exc})") from exc
    if not isinstance(recogniser, Recogniser):
        raise SettingsError(f"{where}: it has no recognise(pcm16k, phrases) method returning Heard")
    return recogniser


def engine_for(lang: str) -> Recogniser | None:
    """The language's recogniser, made once and kept, or None if no engine serves it."""
    setting = speech_engines().get(lang)
    if setting is None:
        return None
    key = (setting.lang, setting.engine, tuple(sorted(setting.options.items())))
    with _making:
        if key not in _made:
            _made[key] = make(setting)
        return _made[key]


def check_engines() -> None:
    """Make every configured recogniser now, so a bad setting stops start-up with its message rather than the
    first voice answer."""
    for lang in speech_engines():
        engine_for(lang)
