"""Loading surveys: the files in `bot/surveys/` (and their archived versions) read and checked into the model.

A broken survey file is refused whole, with an error that names the file, the question and the problem,
so an author can fix it without reading this code.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import council_survey_dir
from bot.surveys.model import KINDS, ROLES, Area, Choice, Indicator, Question, Survey, SurveyError

SURVEY_DIR = Path(__file__).parent  # the survey files live beside their loader
SCALES_FILE = SURVEY_DIR / "_scales.yml"
# Every released version of every survey, as `<id>.v<version>.yml`. A session runs to the end on the version it
# started with, and its answers are read against that version, so changing a live survey rewrites nothing.
ARCHIVE_DIR = SURVEY_DIR / "archive"

# The four national Preparing for Adulthood outcomes: answers from different councils meet on these.
PFA_OUTCOMES = ("employment", "independent_living", "friends_relationships_community", "good_health")
MEASURES = ("percent_positive", "count_positive", "free_text_themes")
QUESTION_ID = re.compile(r"^[a-z0-9_]{1,36}$")
TEXT_FIELDS = ("id", "role", "area", "kind", "seed", "plain", "easy_read", "help", "summary", "symbol")
LIST_FIELDS = ("pfa", "indicators")
OPTIONAL_FIELDS = ("min_age",)
QUESTION_FIELDS = TEXT_FIELDS + LIST_FIELDS + OPTIONAL_FIELDS


# libyaml's loader where PyYAML was built with it (its wheels are): the same safe subset, ten times faster, and
# every command that reads the surveys waits on them
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise SurveyError(path, f"is not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise SurveyError(path, "must be a YAML mapping with id, version, areas and questions")
    return data


def load_scales(path: Path = SCALES_FILE) -> dict[str, tuple[Choice, ...]]:
    data = _read_yaml(path)
    scales = {}
    for name, rows in data.items():
        values = [row.get("value") for row in rows]
        if values != list(range(1, len(values) + 1)):
            raise SurveyError(path, f"scale '{name}' must number its choices 1, 2, 3 ... in order")
        for row in rows:
            missing = [k for k in ("label", "symbol", "emoji") if not row.get(k)]
            if missing:
                raise SurveyError(path, f"scale '{name}' choice {row['value']} has no {', '.join(missing)}")
        scales[name] = tuple(Choice(r["value"], r["label"], r["symbol"], r["emoji"]) for r in rows)
    return scales


def _question(path: Path, raw: object, area_ids: set[str], indicators: dict[str, Indicator],
              index: int) -> Question:
    if not isinstance(raw, dict):
        raise SurveyError(path, f"question number {index + 1} must be a mapping")
    qid = raw.get("id")
    if not qid or not isinstance(qid, str):
        raise SurveyError(path, f"question number {index + 1} has no id")
    if not QUESTION_ID.match(qid):
        raise SurveyError(path, "a question id must be at most 36 lower-case letters, digits or _ (a Telegram button "
                          "carries at most 64 bytes, and the id travels in every answer button)", qid)
    missing = [f for f in TEXT_FIELDS if not isinstance(raw.get(f), str) or not raw[f].strip()]
    missing += [f for f in LIST_FIELDS if not isinstance(raw.get(f), list) or not raw[f]]
    if missing:
        raise SurveyError(path, f"is missing {', '.join(missing)}", qid)
    unknown = sorted(map(str, set(raw) - set(QUESTION_FIELDS)))  # a key may be a number (YAML reads "1:" as one)
    if unknown:
        raise SurveyError(path, f"has unknown field(s) {', '.join(unknown)}", qid)
    if raw["role"] not in ROLES:
        raise SurveyError(path, f"role '{raw['role']}' is not one of {', '.join(ROLES)}", qid)
    if raw["kind"] not in KINDS:
        raise SurveyError(path, f"kind '{raw['kind']}' is not one of {', '.join(KINDS)}", qid)
    if raw["area"] not in area_ids:
        raise SurveyError(path, f"area '{raw['area']}' is not one of the survey's areas", qid)
    unknown_pfa = [p for p in raw["pfa"] if p not in PFA_OUTCOMES]
    if unknown_pfa:
        raise SurveyError(path, f"pfa {', '.join(map(str, unknown_pfa))} is not one of {', '.join(PFA_OUTCOMES)}", qid)
    unknown_indicators = [i for i in raw["indicators"] if not isinstance(i, str) or i not in indicators]
    if unknown_indicators:
        raise SurveyError(path, f"indicator(s) {', '.join(map(str, unknown_indicators))} are not defined", qid)
    min_age = raw.get("min_age")
    if min_age is not None and (type(min_age) is not int or not 0 < min_age < 26):  # YAML's `true` is no age
        raise SurveyError(path, "min_age must be a whole number of years between 1 and 25", qid)
    return Question(**{f: raw[f].strip() for f in TEXT_FIELDS}, pfa=tuple(raw["pfa"]),
                    indicators=tuple(raw["indicators"]), min_age=min_age)


def _indicators(path: Path, rows: object, area_ids: set[str]) -> dict[str, Indicator]:
    if not isinstance(rows, list) or not rows:
        raise SurveyError(path, "has no indicators: list the framework's measures that answers feed")
    found: dict[str, Indicator] = {}
    for raw in rows:
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "area", "text", "measure")):
            raise SurveyError(path, "every indicator needs an id, an area, a text and a measure")
        if raw["area"] not in area_ids:
            raise SurveyError(path, f"indicator '{raw['id']}' names area '{raw['area']}', which is not defined")
        if raw["measure"] not in MEASURES:
            raise SurveyError(path, f"indicator '{raw['id']}' measure must be one of {', '.join(MEASURES)}")
        if raw["id"] in found:
            raise SurveyError(path, f"indicator id '{raw['id']}' is used twice")
        found[raw["id"]] = Indicator(raw["id"], raw["area"], raw["text"], raw["measure"])
    return found


def load_survey(path: Path | str) -> Survey:
    """Read and validate one survey file; raise SurveyError naming the file and question on any fault."""
    path = Path(path)
    data = _read_yaml(path)
    for key in ("id", "framework", "title", "version", "scale", "areas", "indicators", "questions"):
        if key not in data:
            raise SurveyError(path, f"has no '{key}'")
    for key in ("id", "framework", "title"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise SurveyError(path, f"'{key}' must be some words")
    if type(data["version"]) is not int or data["version"] < 1:
        raise SurveyError(path, "version must be a whole number, 1 or more")
    scales = load_scales()
    if not isinstance(data["scale"], str) or data["scale"] not in scales:
        raise SurveyError(path, f"scale '{data['scale']}' is not defined in {SCALES_FILE.name}")
    if not isinstance(data["areas"], list):
        raise SurveyError(path, "areas must be a list of the outcome areas its questions measure")
    areas = []
    for raw in data["areas"]:
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) and raw[k].strip() for k in ("id", "name")):
            raise SurveyError(path, "every area needs an id and a name")
        areas.append(Area(raw["id"], raw["name"]))
    area_ids = {a.id for a in areas}
    if len(area_ids) != len(areas):
        raise SurveyError(path, "two areas share an id")
    if not isinstance(data["questions"], list) or not data["questions"]:
        raise SurveyError(path, "has no questions")
    indicators = _indicators(path, data["indicators"], area_ids)
    questions = [_question(path, raw, area_ids, indicators, i) for i, raw in enumerate(data["questions"])]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise SurveyError(path, "this id is used twice; every question needs its own id", q.id)
        seen.add(q.id)
    unused = area_ids - {q.area for q in questions}
    if unused:
        raise SurveyError(path, f"area(s) {', '.join(sorted(unused))} have no question")
    unfed = set(indicators) - {i for q in questions for i in q.indicators}
    if unfed:
        raise SurveyError(path, f"indicator(s) {', '.join(sorted(unfed))} are fed by no question")
    return Survey(
        id=data["id"],
        framework=data["framework"],
        title=data["title"],
        version=data["version"],
        scale=scales[data["scale"]],
        areas=tuple(areas),
        indicators=tuple(indicators.values()),
        questions=tuple(questions),
    )


def load_versions(directory: Path = ARCHIVE_DIR) -> dict[tuple[str, int], Survey]:
    """Every released survey version, by (id, version)."""
    versions: dict[tuple[str, int], Survey] = {}
    for path in sorted(directory.glob("*.v*.yml")):
        survey = load_survey(path)
        if path.name != f"{survey.id}.v{survey.version}.yml":
            raise SurveyError(path, f"an archived survey's file must be named {survey.id}.v{survey.version}.yml")
        versions[(survey.id, survey.version)] = survey
    return versions


def every_version(current: dict[str, Survey]) -> dict[tuple[str, int], Survey]:
    """Every version an answer may have been given to: the released ones and `current` (`load_surveys()`), by
    (id, version), so each answer is read against its own."""
    return {**load_versions(), **{(s.id, s.version): s for s in current.values()}}


def load_surveys(directory: Path = SURVEY_DIR) -> dict[str, Survey]:
    """Every survey in `directory`, by id, and beside the shipped ones a council's own (SAYIT_SURVEY_DIR). Files
    starting with '_' hold shared data, not surveys."""
    folders = [directory, *([own] if directory == SURVEY_DIR and (own := council_survey_dir()) else [])]
    surveys: dict[str, Survey] = {}
    for path in [p for folder in folders for p in sorted(folder.glob("*.yml"))]:
        if path.name.startswith("_"):
            continue
        survey = load_survey(path)
        if survey.id in surveys:
            raise SurveyError(path, f"survey id '{survey.id}' is already used by another file")
        surveys[survey.id] = survey
    return surveys
