import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jixiao.web.disclosure import building
from jixiao.web.disclosure.models import Publication
from jixiao.web.rounds.models import Round


def _stopped(_signum, _frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "生成已申请的公开（排队中、生成中）：逐个单位生成材料，全部生成后才公开；中断后再次运行从未生成的单位继续，已生成的不再生成。"

    def add_arguments(self, parser):
        parser.add_argument("round", nargs="?", type=int, help="评价批次编号（不填：所有批次）")

    def handle(self, *args, **options):
        round_id = options.get("round")
        if round_id is not None and not Round.objects.filter(pk=round_id).exists():
            raise CommandError(f"没有编号为 {round_id} 的评价批次")
        waiting = list(building.pending(round_id).select_related("round"))
        if not waiting:
            self.stdout.write("没有等待生成的公开")
            return
        # systemd and kill stop with SIGTERM: raised as an interruption so the job lets go of the publication at once
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _stopped) if main else None
        try:
            self._build(waiting)
        finally:
            if main and previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def _build(self, waiting) -> None:
        console = Console(stderr=True, soft_wrap=True)
        for publication in waiting:
            label = f"第 {publication.pk} 号公开（{publication.title}）"
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("个单位"), TimeElapsedColumn())
            with Progress(*columns, console=console, transient=False) as progress:
                task = progress.add_task(label, total=publication.total)
                result = building.build(publication, lambda done, total: progress.update(task, completed=done, total=total))
            if result.state == Publication.PUBLISHED:
                self.stdout.write(f"{label}：已公开，{result.built} 个单位")
            elif result.state == Publication.FAILED:
                self.stdout.write(f"{label}：未能生成：{result.error}")
            else:
                self.stdout.write(f"{label}：{result.progress}" + (f"，{result.error}" if result.error else "（另一进程正在生成）"))
