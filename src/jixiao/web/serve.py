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
        # JIXIAO_DEMO=core: only the five units the browser tests walk through (tests/web/e2e/harness.py).
        call_command("seed_demo", core=os.environ.get("JIXIAO_DEMO", "").strip() == "core")


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    # --preload: the app (and warm_up) is loaded once before the workers fork, so no worker's first requests
    # wait seconds for imports, frameworks and templates while people queue behind them.
    return [
        sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application", "--preload",
        "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-", "--timeout", "180",
    ]


PAGE_TEMPLATES = ("home.html", "round.html", "department.html", "submission.html", "live.html", "review.html", "login.html")


def warm_up() -> None:
    """What every worker's first requests would otherwise each load: the scoring engine (scored once on an empty
    draft of each built-in framework), the fill-in page's builder, the page templates and the URL map.
    Touches no database: the workers forked after it must not share a connection."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    from jixiao.loaders.frameworks import builtin_ids, load_framework
    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.sheet import build_sheet

    for framework_id in builtin_ids():
        framework = load_framework(framework_id)
        draft = scoring.new_draft("预热", 2021, framework_id)
        build_sheet(framework, draft, scoring.score(draft, framework))
    for name in PAGE_TEMPLATES:
        get_template(f"jixiao/{name}")
    get_resolver().url_patterns  # noqa: B018 - imports every view module


def serve(host: str, port: int, demo: bool, workers: int) -> None:
    prepare(demo)
    print(f"jixiao 绩效网页系统：http://{host}:{port}/  （数据目录 {os.environ.get('JIXIAO_DATA_DIR', 'data')}；Ctrl+C 停止）", flush=True)
    command = gunicorn_command(host, port, workers)
    os.execv(command[0], command)  # gunicorn takes over this process, so signals reach it directly
