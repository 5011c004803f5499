"""`mailcheck serve`: the HTTP API (Starlette on uvicorn; `pip install 'mailcheck[server]'`).

- `POST /v1/lint` — a JSON body `{"text": "...", "config": {...}}` (optional
  `path`, `select`, `ignore`) or a raw `message/rfc822` (or `text/plain`)
  body; answers the JSON file object of INTERFACE.md.
- `POST|GET /v2/check`, `GET /v2/languages`, `GET /v2/healthcheck` — the
  LanguageTool API, so LanguageTool clients can use mailcheck as their server.

Binds 127.0.0.1 unless told otherwise. Bodies over the limit get 413; bad
requests get 400 with `{"error": "..."}`; never a 500 for a bad request.

Closed to the outside (see docs/integrations.md, «Безопасность сервера»):
- `Host` must name this machine (localhost, 127.0.0.1, ::1, or the `--host`
  it listens on), else 421: a page that re-points its own domain at 127.0.0.1
  (DNS rebinding) cannot read the answers;
- CORS only for explicit origins (`--allow-origin`, `serve.allow-origins`,
  `EXTENSION_ORIGINS`); `*` is refused;
- a request never decides where the server connects: `config.languagetool`
  in a request is a 400;
- time limits: headers and body must arrive within `read_timeout` seconds
  (408 or the connection is closed), and one lint may take `lint_timeout`
  seconds (503); the lint itself then stops too (a cooperative deadline,
  errors.LintTimeout), so an abandoned request does not keep a thread busy;
- at most `max_lints` lints run at once (by default twice the number of
  cores, `--max-lints`); the others wait for a free slot within the same
  budget, or get the same 503.
"""
from __future__ import annotations

import email.parser
import email.policy
import json
import os
import sys
import urllib.parse

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mailcheck.frontends import ltapi
from mailcheck.errors import ConfigError, InputError, LintTimeout, MailcheckError

DEFAULT_MAX_BODY = 10 * 1024 * 1024
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
DEFAULT_READ_TIMEOUT = 10.0      # seconds for a request's headers, and again for its body
DEFAULT_LINT_TIMEOUT = 15.0      # seconds one lint may take before the answer is 503
# origins of mailcheck's own browser and mail-client extensions, allowed without
# configuration (exact origins, or an extension scheme with `*` for its random id)
EXTENSION_ORIGINS: tuple[str, ...] = (
    "chrome-extension://ckepapgmknkajieopignikehdgacmckh",   # webext/: its id is fixed by the manifest's key
)
# what a request's own `config` may not set: where the server connects, and how it serves
REQUEST_CONFIG_FORBIDDEN = ("languagetool", "serve")


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"')
    return parts[0].lower(), params


async def _read_body(request: Request, limit: int, deadline: float | None = None) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            n = int(declared)
            if n < 0:
                raise ValueError
        except ValueError:
            raise ApiError(400, "заголовок Content-Length — не число") from None
        if n > limit:
            raise ApiError(413, f"тело запроса больше {limit} байт")
    chunks, size = [], 0

    async def read():
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"тело запроса больше {limit} байт")
            chunks.append(chunk)

    if deadline is None:
        await read()
    else:
        import asyncio

        try:
            async with asyncio.timeout(deadline):
                await read()
        except TimeoutError:
            raise ApiError(408, f"тело запроса не пришло за {deadline:g} с") from None
    return b"".join(chunks)


def _decode(body: bytes, charset: str | None, what: str) -> str:
    try:
        return body.decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        raise ApiError(400, f"{what}: не удалось прочитать текст в кодировке {charset or 'utf-8'}") from None


def _str_list(value, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, f"поле «{key}»: нужен список строк")
    return value


def _known_rules(patterns: list[str], key: str) -> list[str]:
    """select/ignore of a request: an unknown rule is a 400, as it is exit 2 on the CLI."""
    from mailcheck.rules.rule import is_known

    for p in patterns:
        if not is_known(p):
            raise ApiError(400, f"поле «{key}»: нет правила или группы «{p}» (список: mailcheck rules)")
    return patterns


# --- what may call the server -------------------------------------------------

_EXTENSION_SCHEMES = ("chrome-extension", "moz-extension", "safari-web-extension", "ms-browser-extension")


def check_origin(origin: str) -> str:
    """A CORS origin as configured: `scheme://host[:port]`, or `<extension scheme>://*`
    for an extension whose id is random per install. `*` and other wildcards are refused
    (ValueError with the reason, in Russian)."""
    o = origin.strip()
    if o in ("*", "null") or not o:
        raise ValueError(f"источник «{origin}» не разрешается: укажите точный источник, например "
                         "chrome-extension://<id> или http://localhost:3000")
    scheme, sep, rest = o.partition("://")
    if not sep or not scheme or not rest:
        raise ValueError(f"источник «{origin}»: нужен вид схема://хост, например https://mail.example.ru")
    if "/" in rest or "?" in rest or "#" in rest:
        raise ValueError(f"источник «{origin}»: без пути и косой черты в конце, только схема://хост[:порт]")
    if "*" in o:
        if rest != "*" or scheme.lower() not in _EXTENSION_SCHEMES:
            raise ValueError(f"источник «{origin}»: «*» разрешён только вместо id расширения "
                             "(moz-extension://*), не для сайтов")
    return scheme.lower() + "://" + (rest if scheme.lower() in _EXTENSION_SCHEMES else rest.lower())


def _origin_rules(origins) -> tuple[list[str], str | None]:
    """(exact origins, regex for the extension-scheme wildcards or None)."""
    import re

    exact, schemes = [], []
    for o in origins:
        o = check_origin(o)
        if o.endswith("://*"):
            schemes.append(re.escape(o[:-4]))
        elif o not in exact:
            exact.append(o)
    regex = f"(?:{'|'.join(schemes)})://[A-Za-z0-9._-]+" if schemes else None
    return exact, regex


def _host_name(value: str) -> str:
    """`Host` without its port, lower case, no trailing dot; IPv6 without brackets."""
    v = value.strip().lower()
    if v.startswith("["):
        return v[1:v.find("]")] if "]" in v else v
    if v.count(":") == 1:
        v = v.split(":", 1)[0]
    return v.rstrip(".")


def allowed_hosts(host: str | None) -> set[str]:
    """The `Host` names a request may carry: this machine's loopback names and the
    address the server listens on (unless that is a wildcard)."""
    out = {"localhost", "127.0.0.1", "::1"}
    if host:
        h = _host_name(host if not (":" in host and not host.startswith("[")) else f"[{host}]")
        if h not in ("0.0.0.0", "::", ""):
            out.add(h)
    return out


class HostGuard:
    """ASGI middleware: a request whose `Host` is not this machine gets 421 (DNS rebinding:
    a page re-pointing its own domain at 127.0.0.1 sends its own name as Host)."""

    def __init__(self, app, hosts: set[str]):
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            values = [v for k, v in scope.get("headers", ()) if k == b"host"]
            host = values[0].decode("latin-1") if len(values) == 1 else None
            if len(values) > 1 or (host is not None and _host_name(host) not in self.hosts):
                shown = host if host is not None else "несколько заголовков Host"
                response = _error(421, f"запрос к «{shown}»: сервер отвечает только на адрес этого "
                                       "компьютера (localhost, 127.0.0.1, ::1 или --host)")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Service:
    """What the handlers share: the server's config and limits."""

    def __init__(self, config=None, max_body: int = DEFAULT_MAX_BODY,
                 read_timeout: float | None = DEFAULT_READ_TIMEOUT,
                 lint_timeout: float | None = DEFAULT_LINT_TIMEOUT, max_lints: int | None = None):
        from mailcheck.config import Config
        from mailcheck.frontends.lintpool import LintPool

        self.config = config if config is not None else Config()
        self.max_body = max_body
        self.read_timeout = read_timeout
        self.lint_timeout = lint_timeout
        self._pool = LintPool(max_lints)                # at most max_lints lint threads, whatever the load
        self.max_lints = self._pool.size
        self.address: tuple[str, int] | None = None    # where run() listens

    async def body(self, request: Request) -> bytes:
        return await _read_body(request, self.max_body, self.read_timeout)

    def deadline(self) -> float | None:
        """The time.monotonic() by which a lint starting now must end, or None."""
        import time

        return time.monotonic() + self.lint_timeout if self.lint_timeout else None

    def _busy(self) -> ApiError:
        return ApiError(503, f"проверка не уложилась в {self.lint_timeout:g} с; "
                             "письмо слишком длинное или сервер занят")

    async def in_thread(self, func, *args, deadline: float | None = None):
        """Run a lint in a lint thread (lintpool: at most max_lints at once) within the lint
        budget (deadline: by default lint_timeout from now): past it, waiting for a thread
        or running, the answer is 503 and the lint itself stops."""
        try:
            return await self._pool.run(func, *args, deadline=self.deadline() if deadline is None else deadline)
        except TimeoutError:
            raise self._busy() from None

    # --- /v1/lint -------------------------------------------------------------

    async def lint(self, request: Request) -> JSONResponse:
        mtype, params = _media_type(request)
        body = await self.body(request)
        select: list[str] = []
        ignore: list[str] = []
        path = "-"
        config = self.config
        # the web page's extras (web.py): ?explain=true / ?draft=true, or the same JSON fields
        extras = {k: request.query_params.get(k) in ("1", "true") for k in ("explain", "draft")}
        if mtype == "application/json" or mtype.endswith("+json"):
            try:
                doc = ltapi.clean_json(json.loads(_decode(body, params.get("charset"), "JSON")))
            except (ValueError, RecursionError):
                raise ApiError(400, "тело запроса — не JSON") from None
            if not isinstance(doc, dict):
                raise ApiError(400, "нужен JSON-объект {\"text\": \"...\"}")
            unknown = sorted(set(doc) - {"text", "config", "path", "select", "ignore", "explain", "draft"})
            if unknown:
                raise ApiError(400, f"неизвестное поле «{unknown[0]}»")
            source = doc.get("text")
            if not isinstance(source, str):
                raise ApiError(400, "нет поля «text» (строка с текстом письма)")
            if doc.get("path") is not None:
                if not isinstance(doc["path"], str):
                    raise ApiError(400, "поле «path»: нужна строка")
                path = doc["path"]
            select = _known_rules(_str_list(doc.get("select"), "select"), "select")
            ignore = _known_rules(_str_list(doc.get("ignore"), "ignore"), "ignore")
            if "config" in doc and doc["config"] is not None:
                if not isinstance(doc["config"], dict):
                    raise ApiError(400, "поле «config»: нужен объект с настройками")
                config = self._request_config(doc["config"])
            extras = {k: extras[k] or doc.get(k) is True for k in extras}
        elif mtype in ("message/rfc822", "text/plain"):
            source = body
        else:
            shown = mtype or "не указан"
            raise ApiError(400, f"тип тела {shown}: нужен application/json или message/rfc822")
        deadline = self.deadline()
        report = await self.in_thread(self._lint, source, config, path, select, ignore, deadline=deadline)
        if any(extras.values()):
            from mailcheck.frontends import web

            import functools

            return JSONResponse(await self.in_thread(functools.partial(web.extended_report, **extras),
                                                     report, config, deadline=deadline))
        return JSONResponse(report.to_dict())

    def _request_config(self, table: dict):
        """A request's own config: rules, severities, vocabulary and the like. Where
        LanguageTool lives (and anything else that makes the server connect somewhere)
        is the server's own setting: a request naming it gets 400."""
        from mailcheck.rules.engine import as_config

        inner = table.get("mailcheck", table) if isinstance(table.get("mailcheck"), dict) else table
        for key in REQUEST_CONFIG_FORBIDDEN:
            if key in inner:
                raise ApiError(400, f"поле «config»: ключ «{key}» задаётся только в настройках сервера")
        try:
            cfg = as_config(table)
        except ConfigError as e:
            raise ApiError(400, f"поле «config»: {e.problem}") from None
        cfg.languagetool_url = self.config.languagetool_url
        cfg.languagetool_timeout = self.config.languagetool_timeout
        return cfg

    @staticmethod
    def _lint(source, config, path, select, ignore):
        from mailcheck.rules.engine import lint

        try:
            return lint(source, config=config, path=path, select=select, ignore=ignore)
        except InputError as e:
            raise ApiError(400, e.problem) from None

    # --- LanguageTool API -----------------------------------------------------

    async def lt_params(self, request: Request) -> dict[str, str]:
        params = dict(request.query_params)
        if request.method == "POST":
            mtype, ctparams = _media_type(request)
            body = await self.body(request)
            if mtype == "application/x-www-form-urlencoded" or (not mtype and body):
                text = _decode(body, ctparams.get("charset"), "форма")
                try:
                    form = urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False,
                                                 max_num_fields=1000)
                except ValueError as e:
                    raise ApiError(400, f"форма: {e}") from None
                params.update({k: v[-1] for k, v in form.items()})
            elif mtype == "multipart/form-data":
                params.update(_multipart(request.headers.get("content-type", ""), body))
            elif body or mtype:
                raise ApiError(400, f"тип тела {mtype or 'не указан'}: нужна форма "
                                    "application/x-www-form-urlencoded")
        elif len(str(request.url)) > self.max_body:
            raise ApiError(413, "запрос слишком длинный")
        return params

    async def check(self, request: Request) -> JSONResponse:
        params = await self.lt_params(request)
        language = params.get("language")
        if not language:
            raise ApiError(400, "нет параметра language (например, ru-RU или auto)")
        doc = ltapi.document_from_params(params)
        if not ltapi.is_russian(language, doc.plain):
            # mailcheck checks Russian letters; other languages get no findings
            lang = {"name": language, "code": language}
            return JSONResponse(ltapi.check_response([], lang))
        if params.get("mode") == "allButTextLevelOnly" or not doc.plain.strip():
            # every mailcheck rule reads the whole letter (greeting, structure,
            # signature…): a client asking for paragraph-level checks only gets nothing,
            # so it does not see whole-letter findings on every paragraph
            return JSONResponse(ltapi.check_response([]))
        select = ltapi.split_ids(params.get("enabledRules")) if params.get("enabledOnly") == "true" else []
        if params.get("enabledOnly") == "true":
            select += [c.lower() for c in ltapi.split_ids(params.get("enabledCategories"))]
            if not select:
                return JSONResponse(ltapi.check_response([]))
        ignore = ltapi.split_ids(params.get("disabledRules"))
        ignore += [c.lower() for c in ltapi.split_ids(params.get("disabledCategories"))]
        report = await self.in_thread(self._check_text, doc.plain, select, ignore)
        return JSONResponse(ltapi.check_response(ltapi.to_matches(report, doc)))

    def _check_text(self, text: str, select, ignore):
        from mailcheck.rules.engine import check_doc
        from mailcheck.draft.reader import load_text   # the client sends the text it edits, never headers
        from mailcheck.language.text import Doc

        try:
            draft = load_text(text, "-")
        except InputError as e:
            raise ApiError(413 if "длинный" in e.problem else 400, e.problem) from None
        return check_doc(Doc(draft, self.config), select, ignore)

    async def languages(self, request: Request) -> JSONResponse:
        return JSONResponse(ltapi.LANGUAGES)

    async def healthcheck(self, request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def index(self, request: Request) -> JSONResponse:
        from mailcheck.version import __version__

        return JSONResponse({"name": "mailcheck", "version": __version__,
                             "endpoints": ["POST /v1/lint", "POST /v2/check", "GET /v2/languages"]})


def _multipart(content_type: str, body: bytes) -> dict[str, str]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    try:
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    except Exception:  # noqa: BLE001 - the stdlib parser is lenient; last resort
        raise ApiError(400, "форма multipart/form-data не разобрана") from None
    if not msg.is_multipart():
        raise ApiError(400, "форма multipart/form-data не разобрана")
    out = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        out[str(name)] = _decode(payload, part.get_content_charset(), f"поле {name}")
    return out


def create_app(config=None, max_body: int = DEFAULT_MAX_BODY, allow_origins=(), host: str | None = None,
               read_timeout: float | None = DEFAULT_READ_TIMEOUT,
               lint_timeout: float | None = DEFAULT_LINT_TIMEOUT, max_lints: int | None = None) -> Starlette:
    """The ASGI app. allow_origins: exact web origins allowed to call the API from a page
    (CORS), besides EXTENSION_ORIGINS and the config's `serve.allow-origins`; `*` raises
    ValueError. host: the address the server listens on, accepted in `Host` besides
    the loopback names. max_lints: lints run at once (lintpool.default_size())."""
    svc = Service(config, max_body, read_timeout, lint_timeout, max_lints)

    def guarded(handler):
        async def endpoint(request: Request):
            try:
                return await handler(request)
            except ApiError as e:
                return _error(e.status, e.message)
            except LintTimeout:
                return _error(503, svc._busy().message)
            except ltapi.BadRequest as e:
                return _error(400, str(e))
            except MailcheckError as e:
                return _error(400, str(e))
        return endpoint

    from mailcheck.frontends import web

    routes = [
        Route("/", guarded(web.index_or(svc.index)), methods=["GET"]),
        Route("/v1/lint", guarded(svc.lint), methods=["POST"]),
        Route("/v2/check", guarded(svc.check), methods=["GET", "POST"]),
        Route("/v2/languages", guarded(svc.languages), methods=["GET"]),
        Route("/v2/healthcheck", guarded(svc.healthcheck), methods=["GET"]),
        *web.routes(),                   # the web page: /static/…, /rules/, /rules/{id}
    ]

    async def http_error(request: Request, exc: HTTPException):
        return _error(exc.status_code, exc.detail or "ошибка запроса")

    async def internal_error(request: Request, exc: Exception):
        return _error(500, f"внутренняя ошибка mailcheck: {type(exc).__name__}")

    from starlette.middleware import Middleware

    middleware = [Middleware(HostGuard, hosts=allowed_hosts(host))]
    origins = list(EXTENSION_ORIGINS) + list(getattr(svc.config, "allow_origins", ()) or ()) + list(allow_origins)
    exact, regex = _origin_rules(origins)
    if exact or regex:
        from starlette.middleware.cors import CORSMiddleware

        class JSONCORSMiddleware(CORSMiddleware):
            """Starlette's CORS; a refused preflight answers JSON like every other error."""

            def preflight_response(self, request_headers):
                response = super().preflight_response(request_headers)
                if response.status_code < 400:
                    return response
                headers = {k: v for k, v in response.headers.items()
                           if k.lower() not in ("content-length", "content-type")}
                said = response.body.decode("utf-8", "replace")
                what = [ru for en, ru in (("origin", "источник"), ("method", "метод"), ("headers", "заголовки"))
                        if en in said]
                return JSONResponse({"error": "запрос не разрешён (CORS), не разрешены: "
                                              + (", ".join(what) or "источник"),
                                     "status": response.status_code},
                                    status_code=response.status_code, headers=headers)

        middleware.append(Middleware(JSONCORSMiddleware, allow_origins=exact, allow_origin_regex=regex,
                                     allow_methods=["GET", "POST"], allow_headers=["*"], max_age=600))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: http_error, Exception: internal_error})
    app.state.service = svc
    return app


def _points_at_us(url: str | None, host: str, port: int) -> bool:
    if not url:
        return False
    try:
        u = urllib.parse.urlsplit(url)
        their_port = u.port or (443 if u.scheme == "https" else 80)
    except ValueError:
        return False
    ours = {host.strip("[]")} | ({"127.0.0.1", "localhost", "::1"} if host in LOOPBACK | {"0.0.0.0", "::"} else set())
    return their_port == port and (u.hostname or "") in ours


def _say(msg: str) -> None:
    print(f"mailcheck: {msg}", file=sys.stderr, flush=True)


def _protocol(read_timeout: float | None):
    """uvicorn's h11 protocol with a deadline for a request's headers (uvicorn has
    none: a client sending one byte a second held a connection for ever) and JSON
    for the 400 it sends itself (a bad Content-Length, a malformed request line)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Protocol(H11Protocol):
        _header_timer = None

        def _waiting_for_headers(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def _arm(self) -> None:
            if read_timeout and self._header_timer is None:
                self._header_timer = self.loop.call_later(read_timeout, self._headers_too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._waiting_for_headers():
                self._arm()
            super().data_received(data)
            if not self._waiting_for_headers():
                self._disarm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            self._disarm()
            super().on_response_complete()

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self._waiting_for_headers() and not self.transport.is_closing():
                self.transport.close()

        def send_400_response(self, msg: str) -> None:
            body = json.dumps({"error": "запрос не по протоколу HTTP/1.1 (например, неверный "
                                        "Content-Length)", "status": 400}, ensure_ascii=False).encode()
            headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                       (b"content-length", str(len(body)).encode())]
            try:
                self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers,
                                                                 reason=b"Bad Request")))
                self.transport.write(self.conn.send(h11.Data(data=body)))
                self.transport.write(self.conn.send(h11.EndOfMessage()))
            except h11.LocalProtocolError:
                pass
            self.transport.close()

    return Protocol


def _check_origins(allow_origins, cfg) -> None:
    try:
        _origin_rules(list(allow_origins) + list(cfg.allow_origins))
    except ValueError as e:
        raise ConfigError("--allow-origin", str(e)) from None


def _prepare(config_path, host: str, port: int, say=_say):
    """The config the server answers with, and the rules and dictionaries loaded."""
    from mailcheck import config as cfgmod
    from mailcheck.rules.rule import all_rules, is_known

    cfg = cfgmod.load(config_path, is_known)
    # mailcheck asking LanguageTool at its own address would call itself for ever
    if _points_at_us(cfg.languagetool_url, host, port):
        say(f"languagetool.url {cfg.languagetool_url} — это адрес самого mailcheck serve; grammar.* отключены")
        cfg.languagetool_url = None
    if _points_at_us(os.environ.get("MAILCHECK_LANGUAGETOOL_URL"), host, port):
        say("MAILCHECK_LANGUAGETOOL_URL — это адрес самого mailcheck serve; grammar.* отключены")
        os.environ.pop("MAILCHECK_LANGUAGETOOL_URL")
    all_rules()                      # load the rules and dictionaries before the first request
    try:
        from mailcheck.rules.engine import lint

        lint("Здравствуйте! Проверка связи.", config=cfg)
    except Exception:  # noqa: BLE001 - a warm-up only; requests report their own errors
        pass
    return cfg


_WORKER_OPTIONS = "MAILCHECK_SERVE_WORKER_OPTIONS"


def worker_app() -> Starlette:
    """The app of one uvicorn worker process (`serve --workers N`): uvicorn starts
    each worker from this import string; the options come from `run` in the
    environment. Each worker loads the rules and dictionaries once."""
    opts = json.loads(os.environ[_WORKER_OPTIONS])
    cfg = _prepare(opts["config_path"], opts["host"], opts["port"], say=lambda msg: None)
    app = create_app(cfg, opts["max_body"], tuple(opts["allow_origins"]), host=opts["host"],
                     read_timeout=opts["read_timeout"], lint_timeout=opts["lint_timeout"],
                     max_lints=opts.get("max_lints"))
    app.state.service.address = (opts["host"], opts["port"])
    return app


def __getattr__(name: str):
    """`WorkerProtocol`: the h11 protocol of `_protocol` for `serve --workers N`, whose
    worker processes get uvicorn's settings by import string, not as a class."""
    if name == "WorkerProtocol":
        return _protocol(json.loads(os.environ[_WORKER_OPTIONS])["read_timeout"])
    raise AttributeError(name)


def run(host: str = "127.0.0.1", port: int = 8081, config_path: str | None = None,
        max_body: int = DEFAULT_MAX_BODY, allow_origins=(), read_timeout: float = DEFAULT_READ_TIMEOUT,
        lint_timeout: float = DEFAULT_LINT_TIMEOUT, workers: int = 1, max_lints: int | None = None) -> None:
    import uvicorn

    def outside():
        if host.strip("[]") not in LOOPBACK:
            _say(f"внимание: слушаю {host} — сервер доступен не только с этого компьютера")

    if workers > 1:
        from mailcheck import config as cfgmod
        from mailcheck.rules.rule import is_known

        cfg = cfgmod.load(config_path, is_known)     # a bad config fails here, once, not in every worker
        _check_origins(allow_origins, cfg)
        outside()
        os.environ[_WORKER_OPTIONS] = json.dumps({
            "config_path": config_path, "host": host, "port": port, "max_body": max_body,
            "allow_origins": list(allow_origins), "read_timeout": read_timeout,
            "lint_timeout": lint_timeout, "max_lints": max_lints})
        _say(f"слушаю http://{host}:{port} (LanguageTool API: http://{host}:{port}/v2/), "
             f"процессов: {workers}")
        uvicorn.run("mailcheck.frontends.server:worker_app", factory=True, workers=workers, host=host,
                    port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=5,
                    http="mailcheck.frontends.server:WorkerProtocol", timeout_keep_alive=5,
                    h11_max_incomplete_event_size=16 * 1024)
        return
    cfg = _prepare(config_path, host, port)
    _check_origins(allow_origins, cfg)
    outside()
    app = create_app(cfg, max_body, allow_origins, host=host, read_timeout=read_timeout,
                     lint_timeout=lint_timeout, max_lints=max_lints)
    app.state.service.address = (host, port)
    _say(f"слушаю http://{host}:{port} (LanguageTool API: http://{host}:{port}/v2/)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=5, http=_protocol(read_timeout),
                timeout_keep_alive=5, h11_max_incomplete_event_size=16 * 1024)
