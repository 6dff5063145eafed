"""`jixiao serve`: prepares the data folder (migrate, static files, demo) and hands over to gunicorn."""
from __future__ import annotations

import sys

import pytest

from jixiao.web.serve import gunicorn_command, prepare

pytestmark = pytest.mark.web


def test_gunicorn_command_binds_where_asked():
    command = gunicorn_command("127.0.0.1", 8123, 3)
    assert command[:4] == [sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application"]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123" and command[command.index("--workers") + 1] == "3"
    assert "--preload" in command  # the app and warm_up loaded once, before the workers fork


def test_warm_up_loads_templates_and_frameworks_without_the_database():
    """No db fixture: pytest-django refuses any query, so a warm-up that touched the database (and left a
    connection for the forked workers to share) would fail here."""
    from django.template import engines

    from jixiao.loaders.frameworks import _load_builtin, builtin_ids
    from jixiao.web.serve import PAGE_TEMPLATES, warm_up

    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    _load_builtin.cache_clear()
    warm_up()
    assert _load_builtin.cache_info().currsize == len(builtin_ids())
    assert {f"jixiao/{name}" for name in PAGE_TEMPLATES} <= {key.split(":")[0] for key in loader.get_template_cache}


def test_prepare_migrates_collects_static_and_seeds(db, settings, capsys):
    from jixiao.web.rounds.models import Round, Submission

    prepare(demo=True)
    assert (settings.STATIC_ROOT / "jixiao" / "htmx-2.0.11.min.js").is_file()
    assert Round.objects.filter(year=2021, framework_id="shenzhen-2019").count() == 1
    out = capsys.readouterr().out
    assert "演示账号（密码均为 jixiao-demo-2026）" in out and "dw1" in out
    rounds, submissions = Round.objects.count(), Submission.objects.count()
    assert rounds == 2  # the 2021 round and the previous year's (seed_full_demo), which is also the published one
    assert Round.objects.filter(publications__isnull=False).distinct().count() == 1
    prepare(demo=True)  # again: nothing doubled
    assert (Round.objects.count(), Submission.objects.count()) == (rounds, submissions)


def test_cli_lists_serve(cli):
    code, out, _err = cli("serve", "--help")
    assert code == 0 and "--demo" in out and "--port" in out
