from __future__ import annotations

import json
from json.encoder import encode_basestring


def render_json(reports, **_) -> str:
    from mailcheck.report import summary

    doc = {"version": 1, "files": [r.to_dict() for r in reports], "summary": summary(reports)}
    return dumps_indented(doc) + "\n"


def render_jsonl(reports, **_) -> str:
    return "".join(render_jsonl_file(r) for r in reports)


def render_jsonl_file(r, **_) -> str:
    """The JSONL lines of one report (printed as soon as its file is checked)."""
    return "".join(json.dumps({"path": r.path, **d.to_dict()}, ensure_ascii=False) + "\n"
                   for d in r.diagnostics)


def dumps_indented(obj) -> str:
    """`json.dumps(obj, ensure_ascii=False, indent=2)`, byte for byte, ~1.5× faster.

    With an indent the standard library uses its pure-Python encoder, a generator
    per value: for a report of thousands of findings that was most of the time
    spent writing it. Here strings go through the C string encoder and each
    container is one join. Anything but dicts, lists, tuples, str, int, float,
    bool and None is left to json.dumps (same output, same errors)."""
    out: list[str] = []
    try:
        _write(obj, "\n", out)
    except (_Unsupported, RecursionError):      # a circular structure: json's own error
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(out)


class _Unsupported(Exception):
    pass


_FLOAT_SPECIAL = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def _scalar(o) -> str | None:
    """The JSON text of a scalar, or None for a container."""
    t = type(o)
    if t is str:
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if t is int:
        return int.__repr__(o)
    if t is float:
        if o != o:
            return "NaN"
        return _FLOAT_SPECIAL.get(o) or float.__repr__(o)
    if t is dict or t is list or t is tuple:
        return None
    raise _Unsupported


def _key(k) -> str:
    if type(k) is str:
        return encode_basestring(k)
    if k is None or type(k) in (bool, int, float):
        return encode_basestring(_scalar(k))     # json turns such keys into strings
    raise _Unsupported


def _write(o, nl: str, out: list) -> None:
    """Append `o` indented as json.dumps(indent=2) does; `nl` is a newline and the
    indentation of the line `o` starts on."""
    s = _scalar(o)
    if s is not None:
        out.append(s)
        return
    is_dict = type(o) is dict
    if not o:
        out.append("{}" if is_dict else "[]")
        return
    inner = nl + "  "
    items = ((_key(k) + ": ", v) for k, v in o.items()) if is_dict else (("", v) for v in o)
    out.append("{" if is_dict else "[")
    sep = inner
    for head, v in items:
        out.append(sep + head)
        s = _scalar(v)
        if s is not None:
            out.append(s)
        else:
            _write(v, inner, out)
        sep = "," + inner
    out.append(nl + ("}" if is_dict else "]"))
