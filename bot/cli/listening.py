"""`sayit listen FILE`: hear a recorded answer as the bot would, and print what was heard and how it codes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.settings import default_survey
from bot.surveys.loading import load_surveys
from bot.surveys.model import Question, Survey


def survey_and_question(survey_id: str | None, question_id: str | None) -> tuple[Survey, Question]:
    """The survey named (or the default one) and its question named (or its first scale question); ValueError
    saying what exists when either is not there."""
    surveys = load_surveys()
    survey_id = survey_id or default_survey()
    if survey_id not in surveys:
        raise ValueError(f"there is no survey '{survey_id}'; choose one of {', '.join(sorted(surveys))}")
    survey = surveys[survey_id]
    if question_id is None:
        return survey, next(q for q in survey.questions if q.is_scale)
    try:
        return survey, survey.question(question_id)
    except KeyError:
        raise ValueError(f"survey '{survey_id}' has no question '{question_id}'; `sayit surveys` lists "
                         f"them") from None


def cmd_listen(args: argparse.Namespace) -> int:
    from bot.listening import CannotListen, listen

    path = Path(args.file)
    if not path.is_file():
        print(f"There is no file {path}; give a recording, e.g. sayit listen answer.ogg", file=sys.stderr)
        return 2
    survey, question = survey_and_question(args.survey, args.question)
    try:
        heard = listen(path.read_bytes(), args.lang, survey, question)
    except CannotListen as exc:
        print(f"sayit listen: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"survey": survey.id, "question": question.id, **heard}, ensure_ascii=False))
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    listen = sub.add_parser("listen", help="hear a recorded answer the way the bot would",
                            description="Hear a recording (WAV, OGG/Opus, WebM/Opus, MP3: anything ffmpeg reads) as "
                            "an answer to a question, and print one JSON object: transcript, confidence, and the "
                            "status, value, control and concern that `sayit code` gives the same words typed.")
    listen.add_argument("file", help="the recording")
    listen.add_argument("--lang", default="en", help="the language it is spoken in (English unless "
                        "SAYIT_SPEECH_ENGINES names an engine for another)")
    listen.add_argument("--survey", help="the survey the question is in (default: SAYIT_SURVEY's)")
    listen.add_argument("--question", help="the question it answers (default: the survey's first scale question)")
    listen.set_defaults(func=cmd_listen)
