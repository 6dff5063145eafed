from django.core.management.base import BaseCommand

from jixiao.web.orgs.demo import DEMO_PASSWORD, seed_demo, seed_full_demo, seed_previous_round


class Command(BaseCommand):
    help = "建立演示地区（财政局、六个主管部门及所属单位、2021 年度评价批次与上年已报送的批次）与演示账号；可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--core", action="store_true", help="只建两个主管部门、五个单位与 2021 年度批次（浏览器测试所用）")

    def handle(self, *args, **options):
        from jixiao.web.results.demo import earlier_round, seed_after_review

        if options["core"]:
            accounts = seed_demo()
            reviewed = earlier_round()  # the core units' reviewed earlier round (the browser tests walk it)
        else:
            accounts = seed_full_demo()
            reviewed = seed_previous_round()  # last year's round of the whole demo region
        if reviewed is not None:
            seed_after_review(reviewed)  # its 整改, 结果应用 and publication (docs/after-review.md)
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, who in accounts:
            self.stdout.write(f"  {username:<8} {who}")
