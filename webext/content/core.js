// mailcheck extension: what the three webmail content scripts share.
// A site script (gmail.js, yandex.js, mailru.js) describes where that site keeps
// the compose box, subject, recipients and Send; this file does the rest:
// live findings drawn over the text (the editor's DOM is never changed), and
// the check at Send (click or Ctrl+Enter) with a panel when the letter has
// findings at or above the configured severity. Fail-open: if the server is
// down or slower than 2 s, the letter goes out and a notice says so.
"use strict";

(() => {
  if (globalThis.MailcheckCore) return;
  const api = globalThis.browser || globalThis.chrome;

  const SEND_TIMEOUT_MS = 2000;
  const LIVE_TIMEOUT_MS = 5000;
  const LIVE_DEBOUNCE_MS = 900;
  const RANK = { suggestion: 1, warning: 2, error: 3, never: 99 };
  const SEV_RU = { error: "Ошибка", warning: "Предупреждение", suggestion: "Совет" };
  const COLORS = { error: "#c5221f", warning: "#e37400", suggestion: "#1a73e8" };
  const BLOCK_ELEMENTS = new Set(["DIV", "P", "LI", "UL", "OL", "BLOCKQUOTE", "H1", "H2", "H3", "H4", "H5", "H6",
    "TR", "TABLE", "PRE", "SECTION", "ARTICLE", "HEADER", "FOOTER"]);

  function plural(n, one, few, many) {
    const a = Math.abs(n) % 100, b = a % 10;
    if (a > 10 && a < 20) return many;
    if (b > 1 && b < 5) return few;
    if (b === 1) return one;
    return many;
  }
  const findings = (n) => `${n} ${plural(n, "замечание", "замечания", "замечаний")}`;

  // ------------------------------------------------------------ the text
  // The editor's text with a map back to DOM positions: block elements and
  // <br> become "\n", as a person sees the letter. `skip` drops quoted history.
  function extract(root, skip) {
    let text = "";
    const segs = [];                          // {node, start, end}
    const newline = () => { if (text && !text.endsWith("\n")) text += "\n"; };
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const t = node.nodeValue.replace(/\u00a0/g, " ");   // same length: offsets stay exact
        segs.push({ node, start: text.length, end: text.length + t.length });
        text += t;
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      if (skip && node.matches && node.matches(skip)) return;
      const tag = node.tagName;
      if (tag === "BR") { text += "\n"; return; }
      if (tag === "STYLE" || tag === "SCRIPT") return;
      const block = BLOCK_ELEMENTS.has(tag);
      if (block) newline();
      for (const child of node.childNodes) walk(child);
      if (block) newline();
    };
    for (const child of root.childNodes) walk(child);
    return { text: text.replace(/\n+$/, "\n"), segs };
  }

  function domPoint(map, offset) {
    const segs = map.segs;
    let lo = 0, hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segs[mid];
      if (offset < s.start) hi = mid - 1;
      else if (offset > s.end) lo = mid + 1;
      else return { node: s.node, offset: offset - s.start };
    }
    const after = segs.find((s) => s.start >= offset);
    return after ? { node: after.node, offset: 0 } : null;
  }

  function rangeFor(map, d) {
    if (!d.length) return null;
    const a = domPoint(map, d.offset), b = domPoint(map, d.offset + d.length);
    if (!a || !b) return null;
    const r = document.createRange();
    try {
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset);
    } catch {
      return null;
    }
    return r;
  }

  // ----------------------------------------------------------- UI in a shadow root
  let host = null, shadow = null, layer = null;
  function ui() {
    if (host && host.isConnected) return shadow;
    host = document.createElement("mailcheck-ui");
    host.style.cssText = "all: initial; position: absolute; left: 0; top: 0; width: 0; height: 0; z-index: 2147483000;";
    shadow = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = CSS;
    layer = el("div", "layer");
    shadow.append(style, layer);
    document.documentElement.appendChild(host);
    return shadow;
  }

  const CSS = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .layer { position: absolute; left: 0; top: 0; width: 0; height: 0; }
    .ul { position: absolute; height: 0; border-bottom: 2px solid; pointer-events: none; }
    .ul.error { border-bottom-color: ${COLORS.error}; border-bottom-style: solid; }
    .ul.warning { border-bottom-color: ${COLORS.warning}; }
    .ul.suggestion { border-bottom-color: ${COLORS.suggestion}; border-bottom-style: dotted; }
    .hl { position: absolute; pointer-events: none; background: rgba(26, 115, 232, .18); border-radius: 2px; }
    .font, .badge, .tip, .panel, .notice { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #202124; }
    .badge { position: absolute; pointer-events: auto; cursor: pointer; border: 1px solid #dadce0; background: #fff;
      border-radius: 12px; padding: 2px 10px 2px 8px; font-size: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.15); white-space: nowrap; }
    .badge::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: #188038; vertical-align: 0; }
    .badge.error::before { background: ${COLORS.error}; } .badge.warning::before { background: ${COLORS.warning}; }
    .badge.suggestion::before { background: ${COLORS.suggestion}; } .badge.off::before { background: #9aa0a6; }
    .tip { position: absolute; max-width: 340px; background: #fff; border: 1px solid #dadce0; border-radius: 8px;
      box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: 8px 12px; pointer-events: none; }
    .sev { display: inline-block; font-size: 11px; font-weight: 600; padding: 2px 6px; border-radius: 4px; margin-right: 6px; }
    .sev.error { background: #fce8e6; color: #a50e0e; } .sev.warning { background: #fef7e0; color: #8a4a00; }
    .sev.suggestion { background: #e8f0fe; color: #174ea6; }
    .rule { color: #5f6368; font: 11px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; }
    .better { margin-top: 4px; } .better b { background: #e6f4ea; color: #0d652d; padding: 0 4px; border-radius: 3px; font-weight: 600; }
    .backdrop { position: fixed; inset: 0; background: rgba(32, 33, 36, .35); pointer-events: auto; }
    .panel { position: fixed; right: 24px; bottom: 24px; width: min(440px, calc(100vw - 48px)); max-height: calc(100vh - 48px);
      display: flex; flex-direction: column; background: #fff; border-radius: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.3); pointer-events: auto; }
    .panel h2 { margin: 0; padding: 16px 20px 4px; font-size: 17px; font-weight: 600; color: #202124; }
    .panel .sub { margin: 0; padding: 0 20px 10px; color: #5f6368; font-size: 13px; }
    .panel ol { list-style: none; margin: 0; padding: 0 12px; overflow-y: auto; }
    .panel li { display: grid; grid-template-columns: 1fr auto; gap: 6px 12px; align-items: start; padding: 10px 8px; border-top: 1px solid #eceff1; }
    .panel li .quote { font-weight: 600; }
    .panel .msg { grid-column: 1; }
    .panel .actions { display: flex; gap: 10px; justify-content: flex-end; padding: 12px 20px 16px; border-top: 1px solid #eceff1; }
    button { font: 600 13px/1 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; border-radius: 6px; padding: 9px 14px; cursor: pointer; border: 1px solid #dadce0; background: #fff; color: #1a73e8; }
    button:hover { background: #f1f5fe; }
    button:focus-visible { outline: 3px solid #8ab4f8; outline-offset: 1px; }
    button.primary { background: #1a73e8; color: #fff; border-color: #1a73e8; }
    button.primary:hover { background: #1765cc; }
    button.send-anyway { color: #a50e0e; border-color: #f6aea9; }
    button.send-anyway:hover { background: #fce8e6; }
    .notice { position: fixed; left: 24px; bottom: 24px; max-width: 420px; background: #202124; color: #fff; border-radius: 8px;
      padding: 12px 16px; box-shadow: 0 4px 16px rgba(0,0,0,.3); pointer-events: auto; }
    .notice b { display: block; color: #fdd663; font-weight: 600; }
    .notice .from { color: #bdc1c6; font-size: 12px; }
    .checking { position: fixed; left: 50%; top: 16px; transform: translateX(-50%); background: #202124; color: #fff;
      border-radius: 16px; padding: 6px 14px; font: 13px/1.4 system-ui, sans-serif; }
  `;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // -------------------------------------------------------------- the core
  const Core = {
    adapter: null,
    settings: { block: "error", sites: { gmail: true, yandex: true, mailru: true } },
    composes: new Map(),            // compose root -> state
    bypass: false,

    register(adapter) {
      if (this.adapter) return;
      this.adapter = adapter;
      this.loadSettings().then(() => this.start());
      if (api.storage && api.storage.onChanged) {
        api.storage.onChanged.addListener(() => this.loadSettings().then(() => this.scan()));
      }
    },

    async loadSettings() {
      try {
        const s = await api.runtime.sendMessage({ type: "settings" });
        if (s) this.settings = s;
      } catch { /* the worker is restarting; keep the defaults */ }
    },

    enabled() { return this.settings.sites[this.adapter.site] !== false; },

    start() {
      const again = () => { clearTimeout(this._scanTimer); this._scanTimer = setTimeout(() => this.scan(), 250); };
      new MutationObserver(again).observe(document.documentElement, { childList: true, subtree: true });
      this.scan();
      // Send: capture phase on window runs before the site's own handlers
      for (const type of ["mousedown", "mouseup", "pointerdown", "pointerup"]) {
        window.addEventListener(type, (e) => this.swallow(e), true);
      }
      window.addEventListener("click", (e) => this.onClick(e), true);
      window.addEventListener("keydown", (e) => this.onKey(e), true);
      const redraw = () => { cancelAnimationFrame(this._raf); this._raf = requestAnimationFrame(() => this.drawAll()); };
      window.addEventListener("scroll", redraw, true);
      window.addEventListener("resize", redraw);
      document.addEventListener("mousemove", (e) => this.hover(e), true);
    },

    scan() {
      const live = new Set(this.enabled() ? this.adapter.composes() : []);
      for (const [root, st] of this.composes) {
        if (!live.has(root) || !root.isConnected) { this.forget(root, st); }
      }
      for (const root of live) {
        if (this.composes.has(root)) continue;
        const body = this.adapter.body(root);
        if (!body) continue;
        const st = { root, body, report: null, map: null, seq: 0, timer: 0, checking: false };
        st.onInput = () => { clearTimeout(st.timer); st.timer = setTimeout(() => this.liveCheck(st), LIVE_DEBOUNCE_MS); this.draw(st, true); };
        root.addEventListener("input", st.onInput, true);
        this.composes.set(root, st);
        if (extract(body, this.adapter.skip).text.trim()) this.liveCheck(st);
        else this.draw(st);
      }
      this.drawAll();
    },

    forget(root, st) {
      clearTimeout(st.timer);
      root.removeEventListener("input", st.onInput, true);
      this.composes.delete(root);
      if (st.nodes) st.nodes.forEach((n) => n.remove());
    },

    draft(st) {
      const a = this.adapter;
      const map = extract(st.body, a.skip);
      return {
        map,
        draft: { body: map.text, subject: a.subject(st.root), to: a.recipients(st.root), from: a.from ? a.from(st.root) : "" },
      };
    },

    async ask(draft, timeout) {
      // the worker answers within `timeout`; the race guards a worker that never does
      const late = new Promise((res) => setTimeout(() => res({ ok: false, reason: `сервер mailcheck не ответил за ${timeout / 1000} с` }), timeout + 500));
      try {
        return await Promise.race([api.runtime.sendMessage({ type: "lint", draft, timeout }), late]);
      } catch {
        return { ok: false, reason: "расширение mailcheck перезапускается" };
      }
    },

    async liveCheck(st) {
      const mine = ++st.seq;
      const { map, draft } = this.draft(st);
      if (!map.text.trim()) { st.report = null; st.map = map; this.draw(st); return; }
      const res = await this.ask(draft, LIVE_TIMEOUT_MS);
      if (mine !== st.seq) return;
      if (extract(st.body, this.adapter.skip).text !== map.text) return;   // typed meanwhile
      st.report = res.ok ? res.report : null;
      st.offline = !res.ok;
      st.map = map;
      this.draw(st);
    },

    // ---------------------------------------------------------- drawing
    drawAll() { for (const st of this.composes.values()) this.draw(st); },

    draw(st, stale = false) {
      ui();
      if (st.nodes) st.nodes.forEach((n) => n.remove());
      st.nodes = [];
      st.rects = [];
      const box = st.body.getBoundingClientRect();
      if (!box.width || !box.height) return;
      const sx = window.scrollX, sy = window.scrollY;
      const diags = st.report ? st.report.diagnostics : [];
      if (!stale && st.map) {
        for (const d of diags) {
          if (d.field !== "body") continue;
          const r = rangeFor(st.map, d);
          if (!r) continue;
          for (const rc of r.getClientRects()) {
            if (rc.width < 1 || rc.bottom < box.top || rc.top > box.bottom) continue;
            const u = el("div", `ul ${d.severity}`);
            u.dataset.mailcheck = "underline";
            u.style.left = `${rc.left + sx}px`;
            u.style.top = `${rc.bottom + sy - 1}px`;
            u.style.width = `${rc.width}px`;
            layer.append(u);
            st.nodes.push(u);
            st.rects.push({ rc, d });
          }
        }
      }
      // the badge: bottom right of the compose box
      const badge = el("div", "badge");
      badge.dataset.mailcheck = "badge";
      badge.setAttribute("role", "button");
      badge.tabIndex = 0;
      if (st.offline) { badge.classList.add("off"); badge.textContent = "mailcheck: нет связи"; }
      else if (!st.report) { badge.classList.add("off"); badge.textContent = "mailcheck"; }
      else if (!diags.length) badge.textContent = "mailcheck: замечаний нет";
      else {
        const worst = diags.reduce((w, d) => (RANK[d.severity] > RANK[w] ? d.severity : w), "suggestion");
        badge.classList.add(worst);
        badge.textContent = `mailcheck: ${findings(diags.length)}`;
      }
      badge.title = "Показать замечания mailcheck";
      layer.append(badge);
      const bw = badge.offsetWidth || 150;
      badge.style.left = `${Math.max(box.left + sx, box.right + sx - bw - 8)}px`;
      badge.style.top = `${Math.max(box.top, Math.min(box.bottom, window.innerHeight) - 30) + sy}px`;
      const open = () => { if (st.report && diags.length) this.panel(st, null, diags, false); };
      badge.addEventListener("click", open);
      badge.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
      st.nodes.push(badge);
    },

    hover(e) {
      if (!shadow) return;
      let hit = null;
      for (const st of this.composes.values()) {
        for (const { rc, d } of st.rects || []) {
          if (e.clientX >= rc.left && e.clientX <= rc.right && e.clientY >= rc.top && e.clientY <= rc.bottom + 3) { hit = { rc, d }; break; }
        }
        if (hit) break;
      }
      const old = shadow.querySelector(".tip");
      if (!hit) { if (old) old.remove(); return; }
      if (old && old._d === hit.d) return;
      if (old) old.remove();
      const tip = el("div", "tip");
      tip._d = hit.d;
      tip.append(el("span", `sev ${hit.d.severity}`, SEV_RU[hit.d.severity]), el("span", "rule", hit.d.rule));
      tip.append(el("div", "", hit.d.message));
      if (hit.d.suggestions && hit.d.suggestions.length) {
        const b = el("div", "better", "Лучше: ");
        b.append(el("b", "", hit.d.suggestions[0]));
        tip.append(b);
      }
      tip.style.left = `${hit.rc.left + window.scrollX}px`;
      tip.style.top = `${hit.rc.bottom + window.scrollY + 6}px`;
      layer.append(tip);
    },

    // ------------------------------------------------------- intercepting Send
    sendTarget(e) {
      if (this.bypass || !this.adapter || !this.enabled() || !e.isTrusted) return null;
      const path = e.composedPath ? e.composedPath() : [];
      if (path.includes(host)) return null;
      const btn = this.adapter.sendButtonFrom(e.target);
      if (!btn) return null;
      const root = this.adapter.composeOf(btn);
      return root ? { btn, root } : null;
    },

    swallow(e) {
      if (e.button !== 0 && e.button !== undefined) return;
      if (this.sendTarget(e)) { e.preventDefault(); e.stopImmediatePropagation(); }
    },

    onClick(e) {
      const t = this.sendTarget(e);
      if (!t) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      this.attemptSend(t.root, t.btn);
    },

    onKey(e) {
      if (this.bypass || !this.adapter || !this.enabled() || !e.isTrusted) return;
      const ctrlEnter = e.key === "Enter" && (e.ctrlKey || e.metaKey);
      const pressOnSend = (e.key === "Enter" || e.key === " ") && this.adapter.sendButtonFrom(e.target);
      if (!ctrlEnter && !pressOnSend) return;
      const root = this.adapter.composeOf(e.target);
      if (!root) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      this.attemptSend(root, this.adapter.sendButton(root));
    },

    async attemptSend(root, btn) {
      let st = this.composes.get(root);
      if (!st) { this.scan(); st = this.composes.get(root); }
      if (!st) { this.resend(root, btn); return; }
      if (st.checking) return;
      st.checking = true;
      const wait = el("div", "checking", "mailcheck проверяет письмо…");
      ui();
      layer.append(wait);
      let res;
      try {
        const { map, draft } = this.draft(st);
        st.map = map;
        res = await this.ask(draft, SEND_TIMEOUT_MS);
      } finally {
        wait.remove();
        st.checking = false;
      }
      if (!res.ok) {
        this.resend(root, btn);
        this.notice("Письмо отправлено без проверки", `${res.reason}.`);
        return;
      }
      st.report = res.report;
      st.offline = false;
      this.draw(st);
      const block = RANK[res.block || this.settings.block] || RANK.error;
      const blocking = res.report.diagnostics.filter((d) => RANK[d.severity] >= block);
      if (!blocking.length) { this.resend(root, btn); return; }
      this.panel(st, btn, blocking, true);
    },

    resend(root, btn) {
      const target = (btn && btn.isConnected) ? btn : this.adapter.sendButton(root);
      if (!target) return;
      this.bypass = true;
      try {
        // the sequence a real click makes: Gmail's buttons act on mousedown/mouseup,
        // React-based ones (Yandex, Mail.ru) on click (InboxSDK's simulateClick does the same)
        const opts = { bubbles: true, cancelable: true, composed: true, button: 0 };   // no `view`: Firefox content scripts reject it
        target.dispatchEvent(new MouseEvent("mousedown", opts));
        target.dispatchEvent(new MouseEvent("mouseup", opts));
        target.dispatchEvent(new MouseEvent("click", opts));
      } finally {
        this.bypass = false;
      }
    },

    // ------------------------------------------------------------ the panel
    panel(st, btn, list, blocking) {
      ui();
      this.closePanel();
      const wrap = el("div", "");
      wrap.dataset.mailcheck = "panel-wrap";
      const back = el("div", "backdrop");
      const p = el("div", "panel");
      p.dataset.mailcheck = "panel";
      p.setAttribute("role", blocking ? "alertdialog" : "dialog");
      p.setAttribute("aria-modal", "true");
      p.setAttribute("aria-labelledby", "mc-title");
      const n = list.length;
      const title = blocking
        ? `Письмо не отправлено: ${findings(n)}`
        : `mailcheck: ${findings(n)}`;
      const h = el("h2", "", title);
      h.id = "mc-title";
      p.append(h);
      p.append(el("p", "sub", blocking
        ? "Исправьте письмо или отправьте как есть."
        : "Замечания к письму. Нажмите «Исправить», чтобы перейти к месту в тексте."));
      const ol = el("ol");
      const sorted = list.slice().sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.offset - b.offset);
      for (const d of sorted) {
        const li = el("li");
        li.dataset.rule = d.rule;
        const msg = el("div", "msg");
        msg.append(el("span", `sev ${d.severity}`, SEV_RU[d.severity]));
        if (d.text) msg.append(el("span", "quote", `«${d.text.length > 40 ? d.text.slice(0, 39) + "…" : d.text}» `));
        msg.append(el("div", "", d.message));
        if (d.suggestions && d.suggestions.length) {
          const b = el("div", "better", "Лучше: ");
          b.append(el("b", "", d.suggestions[0]));
          msg.append(b);
        }
        const fix = el("button", "primary", "Исправить");
        fix.type = "button";
        fix.dataset.mailcheck = "fix";
        fix.addEventListener("click", () => { this.closePanel(); this.jump(st, d); });
        li.append(msg, fix);
        ol.append(li);
      }
      p.append(ol);
      const actions = el("div", "actions");
      const back2 = el("button", "", "Вернуться к письму");
      back2.type = "button";
      back2.addEventListener("click", () => { this.closePanel(); st.body.focus(); });
      actions.append(back2);
      if (blocking) {
        const anyway = el("button", "send-anyway", "Всё равно отправить");
        anyway.type = "button";
        anyway.dataset.mailcheck = "send-anyway";
        anyway.addEventListener("click", () => { this.closePanel(); this.resend(st.root, btn); });
        actions.append(anyway);
      }
      p.append(actions);
      p.addEventListener("keydown", (e) => {
        if (e.key === "Escape") { e.stopPropagation(); this.closePanel(); st.body.focus(); }
        if (e.key === "Tab") {           // keep the focus inside the dialog
          const f = [...p.querySelectorAll("button")];
          const i = f.indexOf(shadow.activeElement);
          if (e.shiftKey && i <= 0) { e.preventDefault(); f[f.length - 1].focus(); }
          else if (!e.shiftKey && i === f.length - 1) { e.preventDefault(); f[0].focus(); }
        }
      });
      back.addEventListener("click", () => { this.closePanel(); });
      wrap.append(back, p);
      shadow.append(wrap);
      const first = p.querySelector("button.primary");
      if (first) first.focus();
    },

    closePanel() {
      if (!shadow) return;
      shadow.querySelectorAll('[data-mailcheck="panel-wrap"]').forEach((n) => n.remove());
    },

    jump(st, d) {
      const map = extract(st.body, this.adapter.skip);
      st.map = map;
      st.body.focus();
      const sel = window.getSelection();
      let r = rangeFor(map, d);
      if (!r && d.field === "body") {
        const pt = domPoint(map, d.offset);
        if (pt) { r = document.createRange(); r.setStart(pt.node, pt.offset); r.collapse(true); }
      }
      if (d.field !== "body" && this.adapter.field) {
        const f = this.adapter.field(st.root, d.field);
        if (f) { f.focus(); return; }
      }
      if (!r) return;
      sel.removeAllRanges();
      sel.addRange(r);
      const node = r.startContainer.nodeType === Node.TEXT_NODE ? r.startContainer.parentElement : r.startContainer;
      if (node && node.scrollIntoView) node.scrollIntoView({ block: "center" });
      // a short highlight, so the eye finds the place
      const rc = r.getBoundingClientRect();
      if (rc.width || rc.height) {
        const hl = el("div", "hl");
        hl.dataset.mailcheck = "highlight";
        Object.assign(hl.style, { left: `${rc.left + window.scrollX - 2}px`, top: `${rc.top + window.scrollY - 1}px`,
          width: `${rc.width + 4}px`, height: `${rc.height + 2}px` });
        layer.append(hl);
        setTimeout(() => hl.remove(), 1800);
      }
    },

    notice(title, text) {
      ui();
      shadow.querySelectorAll(".notice").forEach((n) => n.remove());
      const n = el("div", "notice");
      n.dataset.mailcheck = "notice";
      n.setAttribute("role", "status");
      n.append(el("div", "from", "mailcheck"), el("b", "", title), el("div", "", text[0].toUpperCase() + text.slice(1)));
      shadow.append(n);
      setTimeout(() => n.remove(), 10000);
    },
  };

  // helpers the site scripts use
  Core.util = {
    text: (node) => (node ? (node.value !== undefined ? node.value : node.textContent || "") : "").trim(),
    emails(root, selector, attr) {
      const out = [];
      for (const n of root.querySelectorAll(selector)) {
        const v = (attr ? n.getAttribute(attr) : n.textContent || "").trim();
        if (v && !out.includes(v)) out.push(v);
      }
      return out;
    },
    visible: (n) => !!(n && n.isConnected && (n.offsetWidth || n.offsetHeight || n.getClientRects().length)),
  };
  Core.extract = extract;

  // A site described by selectors. The compose root is the nearest ancestor of
  // the body that also holds a Send button (inline replies have no dialog).
  Core.siteAdapter = (d) => ({
    site: d.site,
    skip: d.skip,
    composes() {
      const roots = [];
      for (const body of document.querySelectorAll(d.body)) {
        if (!Core.util.visible(body)) continue;
        const root = d.root ? body.closest(d.root) : null;
        const r = root || up(body, d.send);
        if (r && !roots.includes(r)) roots.push(r);
      }
      return roots;
    },
    body: (root) => [...root.querySelectorAll(d.body)].find(Core.util.visible) || root.querySelector(d.body),
    subject: (root) => Core.util.text(root.querySelector(d.subject)),
    recipients: (root) => d.recipients(root),
    from: (root) => (d.from ? d.from(root) : ""),
    field: (root, name) => (name === "subject" ? root.querySelector(d.subject) : null),
    sendButton: (root) => [...root.querySelectorAll(d.send)].find(Core.util.visible) || root.querySelector(d.send),
    sendButtonFrom: (node) => (node && node.closest ? node.closest(d.send) : null),
    composeOf(node) {
      if (!node || !node.closest) return null;
      for (const root of Core.composes.keys()) if (root.contains(node)) return root;
      const found = this.composes().find((r) => r.contains(node));
      return found || null;
    },
  });

  function up(node, selector) {
    for (let n = node.parentElement; n && n !== document.body; n = n.parentElement) {
      if (n.querySelector(selector)) return n;
    }
    return null;
  }
  globalThis.MailcheckCore = Core;
})();
