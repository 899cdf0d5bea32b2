"""Deaths a sentence reports, counted by ACLED's conventions.

- Numbers in digits and in words, in English, Russian and Ukrainian; "at least three" is 3;
  "several" is 3, "dozens" 12 and "hundreds" 100 (the conservative reading of ACLED's
  rule); one person named in the singular ("погиб мужчина", "a woman was killed") is 1.
- Negation counts: "никто не пострадал", "no one was killed" are 0.
- The wounded are counted apart and go to the notes, never into the deaths.
- "Killed and wounded" together, and losses, are casualties: not deaths.
- A running total ("since August", "с начала", "загалом") is not this event's deaths.
- A side's claim of the enemy's losses is counted, and the claim is named in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitmap.coding.text import Sentence

_NUMBERS = {
    # English
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "several": 3, "few": 3,
    "dozen": 12, "dozens": 12, "hundred": 100, "hundreds": 100, "scores": 20,
    # Russian
    "один": 1, "одна": 1, "одного": 1, "одну": 1, "одной": 1, "два": 2, "две": 2, "двое": 2,
    "двух": 2, "двоих": 2, "три": 3, "трое": 3, "трех": 3, "троих": 3, "четыре": 4,
    "четверо": 4, "четырех": 4, "пять": 5, "пятеро": 5, "пяти": 5, "шесть": 6, "шестеро": 6,
    "семь": 7, "семеро": 7, "восемь": 8, "девять": 9, "десять": 10, "несколько": 3,
    "нескольких": 3, "десятки": 12, "десятков": 12, "сотни": 100, "сотен": 100,
    # Ukrainian
    "дві": 2, "двоє": 2, "двох": 2, "троє": 3, "трьох": 3, "чотири": 4, "чотирьох": 4,
    "п'ять": 5, "п'ятеро": 5, "сім": 7, "вісім": 8, "дев'ять": 9, "кілька": 3,
    "декілька": 3, "кількох": 3, "сотні": 100, "сотень": 100,
}  # fmt: skip
_SINGULAR_PEOPLE = re.compile(
    r"\b(?:(?:a|one|the|its) (?:man|woman|civilian|resident|driver|soldier|person|child|boy|girl|"
    r"pensioner|worker|farmer)\b|"
    r"мужчина|женщина|ребенок|житель|жительница|водитель|пенсионер\w*|подросток|"
    r"чоловік|жінка|дитина|мешканець|мешканка|водій|пенсіонер\w*)\b"
)
_KILLED = re.compile(
    r"\b(?:(?:уничтож|ликвидир|знищ|ліквід)\w*\s+(?:\w+\s+){0,3}?(?:военнослужащ|боевик|"
    r"солдат|бойц|живой сил|особов|окупант|військовослужбов)|eliminated|"
    r"killed|dead|died|dies|death|deaths|lost (?:his|her|their) li(?:fe|ves)|"
    r"погиб\w*|убит\w*|скончал\w*|смерт\w*|загин\w*|загибл\w*|вбит\w*|помер\w*)"
)
_WOUNDED = re.compile(
    r"\b(?:wounded|injured|injuries|hurt|ранен\w*|ранил\w*|пострада\w*|травм\w*|"
    r"поранен\w*|постражд\w*|травмован\w*)"
)
_NEGATION = re.compile(
    r"\b(?:no one|nobody|no casualties|no injuries|no deaths|without casualties|none were|"
    r"никто не|без пострадавших|без жертв|обошлось без|пострадавших нет|жертв нет|"
    r"погибших нет|ніхто не|без постраждалих|обійшлося без|жертв немає|загиблих немає)"
)
_GENERAL_HARM = re.compile(r"\b(?:hurt|casualties|пострада\w*|жертв|постражда\w*)")
_TOTAL = re.compile(
    r"\b(?:since|so far|in total|a total of|to date|overall|с начала|с момента|всего|"
    r"в общей сложности|за время|за весь|з початку|загалом|усього|всього|за весь час)\b"
)
_CASUALTIES = re.compile(
    r"\b(?:killedwounded|casualt\w*|losses|"
    r"убитыми и ранеными|убитых и раненых|убитыми и раненными|потер\w*|"
    r"вбитими та пораненими|вбитих і поранених|загиблими та пораненими|втрат\w*)"
)
_TOGETHER = re.compile(
    r"\b(?:killed and wounded|killed or wounded|dead and wounded|wounded and killed|"
    r"убитыми и ранен\w*|убитых и ранен\w*|погибших и ранен\w*|"
    r"вбитими (?:та|і) поранен\w*|вбитих (?:та|і) поранен\w*|загиблими (?:та|і) поранен\w*)"
)
_CLAIM = re.compile(
    r"\b(?:claim\w*|said|says|according to|reported|report\w*|"
    r"заявил\w*|утвержда\w*|сообщил\w*|по данным|по словам|по информации|"
    r"заяви\w*|стверджу\w*|повідоми\w*|за даними|за словами|за інформацією)"
)
_ENEMY_LOSSES = re.compile(
    r"\b(?:eliminat\w*|destroy\w*|enemy|russian (?:soldiers|troops|servicemen)|"
    r"ukrainian (?:soldiers|troops|servicemen)|north korean (?:soldiers|troops)|"
    r"уничтож\w*|ликвидир\w*|противник\w*|военнослужащ\w*|боевик\w*|"
    r"знищ\w*|ліквідов\w*|противник\w*|окупант\w*|ворог\w*)"
)
_CLAUSES = re.compile(r"[;:—–]|,(?!\d)|\band\b|\bwhile\b|\bи\b|\bі\b|\bта\b|\bа\b")
_NOT_PEOPLE_AFTER = re.compile(
    r"^\s*(?:km|км|кілометр|километр|%|th|st|nd|rd|-?[йяго]\b|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|январ|феврал|март|апрел|ма[яй]|июн|"
    r"июл|август|сентябр|октябр|ноябр|декабр|січ|лют|берез|квіт|трав|черв|лип|серп|верес|"
    r"жовт|листопад|груд|year|год|рок|brigade|бригад|полк|regiment|drone|дрон|беспилот|"
    r"безпілот|shell|снаряд|mm|мм|вол|wave)"
)
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?|\d+")


@dataclass(frozen=True)
class Deaths:
    """What a sentence says of the dead and wounded (None: it says nothing of them)."""

    killed: int | None = None
    wounded: int | None = None
    claim: bool = False
    running_total: str = ""
    casualties: int | None = None
    unnumbered: bool = False


def find_deaths(sentence: Sentence) -> Deaths:
    """The dead and wounded one sentence reports."""
    text = _THOUSANDS.sub("", sentence.lower.replace("’", "'"))
    text = _TOGETHER.sub(" killedwounded ", text)  # one figure: kept whole by the split
    killed = wounded = casualties = None
    running_total = ""
    unnumbered = False
    total = _TOTAL.search(text)  # a running total: the whole sentence is background
    for clause in _CLAUSES.split(text):
        if total and (_KILLED.search(clause) or _WOUNDED.search(clause) or
                      _CASUALTIES.search(clause)):  # fmt: skip
            running_total = clause.strip()
            continue
        if _NEGATION.search(clause):
            if _KILLED.search(clause) or _GENERAL_HARM.search(clause):
                killed = killed or 0
            if _WOUNDED.search(clause) or _GENERAL_HARM.search(clause):
                wounded = wounded or 0
            continue
        number = _number(clause)
        if "killedwounded" in clause:  # killed and wounded in one figure: casualties
            casualties = max(casualties or 0, number or 0)
            continue
        if _KILLED.search(clause):
            if number is None:
                number = 1 if _SINGULAR_PEOPLE.search(clause) else None
            if number is None:
                unnumbered = True
            killed = max(killed or 0, number or 0)
        elif _WOUNDED.search(clause):
            if number is None:
                number = 1 if _SINGULAR_PEOPLE.search(clause) else None
            wounded = max(wounded or 0, number or 0)
    claim = (
        killed is not None
        and killed > 0
        and bool(_CLAIM.search(text))
        and bool(_ENEMY_LOSSES.search(text))
    )
    return Deaths(killed, wounded, claim, running_total, casualties, unnumbered and not killed)


def _number(clause: str) -> int | None:
    """The first count of people in a clause (digits or words), or None."""
    for match in _WORD.finditer(clause):
        word = match.group()
        after = clause[match.end() :]
        if word.isdigit():
            value = int(word)
            if _NOT_PEOPLE_AFTER.match(after) or 1900 <= value <= 2100:
                continue
            return value
        if word in _NUMBERS:
            if word in ("a", "an") and not _SINGULAR_PEOPLE.match(clause[match.start() :]):
                continue
            if word == "few" and not re.search(r"\ba few\b", clause):
                continue
            if _NOT_PEOPLE_AFTER.match(after):
                continue
            return _NUMBERS[word]
    return None
