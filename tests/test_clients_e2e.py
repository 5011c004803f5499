"""Real mail clients, end to end: neomutt (or mutt) in batch mode sending through
`mailcheck sendmail`, `git send-email` with a `sendemail-validate` hook, and
Emacs message-mode with `message-send-hook` — each once passing, once blocked.

The clients come from Debian packages (`bash .ci/install-clients.sh`); where a
client is absent its tests skip and say so. Nothing leaves the machine: the
"sendmail" is tests/clients/capture-sendmail, which saves what it is given.
"""
from __future__ import annotations

import email
import email.policy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = ROOT / "tests" / "clients"
CAPTURE = CLIENTS / "capture-sendmail"
DOCS = ROOT / "docs" / "integrations.md"
BIN = Path(sys.executable).parent
CLEAN_BODY = (ROOT / "corpus" / "001-ack-short-concrete-time.txt").read_text(encoding="utf-8")
BAD_BODY = "Макет готов, посмотрите.\n"
INSTALL = "install them with `bash .ci/install-clients.sh`"


def mailcheck_on_path() -> str:
    found = shutil.which("mailcheck", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if not found:
        pytest.skip("the `mailcheck` command is not installed (pip install -e .)")
    return found


@pytest.fixture
def sandbox(tmp_path):
    """A private HOME, state dir and capture dir; `mailcheck` first on PATH."""
    mailcheck_on_path()
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "CAPTURE_DIR": str(tmp_path / "sent"),
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "TERM": "dumb",
        "GIT_CONFIG_NOSYSTEM": "1",
        "TMPDIR": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return {"env": env, "dir": tmp_path, "sent": tmp_path / "sent",
            "held": tmp_path / "state" / "mailcheck" / "held"}


def captured(box) -> list[email.message.EmailMessage]:
    d = box["sent"]
    files = sorted(d.glob("*.eml")) if d.exists() else []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]


def held(box) -> list[bytes]:
    d = box["held"]
    return [p.read_bytes() for p in sorted(d.iterdir())] if d.exists() else []


def body_of(msg) -> str:
    return msg.get_body(("plain",)).get_content()


# --- neomutt / mutt ------------------------------------------------------------------

def mutt() -> str:
    for name in ("neomutt", "mutt"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"neomutt/mutt is not installed; {INSTALL}")


def run_mutt(box, body: str, extra=()) -> subprocess.CompletedProcess:
    prog = mutt()
    snippet = (CLIENTS / "muttrc").read_text(encoding="utf-8")
    rc = box["dir"] / "muttrc"
    rc.write_text(
        'set from = "Олег Виноградов <o.vinogradov@severcode.ru>"\n'
        "set use_from = yes\nset charset = utf-8\nset send_charset = utf-8\n"
        'set copy = no\nset record = ""\nset postpone = no\n'
        + snippet.replace("/usr/sbin/sendmail", str(CAPTURE)), encoding="utf-8")
    body_file = box["dir"] / "body.txt"
    body_file.write_text(body, encoding="utf-8")
    with open(body_file, "rb") as stdin:
        return subprocess.run([prog, "-n", "-F", str(rc), *extra, "-s", "Макет сайта", "--",
                               "n.k@teplodom-opt.ru"], stdin=stdin, capture_output=True,
                              env=box["env"], cwd=box["dir"], timeout=60)


def test_mutt_sends_a_clean_draft(sandbox):
    p = run_mutt(sandbox, CLEAN_BODY)
    assert p.returncode == 0, p.stderr.decode()
    [msg] = captured(sandbox)
    assert msg["To"] == "n.k@teplodom-opt.ru" and msg["Subject"] == "Макет сайта"
    assert body_of(msg).strip() == CLEAN_BODY.strip()
    assert held(sandbox) == []
    args = next(sandbox["sent"].glob("*.args")).read_text().splitlines()
    assert "n.k@teplodom-opt.ru" in args and "-oi" in args


def test_mutt_blocks_a_draft_without_greeting(sandbox):
    p = run_mutt(sandbox, BAD_BODY)
    err = p.stderr.decode()
    assert p.returncode != 0, err
    assert "greeting.missing" in err and "не отправлено" in err
    assert captured(sandbox) == []
    [copy] = held(sandbox)
    msg = email.message_from_bytes(copy, policy=email.policy.default)
    assert body_of(msg).strip() == BAD_BODY.strip() and msg["Subject"] == "Макет сайта"
    assert str(sandbox["held"]) in err


def test_mutt_skip_header_sends_once_and_is_removed(sandbox):
    p = run_mutt(sandbox, BAD_BODY, extra=["-e", "my_hdr X-Mailcheck: skip"])
    assert p.returncode == 0, p.stderr.decode()
    [msg] = captured(sandbox)
    assert msg["X-Mailcheck"] is None
    assert body_of(msg).strip() == BAD_BODY.strip()


# --- git send-email ---------------------------------------------------------------------

GOOD_BLURB = """Здравствуйте, Наталья!

Присылаю два исправления к сайту teplodom-opt.ru по договору № 14/2026: форма заказа теперь \
проверяет телефон, а тексты на странице доставки обновлены по вашему списку от 10 октября.

Прошу до пятницы, 16 октября, посмотреть изменения и ответить, можно ли выкладывать их на сайт.

С уважением,
Олег Виноградов
менеджер по работе с клиентами
ООО «Северный код»
+7 (495) 555-27-91, o.vinogradov@severcode.ru"""


def git_send_email_ok(env) -> None:
    if not shutil.which("git"):
        pytest.skip(f"git is not installed; {INSTALL}")
    p = subprocess.run(["git", "send-email", "-h"], capture_output=True, env=env)
    if b"--dry-run" not in p.stdout + p.stderr:
        pytest.skip(f"git send-email is not installed (Debian package git-email); {INSTALL}")
    if subprocess.run(["perl", "-MMail::Address", "-e", "1"], capture_output=True).returncode:
        pytest.skip(f"git send-email lacks Mail::Address (package libmailtools-perl); {INSTALL}")


def patch_series(box, blurb: str) -> list[Path]:
    env = box["env"]
    git_send_email_ok(env)
    repo = box["dir"] / "repo"
    repo.mkdir()

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.name", "Олег Виноградов")
    git("config", "user.email", "o.vinogradov@severcode.ru")
    (repo / "order.html").write_text("<form></form>\n")
    git("add", "order.html")
    git("commit", "-qm", "Форма заказа")
    for line, msg in (("<input name=phone>", "Проверять телефон в форме заказа"),
                      ("<p>Доставка</p>", "Обновить тексты о доставке")):
        with open(repo / "order.html", "a") as f:
            f.write(line + "\n")
        git("commit", "-qam", msg)
    git("format-patch", "-q", "--cover-letter", "-o", str(box["dir"] / "series"), "HEAD~2")
    hook = repo / ".git" / "hooks" / "sendemail-validate"
    shutil.copy(CLIENTS / "sendemail-validate", hook)
    hook.chmod(0o755)
    files = sorted((box["dir"] / "series").glob("*.patch"))
    cover = files[0]
    text = cover.read_text(encoding="utf-8")
    assert "*** BLURB HERE ***" in text
    cover.write_text(text.replace("*** SUBJECT HERE ***", "Исправления формы заказа")
                         .replace("*** BLURB HERE ***", blurb), encoding="utf-8")
    return files


def send_email(box, files, *opts) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "send-email", "--to=n.k@teplodom-opt.ru", "--confirm=never",
                           "--suppress-cc=all", *opts, *map(str, files)],
                          cwd=box["dir"] / "repo", env=box["env"], capture_output=True, timeout=120)


def test_git_send_email_passes_a_good_cover_letter(sandbox):
    files = patch_series(sandbox, GOOD_BLURB)
    p = send_email(sandbox, files, f"--sendmail-cmd={CAPTURE}")
    assert p.returncode == 0, (p.stdout + p.stderr).decode()
    msgs = captured(sandbox)
    assert len(msgs) == 3                       # the cover letter and both patches
    subjects = sorted(m["Subject"] for m in msgs)
    assert subjects[0].startswith("[PATCH 0/2] Исправления формы заказа")
    assert any("Здравствуйте, Наталья!" in body_of(m) for m in msgs)


def test_git_send_email_refuses_a_bad_cover_letter(sandbox):
    files = patch_series(sandbox, BAD_BODY.strip())
    for opts in (["--dry-run"], [f"--sendmail-cmd={CAPTURE}"]):
        p = send_email(sandbox, files, *opts)
        out = (p.stdout + p.stderr).decode()
        assert p.returncode != 0, out
        assert "rejected by sendemail-validate hook" in out
        assert "greeting.missing" in out and "0000-cover-letter.patch" in out
        assert "no patches were sent" in out
    assert captured(sandbox) == []


def test_git_send_email_hook_leaves_patches_alone(sandbox):
    """A series without a cover letter: the patches themselves are code, not letters."""
    files = patch_series(sandbox, GOOD_BLURB)[1:]
    p = send_email(sandbox, files, f"--sendmail-cmd={CAPTURE}")
    assert p.returncode == 0, (p.stdout + p.stderr).decode()
    assert len(captured(sandbox)) == 2


# --- Emacs message-mode -------------------------------------------------------------------

def run_emacs(box, body: str, extra_headers: str = "") -> tuple[subprocess.CompletedProcess, Path]:
    emacs = shutil.which("emacs")
    if not emacs:
        pytest.skip(f"emacs is not installed (Debian package emacs-nox); {INSTALL}")
    body_file = box["dir"] / "body.txt"
    body_file.write_text(body, encoding="utf-8")
    out = box["dir"] / "sent.eml"
    env = dict(box["env"], BODY_FILE=str(body_file), OUT_FILE=str(out), EXTRA_HEADERS=extra_headers)
    p = subprocess.run([emacs, "--batch", "-Q", "-l", str(CLIENTS / "mailcheck.el"),
                        "-l", str(CLIENTS / "drive-message.el")],
                       capture_output=True, env=env, cwd=box["dir"], timeout=120)
    return p, out


def test_emacs_message_mode_sends_a_clean_draft(sandbox):
    p, out = run_emacs(sandbox, CLEAN_BODY)
    assert p.stdout.decode().startswith("SENT"), (p.stdout + p.stderr).decode()
    assert out.exists()


def test_emacs_message_mode_blocks_a_draft_without_greeting(sandbox):
    p, out = run_emacs(sandbox, BAD_BODY)
    text = p.stdout.decode()
    assert text.startswith("BLOCKED: mailcheck: письмо не отправлено"), (p.stdout + p.stderr).decode()
    assert "greeting.missing" in text
    assert not out.exists()


def test_emacs_skip_header(sandbox):
    p, out = run_emacs(sandbox, BAD_BODY, "X-Mailcheck: skip\n")
    assert p.stdout.decode().startswith("SENT"), (p.stdout + p.stderr).decode()
    assert "X-Mailcheck" not in out.read_text(encoding="utf-8")


# --- the README snippets are the tested ones -------------------------------------------------

@pytest.mark.parametrize("fixture", ["muttrc", "sendemail-validate", "mailcheck.el"])
def test_docs_show_the_tested_snippets(fixture):
    if not DOCS.exists():
        pytest.skip("docs/integrations.md is not there")
    docs = DOCS.read_text(encoding="utf-8")
    snippet = (CLIENTS / fixture).read_text(encoding="utf-8").strip()
    assert snippet in docs, f"docs/integrations.md must show tests/clients/{fixture} verbatim"
