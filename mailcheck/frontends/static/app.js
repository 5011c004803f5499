// mailcheck web page: a plain ES module, no dependencies, no build step.
// Talks only to the server it was loaded from (POST /v1/lint).

const $ = (id) => document.getElementById(id);
const draft = $("draft"), backdrop = $("backdrop"), statusEl = $("status");
const fields = { from: $("from"), to: $("to"), subject: $("subject") };
const popover = $("popover");

const SEV_RU = { error: "Ошибка", warning: "Предупреждение", suggestion: "Совет" };
const SEV_RANK = { error: 3, warning: 2, suggestion: 1 };
const GROUP_RU = {
  greeting: "Приветствие", signoff: "Прощание", signature: "Подпись", structure: "Структура",
  style: "Стиль", subject: "Тема", spelling: "Орфография", content: "Содержание",
  grammar: "Грамматика", headers: "Заголовки", attachments: "Вложения", names: "Имена",
  dates: "Даты", links: "Ссылки", tone: "Тон",
};
const FIELD_RU = { subject: "тема", from: "от кого", to: "кому", attachments: "вложения" };
const DEBOUNCE_MS = 450;

let report = null;          // the last report shown
let shown = [];             // its diagnostics, sorted as listed
let checkedText = null;     // the body text the report belongs to
let seq = 0;                // request counter: only the latest answer is shown
let timer = 0;
let lastAnnounce = "";
let popFor = -1;            // index into `shown` of the finding the popover is about
let pinned = false;

function plural(n, one, few, many) {
  const a = Math.abs(n) % 100, b = a % 10;
  if (a > 10 && a < 20) return many;
  if (b > 1 && b < 5) return few;
  if (b === 1) return one;
  return many;
}
const PLURALS = {
  error: ["ошибка", "ошибки", "ошибок"],
  warning: ["предупреждение", "предупреждения", "предупреждений"],
  suggestion: ["совет", "совета", "советов"],
  finding: ["замечание", "замечания", "замечаний"],
};
const countText = (n, kind) => `${n} ${plural(n, ...PLURALS[kind])}`;
const fmtScore = (s) => String(s).replace(".", ",");

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
}

// ---------------------------------------------------------------- the request

function headerValue(v) { return v.replace(/[\r\n]+/g, " ").trim(); }

function composeSource() {
  const body = draft.value;
  const h = [];
  if (fields.from.value.trim()) h.push(`From: ${headerValue(fields.from.value)}`);
  if (fields.to.value.trim()) h.push(`To: ${headerValue(fields.to.value)}`);
  if (fields.subject.value.trim()) h.push(`Subject: ${headerValue(fields.subject.value)}`);
  if (!h.length) return body;                     // plain text: offsets are the textarea's
  h.push("MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit");
  return h.join("\n") + "\n\n" + body;             // a message: offsets count in its body
}

async function lintRequest(init, query = "") {
  const resp = await fetch("v1/lint" + query, { method: "POST", ...init });
  let data = null;
  try { data = await resp.json(); } catch { /* not JSON */ }
  if (!resp.ok) throw new Error((data && data.error) || `сервер ответил ${resp.status}`);
  return data;
}

async function runCheck() {
  clearTimeout(timer);
  const mine = ++seq;
  const text = draft.value;
  if (!text.trim() && !fields.subject.value.trim()) {
    render(null, text);
    setStatus("");
    return;
  }
  setStatus("Проверяю…");
  try {
    const data = await lintRequest({
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: composeSource(), explain: true }),
    });
    if (mine !== seq) return;                     // a newer check is on its way
    if (draft.value !== text) { schedule(); return; }   // typed meanwhile: marks would drift
    render(data, text);
    setStatus(`Проверено: ${countText(data.diagnostics.length, "finding")}`);
  } catch (e) {
    if (mine !== seq) return;
    setStatus(`Не удалось проверить: ${e.message}`, true);
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(runCheck, DEBOUNCE_MS);
}

function setStatus(text, bad = false) {
  statusEl.textContent = text;
  statusEl.classList.toggle("bad", bad);
}

// ----------------------------------------------------------------- rendering

function render(data, text) {
  report = data;
  checkedText = text;
  const diags = data ? data.diagnostics.slice() : [];
  diags.sort((a, b) => groupOf(a).localeCompare(groupOf(b)) || (a.field === "body") - (b.field === "body")
    || a.offset - b.offset || SEV_RANK[b.severity] - SEV_RANK[a.severity]);
  shown = diags;
  hidePopover();
  renderMarks(text);
  renderFieldMarks();
  renderSide(data);
}

function groupOf(d) { return d.rule.split(".")[0]; }

function renderMarks(text) {
  // body findings, earliest first; an overlapping later one is listed but not underlined
  const body = shown.map((d, i) => [d, i]).filter(([d]) => d.field === "body" && d.offset <= text.length)
    .sort((x, y) => x[0].offset - y[0].offset || SEV_RANK[y[0].severity] - SEV_RANK[x[0].severity]);
  let html = "", pos = 0;
  for (const [d, i] of body) {
    if (d.offset < pos) continue;
    const end = Math.min(text.length, d.offset + d.length);
    html += escapeHtml(text.slice(pos, d.offset));
    const cls = `sev-${d.severity}${d.length ? "" : " empty-span"}`;
    html += `<mark class="${cls}" data-i="${i}">${escapeHtml(text.slice(d.offset, end))}</mark>`;
    pos = end;
  }
  html += escapeHtml(text.slice(pos));
  // a trailing newline needs a character after it, or the backdrop is one line short
  backdrop.innerHTML = html + "\u200b";
  syncScroll();
}

function renderFieldMarks() {
  for (const [name, input] of Object.entries(fields)) {
    const worst = shown.filter((d) => d.field === name)
      .reduce((w, d) => Math.max(w, SEV_RANK[d.severity]), 0);
    input.classList.remove("sev-error", "sev-warning", "sev-suggestion");
    if (worst) {
      input.setAttribute("aria-invalid", "true");
      input.classList.add("sev-" + Object.keys(SEV_RANK).find((k) => SEV_RANK[k] === worst));
    } else {
      input.removeAttribute("aria-invalid");
    }
  }
}

function renderSide(data) {
  const counts = { error: 0, warning: 0, suggestion: 0 };
  for (const d of shown) counts[d.severity] = (counts[d.severity] || 0) + 1;
  for (const k of Object.keys(counts)) {
    $("count-" + k).textContent = counts[k];
    $("label-" + k).textContent = plural(counts[k], ...PLURALS[k]);
  }
  const card = $("score-card");
  card.classList.remove("good", "fair", "poor");
  if (data) {
    $("score").textContent = fmtScore(data.score);
    card.classList.add(data.score >= 8 ? "good" : data.score >= 5 ? "fair" : "poor");
  } else {
    $("score").textContent = "—";
  }

  // context / problem / ask (mailcheck check --explain)
  const parts = (data && data.parts) || [];
  for (const li of $("parts").children) {
    const kind = li.dataset.part;
    const found = parts.filter((p) => p.part === kind);
    const t = li.querySelector(".part-text");
    li.classList.toggle("found", !!found.length && !!data);
    li.classList.toggle("missing", !found.length && !!data && !!data.parts);
    // «контекст» is masculine, «проблема» and «просьба» feminine
    const notFound = kind === "context" ? "не найден" : "не найдена";
    t.textContent = !data || !data.parts ? "—" : found.length ? `«${shorten(found[0].text, 80)}»` : notFound;
    t.title = found.length ? found[0].why || "" : "";
  }

  // the list, grouped by rule group
  const groups = $("groups");
  groups.textContent = "";
  $("empty").hidden = !!shown.length;
  $("empty").textContent = data ? "Замечаний нет. Письмо можно отправлять." : "Вставьте письмо — замечания появятся здесь.";
  let current = null, ul = null;
  shown.forEach((d, i) => {
    const g = groupOf(d);
    if (g !== current) {
      current = g;
      const sec = document.createElement("section");
      sec.className = "group";
      sec.dataset.group = g;
      const h = document.createElement("h4");
      h.textContent = GROUP_RU[g] || g;
      ul = document.createElement("ul");
      sec.append(h, ul);
      groups.append(sec);
    }
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = `finding sev-${d.severity}`;
    b.dataset.i = i;
    b.dataset.rule = d.rule;
    const where = d.field === "body" ? `стр. ${d.line}` : FIELD_RU[d.field] || d.field;
    const quote = d.text ? `«${escapeHtml(shorten(d.text, 48))}»` : "";
    b.innerHTML = `<span class="f-head"><span class="f-text">${quote}</span><span class="f-where">${escapeHtml(where)}</span></span>`
      + `<span class="f-msg">${escapeHtml(d.message)}</span>`
      + `<span class="f-meta"><span class="f-sev">${SEV_RU[d.severity]}</span> · ${escapeHtml(d.rule)}</span>`;
    b.setAttribute("aria-label", `${SEV_RU[d.severity]}, ${where}: ${d.message}`);
    b.addEventListener("click", () => focusFinding(i));
    li.append(b);
    ul.append(li);
  });

  const say = data ? `Оценка ${fmtScore(data.score)} из 10. ` + (shown.length
    ? `${countText(counts.error, "error")}, ${countText(counts.warning, "warning")}, ${countText(counts.suggestion, "suggestion")}.`
    : "Замечаний нет.") : "";
  if (say && say !== lastAnnounce) $("announce").textContent = say;
  lastAnnounce = say;
}

function shorten(s, n) {
  s = s.replace(/\s+/g, " ").trim();
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

function syncScroll() {
  backdrop.scrollTop = draft.scrollTop;
}

// ------------------------------------------------------------------ popover

function markFor(i) { return backdrop.querySelector(`mark[data-i="${i}"]`); }

function showPopover(i, pin) {
  const d = shown[i];
  if (!d) return;
  popFor = i;
  pinned = pin;
  $("pop-sev").className = `badge sev-${d.severity}`;
  $("pop-sev").textContent = SEV_RU[d.severity];
  const link = $("pop-rule");
  link.textContent = d.rule;
  link.href = "rules/" + encodeURIComponent(d.rule);
  link.title = "Описание правила";
  $("pop-title").textContent = d.message;
  const sug = $("pop-suggest");
  if (d.suggestions && d.suggestions.length) {
    sug.hidden = false;
    sug.innerHTML = (d.suggestions.length > 1 ? "Варианты: " : "Лучше: ")
      + d.suggestions.slice(0, 4).map((s) => `<strong>${escapeHtml(s || "(удалить)")}</strong>`).join(", ");
  } else {
    sug.hidden = true;
  }
  const fixable = d.field === "body" && typeof d.fix === "string" && checkedText === draft.value;
  const fixBtn = $("pop-fix");
  fixBtn.hidden = !fixable;
  if (fixable) fixBtn.textContent = d.fix ? `Исправить на «${shorten(d.fix, 30)}»` : "Исправить";
  document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
  const item = document.querySelector(`.finding[data-i="${i}"]`);
  if (item) item.classList.add("active");
  const mark = markFor(i);
  if (mark) mark.classList.add("active");
  popover.hidden = false;
  place(mark || (d.field !== "body" && fields[d.field]) || draft);
}

function place(anchor) {
  const r = anchor.getBoundingClientRect();
  const pw = popover.offsetWidth, ph = popover.offsetHeight;
  let left = r.left + window.scrollX;
  let top = r.bottom + window.scrollY + 8;
  const ed = $("editor").getBoundingClientRect();
  if (anchor === draft || r.bottom < ed.top || r.top > ed.bottom) top = ed.top + window.scrollY + 12;
  left = Math.max(8, Math.min(left, window.scrollX + document.documentElement.clientWidth - pw - 8));
  if (top + ph > window.scrollY + window.innerHeight - 8 && r.top - ph - 8 > 0) top = r.top + window.scrollY - ph - 8;
  popover.style.left = `${left}px`;
  popover.style.top = `${top}px`;
}

function hidePopover() {
  popover.hidden = true;
  popFor = -1;
  pinned = false;
  document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
}

function focusFinding(i) {
  const d = shown[i];
  if (!d) return;
  if (d.field === "body") {
    draft.focus();
    draft.setSelectionRange(d.offset, d.offset + d.length);
    const mark = markFor(i);
    if (mark) {             // scroll the textarea so the mark is visible
      const top = mark.offsetTop - draft.clientHeight / 3;
      draft.scrollTop = Math.max(0, top);
      syncScroll();
    }
  } else if (fields[d.field]) {
    fields[d.field].focus();
  }
  showPopover(i, true);
}

function applyFix(i) {
  const d = shown[i];
  if (!d || typeof d.fix !== "string" || checkedText !== draft.value) return;
  draft.focus();
  draft.setSelectionRange(d.offset, d.offset + d.length);
  // execCommand keeps the browser's undo (Ctrl+Z); setRangeText where it is gone
  let done = false;
  try { done = document.execCommand("insertText", false, d.fix); } catch { done = false; }
  if (!done || draft.value === checkedText) {
    draft.setRangeText(d.fix, d.offset, d.offset + d.length, "end");
  }
  hidePopover();
  $("announce").textContent = `Исправлено: «${d.text}» → «${d.fix}».`;
  runCheck();
}

function findingAtCaret() {
  if (checkedText !== draft.value) return -1;
  const pos = draft.selectionStart;
  let best = -1;
  shown.forEach((d, i) => {
    if (d.field !== "body") return;
    if (pos >= d.offset && pos <= d.offset + d.length && (best < 0 || SEV_RANK[d.severity] > SEV_RANK[shown[best].severity])) best = i;
  });
  return best;
}

function step(dir) {
  const body = shown.map((d, i) => [d, i]).filter(([d]) => d.field === "body").sort((a, b) => a[0].offset - b[0].offset);
  if (!body.length) return;
  const pos = draft.selectionStart;
  let next = dir > 0 ? body.find(([d]) => d.offset > pos) : [...body].reverse().find(([d]) => d.offset + d.length < pos);
  if (!next) next = dir > 0 ? body[0] : body[body.length - 1];
  focusFinding(next[1]);
}

// ------------------------------------------------------- opening a message

function looksLikeMessage(text) {
  const head = text.replace(/^\s+/, "").split(/\r?\n\r?\n/, 1)[0];
  const lines = head.split(/\r?\n/).filter((l) => !/^[ \t]/.test(l));
  if (lines.length < 2) return false;
  const named = lines.filter((l) => /^[A-Za-z][A-Za-z0-9-]*:/.test(l));
  return named.length === lines.length
    && named.some((l) => /^(subject|from|to|date|message-id|mime-version|content-type|received|return-path):/i.test(l));
}

async function openMessage(body, name) {
  setStatus("Открываю письмо…");
  try {
    const data = await lintRequest({ headers: { "Content-Type": "message/rfc822" }, body }, "?draft=true");
    const d = data.draft || {};
    fields.subject.value = d.subject || "";
    fields.from.value = d.from || "";
    fields.to.value = (d.to || []).join(", ");
    draft.value = d.text || "";
    draft.scrollTop = 0;
    $("announce").textContent = name ? `Открыто письмо ${name}.` : "Письмо вставлено: тема, отправитель и получатели заполнены.";
    await runCheck();
  } catch (e) {
    setStatus(`Не удалось открыть письмо: ${e.message}`, true);
  }
}

async function openFile(file) {
  if (!file) return;
  const buf = await file.arrayBuffer();
  await openMessage(buf, file.name);
}

// ------------------------------------------------------------------ events

draft.addEventListener("input", () => {
  if (!popover.hidden) hidePopover();
  // keep the old marks until the new answer; they may drift, so dim them
  backdrop.style.opacity = checkedText === draft.value ? "1" : "0.45";
  schedule();
});
for (const input of Object.values(fields)) input.addEventListener("input", schedule);
draft.addEventListener("scroll", () => { syncScroll(); if (!popover.hidden && popFor >= 0) place(markFor(popFor) || draft); });
window.addEventListener("resize", () => { if (!popover.hidden) hidePopover(); });

draft.addEventListener("paste", (e) => {
  const text = e.clipboardData && e.clipboardData.getData("text/plain");
  if (text && looksLikeMessage(text) && draft.value.trim() === "") {
    e.preventDefault();
    openMessage(text.replace(/\r?\n/g, "\r\n"));
  }
});

draft.addEventListener("click", () => {
  const i = findingAtCaret();
  if (i >= 0) showPopover(i, true); else hidePopover();
});

draft.addEventListener("keydown", (e) => {
  if (e.altKey && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
    e.preventDefault();
    step(e.key === "ArrowDown" ? 1 : -1);
  } else if (e.key === "Escape" && !popover.hidden) {
    e.preventDefault();
    hidePopover();
  } else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
    e.preventDefault();
    runCheck();
  } else if (e.key === "Enter" && e.altKey && popFor >= 0) {
    e.preventDefault();
    applyFix(popFor);
  }
});

// hover: the textarea covers the marks, so look at what lies under the pointer
let hoverTimer = 0;
draft.addEventListener("mousemove", (e) => {
  clearTimeout(hoverTimer);
  hoverTimer = setTimeout(() => {
    const mark = document.elementsFromPoint(e.clientX, e.clientY).find((el) => el.tagName === "MARK" && el.dataset.i);
    if (mark && checkedText === draft.value) {
      const i = Number(mark.dataset.i);
      if (i !== popFor) showPopover(i, false);
    } else if (!pinned && !popover.matches(":hover")) {
      hidePopover();
    }
  }, 120);
});
draft.addEventListener("mouseleave", () => {
  clearTimeout(hoverTimer);
  setTimeout(() => { if (!pinned && !popover.matches(":hover")) hidePopover(); }, 300);
});
popover.addEventListener("mouseleave", () => { if (!pinned) hidePopover(); });
popover.addEventListener("keydown", (e) => {
  if (e.key === "Escape") { hidePopover(); draft.focus(); }
});

$("pop-fix").addEventListener("click", () => applyFix(popFor));
$("pop-close").addEventListener("click", () => { hidePopover(); draft.focus(); });
document.addEventListener("mousedown", (e) => {
  if (!popover.hidden && !popover.contains(e.target) && e.target !== draft && !e.target.closest(".finding")) hidePopover();
});

$("check").addEventListener("click", runCheck);
$("clear").addEventListener("click", () => {
  draft.value = "";
  for (const input of Object.values(fields)) input.value = "";
  render(null, "");
  setStatus("");
  draft.focus();
});
$("file").addEventListener("change", (e) => { openFile(e.target.files[0]); e.target.value = ""; });

const zone = $("dropzone");
let depth = 0;
zone.addEventListener("dragenter", (e) => { if (hasFiles(e)) { depth++; zone.classList.add("dragging"); e.preventDefault(); } });
zone.addEventListener("dragover", (e) => { if (hasFiles(e)) e.preventDefault(); });
zone.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; zone.classList.remove("dragging"); } });
zone.addEventListener("drop", (e) => {
  depth = 0;
  zone.classList.remove("dragging");
  if (e.dataTransfer && e.dataTransfer.files.length) {
    e.preventDefault();
    openFile(e.dataTransfer.files[0]);
  }
});
// a file dropped beside the editor must not replace the page (and the draft) with the file
for (const type of ["dragover", "drop"]) {
  document.addEventListener(type, (e) => { if (hasFiles(e) && !zone.contains(e.target)) e.preventDefault(); });
}
function hasFiles(e) { return e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files"); }

// for scripted checks and the tests
window.mailcheckPage = { runCheck, openMessage, get report() { return report; } };
render(null, "");
if (draft.value) runCheck();
