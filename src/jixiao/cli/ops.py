"""`jixiao round export|import`, `jixiao backup`, `jixiao restore`: moving a round or a whole instance (docs/deploy.md)."""
from __future__ import annotations

import os
from pathlib import Path

import typer

from jixiao.cli.usage import ChineseCommand, ChineseGroup

round_app = typer.Typer(cls=ChineseGroup, help="网页系统的评价批次：整批导出为一个压缩包，或导入到另一个实例。", no_args_is_help=True)
EXIT_INPUT = 2


def _django(migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)


def _refuse(reasons: list[str]) -> None:
    typer.echo("未执行，原因：", err=True)
    for reason in reasons[:200]:
        typer.echo(f"  ✗ {reason}", err=True)
    if len(reasons) > 200:
        typer.echo(f"  ……另有 {len(reasons) - 200} 处", err=True)
    raise typer.Exit(EXIT_INPUT)


@round_app.command("export", cls=ChineseCommand)
def export(round_id: int = typer.Argument(..., help="评价批次编号（网页地址 /rounds/编号/ 中的数字）"), output: Path = typer.Option(..., "-o", "--output", help="要写出的 .zip")) -> None:
    """导出一个评价批次：指标体系、单位、填报、复核、报送、历史记录与佐证材料。"""
    _django()
    from jixiao.web.rounds.models import Round
    from jixiao.web.rounds.transfer import export_round

    round_ = Round.objects.select_related("region").filter(pk=round_id).first()
    if round_ is None:
        _refuse([f"没有编号为 {round_id} 的评价批次"])
    content = export_round(round_)
    partial = output.with_name(f".{output.name}.partial")
    try:
        partial.write_bytes(content)
        os.replace(partial, output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        _refuse([f"{output}：无法写出文件（{error.strerror or error}）"])
    typer.echo(f"已导出“{round_.title}”（{round_.submissions.count()} 个单位）到 {output}", err=True)


@round_app.command("import", cls=ChineseCommand)
def import_(archive: Path = typer.Argument(..., help="jixiao round export 写出的 .zip")) -> None:
    """导入一个评价批次；压缩包有任何问题则整批不导入。"""
    _django()
    from jixiao.web.rounds.transfer import ArchiveRefused, import_round

    try:
        content = archive.read_bytes()
    except OSError as error:
        _refuse([f"{archive}：无法读取（{error.strerror or error}）"])
    try:
        round_ = import_round(content, str(archive))
    except ArchiveRefused as refused:
        _refuse(refused.reasons)
    typer.echo(f"已导入“{round_.title}”（编号 {round_.pk}，{round_.submissions.count()} 个单位）", err=True)


def backup(output: Path = typer.Argument(..., help="要写出的备份文件（.tar.gz）")) -> None:
    """备份数据库（在线备份，不停止服务）与全部佐证材料。"""
    _django(migrate=False)
    from jixiao.web.backup import BackupFailed, backup as run_backup

    try:
        manifest = run_backup(output)
    except (BackupFailed, OSError) as error:
        _refuse([str(error)])
    typer.echo(f"已备份（{manifest['database']}，佐证材料 {len(manifest['evidence'])} 个）到 {output}", err=True)


def restore(archive: Path = typer.Argument(..., help="jixiao backup 写出的备份文件")) -> None:
    """把备份恢复到新的实例（空的数据目录或空的数据库）。"""
    _django(migrate=False)
    from jixiao.web.backup import BackupFailed, restore as run_restore

    try:
        manifest = run_restore(archive)
    except BackupFailed as error:
        _refuse([str(error)])
    _django()  # a backup from an older version gains this version's migrations
    typer.echo(f"已恢复 {manifest['created']} 的备份（佐证材料 {len(manifest['evidence'])} 个）", err=True)
