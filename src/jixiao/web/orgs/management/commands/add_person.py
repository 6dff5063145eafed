from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jixiao.web.orgs.models import Membership, Organisation


class Command(BaseCommand):
    help = "添加人员或给已有人员增加一个单位的角色（角色由单位类别决定：财政局 / 主管部门审核 / 单位填报）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="单位名称")
        parser.add_argument("--password", help="新人员的初始密码（已有人员可不填）")
        parser.add_argument("--name", default="", help="姓名")

    def handle(self, *args, **options):
        org = Organisation.objects.filter(name=options["org"]).first()
        if org is None:
            raise CommandError(f"没有名为“{options['org']}”的单位", returncode=2)
        user, created = get_user_model().objects.get_or_create(username=options["username"])
        if created and not options["password"]:
            user.delete()
            raise CommandError("新人员须用 --password 给出初始密码", returncode=2)
        if options["password"]:
            user.set_password(options["password"])
        if options["name"]:
            user.first_name = options["name"]
        user.save()
        role = Membership.ROLE_FOR_KIND[org.kind]
        Membership.objects.get_or_create(user=user, organisation=org, role=role)
        self.stdout.write(f"{user.username}：{org.name}（{dict(Membership.ROLES)[role]}）")
