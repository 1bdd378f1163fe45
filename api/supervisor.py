"""`procesregie serve --workers N`: workers forked from a supervisor that has built the app (ADR 35).

uvicorn starts each of its workers as a new interpreter, which imports the code and builds the app
again: about a second of CPU per worker, and ten to thirty seconds of wall time on a machine whose
cores are busy. Here gunicorn's arbiter builds the app once (``preload_app``) and forks the workers;
they share the built app copy-on-write and serve as soon as they are forked, each with uvicorn's own
server (uvicorn-worker). The arbiter replaces a worker that has not reported for the health-check
timeout, and logs as the workers do: JSON lines with request ids (api/operations.py).
"""

from __future__ import annotations

import asyncio
import logging
import logging.config
import os
import signal
from typing import Any

from fastapi import FastAPI
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from uvicorn_worker import UvicornWorker

from . import operations


class Worker(UvicornWorker):
    """uvicorn's server in a forked worker. uvicorn-worker hands uvicorn's loggers to gunicorn's
    plain-text handlers; its messages go back to the JSON lines of api/operations.py, and its access
    log stays off (uvicorn's ``access_log=False``), as operations.App logs each request once itself."""

    CONFIG_KWARGS = {"loop": "auto", "http": "auto", "access_log": False}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        logger = logging.getLogger("uvicorn.error")
        logger.handlers = []
        logger.propagate = True

    def _install_sigquit_handler(self) -> None:
        # gunicorn's arbiter stops its workers with SIGQUIT when it is sent SIGINT or SIGQUIT (`kill -INT`,
        # a process manager's stop signal). uvicorn-worker's handler only marks the worker as no longer
        # alive, which uvicorn's server never reads (Kludex/uvicorn-worker#2): the workers served on until
        # the arbiter killed them 30 s later. A SIGQUIT now stops the server as SIGTERM does, uvicorn's
        # own shutdown: requests under way are answered, then the app's lifespan ends.
        asyncio.get_running_loop().add_signal_handler(signal.SIGQUIT, os.kill, os.getpid(), signal.SIGTERM)


class JsonLogger(Logger):
    """gunicorn's own messages (a worker booted, timed out, exited) as the same JSON lines."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        logging.config.dictConfig(operations.log_config())
        self.error_log.handlers = []
        self.error_log.propagate = True


class Supervisor(BaseApplication):
    """The arbiter, serving ``app`` (built in this process) on ``workers`` forked workers."""

    def __init__(
        self, app: FastAPI, host: str, port: int, workers: int, timeout: int, forwarded_allow_ips: str | None
    ) -> None:
        self.application = app
        self.options: dict[str, Any] = {
            "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
            "workers": workers,
            "worker_class": f"{__name__}.Worker",
            "logger_class": f"{__name__}.JsonLogger",
            "preload_app": True,
            # a worker that has not reported (it does every timeout/2 s) for this long is replaced
            "timeout": timeout,
            "keepalive": 5,  # uvicorn's default, as with one worker
            "proc_name": "procesregie",
            "control_socket_disable": True,  # gunicorn's control commands: not a part of procesregie
            "post_fork": self._forked,
        }
        if forwarded_allow_ips is not None:  # else $FORWARDED_ALLOW_IPS, or this host: uvicorn's default too
            self.options["forwarded_allow_ips"] = forwarded_allow_ips
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> FastAPI:
        # FastAPI makes the OpenAPI document at the first request for it, on the event loop: about a
        # second of CPU in which a worker neither serves nor reports to the supervisor. It is made
        # here once, before the workers are forked, as the app is.
        self.application.openapi()
        return self.application

    def _forked(self, arbiter: Any, worker: Any) -> None:
        # A connection must never be shared by two processes: the worker starts with an empty pool
        # of its own (SQLAlchemy's advice for forked processes; the arbiter opens none anyway).
        self.application.state.engine.dispose(close=False)
