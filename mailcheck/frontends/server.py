"""`mailcheck serve`: the HTTP API (Starlette on uvicorn; `pip install 'mailcheck[server]'`).

- `POST /v1/lint` — a JSON body `{"text": "...", "config": {...}}` (optional
  `path`, `select`, `ignore`) or a raw `message/rfc822` (or `text/plain`)
  body; answers the JSON file object of INTERFACE.md.
- `POST|GET /v2/check`, `GET /v2/languages`, `GET /v2/healthcheck` — the
  LanguageTool API, so LanguageTool clients can use mailcheck as their server.

Binds 127.0.0.1 unless told otherwise. Bodies over the limit get 413; bad
requests get 400 with `{"error": "..."}`; never a 500 for a bad request.
"""
from __future__ import annotations

import email.parser
import email.policy
import json
import os
import sys
import urllib.parse

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mailcheck.frontends import ltapi
from mailcheck.errors import ConfigError, InputError, MailcheckError

DEFAULT_MAX_BODY = 10 * 1024 * 1024
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


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


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            n = int(declared)
        except ValueError:
            raise ApiError(400, "заголовок Content-Length — не число") from None
        if n > limit:
            raise ApiError(413, f"тело запроса больше {limit} байт")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"тело запроса больше {limit} байт")
        chunks.append(chunk)
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


class Service:
    """What the handlers share: the server's config and limits."""

    def __init__(self, config=None, max_body: int = DEFAULT_MAX_BODY):
        from mailcheck.config import Config

        self.config = config if config is not None else Config()
        self.max_body = max_body
        self.address: tuple[str, int] | None = None    # where run() listens

    # --- /v1/lint -------------------------------------------------------------

    async def lint(self, request: Request) -> JSONResponse:
        mtype, params = _media_type(request)
        body = await _read_body(request, self.max_body)
        select: list[str] = []
        ignore: list[str] = []
        path = "-"
        config = self.config
        # the web page's extras (web.py): ?explain=true / ?draft=true, or the same JSON fields
        extras = {k: request.query_params.get(k) in ("1", "true") for k in ("explain", "draft")}
        if mtype == "application/json" or mtype.endswith("+json"):
            try:
                doc = json.loads(_decode(body, params.get("charset"), "JSON"))
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
            select = _str_list(doc.get("select"), "select")
            ignore = _str_list(doc.get("ignore"), "ignore")
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
        report = await run_in_threadpool(self._lint, source, config, path, select, ignore)
        if any(extras.values()):
            from mailcheck.frontends import web

            return JSONResponse(await run_in_threadpool(web.extended_report, report, config, **extras))
        return JSONResponse(report.to_dict())

    def _request_config(self, table: dict):
        from mailcheck.rules.engine import as_config

        try:
            cfg = as_config(table)
        except ConfigError as e:
            raise ApiError(400, f"поле «config»: {e.problem}") from None
        if self.address and _points_at_us(cfg.languagetool_url, *self.address):
            cfg.languagetool_url = None          # it would ask this very server
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
            body = await _read_body(request, self.max_body)
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
        report = await run_in_threadpool(self._check_text, doc.plain, select, ignore)
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


def create_app(config=None, max_body: int = DEFAULT_MAX_BODY, allow_origins=()) -> Starlette:
    """The ASGI app. allow_origins: web origins allowed to call the API from a page
    (CORS), e.g. a browser extension that needs it; none by default."""
    svc = Service(config, max_body)

    def guarded(handler):
        async def endpoint(request: Request):
            try:
                return await handler(request)
            except ApiError as e:
                return _error(e.status, e.message)
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

    middleware = []
    if allow_origins:
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(allow_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["*"]))
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
    app = create_app(cfg, opts["max_body"], tuple(opts["allow_origins"]))
    app.state.service.address = (opts["host"], opts["port"])
    return app


def run(host: str = "127.0.0.1", port: int = 8081, config_path: str | None = None,
        max_body: int = DEFAULT_MAX_BODY, allow_origins=(), workers: int = 1) -> None:
    import uvicorn

    def outside():
        if host.strip("[]") not in LOOPBACK:
            _say(f"внимание: слушаю {host} — сервер доступен не только с этого компьютера")

    if workers > 1:
        from mailcheck import config as cfgmod
        from mailcheck.rules.rule import is_known

        cfgmod.load(config_path, is_known)     # a bad config fails here, once, not in every worker
        outside()
        os.environ[_WORKER_OPTIONS] = json.dumps({
            "config_path": config_path, "host": host, "port": port, "max_body": max_body,
            "allow_origins": list(allow_origins)})
        _say(f"слушаю http://{host}:{port} (LanguageTool API: http://{host}:{port}/v2/), "
             f"процессов: {workers}")
        uvicorn.run("mailcheck.frontends.server:worker_app", factory=True, workers=workers, host=host,
                    port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=5)
        return
    cfg = _prepare(config_path, host, port)
    outside()
    app = create_app(cfg, max_body, allow_origins)
    app.state.service.address = (host, port)
    _say(f"слушаю http://{host}:{port} (LanguageTool API: http://{host}:{port}/v2/)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=5)
