"""`jixiao org`: the web system's organisations and people from the command line (the same as its management commands)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from jixiao.cli.usage import ChineseCommand, ChineseGroup

org_app = typer.Typer(cls=ChineseGroup, help="网页系统的单位与人员：导入单位名单、添加人员、建立演示地区。", no_args_is_help=True)


def _call(command: str, *args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    try:
        call_command(command, *args)
    except CommandError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(getattr(error, "returncode", 2) or 2) from None


@org_app.command("import", cls=ChineseCommand)
def import_list(file: Path = typer.Argument(..., help="单位名单 .xlsx（单位名称、上级单位、联系人、手机）"), region: str = typer.Option(..., "--region", help="财政局名称")) -> None:
    """导入单位名单；任何一格有误则整份不导入，并按单元格列出问题。"""
    _call("import_orgs", str(file), "--region", region)


@org_app.command("add-person", cls=ChineseCommand)
def add_person(
    username: str = typer.Argument(..., help="登录用户名"),
    org: str = typer.Option(..., "--org", help="单位名称；角色由单位类别决定"),
    password: Optional[str] = typer.Option(None, "--password", help="新人员的初始密码"),
    name: str = typer.Option("", "--name", help="姓名"),
) -> None:
    """添加人员，或给已有人员增加一个单位的角色。"""
    _call("add_person", username, "--org", org, *(["--password", password] if password else []), *(["--name", name] if name else []))


@org_app.command("demo", cls=ChineseCommand)
def demo() -> None:
    """建立演示地区与演示账号（可重复执行）。"""
    _call("seed_demo")
