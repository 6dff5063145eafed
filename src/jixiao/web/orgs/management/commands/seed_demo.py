from django.core.management.base import BaseCommand

from jixiao.web.orgs.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "建立演示地区（财政局、两个主管部门及所属单位、2021 年度评价批次）与演示账号；可重复执行。"

    def handle(self, *args, **options):
        accounts = seed_demo()
        from jixiao.web.results.demo import earlier_round, seed_after_review

        reviewed = earlier_round()  # a reviewed earlier round with its 整改, 结果应用 and publication (docs/after-review.md)
        if reviewed is not None:
            seed_after_review(reviewed)
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, who in accounts:
            self.stdout.write(f"  {username:<8} {who}")
