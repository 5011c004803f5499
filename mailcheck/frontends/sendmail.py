"""`mailcheck sendmail [--fail-on LEVEL] -- CMD [ARGS…]`: a pre-send filter.

A mail client runs this in place of its sendmail program. The whole message
is read from stdin and linted:

- nothing at or above `--fail-on`: the exact bytes read go to CMD's stdin,
  and the exit code is CMD's (127/126 when CMD cannot be run, 128+N when a
  signal N killed it);
- otherwise nothing is sent: the findings go to stderr (short), the message
  is saved byte-exact under `$XDG_STATE_HOME/mailcheck/held/` (one new file
  per message, never overwriting) and the exit code is 1, so the client
  keeps the draft;
- `X-Mailcheck: skip` (the header is removed before sending) or
  `MAILCHECK_SKIP=1` send once without checking;
- fail open only for mailcheck's own crashes: a bug in a rule, a bad config
  — the message still goes to CMD and the problem is reported on stderr;
- input without headers is still the user's text: it is linted as a
  plain-text draft (and held or sent like a message); empty input has
  nothing to check and goes to CMD;
- a message mailcheck cannot read (MIME parts nested too deep, binary
  data, a parser failure) is HELD (exit 1, a held copy): what could not be
  read could hold anything, a card number included, and a mail client never
  writes such a message. To send it anyway: `X-Mailcheck: skip`;
- a check that takes longer than `MAILCHECK_TIMEOUT` seconds (60 by
  default), or a letter too long to check, is HELD like a blocked one (exit
  1, a held copy): a long letter is never sent unchecked. The check itself
  stops at that deadline too (errors.LintTimeout), not only the wait for it;
- once CMD has the message, SIGINT and SIGTERM no longer end mailcheck: it
  waits for CMD and exits with CMD's own status, so the client does not send
  the message again.

No path loses a message: when CMD is missing or fails, a held copy is
saved as well, and when the held copy cannot be written the exit code is
still non-zero, so the draft stays in the client. The held folder (and its
fallback `mailcheck-held-UID` in the system temporary folder) is used only
when it is a real folder of this user, not a link, with mode 0700; copies
are opened with O_NOFOLLOW | O_EXCL.
"""
from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RANK = {"suggestion": 1, "warning": 2, "error": 3, "never": 99}
EXIT_BLOCKED = 1
MAX_SHOWN = 8                      # findings printed on stderr; the rest are counted
DEFAULT_TIMEOUT = 60.0             # seconds; a slower check holds the message (never fails open)

_NAMES = {"error": "ошибка", "warning": "предупреждение", "suggestion": "совет"}


def say(text: str) -> None:
    """One or more lines on stderr; never raises (a closed stderr must not stop the send)."""
    try:
        data = ("mailcheck: " + text.rstrip("\n") + "\n").encode("utf-8", "replace")
        stream = getattr(sys.stderr, "buffer", None)
        if stream is not None:
            sys.stderr.flush()
            stream.write(data)
            stream.flush()
        else:
            sys.stderr.write(data.decode("utf-8"))
            sys.stderr.flush()
    except Exception:
        pass


# --- the message bytes -------------------------------------------------------

def _header_end(data: bytes) -> int:
    """Offset just after the last header line (where the blank line starts)."""
    if data.startswith((b"\n", b"\r\n")):
        return 0
    m = re.search(rb"\n\r?\n", data)
    return m.start() + 1 if m else len(data)


def strip_skip_header(data: bytes) -> tuple[bytes, bool]:
    """Remove `X-Mailcheck: skip` from the header block, leaving every other byte as it is."""
    end = _header_end(data)
    if end <= 0:
        return data, False
    lines = data[:end].splitlines(keepends=True)
    out, found, i = [], False, 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and lines[j][:1] in (b" ", b"\t"):
            j += 1                          # folded continuation lines of this header
        field = b"".join(lines[i:j])
        name, colon, value = field.partition(b":")
        if colon and name.strip().lower() == b"x-mailcheck" and value.strip().lower() == b"skip":
            found = True
        else:
            out.append(field)
        i = j
    if not found:
        return data, False
    return b"".join(out) + data[end:], True


def env_skip() -> bool:
    return os.environ.get("MAILCHECK_SKIP", "").strip().lower() in ("1", "yes", "true", "on")


# --- the held copy -----------------------------------------------------------

def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "mailcheck" / "held"


def _open_private_dir(directory: Path) -> int:
    """An fd of `directory`, created 0700 if missing; refused (OSError) when it is a
    link, not a folder, or another user's. A folder of ours open to others is closed (0700)."""
    directory.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        pass
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(directory, flags)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR):
            raise OSError(e.errno, "это ссылка или не каталог — не используется", str(directory)) from None
        raise
    try:
        st = os.fstat(fd)
        import stat

        if not stat.S_ISDIR(st.st_mode):
            raise OSError(errno.ENOTDIR, "не каталог — не используется", str(directory))
        if st.st_uid != os.getuid():
            raise OSError(errno.EPERM, "каталог принадлежит другому пользователю — не используется",
                          str(directory))
        if st.st_mode & 0o077:
            os.fchmod(fd, 0o700)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _write_new(directory: Path, data: bytes) -> Path:
    """Write data to a new file in directory (O_EXCL | O_NOFOLLOW: never overwrites, never
    follows a link); fsync'd; 0600. The folder must be this user's own (see above)."""
    dfd = _open_private_dir(directory)
    try:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        for n in range(1000):
            name = f"{stamp}-{os.getpid()}" + (f"-{n}" if n else "") + ".eml"
            try:
                fd = os.open(name, flags, 0o600, dir_fd=dfd)
            except FileExistsError:
                continue
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            except BaseException:
                os.close(fd)
                try:
                    os.unlink(name, dir_fd=dfd)      # no half-written copy left behind
                except OSError:
                    pass
                raise
            os.close(fd)
            return directory / name
        raise OSError(errno.EEXIST, "слишком много файлов с одним именем", str(directory))
    finally:
        os.close(dfd)


def _fallback_dir() -> Path:
    base = os.environ.get("TMPDIR") or tempfile.tempdir or "/tmp"
    return Path(base) / f"mailcheck-held-{os.getuid()}"


def save_held(data: bytes) -> tuple[Path | None, str | None]:
    """Save the message; on failure try the temp directory. (path, None) or (None, why)."""
    problems = []
    for where in (state_dir, _fallback_dir):
        directory = None
        try:
            directory = where()
            return _write_new(directory, data), None
        except Exception as e:  # noqa: BLE001 - whatever it is, the caller must still refuse
            problems.append(f"{directory or where.__name__}: {getattr(e, 'strerror', None) or e}")
    return None, "; ".join(problems)


# --- linting (fail open) -----------------------------------------------------

class _Unchecked(Exception):
    """The check could not run; the message goes out unchecked. str() says why."""


class _Held(Exception):
    """The check did not finish (too slow, too long a letter, a message that cannot be read):
    the message is held. str() says why; advice, what the user may do."""

    def __init__(self, why: str, advice: str = "сократите письмо, повторите отправку позже"):
        super().__init__(why)
        self.advice = advice


def _lint(data: bytes, config_path: str | None):
    """(report, config). A message is read as one; input without headers is read as a
    plain-text draft (load decides by content); what cannot be read is held."""
    from mailcheck import config as cfgmod
    from mailcheck.errors import LintTimeout, MailcheckError, TooLong
    from mailcheck.rules.engine import check_doc
    from mailcheck.draft.reader import load
    from mailcheck.rules.rule import is_known
    from mailcheck.rules.diagnostic import Report
    from mailcheck.language.text import Doc

    try:
        cfg = cfgmod.load(config_path, is_known)
    except MailcheckError as e:
        raise _Unchecked(f"ошибка настроек: {e}") from None
    if not data.strip():
        return Report(path="<письмо>", diagnostics=[]), cfg      # empty: nothing in it to check
    try:
        draft = load(data, "<письмо>")
    except TooLong as e:
        raise _Held(f"письмо не проверено: {e.problem}") from None
    except LintTimeout:
        raise
    except MailcheckError as e:
        raise _Held(f"проверка невозможна: {e.problem}",
                    "проверьте, как собрано письмо (вложения, пересланные письма),") from None
    return check_doc(Doc(draft, cfg)), cfg


def _lint_with_timeout(data: bytes, config_path: str | None, timeout: float):
    from mailcheck.errors import LintTimeout, deadline_scope

    box: dict = {}
    deadline = time.monotonic() + timeout

    def work():
        try:
            with deadline_scope(deadline):      # the lint itself stops at the deadline
                box["result"] = _lint(data, config_path)
        except BaseException as e:  # noqa: BLE001 - anything at all fails open
            box["error"] = e

    t = threading.Thread(target=work, name="mailcheck-lint", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive() or isinstance(box.get("error"), LintTimeout):
        raise _Held(f"проверка не уложилась в {timeout:g} с")
    if "error" in box:
        e = box["error"]
        if isinstance(e, (_Unchecked, _Held)):
            raise e
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise e
        if isinstance(e, (MemoryError, RecursionError)):
            # out of memory or stack: the letter's size is the likely cause, so it is held
            raise _Held(f"на проверку не хватило памяти ({type(e).__name__})") from e
        raise _Unchecked(f"внутренняя ошибка: {type(e).__name__}: {e}") from e
    return box["result"]


def _timeout() -> float:
    try:
        value = float(os.environ.get("MAILCHECK_TIMEOUT", DEFAULT_TIMEOUT))
        return value if value > 0 else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def _where(d) -> str:
    if d.field != "body":
        return {"subject": "тема", "from": "от", "to": "кому", "cc": "копия",
                "attachments": "вложения"}.get(d.field, d.field)
    return f"строка {d.line}"


def format_findings(diags, level: str) -> str:
    worst = [d for d in diags if RANK.get(d.severity, 0) >= RANK[level]]
    n = len(worst)
    word = "замечание" if n % 10 == 1 and n % 100 != 11 else (
        "замечания" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "замечаний")
    lines = [f"письмо не отправлено: {n} {word} уровня «{_NAMES.get(level, level)}» или выше"]
    for d in worst[:MAX_SHOWN]:
        lines.append(f"  {_where(d)}: {d.message} [{d.rule}]")
    if len(worst) > MAX_SHOWN:
        lines.append(f"  …и ещё {len(worst) - MAX_SHOWN}")
    return "\n".join(lines)


# --- passing the message on --------------------------------------------------

class _DeferSignals:
    """From the moment CMD may have the message, SIGINT and SIGTERM do not end mailcheck:
    it must report CMD's own status (CMD, in the same process group, gets a Ctrl-C too
    and decides for itself). The signals are noted and said on stderr."""

    SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self):
        self.saved: dict = {}
        self.caught: list[int] = []

    def __enter__(self):
        import signal

        if threading.current_thread() is not threading.main_thread():
            return self
        for name in self.SIGNALS:
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                self.saved[sig] = signal.signal(sig, lambda n, f: self.caught.append(n))
            except (ValueError, OSError):
                pass
        return self

    def __exit__(self, *exc):
        import signal

        for sig, old in self.saved.items():
            try:
                signal.signal(sig, old)
            except (ValueError, OSError):
                pass
        return False


def deliver(command: list[str], data: bytes) -> tuple[int, str | None]:
    """Run CMD with data on stdin. (exit code, None) or (code, why it could not run)."""
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE)
    except FileNotFoundError:
        return 127, f"программа отправки не найдена: {command[0]}"
    except PermissionError:
        return 126, f"программу отправки нельзя запустить (нет прав): {command[0]}"
    except OSError as e:
        return 126, f"программу отправки не удалось запустить: {command[0]}: {e.strerror or e}"
    while True:
        try:
            proc.communicate(data)      # a CMD that stops reading early is not our failure
            break
        except KeyboardInterrupt:       # only when signals could not be deferred: still wait for CMD
            data = None
            continue
        except (ValueError, OSError):   # stdin already closed after an interrupted write
            proc.wait()
            break
    code = proc.returncode
    if code < 0:
        return 128 - code, None
    return code, None


def _send(command: list[str], data: bytes, original: bytes) -> int:
    with _DeferSignals() as deferred:
        code = _send_now(command, data, original)
    if deferred.caught:
        say(f"сигнал {deferred.caught[0]} получен, когда письмо уже было передано {command[0]}; "
            f"код выхода — код {command[0]}")
    return code


def _send_now(command: list[str], data: bytes, original: bytes) -> int:
    code, why = deliver(command, data)
    if code == 0:
        return 0
    if why:
        say(why)
    else:
        say(f"программа отправки {command[0]} завершилась с кодом {code}")
    path, problem = save_held(original)
    if path:
        say(f"копия письма сохранена: {path}")
    else:
        say(f"копию письма сохранить не удалось ({problem}); черновик остаётся в почтовой программе")
    return code


def run(command: list[str], fail_on: str | None = None, config_path: str | None = None) -> int:
    command = list(command)
    if command and command[0] == "--":
        command = command[1:]
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError) as e:
        say(f"не удалось прочитать письмо из stdin: {e}")
        return 2
    if not command:
        say("не указана программа отправки: mailcheck sendmail -- /usr/sbin/sendmail -oi -t")
        path, problem = save_held(data)
        if path:
            say(f"копия письма сохранена: {path}")
        return 2

    out, skipped = strip_skip_header(data)
    if skipped or env_skip():
        return _send(command, out, data)

    try:
        report, cfg = _lint_with_timeout(data, config_path, _timeout())
        level = fail_on or cfg.fail_on
        blocking = [d for d in report.diagnostics if RANK.get(d.severity, 0) >= RANK.get(level, 99)]
    except _Unchecked as e:
        say(f"{e}; письмо отправлено без проверки")
        return _send(command, data, data)
    except _Held as e:
        return _hold(data, f"{e}; письмо не отправлено", e.advice)

    if not blocking:
        return _send(command, data, data)
    return _hold(data, format_findings(report.diagnostics, level))


def _hold(data: bytes, why: str, advice: str = "исправьте письмо") -> int:
    say(why)
    path, problem = save_held(data)
    if path:
        say(f"письмо сохранено: {path}")
    else:
        say(f"сохранить письмо не удалось ({problem}); черновик остаётся в почтовой программе")
    say(f"{advice} или отправьте без проверки: заголовок «X-Mailcheck: skip» или MAILCHECK_SKIP=1")
    return EXIT_BLOCKED

