"""Bad input never crashes: one line on stderr naming the file and the problem,
exit 2 — or, where the input is still a readable message, a normal lint.
Everything goes through the real CLI in a subprocess."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD_INPUT_EXIT = 2


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILCHECK_", "PYTHON"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    env["HOME"] = str(tmp_path / "home")
    return env


def run(tmp_path, *args, stdin=b""):
    r = subprocess.run([sys.executable, "-m", "mailcheck", *args], input=stdin, capture_output=True,
                       cwd=tmp_path, env=_env(tmp_path), timeout=120)
    r.out = r.stdout.decode("utf-8")
    r.err = r.stderr.decode("utf-8")
    assert "Traceback" not in r.err, r.err
    assert "внутренняя ошибка" not in r.err, r.err
    return r


def assert_one_line_error(r, name, *words):
    assert r.returncode == BAD_INPUT_EXIT, (r.returncode, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert name in lines[0], (name, lines[0])
    for w in words:
        assert w in lines[0], (w, lines[0])


def assert_linted(r, path, fmt_json=True):
    assert r.returncode in (0, 1), (r.returncode, r.err)
    if fmt_json:
        out = json.loads(r.out)
        assert [f["path"] for f in out["files"]] == [path]
        return out["files"][0]


def lint_file(tmp_path, name, data: bytes):
    (tmp_path / name).write_bytes(data)
    return run(tmp_path, "check", "--format", "json", name)


# ------------------------------------------------------------ unreadable files

def test_missing_file(tmp_path):
    r = run(tmp_path, "check", "nosuch.txt")
    assert_one_line_error(r, "nosuch.txt", "не найден")
    assert r.out == ""


def test_dangling_symlink(tmp_path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    assert_one_line_error(run(tmp_path, "check", "link.txt"), "link.txt")


def test_path_through_a_file(tmp_path):
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    assert_one_line_error(run(tmp_path, "check", "f.txt/inner.txt"), "f.txt/inner.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("Добрый день!\n", encoding="utf-8")
    p.chmod(0)
    try:
        assert_one_line_error(run(tmp_path, "check", "secret.txt"), "secret.txt", "прав")
    finally:
        p.chmod(0o644)


def test_unreadable_as_root_via_directory_named_like_a_draft(tmp_path):
    # root can read anything, but a special file still cannot be read as a draft
    (tmp_path / "dir.eml").mkdir()
    r = run(tmp_path, "check", "--format", "json", "dir.eml")
    # a directory is walked (here: nothing in it), never read as a file
    assert r.returncode == 0 and json.loads(r.out)["files"] == []


def test_device_file(tmp_path):
    r = run(tmp_path, "check", "/dev/null")
    assert_one_line_error(r, "/dev/null", "пуст")


# ------------------------------------------------------------ not a draft

def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    (tmp_path / "pic.txt").write_bytes(png)
    assert_one_line_error(run(tmp_path, "check", "pic.txt"), "pic.txt", "двоичн")


def test_binary_on_stdin(tmp_path):
    r = run(tmp_path, "check", "-", stdin=b"\x7fELF\x02\x01\x01\x00" + bytes(1000))
    assert_one_line_error(r, "<stdin>", "двоичн")


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf", b"\r\n"])
def test_empty_file(tmp_path, data):
    (tmp_path / "empty.txt").write_bytes(data)
    assert_one_line_error(run(tmp_path, "check", "empty.txt"), "empty.txt", "пуст")


def test_empty_stdin(tmp_path):
    assert_one_line_error(run(tmp_path, "check"), "<stdin>", "пуст")


def test_message_with_empty_body_is_linted(tmp_path):
    r = lint_file(tmp_path, "m.eml", b"From: a@b.ru\nTo: c@d.ru\nSubject: x\n\n")
    # headers alone are something to check (subject, recipients): no crash either way
    assert r.returncode in (0, 1, 2)
    if r.returncode == 2:
        assert_one_line_error(r, "m.eml")


# ------------------------------------------------------------ huge inputs

def test_20mb_text_file(tmp_path):
    line = "Добрый день, это очень длинное письмо без конца и края. " * 4 + "\n"
    data = (line * (20 * 1024 * 1024 // len(line.encode()) + 1)).encode()
    assert len(data) >= 20 * 1024 * 1024
    (tmp_path / "huge.txt").write_bytes(data)
    assert_one_line_error(run(tmp_path, "check", "huge.txt"), "huge.txt", "длинн")


def test_over_limit_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "giant.eml"
    with open(p, "wb") as f:
        f.truncate(30 * 1024 * 1024)      # sparse: nothing is written
    assert_one_line_error(run(tmp_path, "check", "giant.eml"), "giant.eml", "МБ")


def test_over_limit_stdin(tmp_path):
    data = b"a" * (26 * 1024 * 1024)
    assert_one_line_error(run(tmp_path, "check", "-", stdin=data), "<stdin>", "МБ")


def test_20mb_message_with_big_attachment_is_linted(tmp_path):
    import base64
    blob = base64.encodebytes(os.urandom(14 * 1024 * 1024))
    raw = (b"From: ivan@example.ru\nTo: anna@client.ru\nSubject: =?utf-8?b?"
           + base64.b64encode("Видео с демонстрации".encode()) + b"?=\nMIME-Version: 1.0\n"
           b'Content-Type: multipart/mixed; boundary="B"\n\n--B\n'
           b"Content-Type: text/plain; charset=utf-8\n\n"
           + "Добрый день, Анна!\n\nВо вложении видео с демонстрации.\n\nС уважением,\nИван\n".encode()
           + b"\n--B\nContent-Type: video/mp4\nContent-Disposition: attachment; filename=demo.mp4\n"
           b"Content-Transfer-Encoding: base64\n\n" + blob + b"--B--\n")
    assert len(raw) > 18 * 1024 * 1024
    f = assert_linted(lint_file(tmp_path, "big.eml", raw), "big.eml")
    for d in f["diagnostics"]:
        assert d["rule"] != "content.attachment-missing"


# ------------------------------------------------------------ broken encodings

def test_invalid_utf8_is_linted(tmp_path):
    text = "Добрый день, Анна!\n\nМакет готов, посмотрите.\n\nС уважением,\nИван\n".encode()
    data = text[:30] + b"\xff\xfe\xc3\x28" + text[30:] + b"\xe2\x82"   # stray and truncated sequences
    assert_linted(lint_file(tmp_path, "bad-utf8.txt", data), "bad-utf8.txt")


@pytest.mark.parametrize("bom,codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom_is_text_not_binary(tmp_path, bom, codec):
    text = "Добрый день, Анна!\n\nМакет готов.\n\nС уважением,\nИван\n"
    f = assert_linted(lint_file(tmp_path, "notepad.txt", bom + text.encode(codec)), "notepad.txt")
    for d in f["diagnostics"]:
        if d["field"] == "body":
            assert text[d["offset"]:d["offset"] + d["length"]] == d["text"]
    from mailcheck.draft.reader import load
    assert load(bom + text.encode(codec)).text == text


def test_invalid_utf8_declared_utf8_in_message(tmp_path):
    raw = (b"From: a@b.ru\nTo: c@d.ru\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n"
           + "Добрый день!\n\nВсё готово.\n".encode() + b"\xff\xff\xc3\n")
    assert_linted(lint_file(tmp_path, "m.eml", raw), "m.eml")


def test_missing_charset_8bit(tmp_path):
    body = "Добрый день, Анна!\n\nМакет готов, посмотрите, пожалуйста, до пятницы.\n\nС уважением,\nИван\n"
    raw = b"From: a@b.ru\nTo: c@d.ru\nSubject: x\nMIME-Version: 1.0\nContent-Type: text/plain\n\n" + body.encode("cp1251")
    f = assert_linted(lint_file(tmp_path, "m.eml", raw), "m.eml")
    for d in f["diagnostics"]:
        if d["field"] == "body":
            assert body[d["offset"]:d["offset"] + d["length"]] == d["text"]


@pytest.mark.parametrize("charset", ["x-no-such-charset", "utf-9", '"', "base64", "rot13", "unicode_escape",
                                     "idna", "zlib"])
def test_unknown_charset(tmp_path, charset):
    body = "Добрый день, Анна!\n\nМакет готов, посмотрите, пожалуйста, до пятницы.\n"
    raw = (f"From: a@b.ru\nTo: c@d.ru\nSubject: x\nMIME-Version: 1.0\n"
           f"Content-Type: text/plain; charset={charset}\n\n").encode("latin-1") + body.encode("koi8-r")
    f = assert_linted(lint_file(tmp_path, "m.eml", raw), "m.eml")
    from mailcheck.draft.reader import load
    assert load(raw).text == body     # detected, not decoded with a bytes codec


def test_unknown_charset_in_encoded_word(tmp_path):
    raw = (b"From: =?x-unknown?B?0JjQstCw0L0=?= <a@b.ru>\nTo: c@d.ru\n"
           b"Subject: =?bogus?Q?=D0=A2=D0=B5?= =?utf-8?B?broken-base64?=\n\n"
           + "Добрый день!\n\nВсё готово.\n".encode())
    assert_linted(lint_file(tmp_path, "m.eml", raw), "m.eml")


def test_bad_transfer_encoding(tmp_path):
    raw = (b"From: a@b.ru\nTo: c@d.ru\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
           b"Content-Transfer-Encoding: base64\n\n!!!not base64 at all, \xd0\x94\xd0\xb0\n")
    r = lint_file(tmp_path, "m.eml", raw)
    assert r.returncode in (0, 1, 2)
    if r.returncode == 2:
        assert_one_line_error(r, "m.eml")


# ------------------------------------------------------------ broken MIME

MIME_HEAD = b"From: a@b.ru\nTo: c@d.ru\nSubject: x\nMIME-Version: 1.0\n"
PLAIN = "Добрый день, Анна!\n\nМакет готов.\n".encode()


@pytest.mark.parametrize("name,raw", [
    ("no-boundary-param", MIME_HEAD + b"Content-Type: multipart/mixed\n\n" + PLAIN),
    ("boundary-never-used", MIME_HEAD + b'Content-Type: multipart/mixed; boundary="ZZ"\n\n' + PLAIN),
    ("no-closing-boundary", MIME_HEAD + b'Content-Type: multipart/alternative; boundary="ZZ"\n\n--ZZ\n'
     b"Content-Type: text/plain; charset=utf-8\n\n" + PLAIN),
    ("empty-multipart", MIME_HEAD + b'Content-Type: multipart/mixed; boundary="ZZ"\n\n--ZZ--\n'),
    ("part-without-headers", MIME_HEAD + b'Content-Type: multipart/mixed; boundary="ZZ"\n\n--ZZ\n\n' + PLAIN
     + b"\n--ZZ--\n"),
    ("nested-broken", MIME_HEAD + b'Content-Type: multipart/mixed; boundary="A"\n\n--A\n'
     b'Content-Type: multipart/alternative; boundary="B"\n\n--B\nContent-Type: text/plain\n\n' + PLAIN
     + b"\n--A--\n"),
    ("garbage-content-type", MIME_HEAD + b"Content-Type: ;;;===\n\n" + PLAIN),
    ("only-attachment", MIME_HEAD + b'Content-Type: multipart/mixed; boundary="ZZ"\n\n--ZZ\n'
     b"Content-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--ZZ--\n"),
    ("message-rfc822-inside", MIME_HEAD + b'Content-Type: multipart/mixed; boundary="ZZ"\n\n--ZZ\n'
     b"Content-Type: text/plain; charset=utf-8\n\n" + PLAIN + b"\n--ZZ\nContent-Type: message/rfc822\n\n"
     b"Subject: inner\n\ninner body\n--ZZ--\n"),
    ("header-without-colon-then-body", b"From: a@b.ru\nSubject: x\nthis is not a header\n\n" + PLAIN),
    ("bad-address-headers", b"From: <<<@@@>>>\nTo: ,,,;;; \"unterminated\nSubject: x\nDate: not a date\n\n" + PLAIN),
    ("nul-free-high-bytes-in-headers", b"From: \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd <a@b.ru>\nTo: c@d.ru\nSubject: \xcf\xf0\xe8\xe2\xe5\xf2\n\n" + PLAIN),
])
def test_broken_mime(tmp_path, name, raw):
    r = lint_file(tmp_path, name + ".eml", raw)
    if r.returncode == BAD_INPUT_EXIT:
        assert_one_line_error(r, name + ".eml")
    else:
        assert_linted(r, name + ".eml")


def test_broken_mime_text_kept(tmp_path):
    raw = (MIME_HEAD + b'Content-Type: multipart/alternative; boundary="ZZ"\n\n--ZZ\n'
           b"Content-Type: text/plain; charset=utf-8\n\n" + PLAIN)
    from mailcheck.draft.reader import load
    d = load(raw)
    assert "Макет готов." in d.text


# ------------------------------------------------------------ lib level

@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02" * 100, b" \n"])
def test_library_raises_input_error(data):
    import mailcheck
    from mailcheck.errors import InputError
    with pytest.raises(InputError):
        mailcheck.lint(data)


def test_library_rejects_other_types():
    import mailcheck
    with pytest.raises(TypeError):
        mailcheck.lint(12345)
