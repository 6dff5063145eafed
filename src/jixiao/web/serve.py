"""`jixiao serve`: migrate, seed the demo when asked, then run gunicorn with whitenoise static files."""
from __future__ import annotations

import os
import sys


def prepare(demo: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        call_command("seed_demo")


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-", "--timeout", "180",
    ]


def serve(host: str, port: int, demo: bool, workers: int) -> None:
    prepare(demo)
    print(f"jixiao 绩效网页系统：http://{host}:{port}/  （数据目录 {os.environ.get('JIXIAO_DATA_DIR', 'data')}；Ctrl+C 停止）", flush=True)
    command = gunicorn_command(host, port, workers)
    os.execv(command[0], command)  # gunicorn takes over this process, so signals reach it directly
