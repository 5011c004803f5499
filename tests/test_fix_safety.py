"""`mailcheck fix` never damages a draft (issue 10): a forwarded message is never
the draft's text, writes are atomic, broken encodings do not crash it."""
from __future__ import annotations

import base64
import errno
import os
import subprocess
import sys
from email.message import EmailMessage

import pytest

import mailcheck
from mailcheck.draft.reader import load
from mailcheck.frontends import fix as fixmod
from mailcheck.frontends.fix import fix_bytes, fix_path

OWN = "Добрый день Иван!\n\nПересылаю письмо клиента, всё готово!!!\n\nС уважением,\nОльга Смирнова\nООО «Пример»\n"
THEIRS = "Добрый день!!! Вопрос по макету, когда будет готово?\n"


def _forward(own_first: bool = False) -> bytes:
    inner = EmailMessage()
    inner["From"] = "Клиент <c@client.ru>"
    inner["Subject"] = "Вопрос по макету"
    inner.set_content(THEIRS)
    outer = EmailMessage()
    outer["From"] = "Ольга <o@example.ru>"
    outer["To"] = "ivan@example.ru"
    outer["Subject"] = "Fwd: Вопрос по макету"
    outer.set_content(OWN)
    outer.make_mixed()
    forwarded = EmailMessage()
    forwarded.set_content(inner)
    parts = outer.get_payload()
    outer.set_payload(parts + [forwarded] if own_first else [forwarded] + parts)
    return bytes(outer)


@pytest.mark.parametrize("own_first", [False, True])
def test_forwarded_message_is_not_the_drafts_text(own_first):
    draft = load(_forward(own_first))
    assert draft.text.startswith("Добрый день Иван!")
    assert "Вопрос по макету, когда" not in draft.text
    assert any(a.content_type == "message/rfc822" for a in draft.attachments)


def test_check_lints_the_senders_text_not_the_forwarded_one():
    report = mailcheck.lint(_forward())
    flagged = [d.text for d in report.diagnostics if d.rule == "style.exclamations"]
    assert flagged == ["!!!"]
    assert report.draft.text[report.diagnostics[0].offset:].startswith(report.diagnostics[0].text)


def test_fix_write_leaves_a_forwarded_message_byte_identical(tmp_path):
    raw = _forward()
    path = tmp_path / "fwd.eml"
    path.write_bytes(raw)
    assert fix_path(str(path), write=True) == 0
    new = path.read_bytes()
    inner_start = raw.index(b"Content-Type: message/rfc822")
    inner_end = raw.index(b"\n--", inner_start)
    assert raw[inner_start:inner_end] in new          # From, Subject, Content-Type, text: untouched
    fixed = load(new)
    assert fixed.text.startswith("Добрый день, Иван!")
    assert "всё готово!\n" in fixed.text


# --- atomic writes --------------------------------------------------------------

def _draft_file(tmp_path):
    text = "Добрый день Анна!\n\n" + "".join(f"Пункт {i}: всё готово, проверьте, пожалуйста!!!\n\n" for i in range(111)) + \
        "С уважением,\nИван Петров\nООО «Пример»\n"
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o640)
    return path, path.read_bytes()


def test_full_disk_leaves_the_original_intact(tmp_path, monkeypatch):
    """The disk fills after 8 KB: whatever writes the bytes (os.write or a file
    object opened by name) fails with ENOSPC; the draft stays as it was."""
    path, before = _draft_file(tmp_path)
    assert len(before) > 8192
    real_write = os.write
    written = {"n": 0}

    def full(fd, data):
        room = 8192 - written["n"]
        if room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = real_write(fd, bytes(data)[:room])
        written["n"] += n
        return n

    class FullFile:
        def __init__(self, name, mode="r", *a, **k):
            self.f = open(name, mode, *a, **k)

        def write(self, data):
            return full(self.f.fileno(), data)

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(os, "write", full)
    monkeypatch.setattr(fixmod, "open", FullFile, raising=False)
    assert fix_path(str(path), write=True) == 2
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]     # no temp file left


def test_failing_fsync_leaves_the_original_intact(tmp_path, monkeypatch):
    path, before = _draft_file(tmp_path)

    def broken(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    assert fix_path(str(path), write=True) == 2
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_leaves_the_original_intact(tmp_path, capsys):
    path, before = _draft_file(tmp_path)
    os.chmod(tmp_path, 0o555)
    try:
        assert fix_path(str(path), write=True) == 2
    finally:
        os.chmod(tmp_path, 0o755)
    assert path.read_bytes() == before
    assert "не изменён" in capsys.readouterr().err


def test_read_only_folder_via_a_failing_mkstemp(tmp_path, monkeypatch, capsys):
    import tempfile

    path, before = _draft_file(tmp_path)

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    assert fix_path(str(path), write=True) == 2
    assert path.read_bytes() == before
    assert "не изменён" in capsys.readouterr().err


def test_write_keeps_mode_and_replaces_at_once(tmp_path):
    path, before = _draft_file(tmp_path)
    ino = os.stat(path).st_ino
    assert fix_path(str(path), write=True) == 0
    after = path.read_bytes()
    assert after != before and "пожалуйста!\n".encode() in after
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert os.stat(path).st_ino != ino                # a new file renamed over the old one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


def test_write_through_a_symlink_keeps_the_link(tmp_path):
    path, before = _draft_file(tmp_path)
    link = tmp_path / "link.txt"
    link.symlink_to(path.name)
    assert fix_path(str(link), write=True) == 0
    assert link.is_symlink()
    assert path.read_bytes() != before


# --- internal errors ------------------------------------------------------------

def _b64_eml(body: bytes) -> bytes:
    return (b"From: a@example.ru\nTo: c@client.ru\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
            b"Content-Transfer-Encoding: base64\n\n" + body + b"\n")


@pytest.mark.parametrize("body", [b"A", b"QUJDR", b"0JTQvtCx0YDRi9C5INC00LXQvdGMINCY0LLQsNC9IQ"])
def test_base64_of_a_bad_length_does_not_crash(body, tmp_path):
    raw = _b64_eml(body)
    fix_bytes(raw)                                    # no exception
    mailcheck.lint(raw)
    path = tmp_path / "b.eml"
    path.write_bytes(raw)
    r = subprocess.run([sys.executable, "-m", "mailcheck", "fix", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "внутренняя ошибка" not in r.stderr


def test_base64_without_padding_is_fixed():
    text = "Добрый день Иван!\n\nВсё готово!!!\n\nС уважением,\nОльга Смирнова\n"
    enc = base64.b64encode(text.encode()).rstrip(b"=")
    new, old, fixed = fix_bytes(_b64_eml(enc))
    assert "Всё готово!\n" in fixed
    assert load(new).text.startswith("Добрый день, Иван!")


CP_BODY = ("Добрый день Иван!\n\nВсё готово!!! ".encode("cp1251") + b"\x98" +
           " Проверьте.\n\nС уважением,\nОльга Смирнова\n".encode("cp1251"))


def test_cp1251_byte_it_cannot_decode_is_kept_txt(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(CP_BODY)
    assert fix_path(str(path), write=True) == 0
    out = path.read_bytes()
    assert b"\x98" in out
    assert out == CP_BODY.replace("Добрый день Иван".encode("cp1251"), "Добрый день, Иван".encode("cp1251")) \
        .replace(b"!!! \x98", b"! \x98")


@pytest.mark.parametrize("cte", ["8bit", "quoted-printable", "base64"])
def test_cp1251_byte_it_cannot_decode_is_kept_eml(cte):
    import quopri

    body = {"8bit": CP_BODY, "quoted-printable": quopri.encodestring(CP_BODY),
            "base64": base64.encodebytes(CP_BODY)}[cte]
    raw = (b"From: a@example.ru\nTo: c@client.ru\nSubject: x\nContent-Type: text/plain; charset=windows-1251\n"
           b"Content-Transfer-Encoding: " + cte.encode() + b"\n\n" + body)
    new, _, fixed = fix_bytes(raw)
    assert "Всё готово! \ufffd Проверьте." in fixed
    parsed = load(new)
    assert parsed.message.get_payload(decode=True).count(b"\x98") == 1


def test_fix_of_a_str_with_lone_surrogates():
    text = "Добрый день Иван!\n\nВсё готово!!! \udc82\n\nС уважением,\nОльга\n"
    out = mailcheck.fix(text)
    assert "Всё готово! \udc82" in out


@pytest.mark.parametrize("bad", ["\ud800", "\udfff\udc82", "\udc82"])
def test_fix_of_a_message_str_with_lone_surrogates(bad):
    text = f"From: a@example.ru\nTo: c@client.ru\nSubject: x\n\nДобрый день Иван!!! {bad}\n"
    out = mailcheck.fix(text)                   # no UnicodeEncodeError
    assert out.endswith(f"{bad}\n") and out.startswith("From: a@example.ru\n")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_write_keeps_the_owner(tmp_path):
    path, before = _draft_file(tmp_path)
    os.chown(path, 65534, 65534)
    assert fix_path(str(path), write=True) == 0
    st = os.stat(path)
    assert (st.st_uid, st.st_gid) == (65534, 65534)
    assert path.read_bytes() != before


def test_file_of_another_user_that_cannot_be_kept_is_left_alone(tmp_path, monkeypatch, capsys):
    path, before = _draft_file(tmp_path)

    real_stat = os.stat

    class Foreign:
        def __init__(self, st):
            self._st = st

        def __getattr__(self, name):
            if name in ("st_uid", "st_gid"):
                return 65534
            return getattr(self._st, name)

    def fake_stat(p, *a, **k):
        st = real_stat(p, *a, **k)
        return Foreign(st) if str(p) == str(path) else st

    def refuse(fd, uid, gid):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "fchown", refuse)
    assert fix_path(str(path), write=True) == 2
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]
    assert "другому пользователю" in capsys.readouterr().err


def test_read_only_file_in_a_writable_folder_is_not_replaced(tmp_path, monkeypatch):
    path, before = _draft_file(tmp_path)
    os.chmod(path, 0o444)
    real_access = os.access
    # root may write anything: make the check see what a user would
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if str(p) == str(path) and mode == os.W_OK
                        else real_access(p, mode, *a, **k))
    assert fix_path(str(path), write=True) == 2
    assert path.read_bytes() == before
    assert os.stat(path).st_mode & 0o777 == 0o444
