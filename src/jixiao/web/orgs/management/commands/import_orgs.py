from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jixiao.loaders.problems import InputError
from jixiao.web.orgs.importer import import_orgs, read_org_list
from jixiao.web.orgs.models import Organisation


class Command(BaseCommand):
    help = "从 xlsx 导入单位名单（单位名称、上级单位、联系人、手机）；任何一格有误则整份不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--region", required=True, help="财政局名称")

    def handle(self, *args, **options):
        path = Path(options["file"])
        region = Organisation.objects.filter(name=options["region"], kind=Organisation.FINANCE).first()
        if region is None:
            raise CommandError(f"没有名为“{options['region']}”的财政局", returncode=2)
        try:
            made = import_orgs(read_org_list(path, str(path), region), region, str(path))
        except InputError as error:
            raise CommandError("未导入：\n" + "\n".join(p.describe() for p in error.problems), returncode=2) from None
        self.stdout.write(f"已导入 {len(made)} 个单位")
