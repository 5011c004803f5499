"""`mailcheck audit --engine dask`: the archive in partitions on a Dask cluster.

The input is cut into partitions (mailcheck.draft.mailboxes.partitions): an
mbox into byte ranges that begin and end at message starts, a JSONL export
into byte ranges at line starts, a Parquet export into slices of its row
groups, a Maildir into lists of its messages, files into lists of files. Each Dask task checks one
partition with the runner's `check_item` and returns the counts of an
`Audit`; the client merges them, so the JSON is the one `--engine local`
writes. A worker process loads the analyzer and the rules once (module
caches) and keeps them for every partition it gets.

Without --scheduler a `LocalCluster` of worker processes (one thread each)
starts on 127.0.0.1, dashboard off. With --scheduler ADDRESS the workers of
that cluster need mailcheck installed (`pip install mailcheck`) and must see
the archive at the same path. Needs the `dask` extra.
"""
from __future__ import annotations

import logging
import os
import sys

from mailcheck.errors import MailcheckError
from mailcheck.report.audit import Audit

_READY: dict = {}


def lint_partition(sources: list[tuple], cfg, select, ignore, labels: dict | None = None) -> dict:
    """On a worker: check one partition, return the counts of its Audit. The paths
    come absolute (a worker's folder is not the client's); `labels` maps each back
    to the path the user gave, so the letters are named as with --engine local."""
    from mailcheck.draft.mailboxes import items
    from mailcheck.frontends import runner

    key = (repr(cfg), tuple(select), tuple(ignore))
    if _READY.get("key") != key:            # once per worker process (and per setting)
        runner._init(cfg, select, ignore, False, warm_up=True)
        _READY["key"] = key
    part = Audit()
    for item in items(sources):
        out = runner.check_item(item)
        label = (labels or {}).get(item[1]) if len(item) > 1 else None
        if label is not None and out.path.startswith(item[1]):
            shown = label + out.path[len(item[1]):]
            if out.error and out.error.startswith(out.path):
                out.error = shown + out.error[len(out.path):]
            out.path = shown
            if out.report is not None:
                out.report.path = shown
        if out.error:
            path, _, problem = out.error.partition(": ")
            part.add_error(out.path, problem if path == out.path else out.error)
        else:
            part.add(out.report, out.sender, out.date)
    return part.s


def audit_dask(sources, cfg, select=(), ignore=(), scheduler: str | None = None,
               workers: int | None = None, partition_size: int = 200) -> Audit:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise MailcheckError("--engine dask", "нужен Dask: pip install 'mailcheck[dask]'") from None
    from mailcheck.draft.mailboxes import partitions
    from mailcheck.frontends.runner import default_jobs

    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as e:
                raise MailcheckError("--scheduler", f"планировщик Dask {scheduler} недоступен: {e}") from None
        else:
            cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        with client:
            labels = {os.path.abspath(src[1]): src[1] for src in sources if src[0] != "stdin"}
            absolute = [src if src[0] == "stdin" else (src[0], os.path.abspath(src[1])) for src in sources]
            futures = [client.submit(lint_partition, part, cfg, tuple(select), tuple(ignore), labels, pure=False)
                       for part in partitions(absolute, partition_size)]
            result = Audit()
            for fut in as_completed(futures):
                result.merge(fut.result())
                fut.release()
            for path, problem in sorted(result.s["errors"]):
                print(f"mailcheck: {path}: {problem}", file=sys.stderr)
            return result
    finally:
        if cluster is not None:
            cluster.close()
