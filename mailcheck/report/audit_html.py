"""The audit as one self-contained HTML page: charts drawn by matplotlib as inline
SVG (text as paths, so no font or network is needed to open it), tables and
trends in Russian. Needs the `audit` extra (`pip install 'mailcheck[audit]'`).
"""
from __future__ import annotations

import html
import io
from datetime import datetime

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import rcParams  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from mailcheck.report.audit import UNKNOWN  # noqa: E402
from mailcheck.version import __version__  # noqa: E402

MONTHS_RU = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
GROUP_RU = {"greeting": "приветствие", "signoff": "завершение", "signature": "подпись",
            "subject": "тема", "style": "язык и тон", "spelling": "орфография", "grammar": "грамматика",
            "structure": "структура", "content": "содержание"}
PALETTE = {"greeting": "#4C78A8", "signoff": "#72B7B2", "signature": "#54A24B", "subject": "#EECA3B",
           "style": "#E45756", "spelling": "#B279A2", "grammar": "#9D755D", "structure": "#F58518",
           "content": "#FF9DA6"}
INK, GRID, ACCENT = "#1f2933", "#d9dee3", "#2f6fb0"


def _style() -> None:
    rcParams.update({
        "font.family": "DejaVu Sans", "font.size": 10, "axes.edgecolor": GRID, "axes.labelcolor": INK,
        "xtick.color": INK, "ytick.color": INK, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.color": GRID, "grid.linewidth": 0.6, "axes.axisbelow": True,
        "svg.fonttype": "path", "svg.hashsalt": "mailcheck-audit",
    })


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _month_label(m: str) -> str:
    if m == UNKNOWN:
        return "без даты"
    y, mm = m.split("-")
    return f"{MONTHS_RU[int(mm) - 1]}\n{y}"


def _group(rid: str) -> str:
    return rid.split(".", 1)[0]


def chart_rules(rules: dict, top: int = 15) -> str:
    items = list(rules.items())[:top][::-1]
    fig, ax = plt.subplots(figsize=(6.2, 0.3 * max(3, len(items)) + 0.9))
    if items:
        names = [k for k, _ in items]
        ax.barh(names, [v for _, v in items], color=[PALETTE.get(_group(k), ACCENT) for k in names])
        for i, (_, v) in enumerate(items):
            ax.text(v, i, f" {v}", va="center", fontsize=9, color=INK)
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.12)
    ax.set_xlabel("замечаний")
    ax.set_title("Правила, которые срабатывают чаще всего", loc="left", fontsize=12, color=INK)
    return _svg(fig)


def chart_months(months: dict) -> str:
    keys = [m for m in months if m != UNKNOWN]
    fig, ax = plt.subplots(figsize=(13.5, 3.6))
    if keys:
        x = range(len(keys))
        letters = [months[m]["messages"] for m in keys]
        per = [months[m]["findings_per_message"] for m in keys]
        ax.bar(x, letters, color="#c9d8ea", label="писем")
        ax.set_ylabel("писем за месяц")
        ax.set_xticks(list(x), [_month_label(m) for m in keys], fontsize=8)
        ax2 = ax.twinx()
        ax2.plot(list(x), per, color="#E45756", marker="o", linewidth=2, label="замечаний на письмо")
        ax2.set_ylim(0, max(per + [0.1]) * 1.25)
        ax2.set_ylabel("замечаний на письмо", color="#E45756")
        ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.1f}".replace(".", ",")))
        ax2.grid(False)
        ax2.spines["right"].set_visible(True)
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax.legend(h1 + h2, l1 + l2, loc="upper left", frameon=False, fontsize=9, ncols=2,
                  bbox_to_anchor=(0, 1.0))
        ax.set_ylim(0, max(letters) * 1.3)
    else:
        ax.text(0.5, 0.5, "у писем нет дат", ha="center", va="center", transform=ax.transAxes)
    ax.set_title("По месяцам: сколько писем и сколько в них замечаний", loc="left", fontsize=12, color=INK)
    return _svg(fig)


def chart_scores(scores: dict) -> str:
    hist = scores["histogram"]
    labels = [f"{b}–{int(b) + 1}" if b != "10" else "10" for b in hist]
    fig, ax = plt.subplots(figsize=(6.2, 3.0))
    colors = ["#E45756" if int(b) < 5 else "#EECA3B" if int(b) < 8 else "#54A24B" for b in hist]
    ax.bar(labels, list(hist.values()), color=colors)
    for i, v in enumerate(hist.values()):
        if v:
            ax.text(i, v, str(v), ha="center", va="bottom", fontsize=8, color=INK)
    ax.set_xlabel("оценка письма (10 — без замечаний)")
    ax.set_ylabel("писем")
    ax.grid(axis="x", visible=False)
    ax.margins(y=0.15)
    ax.set_title("Распределение оценок", loc="left", fontsize=12, color=INK)
    return _svg(fig)


def _n(v: float, digits: int = 2, sign: bool = False) -> str:
    """A number the Russian way: a decimal comma, a real minus sign."""
    text = f"{v:+.{digits}f}" if sign else f"{v:.{digits}f}"
    return text.replace(".", ",").replace("-", "−")


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _score_cell(v) -> str:
    if v is None:
        return "<td class=num>—</td>"
    cls = "bad" if v < 5 else "mid" if v < 8 else "good"
    return f"<td class='num {cls}'>{_n(v)}</td>"


def _trend_cell(v) -> str:
    if v is None:
        return "<td class=num>—</td>"
    if v > 0:
        return f"<td class='num good'>▲ {_n(v, sign=True)}</td>"
    if v < 0:
        return f"<td class='num bad'>▼ {_n(v, sign=True)}</td>"
    return "<td class=num>0</td>"


def _rules_inline(rules: dict) -> str:
    return ", ".join(f"<code>{_e(k)}</code>&nbsp;{v}" for k, v in rules.items()) or "—"


def _summaries(rule_ids) -> dict:
    try:
        from mailcheck.rules.rule import get
    except ImportError:          # pragma: no cover
        return {}
    out = {}
    for rid in rule_ids:
        r = get(rid)
        if r is not None and r.summary:
            out[rid] = r.summary
    return out


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


CSS = """
body{font-family:"DejaVu Sans","Segoe UI",Arial,sans-serif;color:#1f2933;margin:0;background:#f4f6f8}
main{max-width:1180px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 10px;border-bottom:2px solid #d9dee3;padding-bottom:6px}
.sub{color:#5b6770;margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:12px}
.card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card b{display:block;font-size:26px;color:#2f6fb0}.card span{color:#5b6770;font-size:13px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.panel{background:#fff;border-radius:8px;padding:14px;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow:auto}
.panel svg{width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th,td{padding:6px 8px;border-bottom:1px solid #e6e9ec;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600}td.num,th.num{text-align:right;white-space:nowrap}
.good{color:#2e7d32}.mid{color:#9a6b00}.bad{color:#c62828}
code{font-size:12px;background:#eef2f6;border-radius:3px;padding:0 3px}
ul{margin:6px 0 0 0;padding-left:20px}li{margin:3px 0}
.addr{font-family:"DejaVu Sans Mono",monospace;font-size:12px;white-space:nowrap;color:#5b6770}
.path{font-family:"DejaVu Sans Mono",monospace;font-size:12px;word-break:break-all}
footer{margin-top:36px;color:#7b8794;font-size:12px}
"""


def render(doc: dict) -> str:
    _style()
    m = doc["messages"]
    scores = doc["scores"]
    summaries = _summaries(doc["rules"])
    parts = [f"<!DOCTYPE html><html lang=ru><head><meta charset=utf-8>"
             f"<meta name=viewport content='width=device-width,initial-scale=1'>"
             f"<title>Аудит писем — mailcheck</title><style>{CSS}</style></head><body><main>"]
    months = [k for k in doc["months"] if k != UNKNOWN]
    period = (f"{_month_label(months[0]).replace(chr(10), ' ')} — {_month_label(months[-1]).replace(chr(10), ' ')}"
              if months else "даты не указаны")
    parts.append(f"<h1>Аудит писем клиентам</h1><p class=sub>Период: {_e(period)}. "
                 f"Проверено {m['checked']} {_plural(m['checked'], 'письмо', 'письма', 'писем')} "
                 f"от {len(doc['senders'])} {_plural(len(doc['senders']), 'отправителя', 'отправителей', 'отправителей')}.</p>")
    mean = scores["mean"]
    clean_share = (1 - m["with_findings"] / m["checked"]) * 100 if m["checked"] else 0
    cards = [(m["checked"], "писем проверено"), (m["findings"], "замечаний"),
             (_n(mean) if mean is not None else "—", "средняя оценка из 10"),
             (f"{clean_share:.0f}%", "писем без замечаний"), (m["failed"], "писем не прочитано")]
    parts.append("<div class=cards>" + "".join(f"<div class=card><b>{_e(v)}</b><span>{_e(t)}</span></div>"
                                               for v, t in cards) + "</div>")

    parts.append("<h2>Правила и оценки</h2><div class=grid2>")
    parts.append(f"<div class=panel>{chart_rules(doc['rules'])}</div>")
    parts.append(f"<div class=panel>{chart_scores(scores)}")
    parts.append("<table><tr><th>группа</th><th class=num>замечаний</th></tr>" + "".join(
        f"<tr><td>{_e(GROUP_RU.get(g, g))} <code>{_e(g)}</code></td><td class=num>{c}</td></tr>"
        for g, c in doc["groups"].items()) + "</table></div></div>")

    parts.append("<h2>По месяцам</h2>")
    parts.append(f"<div class=panel>{chart_months(doc['months'])}</div>")
    parts.append(_trends(doc["trends"]))

    parts.append("<h2>Отправители</h2><table><tr><th>отправитель</th><th class=num>писем</th>"
                 "<th class=num>замечаний на письмо</th><th class=num>средняя оценка</th>"
                 "<th class=num>изменение оценки*</th><th>частые замечания</th></tr>")
    for addr, s in doc["senders"].items():
        who = (f"{_e(s['name'])}<br><span class=addr>{_e(addr)}</span>" if s["name"]
               else f"<span class=addr>{_e(addr if addr != UNKNOWN else 'не указан')}</span>")
        parts.append(f"<tr><td>{who}</td><td class=num>{s['messages']}</td>"
                     f"<td class=num>{_n(s['findings_per_message'])}</td>{_score_cell(s['mean_score'])}"
                     f"{_trend_cell(s['trend'])}<td>{_rules_inline(s['rules'])}</td></tr>")
    parts.append("</table><p class=sub>* Средняя оценка писем второй половины месяцев, когда отправитель "
                 "писал, минус средняя оценка первой половины.</p>")

    parts.append("<h2>Письма с самой низкой оценкой</h2><table><tr><th>письмо</th><th>отправитель</th>"
                 "<th>дата</th><th class=num>оценка</th><th class=num>замечаний</th><th>правила</th></tr>")
    for w in doc["worst"][:10]:
        date = datetime.fromisoformat(w["date"]).strftime("%d.%m.%Y") if w["date"] else "—"
        parts.append(f"<tr><td class=path>{_e(w['path'])}</td><td class=addr>{_e(w['sender'])}</td>"
                     f"<td>{date}</td>{_score_cell(w['score'])}<td class=num>{w['findings']}</td>"
                     f"<td>{_rules_inline(w['rules'])}</td></tr>")
    parts.append("</table>")

    parts.append("<h2>Все правила</h2><table><tr><th>правило</th><th>что проверяет</th>"
                 "<th class=num>замечаний</th></tr>")
    for rid, c in doc["rules"].items():
        parts.append(f"<tr><td><code>{_e(rid)}</code></td><td>{_e(summaries.get(rid, ''))}</td>"
                     f"<td class=num>{c}</td></tr>")
    parts.append("</table>")
    if doc["errors"]["count"]:
        parts.append(f"<h2>Не прочитано: {doc['errors']['count']}</h2><table><tr><th>письмо</th><th>причина</th></tr>")
        for e in doc["errors"]["first"]:
            parts.append(f"<tr><td class=path>{_e(e['path'])}</td><td>{_e(e['problem'])}</td></tr>")
        parts.append("</table>")
    parts.append(f"<footer>mailcheck {_e(__version__)} · оценка письма: 10 без замечаний, ошибка −2,5, "
                 f"предупреждение −1, совет −0,25 · графики: matplotlib</footer></main></body></html>\n")
    return "".join(parts)


def _trends(t: dict) -> str:
    if not t["mean_score"]:
        return "<p>Для трендов нужны письма хотя бы за два месяца.</p>"
    first, last = t["months"][0], t["months"][-1]
    fl, ll = _month_label(first).replace("\n", " "), _month_label(last).replace("\n", " ")
    ms, fp = t["mean_score"], t["findings_per_message"]
    arrow = "выросла" if ms["change"] > 0 else "снизилась" if ms["change"] < 0 else "не изменилась"
    out = [f"<div class=grid2><div class=panel><b>Тренды</b><ul>"
           f"<li>Средняя оценка {arrow}: {_n(ms['first'])} ({_e(fl)}) → {_n(ms['last'])} ({_e(ll)}).</li>"
           f"<li>Замечаний на письмо: {_n(fp['first'])} → {_n(fp['last'])}.</li>"]
    if t["senders_improving"]:
        out.append("<li>Пишут лучше: " + ", ".join(
            f"<span class=addr>{_e(s['sender'])}</span> ({_n(s['change'], sign=True)})" for s in t["senders_improving"][:5]) + ".</li>")
    if t["senders_declining"]:
        out.append("<li>Пишут хуже: " + ", ".join(
            f"<span class=addr>{_e(s['sender'])}</span> ({_n(s['change'], sign=True)})" for s in t["senders_declining"][:5]) + ".</li>")
    out.append("</ul></div><div class=panel><b>Правила: первая половина периода → вторая, "
               "замечаний на 100 писем</b><ul>")
    for c in t["rules_rising"][:4]:
        out.append(f"<li class=bad>▲ <code>{_e(c['rule'])}</code>: {_n(c['before'], 1)} → {_n(c['after'], 1)}</li>")
    for c in t["rules_falling"][:4]:
        out.append(f"<li class=good>▼ <code>{_e(c['rule'])}</code>: {_n(c['before'], 1)} → {_n(c['after'], 1)}</li>")
    out.append("</ul></div></div>")
    return "".join(out)
