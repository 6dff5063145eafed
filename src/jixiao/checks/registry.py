"""Where checks are registered, and the plan made from them for each framework."""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.checks.check import Check, CheckContext, Hit, Needs
from jixiao.checks.plan import CheckPlan
from jixiao.model.framework import Framework

__all__ = ["Check", "CheckContext", "CheckRegistry", "Hit", "Needs"]


@dataclass(eq=False)  # identity: a registry is made once and keys its own plans
class CheckRegistry:
    _checks: dict[str, Check] = field(default_factory=dict)
    # Plans made from these checks, one per framework (checks/plan.py); a new registration makes them anew.
    _plans: dict[Framework, CheckPlan] = field(default_factory=dict, repr=False)

    def register(self, check: Check) -> None:
        if check.code in self._checks:
            raise ValueError(f"检查“{check.code}”重复注册")
        self._checks[check.code] = check
        self._plans.clear()

    def checks(self) -> list[Check]:
        return list(self._checks.values())

    def plan_for(self, framework: Framework) -> CheckPlan:
        """These checks made ready for one framework, once (frameworks are shared objects, keyed by identity)."""
        plan = self._plans.get(framework)
        if plan is None:
            if len(self._plans) >= 64:  # a long-running server meets few frameworks; never let them pile up
                self._plans.clear()
            plan = self._plans[framework] = CheckPlan.build(self.checks(), framework)
        return plan
