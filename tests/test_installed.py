"""SayIt works installed, not only from its checkout: a wheel built from the project holds the survey files, their
archived versions, the word lists, the compiled catalogs and the symbol map, and finds them from the package
wherever it is."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import sys
from pathlib import Path
site = sys.argv[1]
sys.path.insert(0, site)
import bot, locales, media
from bot.media.symbols import MAPPING
from bot.surveys.loading import load_surveys, load_versions
from bot.translation.speaker import Speaker
from bot.understanding.reading import code_reply
for module in (bot, locales, media):
    assert Path(module.__file__).is_relative_to(site), module.__file__
assert MAPPING.is_file() and "face-happy:" in MAPPING.read_text()  # the symbol map travels with the package
surveys, versions = load_surveys(), load_versions()
assert len(surveys) == 4 and len(versions) >= 4
assert code_reply("tak, zawsze", "pl").value == 5
polish = Speaker("pl").say(surveys["bromley_outcomes"].for_role("parent_carer")[0].plain)
assert polish != surveys["bromley_outcomes"].for_role("parent_carer")[0].plain
print("ok", polish)
"""


def test_a_wheel_of_sayit_finds_its_data_from_the_package(tmp_path):
    source = tmp_path / "src"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in tracked.splitlines() + [str(p.relative_to(ROOT)) for p in ROOT.glob("locales/*/LC_MESSAGES/*.mo")]:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path / "wheel"), str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "wheel").glob("sayit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for wanted in ("bot/surveys/bromley_outcomes.yml", "bot/surveys/archive/bromley_outcomes.v1.yml",
                   "bot/understanding/word_lists/pl.yml", "locales/pl/LC_MESSAGES/sayit.mo",
                   "locales/pl/style.yml", "bot/store/migrations/versions/0001_initial.py",
                   "channels/static/webchat.html", "channels/static/webchat.js", "media/symbols.yml",
                   "rasa_extensions/server.py"):
        assert wanted in names, wanted
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ran = subprocess.run([sys.executable, "-c", CHECK, str(site)], cwd=elsewhere, capture_output=True, text=True,
                         timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert ran.returncode == 0 and ran.stdout.startswith("ok"), ran.stderr[-2000:]
