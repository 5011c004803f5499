"""content.*: how we present offers — price ranges, respect for competitors, ideas in person."""
from __future__ import annotations

import re

from mailcheck import data
from mailcheck.language.lexicon import fold
from mailcheck.language.parts import analyse, phrases
from mailcheck.rules.rule import Rule

_TWELVE = "«12 вещей, о которых нужно помнить в работе с клиентами»"


_PRICE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d{1,2})?\s*"
    r"(?:(?:тыс|млн|млрд)\.?\s*)?(?:₽|руб(?:\.|лей|ля|ль)?(?![а-я])|р\.(?!\w))", re.I)
_DASH_RANGE = re.compile(r"\d\s*[–—-]\s*\d")


class ExactPrice(Rule):
    id = "content.exact-price"
    severity = "suggestion"
    summary = "Одна точная цена в первой оценке, без диапазона или «от»"
    guideline = (f"Правила для менеджеров AXIOMA из подборки {_TWELVE} советуют в первой оценке "
                 "называть диапазон или «от», а не одну точную сумму.")
    what = ("Предложение о стоимости («стоимость», «обойдётся», «смета») с одной суммой без диапазона, «от», "
            "«около». Счета, акты, оплата по договору и согласованные цены не трогает.")
    why = "Точная сумма до согласования состава работ воспринимается как обещание; её потом трудно менять."

    def check(self, doc):
        estimate = phrases("content/price.toml", "estimate")
        work = phrases("content/price.toml", "work")
        agreed = phrases("content/price.toml", "agreed")
        rng = phrases("content/price.toml", "range")
        subject_agreed = False
        if doc.draft.subject:
            low = fold(doc.draft.subject)
            subject_agreed = any(w in low for w in ("счет", "акт", "оплат", "договор"))
        if subject_agreed:
            return
        a = analyse(doc)
        for info in a.sentences:
            s = info.sentence
            prices = list(_PRICE.finditer(s.text))
            if len(prices) != 1 or not estimate.first(s.words) or not work.first(s.words):
                continue
            m = prices[0]
            para = next((p for p in doc.new.paragraphs if p.start <= s.start < p.end), None)
            para_words = [w for ss in (para.sentences if para else [s]) for w in ss.words]
            if agreed.first(para_words) or _agreed_participle(para_words):
                continue
            if _DASH_RANGE.search(s.text):
                continue
            before = [w for w in s.words if w.end <= s.start + m.start()][-3:]
            if rng.first(before) or any(rng.first([w]) for w in before):
                continue
            if re.search(r"\b(?:от|до|около|примерно|порядка)\b", s.text, re.I) and \
                    re.search(r"\bот\b[^.]*\bдо\b", s.text, re.I):
                continue
            start, end = s.start + m.start(), s.start + m.end()
            yield self.diag(doc, start, end,
                            f"Точная цена в первой оценке: «{m.group().strip()}». Пока состав работ не согласован, "
                            "назовите диапазон или «от»: «от 320 до 360 тыс. ₽».")
            return


def _agreed_participle(words) -> bool:
    """«в согласованной смете», «утверждённый бюджет»: a passive participle of an agreeing verb
    says the price was settled earlier (pymorphy3 gives participles the verb's lemma, so a lemma
    list cannot tell «согласованной» from «согласуйте»)."""
    verbs = set(data.load_toml("content/price.toml")["agreed_participles"])
    return any(p.tag.POS in ("PRTF", "PRTS") and "pssv" in p.tag and p.normal_form in verbs
               for w in words for p in w.parses[:1])


class CompetitorBashing(Rule):
    id = "content.competitor-bashing"
    severity = "warning"
    summary = "Пренебрежительный отзыв о другой компании или подрядчике"
    guideline = (f"Правила для менеджеров AXIOMA из подборки {_TWELVE} требуют уважать конкурентов: "
                 "о чужой работе говорят по фактам, без оценок.")
    what = ("Предложение, где о другой студии, компании, подрядчике или разработчиках сказано пренебрежительно: "
            "«не умеют», «на коленке», «горе-разработчики», «халтура». Нейтральное упоминание подрядчика не трогает.")
    why = "Ругань в адрес других звучит непрофессионально и заставляет клиента сомневаться и в вас."

    def check(self, doc):
        parties = phrases("content/competitor.toml", "parties")
        bad = phrases("content/competitor.toml", "disparaging")
        sents = analyse(doc).sentences
        for k, info in enumerate(sents):
            s = info.sentence
            words = s.words
            for i, j, phrase in bad.find(words):
                if phrase.startswith("не уметь"):
                    verb = words[i + 1].parse
                    if "1per" in verb.tag:
                        continue           # «мы не умеем» is about ourselves
                here = parties.first(words) or "«" in s.text
                prev = k > 0 and parties.first(sents[k - 1].sentence.words)
                # «там всё криво сделано… кто там у вас в команде»: the party may come right after
                nxt = k + 1 < len(sents) and parties.first(sents[k + 1].sentence.words)
                if not (here or prev or nxt or phrase.endswith("*")):
                    continue
                start, end = words[i].start, words[j - 1].end
                yield self.diag(doc, start, end,
                                f"Пренебрежительно о другой компании: «{doc.text[start:end]}». "
                                "Опишите по фактам, что нужно переделать и почему, без оценок.")
                break


class IdeaByEmail(Rule):
    id = "content.idea-by-email"
    severity = "suggestion"
    summary = "Новая идея или концепция на согласование только письмом"
    guideline = (f"Подборка {_TWELVE} и статья о каналах связи с клиентами советуют представлять идеи "
                 "и концепции лично — на встрече или по видеосвязи, а письмом закреплять итог.")
    what = ("Письмо представляет новую концепцию, идею, логотип или кампанию («подготовили концепцию», "
            "«направляем на согласование»), но не предлагает встретиться или созвониться.")
    why = "Без рассказа автора идею оценивают по картинке и часто отвергают то, что не поняли."

    @staticmethod
    def _ours(words) -> bool:
        """The idea is the sender's: a first-person verb, «мы/наш», or a passive «подготовлена»
        («Пришлите логотип, согласуем» is the client's material, not our idea)."""
        for w in words:
            p = w.parse
            if fold(w.text) in ("мы", "наш", "наша", "наше", "наши", "нашу", "нашего", "нашей", "я"):
                return True
            if p.tag.POS == "VERB" and "1per" in p.tag:
                return True
            if p.tag.POS == "PRTS":
                return True
            if p.tag.POS == "VERB" and "past" in p.tag and "impr" not in p.tag:
                return True
        return False

    def check(self, doc):
        ideas = phrases("content/idea.toml", "ideas")
        presenting = phrases("content/idea.toml", "presenting")
        meeting = phrases("content/idea.toml", "meeting")
        sents = analyse(doc).sentences
        if any(meeting.first(s.sentence.words) for s in sents):
            return
        asked = None
        for info in sents:
            words = info.sentence.words
            m = ideas.first(words)
            if not m or info.is_question:
                continue
            if not presenting.first(words) or not self._ours(words):
                continue
            settled = set(data.load_toml("content/idea.toml")["settled"])
            if any(p.tag.POS in ("PRTS", "PRTF") and "pssv" in p.tag and p.normal_form in settled
                   for w in words for p in w.parses[:1]):
                continue        # «Слоган согласован»: the idea is already accepted
            if asked is None:
                asked = ideas.find(doc.quoted.words) if doc.draft.quotes else []
            if any(p == m[2] for _, _, p in asked):
                continue        # the client's own request («сделайте логотип поярче»): a revision, not our new idea
            s = info.sentence
            yield self.diag(doc, s.start, s.end,
                            "Новую идею отправляете только письмом. Предложите показать её лично: "
                            "«Предлагаем созвониться в четверг в 11:00 — расскажем, как устроена концепция».")
            return
