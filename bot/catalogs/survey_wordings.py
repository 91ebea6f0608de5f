"""A Babel extractor for the survey files, so that every wording a person reads reaches the catalogs beside the
messages in the code (babel.cfg maps `bot/surveys/*.yml` to `bot.catalogs.survey_wordings:extract_survey`).

Each wording comes with a note for the translator: which question, which field, and who reads it, because a
young person's easy-read wording needs different care from a council's official seed wording.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import IO, Any

import yaml

from bot.translation.messages import YOUNG_PERSON
from bot.vocabulary import Role

QUESTION_FIELDS = {
    "seed": "the framework's own wording (shown to parents and analysts; keep its meaning exactly)",
    "plain": "the question in plain words",
    "easy_read": "easy read: short sentences, one idea each, everyday words",
    "help": "the question explained more simply, when someone asks for help",
    "summary": "a short phrase for the end-of-survey summary, e.g. 'Going well: adults listen to you'",
}
AUDIENCE: dict[str, str] = {Role.YOUNG_PERSON: "a young person with SEND (aged about 8-25), reading level low",
            Role.PARENT_CARER: "a parent or carer"}


def _scalar(node: yaml.Node) -> str | None:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else None


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


# (line, keyword, message(s), translator comments); a context travels as gettext's own pgettext(context, message)
Found = tuple[int, str | None, str | tuple[str, str], list[str]]
SPOKEN_FIELDS = ("plain", "easy_read", "help", "summary")  # said to the person; the seed is the framework's own


def extract_survey(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                   options: dict[str, Any]) -> Iterator[Found]:
    """Yield (line, keyword, message, translator comments) for every wording in a survey or scales
    file: a young person's wordings in the context "young person", so that a wording shared with a parent's
    question is translated for each reader."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    top = _mapping(root)
    survey = _scalar(top["id"]) if "id" in top else None  # outcome area names are for analysts: not extracted
    for question in _items(top.get("questions")):
        fields = _mapping(question)
        qid = _scalar(fields["id"]) if "id" in fields else "?"
        role = _scalar(fields["role"]) if "role" in fields else ""
        for field, note in QUESTION_FIELDS.items():
            if field in fields and (text := _scalar(fields[field])):
                line, notes = fields[field].start_mark.line + 1, [
                    f"{survey} {qid}, {field}: {note}. Read by {AUDIENCE.get(role or '', role)}."]
                if role == Role.YOUNG_PERSON and field in SPOKEN_FIELDS:
                    yield line, "pgettext", (YOUNG_PERSON, text), notes
                else:
                    yield line, None, text, notes
    # _scales.yml: each scale's choices, whose labels sit beside the faces
    for scale, choices in top.items():
        for choice in _items(choices):
            label = _mapping(choice).get("label")
            if label is not None and (text := _scalar(label)):
                yield (label.start_mark.line + 1, None, text,
                       [f"answer scale {scale}: a choice beside a face, read by young people and parents alike"])
