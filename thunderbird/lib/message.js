// Compose details -> an RFC 5322 message that `mailcheck serve` reads as a draft.
// Pure functions, no `messenger`: the background script and the Node tests share them.

const CRLF = "\r\n";

/** True when the string has anything outside printable US-ASCII. */
function needsEncoding(s) {
  return /[^\x20-\x7e]/.test(s);
}

function utf8Base64(s) {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/**
 * RFC 2047 encoded words ("=?UTF-8?B?...?=") for a header value with non-ASCII text;
 * each word holds whole characters and stays within 75 characters.
 */
export function encodeWords(s) {
  if (!needsEncoding(s)) return s;
  const words = [];
  let chunk = "";
  for (const ch of s) {
    // 39 UTF-8 bytes -> 52 base64 characters + 12 of "=?UTF-8?B??=" = 64, so that
    // "Subject: " and a word fit in 78 characters
    if (new TextEncoder().encode(chunk + ch).length > 39) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${utf8Base64(w)}?=`).join(CRLF + " ");
}

/** One address as compose details give it: "Имя <addr>", "addr", or a contact reference. */
export function formatAddress(entry) {
  if (entry && typeof entry === "object") {
    // {id, type: "contact" | "mailingList"}: an address book entry; its e-mail is not in
    // the details. Leave it out rather than invent one.
    return null;
  }
  const s = String(entry ?? "").replace(/[\r\n]+/g, " ").trim();
  if (!s) return null;
  const m = s.match(/^(.*?)\s*<([^<>]*)>$/);
  if (!m) return s;
  let name = m[1].trim();
  const addr = m[2].trim();
  if (!name) return `<${addr}>`;
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) {
    name = name.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  if (needsEncoding(name)) return `${encodeWords(name)} <${addr}>`;
  if (/[()<>\[\]:;@\\,."]/.test(name)) {
    return `"${name.replace(/(["\\])/g, "\\$1")}" <${addr}>`;
  }
  return `${name} <${addr}>`;
}

function addressList(value) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map(formatAddress).filter(Boolean);
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0",
  laquo: "«", raquo: "»", mdash: "—", ndash: "–", hellip: "…" };

/**
 * A plain-text form of an HTML body, for when the details carry no plainTextBody
 * (Thunderbird normally gives one; this is the fallback).
 */
export function htmlToText(html) {
  let s = String(html ?? "");
  s = s.replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, "");
  s = s.replace(/<!--[\s\S]*?-->/g, "");
  s = s.replace(/<br\s*\/?>/gi, "\n");
  s = s.replace(/<li\b[^>]*>/gi, "\n- ");
  s = s.replace(/<\/(p|div|h[1-6]|tr|blockquote|pre|table|ul|ol)\s*>/gi, "\n");
  s = s.replace(/<(p|div|h[1-6]|tr|blockquote|pre|table|ul|ol)\b[^>]*>/gi, "\n");
  s = s.replace(/<[^>]+>/g, "");
  s = s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      try { return String.fromCodePoint(code); } catch { return all; }
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
  s = s.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n");
  return s.trim() + "\n";
}

/** The body the recipient reads as text: plain text as is, an HTML body via its plain-text form. */
export function bodyText(details) {
  if (typeof details.plainTextBody === "string" && (details.isPlainText || details.plainTextBody.trim())) {
    return details.plainTextBody;
  }
  if (details.isPlainText) return details.plainTextBody ?? "";
  return htmlToText(details.body ?? "");
}

/** RFC 2231 filename parameter: filename*=UTF-8''percent-encoded, or a quoted ASCII name. */
function filenameParam(key, name) {
  if (!needsEncoding(name) && !/["\\]/.test(name)) return `${key}="${name}"`;
  const enc = encodeURIComponent(name).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return `${key}*=UTF-8''${enc}`;
}

function textPart(text) {
  const body = String(text).replace(/\r\n|\r|\n/g, CRLF);
  const long = body.split(CRLF).some((l) => new TextEncoder().encode(l).length > 998);
  if (!long) {
    return { headers: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"], body };
  }
  const b64 = utf8Base64(body).replace(/.{76}/g, "$&" + CRLF);
  return { headers: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"], body: b64 };
}

/**
 * The message mailcheck checks: From, To, Cc, Reply-To, Subject, the text body and
 * one empty part per attachment (its name and type only — contents never leave
 * Thunderbird). Bcc is left out as a sent message leaves it out.
 *
 * @param {object} details   messenger.compose.ComposeDetails
 * @param {Array}  attachments  messenger.compose.listAttachments() entries ({name, size, ...})
 * @param {{boundary?: string}} [opts]
 */
export function detailsToMessage(details, attachments = [], opts = {}) {
  const headers = [];
  const from = addressList(details.from);
  if (from.length) headers.push(`From: ${from.join(", ")}`);
  for (const [key, field] of [["To", "to"], ["Cc", "cc"], ["Reply-To", "replyTo"]]) {
    const list = addressList(details[field]);
    if (list.length) headers.push(`${key}: ${list.join("," + CRLF + " ")}`);
  }
  const subject = String(details.subject ?? "").replace(/[\r\n]+/g, " ");
  headers.push(`Subject: ${encodeWords(subject)}`);
  headers.push("MIME-Version: 1.0");
  headers.push("X-Mailcheck-Client: thunderbird");

  const text = textPart(bodyText(details));
  const files = (attachments ?? []).filter((a) => a && a.name);
  if (!files.length) {
    return [...headers, ...text.headers].join(CRLF) + CRLF + CRLF + text.body + (text.body.endsWith(CRLF) ? "" : CRLF);
  }
  const boundary = opts.boundary ?? `=_mailcheck_${Math.random().toString(36).slice(2)}_${Date.now()}`;
  const out = [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", ""];
  let msg = out.join(CRLF);
  // the CRLF before a boundary belongs to the boundary (RFC 2046): one more keeps the text's own
  msg += `--${boundary}${CRLF}${text.headers.join(CRLF)}${CRLF}${CRLF}${text.body}${CRLF}`;
  for (const a of files) {
    const type = a.contentType || "application/octet-stream";
    msg += `--${boundary}${CRLF}`;
    msg += `Content-Type: ${type}; ${filenameParam("name", a.name)}${CRLF}`;
    msg += `Content-Disposition: attachment; ${filenameParam("filename", a.name)}${CRLF}`;
    msg += `X-Mailcheck-Size: ${Number(a.size) || 0}${CRLF}${CRLF}`;
  }
  msg += `--${boundary}--${CRLF}`;
  return msg;
}
