"""A real jixiao web server and Debian's Chromium, for the browser tests and scripts/screenshots.py.

DemoServer runs `jixiao serve --demo` (migrations, `seed_demo`, then gunicorn) over a fresh data folder on
127.0.0.1 at a free port, in its own process group; it waits until the server answers and stops it afterwards.
Given a DemoTemplate (a data folder `jixiao serve --demo` prepared once: migrated, static files collected, demo
seeded with its LibreOffice PDFs), it copies that folder instead and runs `jixiao serve` on the copy, so each
browser module gets the same pristine demo in seconds rather than preparing it again (~25 s each).
launch_chromium starts /usr/bin/chromium through Playwright (its own browser download is not available here,
so never `playwright install`).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = Path(os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps dialling out, and this machine's closed network refuses it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "jixiao-demo-2026"
START_TIMEOUT = 120.0  # seconds: migrations, collectstatic and seeding on a busy 2-core machine
STEP_TIMEOUT_MS = 15_000  # one click, load or live update, when other jobs share the 2 cores


class ServerError(RuntimeError):
    """The server could not be prepared or started; the message carries its output."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, demo: str = "core", extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the server: its own data folder and SQLite, nothing of the test run's;
    demo "core" seeds the five units the round flow walks through, "full" the whole demo region;
    extra: more settings (e.g. JIXIAO_SMTP_HOST for a test's own mail server)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "JIXIAO_"))}
    env.update(
        {
            "JIXIAO_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
            "PYTHONUNBUFFERED": "1",
            "JIXIAO_DEMO": demo,
            **(extra or {}),
        }
    )
    return env


class DemoTemplate:
    """A data folder prepared by what `jixiao serve --demo` does before gunicorn starts (jixiao.web.serve.prepare:
    migrate, collectstatic, seed_demo), in a child process that start() launches and wait() waits for, so the
    preparation can run beside other tests."""

    def __init__(self, data_dir: Path, demo: str = "core"):
        self.data_dir = Path(data_dir)
        self.demo = demo
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}-prepare.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "DemoTemplate":
        if self.process is None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", "from jixiao.web.serve import prepare; prepare(demo=True)"],
                    env=server_env(self.data_dir, self.demo), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                )
        return self

    def wait(self) -> Path:
        """The prepared folder; raises ServerError with the preparation's output if it failed."""
        self.start()
        try:
            status = self.process.wait(timeout=START_TIMEOUT * 3)
        except subprocess.TimeoutExpired:
            self.stop()
            status = None
        if status != 0:
            tail = "\n".join(self.log_path.read_text(errors="replace").splitlines()[-40:])
            raise ServerError(f"演示数据未能准备（jixiao serve --demo 的迁移与建立演示数据），日志 {self.log_path}：\n{tail}")
        return self.data_dir

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(os.getpgid(self.process.pid), signal.SIGKILL)
            self.process.wait(timeout=15)


class DemoServer:
    """`jixiao serve --demo` (migrate, seed_demo, gunicorn serving jixiao.web.wsgi:application) in a fresh data folder,
    or `jixiao serve` on a fresh copy of a DemoTemplate's folder (the same demo, prepared once)."""

    def __init__(self, data_dir: Path, demo: str = "core", template: DemoTemplate | None = None, env: dict[str, str] | None = None):
        self.data_dir = Path(data_dir)
        self.demo = template.demo if template is not None else demo
        self.template = template
        self.env = env or {}  # more settings for the server and its commands (e.g. a test's own mail server)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}-server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "jixiao", "serve", "--demo"]
        if self.template is not None:
            # copy2 keeps the files' times, so collectstatic finds its copies current; the database is closed.
            shutil.copytree(self.template.wait(), self.data_dir, dirs_exist_ok=True)
            command.remove("--demo")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # A free port can be taken between the probe and the bind: try a few.
        for _ in range(3):
            self.port = free_port()
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    command + ["--host", "127.0.0.1", "--port", str(self.port)],
                    env=server_env(self.data_dir, self.demo, self.env),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: stop() ends gunicorn and its workers together
                )
            if self._wait_until_answering():
                return
            self.stop()
        raise ServerError(f"jixiao serve 未能启动，日志 {self.log_path}：\n{self.log_tail()}")

    def _wait_until_answering(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                # Redirects (to the login page) are followed; any answer below 500 means it serves.
                with urllib.request.urlopen(self.url + "/", timeout=5) as answer:
                    return answer.status < 500
            except urllib.error.HTTPError as error:
                return error.code < 500
            except OSError:
                time.sleep(0.2)
        return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        group = os.getpgid(self.process.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=5)

    def command(self, *args: str) -> str:
        """Runs `jixiao <args>` against this server's data (as cron would); returns what it printed."""
        done = subprocess.run([sys.executable, "-m", "jixiao", *args], env=server_env(self.data_dir, self.demo, self.env), capture_output=True, text=True, timeout=START_TIMEOUT)
        if done.returncode != 0:
            raise ServerError(f"jixiao {' '.join(args)} 失败（{done.returncode}）：\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "（无日志）"

    def __enter__(self) -> "DemoServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def launch_chromium(playwright):
    """Debian's Chromium, headless, through Playwright."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"找不到 {CHROMIUM}：请安装 Debian 软件包 chromium（make test 会自动安装）")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def new_context(browser, base_url: str):
    """One person's browser: own cookies, Chinese locale, a laptop-sized window, downloads kept."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True, base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context
