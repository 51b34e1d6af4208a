"""Answer-format hints ("Choose all answers that apply.") written into a question's stem.

The site shows a hint after every self-check question and the printed tests after every
question, in the learner's language; a stem that says it too says it twice (and, after a
translation, sometimes in two wordings). A hint is found as a sentence or bracketed part
of a stem that is one of the catalogue's hints in any language of the course, or one of
the usual wordings below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ONE = ("Choose one answer.", "Tick one answer.")
"""The hints after a question with one right answer: on the site, in the printed booklet."""
ALL = ("Choose all answers that apply.", "Tick every answer that applies.")
"""The same after a question where several answers may be right (``type: multiple``)."""
ANSWER_HINTS = (*ONE, *ALL)
"""The hints the generator adds itself (interface strings of ``messages.pot``)."""

_ALL = "(?:all|every|each|any)"
_VERB_EN = "(?:please )?(?:choose|select|tick|mark|check|circle|pick|give)"
_VERB_ES = ("(?:elija|elige|seleccione|selecciona|marque|marca|escoja|escoge|señale|señala|"
            "indique|indica)")
_VERB_RU = "(?:выберите|отметьте|укажите)"
VARIANTS: dict[str, tuple[str, ...]] = {
    "en": (
        rf"{_VERB_EN} {_ALL}(?: of)?(?: the)?(?: (?:correct|right|true|possible|applicable))?"
        r"(?: (?:answers?|options?|responses?|statements?|ones?|choices?))?"
        r"(?: (?:that|which) (?:apply|applies|are (?:correct|true|right)))?",
        rf"{_VERB_EN} (?:only )?(?:one|two|three|four|five|\d+|the (?:best|correct|right))"
        r"(?: (?:correct|right|best))?(?: (?:answers?|options?|responses?|choices?))?(?: only)?",
        r"(?:there (?:may|can|might) be )?(?:one or )?more than one (?:correct |right )?"
        r"(?:answers?|options?)(?: (?:may|can|might) be (?:correct|right|true))?",
        r"one or more (?:correct |right )?(?:answers?|options?)(?: (?:may|can|might) be "
        r"(?:correct|right|true)| (?:is|are) (?:correct|right))?",
        r"(?:all|every) (?:answers?|options?) that (?:apply|applies)",
        r"(?:multiple|single)[- ](?:choice|answer|select|selection)",
    ),
    "es": (
        rf"{_VERB_ES} (?:todas|todos)(?: (?:las|los))?(?: (?:opciones|respuestas|alternativas))?"
        r"(?: (?:correctas|válidas|verdaderas|adecuadas))?"
        r"(?: (?:que|las que|los que) (?:correspondan|apliquen|procedan|sean "
        r"(?:correctas|verdaderas|válidas)))?",
        rf"{_VERB_ES} (?:solo |sólo )?(?:una|uno|dos|tres|cuatro|\d+|la (?:mejor|correcta))"
        r"(?: (?:opción|opciones|respuesta|respuestas|alternativa|alternativas))?"
        r"(?: (?:correcta|correctas))?",
        r"(?:puede haber|hay) (?:más de una|varias) (?:respuestas?|opciones?)(?: correctas?)?",
        r"(?:una o (?:más|varias)|varias) (?:respuestas?|opciones?) (?:pueden|puede) ser "
        r"(?:correctas?|válidas?)",
    ),
    "ru": (
        rf"{_VERB_RU} (?:все|всё)(?: (?:подходящие|верные|правильные|нужные))?"
        r"(?: (?:варианты|ответы|утверждения|пункты))?(?: ответов| ответа)?"
        r"(?:,? (?:что|которые) (?:подходит|подходят|верно|верны))?",
        rf"{_VERB_RU} (?:только )?(?:один|одну|одно|два|две|три|\d+|лучший|правильный|верный)"
        r"(?: (?:правильный|верный|лучший|подходящий|правильных|верных))?"
        r"(?: (?:ответ|вариант|ответа|варианта|ответов|вариантов))?",
        r"(?:возможно|может быть|допускается) несколько (?:правильных |верных )?"
        r"(?:ответов|вариантов)(?: ответа)?",
        r"(?:один|одна) или (?:несколько|более) (?:правильных |верных )?(?:ответов|вариантов)",
    ),
    "fa": (
        r"(?:همه|تمام|تمامی|هر) ?(?:ی )?(?:موارد|مورد|گزینه(?:ها|های)?|پاسخ(?:ها|های)?)"
        r"(?: (?:درست|صحیح|مناسب))?(?: را)? (?:انتخاب|علامت) ?(?:کنید|بزنید|نمایید|گذاری کنید)",
        r"(?:یک|دو|سه|چهار|بهترین) (?:گزینه|پاسخ|مورد)(?: (?:درست|صحیح|مناسب))?(?: را)? "
        r"(?:انتخاب|علامت) ?(?:کنید|بزنید|نمایید)",
        r"(?:ممکن است )?(?:بیش از یک|چند) (?:گزینه|پاسخ)(?: (?:درست|صحیح))? "
        r"(?:باشد|است|وجود داشته باشد)",
    ),
}
"""Usual wordings of an answer-format hint, by language: each must be a whole sentence or
bracketed part of the stem (lower case, spaces evened; Persian without zero-width joiners)."""

_PARTS = re.compile(r"(?<=[.?!؟;:])\s+|[()\[\]¿¡—–]")
_EDGES = " \t\n.,;:!?؟،*_\"'«»“”„"


def normalized(text: str) -> str:
    """Text as hints are compared: lower case, spaces evened, outer punctuation dropped;
    Persian letters in one form (Arabic yeh and kaf as Persian ones) without joiners."""
    text = text.replace("\u200c", "").replace("ي", "ی").replace("ك", "ک").casefold()
    return " ".join(text.split()).strip(_EDGES)


def hint_patterns(languages: Iterable[str], catalogue_hints: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a whole stem part: the usual wordings of ``languages`` and the
    catalogue's hints (in every language the course has)."""
    wordings = [w for language in languages
                for w in VARIANTS.get(language.split("-")[0].casefold(), ())]
    wordings += [re.escape(normalized(h)) for h in catalogue_hints if normalized(h)]
    return re.compile("|".join(f"(?:{w})" for w in dict.fromkeys(wordings)))


def hint_in(stem: str, patterns: re.Pattern[str]) -> str | None:
    """The first sentence or bracketed part of ``stem`` that is an answer-format hint, as
    written in the stem."""
    for part in _PARTS.split(stem):
        if part.strip(_EDGES) and patterns.fullmatch(normalized(part)):
            return part.strip(" \t\n")
    return None
