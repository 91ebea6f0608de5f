"""The rules of the house (docs/architecture.md): what each room of bot/ may import, read from the "May import:"
paragraph of its own docstring, so the docstring a newcomer reads is the rule CI keeps; bot/ never imports Rasa or
the adapters; a channel never touches the store; and no module grows past 400 lines."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
ADAPTERS = {"rasa", "rasa_sdk", "actions", "channels", "rasa_extensions"}
CHANNEL_SDKS = {"telegram": "python-telegram-bot", "twilio": "twilio"}
TOP_LEVEL = {"__init__.py", "settings.py", "vocabulary.py", "pseudonym.py"}
ROOMS = sorted(p.parent.name for p in BOT.glob("*/__init__.py"))


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def room_of(module: str) -> str | None:
    """"bot.translation.speaker" -> "translation"; "bot.settings" -> "settings"."""
    parts = module.split(".")
    return parts[1] if parts[0] == "bot" and len(parts) > 1 else None


def may_import(room: str) -> tuple[set[str], set[str], bool]:
    """(rooms, outside packages, any room) a room's docstring allows."""
    doc = ast.get_docstring(ast.parse((BOT / room / "__init__.py").read_text(encoding="utf-8"))) or ""
    found = re.search(r"May import:(.*)", doc, re.S)
    assert found, f"bot/{room}/__init__.py: say what it may import in a 'May import:' paragraph"
    said = found.group(1)
    named = set(re.findall(r"`([\w.]+)`", said))
    rooms = {room_of(n) for n in named if room_of(n)}
    outside = {n for n in named if not n.startswith("bot")} | {sdk for sdk, name in CHANNEL_SDKS.items()
                                                                 if name in said}
    return {r for r in rooms if r}, outside, "any room of `bot`" in said


def test_bot_holds_rooms_and_a_handful_of_modules():
    assert {p.name for p in BOT.glob("*.py")} <= TOP_LEVEL
    assert len(ROOMS) >= 10


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_imports_only_what_its_docstring_allows(room):
    rooms, outside, anything = may_import(room)
    for path in (BOT / room).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for module in imports(path):
            top = module.split(".")[0]
            where = path.relative_to(ROOT)
            assert top not in ADAPTERS, f"{where} imports {module}: bot/ never imports Rasa or the adapters"
            if top in CHANNEL_SDKS:
                assert top in outside, f"{path.relative_to(ROOT)} imports {module}, which bot/{room} may not"
            if top == "locales":
                assert "locales" in outside, f"{path.relative_to(ROOT)} imports the catalogs package"
            other = room_of(module)
            if other and other != room and other not in ("settings", "vocabulary", "pseudonym") and not anything:
                assert other in rooms, (f"{path.relative_to(ROOT)} imports {module}, but bot/{room}'s docstring "
                                        f"allows only {sorted(rooms)}")


def test_the_top_level_modules_import_no_room():
    for name in TOP_LEVEL - {"__init__.py"}:
        assert not {room_of(m) for m in imports(BOT / name)} - {None, "settings", "vocabulary"}, name


def test_channels_render_from_the_core_and_never_touch_the_store():
    for path in (ROOT / "channels").rglob("*.py"):
        found = imports(path)
        assert not [m for m in found if m.startswith("bot.store")], f"{path.name} imports the store"
        assert not [m for m in found if m.startswith("bot.understanding")], f"{path.name} reads replies itself"


def test_rasa_extensions_are_not_channels_and_channels_are_only_channels():
    assert not (ROOT / "channels" / "recent_tracker_store.py").exists()
    endpoints = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
    assert "type: rasa_extensions.recent_tracker_store.RecentTrackerStore" in endpoints
    for path in (ROOT / "channels").glob("*.py"):
        assert "rasa_extensions" not in "".join(imports(path)), path.name


@pytest.mark.parametrize("folder", ["bot", "actions", "channels", "rasa_extensions"])
def test_no_module_is_over_400_lines(folder):
    for path in (ROOT / folder).rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines: split it by concern"


def test_the_conversation_is_in_pieces_none_over_300_lines():
    for path in (BOT / "dialogue").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 300, path.name


def test_every_environment_read_is_in_the_settings_module():
    for folder in ("bot", "actions", "channels", "rasa_extensions"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == BOT / "settings.py":
                continue
            text = path.read_text(encoding="utf-8")
            assert "os.environ" not in text and "getenv(" not in text, f"{path.relative_to(ROOT)} reads the environment"
