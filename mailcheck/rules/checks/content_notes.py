"""content.*: what a client letter must not forget — a new date for a delay, a substitute
for an absence, a summary subject, the promised attachment."""
from __future__ import annotations

import re

from mailcheck import data
from mailcheck.language import dates
from mailcheck.language.lexicon import fold
from mailcheck.language.parts import analyse, phrases
from mailcheck.rules.rule import Rule
from mailcheck.draft.split import PHONE_OR_EMAIL

_TWELVE = "«12 вещей, о которых нужно помнить в работе с клиентами»"
_RECS = "«Рекомендации по эффективному взаимодействию с заказчиком»"


def _lex(name: str) -> dict:
    return data.load_toml(f"content/{name}.toml")


def _span_of(words, i, j):
    return words[i].start, words[j - 1].end


# ------------------------------------------------------------------ delay

# «отложили на неделю», «сдвигается на два дня»: a shift is a new date too
_SHIFT = re.compile(r"\bна\s+(?:\d{1,2}\s+|один\s+|одну\s+|два\s+|две\s+|три\s+|четыре\s+|пять\s+|пару\s+)?"
                    r"(?:рабоч\w+\s+)?(?:день|дня|дней|недел[юиь]|месяц\w*|час\w*|минут\w*|полчаса)\b", re.I)
_OLD_BEFORE = re.compile(r"(?:\bне|вместо|изначально|планировал\w*|прежн\w+\s+срок\w*|собирались)"
                         r"(?:\s+\S+){0,1}\s*$", re.I)


class DelayWithoutDate(Rule):
    id = "content.delay-without-date"
    severity = "warning"
    summary = "Сообщение о задержке без нового срока"
    guideline = (f"Статья {_TWELVE} советует честно предупреждать о задержке и сразу "
                 "устанавливать новые сроки.")
    what = ("Письмо сообщает о задержке или сорванном сроке («не успеваем», «задерживается», «придётся "
            "перенести сдачу»), но ни в этом, ни в трёх следующих предложениях нет новой даты. Старая дата "
            "(«не 14 октября, как планировали») и «в ближайшее время» новой датой не считаются.")
    why = "Без новой даты клиент не может ничего планировать и будет переспрашивать."

    def _new_date(self, doc, sents, k, marker_end, negated=False) -> bool:
        after_old = phrases("content/delay.toml", "old_date_after")
        if _SHIFT.search(doc.text[marker_end:sents[k].sentence.end]):
            return True
        for idx in range(k, min(len(sents), k + 4)):
            s = sents[idx].sentence
            for d in dates.find(s.text):
                a = s.start + d.start
                if d.kind == "relative" and idx == k and a < marker_end:
                    continue
                before = doc.text[max(s.start, a - 30):a]
                if _OLD_BEFORE.search(before):
                    continue
                tail_words = [w for w in s.words if w.start >= s.start + d.end][:4]
                old = after_old.first(tail_words[:3])
                if old and old[0] == 0:
                    continue
                if idx == k and a < marker_end and re.search(r"\bне\b", doc.text[s.start:a]):
                    continue            # «16 октября не успеваем»: the old date
                if idx == k and negated and a >= marker_end and not re.search(r"[,;:—–]|\sа\s", doc.text[marker_end:a]):
                    continue            # «не успеваем сдать сайт 16 октября»: the old date
                return True
        return False

    def check(self, doc):
        markers = phrases("content/delay.toml", "markers")
        not_delay = phrases("content/delay.toml", "not_delay")
        sents = analyse(doc).sentences
        for k, info in enumerate(sents):
            words = info.sentence.words
            if info.conditional or info.is_question:
                continue
            found = markers.first(words)
            if not found or not_delay.first(words):
                continue
            i, j, phrase = found
            if any(fold(w.text) == "если" for w in words[:i]):
                continue
            start, end = _span_of(words, i, j)
            if self._new_date(doc, sents, k, end, negated=phrase.startswith("не ")):
                continue
            yield self.diag(doc, start, end,
                            "Сообщаете о задержке, но не называете новый срок. "
                            "Укажите дату: «Сдадим сайт 23 октября до 18:00».")
            return


# ------------------------------------------------------------------ absence

_CONTACT = re.compile(PHONE_OR_EMAIL)       # the same phone/e-mail test that finds a signature block


class AbsenceWithoutSubstitute(Rule):
    id = "content.absence-without-substitute"
    severity = "warning"
    summary = "Предупреждение об отсутствии без дат или без того, кто заменит"
    guideline = (f"{_RECS} просят, уходя в отпуск или командировку, сообщить клиенту сроки "
                 "и контакты сотрудника, который вас замещает.")
    what = ("Отправитель пишет, что будет в отпуске, в командировке или недоступен, но не называет "
            "даты или того, к кому обращаться (имя и контакт).")
    why = "Клиент пишет в пустоту, и срочные вопросы ждут до вашего возвращения."

    def _sender(self, words) -> bool:
        for w in words:
            t = fold(w.text)
            if t in ("я", "меня", "мне", "мной", "мой", "моя", "мое", "мои", "моего", "моей"):
                return True
            p = w.parse
            if p.tag.POS == "VERB" and "1per" in p.tag and "sing" in p.tag:
                return True
        return False

    def check(self, doc):
        markers = phrases("content/absence.toml", "markers")
        subst = phrases("content/absence.toml", "substitute")
        sents = analyse(doc).sentences
        for k, info in enumerate(sents):
            words = info.sentence.words
            if info.is_question or info.conditional:
                continue
            found = markers.first(words)
            if not found or not self._sender(words):
                continue
            window = sents[k:k + 4]
            has_dates = any(dates.has_date(s.text) for s in window)
            new_text = doc.new.content
            has_sub = bool(_CONTACT.search(new_text)) or any(subst.first(s.sentence.words) for s in sents)
            if has_dates and has_sub:
                return
            missing = []
            if not has_dates:
                missing.append("даты («с 19 по 30 октября»)")
            if not has_sub:
                missing.append("кто замещает и как с ним связаться")
            i, j, _ = found
            start, end = _span_of(words, i, j)
            yield self.diag(doc, start, end,
                            "Предупреждаете об отсутствии, но не указали " + " и ".join(missing) + ". "
                            "Например: «На это время проект ведёт Анна Петрова, +7 (900) 555-12-34».")
            return


# ------------------------------------------------------------------ meeting summary subject

def _with_third_party(words, i) -> bool:
    """«Договорились с типографией», «обсудили с юристом»: an agreement with someone other than
    the reader (a «с» + instrumental within the next four words, not «с вами»), not a meeting summary."""
    for k in range(i + 1, min(len(words), i + 5)):
        if fold(words[k].text) not in ("с", "со"):
            continue
        if k + 1 >= len(words):
            return False
        nxt = words[k + 1]
        if fold(nxt.text) in ("вами", "вашей", "вашим", "вашими", "клиентом"):
            return False
        if any(g in p.tag for p in nxt.parses[:2] for g in ("Name", "Surn", "Patr")):
            return False        # «обсудили с Марией» may be a recipient of this very letter
        return any(p.tag.POS in ("NOUN", "ADJF", "NPRO") and "ablt" in p.tag for p in nxt.parses[:2])
    return False


class MeetingSummarySubject(Rule):
    id = "content.meeting-summary-subject"
    severity = "suggestion"
    summary = "Итоги встречи или звонка без темы «Итоги … от <дата>»"
    guideline = (f"{_RECS} советуют дублировать устные договорённости письмом с темой вроде "
                 "«Итоги совещания от <дата время>».")
    what = ("Текст подводит итоги встречи или звонка («по итогам обсуждения», «договорились», «обсудили»), "
            "а тема письма не похожа на «Итоги … от 12.10.2026 15:00». Черновики без темы не проверяются.")
    why = "По такой теме письмо с договорённостями легко найти, когда о них заспорят."

    def _summary(self, doc):
        lex = _lex("summary")
        markers = phrases("content/summary.toml", "markers")
        decided = frozenset(lex["decided"])
        ref = frozenset(lex["reference_before"])
        for info in analyse(doc).sentences:
            words = info.sentence.words
            m = markers.first(words)
            if m:
                return _span_of(words, m[0], m[1])
            for i, w in enumerate(words):
                p = w.parse
                if not (w.lemmas & decided) or p.tag.POS != "VERB" or "past" not in p.tag or "plur" not in p.tag:
                    continue
                before = {fold(t.text) for t in words[max(0, i - 3):i]} | {
                    l for t in words[max(0, i - 3):i] for l in t.lemmas}
                if before & ref:
                    continue
                if i > 0 and fold(words[i - 1].text) == "не":
                    continue
                if _with_third_party(words, i):
                    continue
                return w.start, w.end
        return None

    def _subject_ok(self, subject: str) -> bool:
        low = fold(subject)
        lex = _lex("summary")
        if not any(w in low for w in lex["subject_words"]):
            return False
        return any(d.kind in ("date", "weekday", "relative") for d in dates.find(subject))

    def check(self, doc):
        subject = doc.draft.subject
        if subject is None:
            return
        span = self._summary(doc)
        if span is None or self._subject_ok(subject):
            return
        yield self.diag(doc, 0, len(subject),
                        "Письмо подводит итоги встречи или звонка. Назовите тему так: "
                        "«Итоги встречи от 12.10.2026 15:00: …».", field="subject", text=subject)


# ------------------------------------------------------------------ attachment

class AttachmentMissing(Rule):
    id = "content.attachment-missing"
    severity = "error"
    summary = "В тексте сказано о вложении, а файла в письме нет"
    guideline = (f"Статья {_TWELVE} напоминает, что клиент судит о нас по мелочам: обещанный, но "
                 "не приложенный файл — лишнее письмо и потерянное время.")
    what = ("Письмо (.eml) говорит о вложении — «во вложении», «прикладываю», «прилагаю», «см. файл», "
            "«направляю договор» — но вложений в нём нет. Простой текст не проверяется.")
    why = "Клиент ищет файл, не находит и пишет ещё раз; письмо выглядит небрежным."

    def _marker(self, words, doc_text):
        lex = _lex("attachment")
        verbs = frozenset(lex["verbs"])
        sending = frozenset(lex["sending"])
        files = frozenset(lex["files"])
        for i, w in enumerate(words):
            t = fold(w.text)
            prev = fold(words[i - 1].text) if i else ""
            nxt = words[i + 1] if i + 1 < len(words) else None
            if "вложение" in w.lemmas and prev in ("во", "в", "см", "смотрите"):
                return i - 1, i + 1
            if "приложение" in w.lemmas and prev in ("в", "см") and t in ("приложении", "приложениях", "приложение"):
                # «Счёт в приложении.», «В приложении — акт», «в приложении к письму»;
                # not «в приложении банка»
                after = doc_text[w.end:w.end + 3].lstrip()
                if nxt is None or after[:1] in ".,;:—–-!)" or fold(nxt.text) == "к":
                    return i - 1, i + 1
            if prev == "см" and w.lemmas & {"файл", "вложение", "приложение", "документ"}:
                return i - 1, i + 1
            p = w.parse
            if w.lemmas & verbs and (i == 0 or prev != "не"):
                if p.tag.POS in ("PRTF", "PRTS") or ("past" in p.tag) or ("1per" in p.tag and "pres" in p.tag) \
                        or (p.tag.POS == "VERB" and "3per" in p.tag and "pres" in p.tag):
                    return i, i + 1
            if w.lemmas & sending and p.tag.POS == "VERB" and "1per" in p.tag and "pres" in p.tag:
                rest = words[i + 1:i + 6]
                if any(r.lemmas & files or fold(r.text) in files for r in rest):
                    return i, i + 1
        return None

    def check(self, doc):
        draft = doc.draft
        if not draft.is_message or draft.attachments:
            return
        not_attached = phrases("content/attachment.toml", "not_attached")
        for info in analyse(doc).sentences:
            words = info.sentence.words
            m = self._marker(words, doc.text)
            if m is None:
                continue
            if not_attached.first(words) or any(t.text.startswith(("http", "www.")) for t in info.sentence.tokens):
                continue
            if info.conditional or any(fold(w.text) == "если" for w in words[:m[0]]):
                continue        # «Если нужно, пришлю файл во вложении»: an offer, not this letter's file
            later = frozenset(_lex("attachment")["later"])
            if any(w.parse.tag.POS == "VERB" and "futr" in w.parse.tag and "1per" in w.parse.tag
                   and w.lemmas & later for w in words):
                continue        # «Пришлю акт во вложении, когда…»: a file for a later letter
            start, end = _span_of(words, *m)
            yield self.diag(doc, start, end,
                            f"В тексте сказано о вложении («{doc.text[start:end]}»), но файла в письме нет. "
                            "Прикрепите файл или уберите упоминание.")
            return
