"""The thresholds of a monitoring round as a form (instead of the `thresholds:` mapping it stores).

The form only lays the thresholds out: whether the bands tile 0 to infinity is jixiao.monitoring.thresholds'
bands_from_ranges, everything else its read_thresholds, each problem put back at its field.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import forms

from jixiao.model.result import Where

from jixiao.monitoring.thresholds import (
    COLOUR_LABELS, DEFAULT_THRESHOLDS, band_ranges, bands_from_ranges, read_thresholds, thresholds_mapping,
)

BANDS = (("execution", "执行进度", ("red", "yellow", "green", "blue")), ("progress", "目标进度", ("red", "yellow", "green", "blue")))
MONTHS = range(1, 13)
_NUMBER = {"max_digits": 8, "decimal_places": 2, "min_value": 0}


def _decimal(value: Fraction | None) -> Decimal | None:
    return None if value is None else Decimal(value.numerator) / Decimal(value.denominator)


class ThresholdsForm(forms.Form):
    time_basis = forms.ChoiceField(label="序时进度", choices=(("按天", "按天：已过天数 ÷ 全年天数"), ("按月", "按月：N ÷ 12")))
    execution_basis = forms.ChoiceField(
        label="预算执行预警方式",
        choices=(("两者", "执行节点和与序时进度之比，两者都用"), ("执行节点", "只按各月末执行节点"), ("序时进度之比", "只按执行率与序时进度之比")),
    )
    gap = forms.DecimalField(label="目标与执行偏离（百分点，超过为黄灯）", **_NUMBER)
    far_above = forms.DecimalField(label="超目标（当前完成值超过年度指标值的 %，超过须在备注中说明）", **_NUMBER)
    cause_required = forms.MultipleChoiceField(
        label="须填偏差原因的灯", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(COLOUR_LABELS[c], COLOUR_LABELS[c] + "灯") for c in ("red", "yellow", "blue", "green")],
    )

    def __init__(self, *args, thresholds=DEFAULT_THRESHOLDS, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for month in MONTHS:
            self.fields[f"checkpoint_{month}"] = forms.DecimalField(label=f"{month} 月末", required=False, max_digits=6, decimal_places=2, min_value=0, max_value=100)
        for name, _title, colours in BANDS:
            for colour in colours:
                for end, word in (("lower", "下限"), ("upper", "上限")):
                    self.fields[f"{name}_{colour}_{end}"] = forms.DecimalField(label=f"{COLOUR_LABELS[colour]} {word}", required=False, **_NUMBER)
        if not self.is_bound:
            self.initial.update(self.initial_of(thresholds))

    @staticmethod
    def initial_of(thresholds) -> dict:
        mapping = thresholds_mapping(thresholds)
        initial = {
            "time_basis": mapping["序时进度"], "execution_basis": mapping["执行预警"], "gap": _decimal(thresholds.gap_points),
            "far_above": _decimal(thresholds.far_above * 100), "cause_required": mapping["需填偏差原因"],
        }
        for month, share in thresholds.checkpoints:
            initial[f"checkpoint_{month}"] = _decimal(share * 100)
        for name, _title, _colours in BANDS:
            for colour, (lower, upper) in band_ranges(getattr(thresholds, name)).items():
                initial[f"{name}_{colour}_lower"], initial[f"{name}_{colour}_upper"] = _decimal(lower), _decimal(upper)
        return initial

    def checkpoint_fields(self):
        return [self[f"checkpoint_{month}"] for month in MONTHS]

    def band_rows(self):
        """(title, [(colour, 下限 field, 上限 field)]) per kind of band, for the template's table."""
        return [
            (title, [(colour, COLOUR_LABELS[colour], self[f"{name}_{colour}_lower"], self[f"{name}_{colour}_upper"]) for colour in colours])
            for name, title, colours in BANDS
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        mapping = {
            "序时进度": data["time_basis"], "执行预警": data["execution_basis"], "偏离": str(data["gap"]),
            "超目标": f"{data['far_above']}%", "需填偏差原因": list(data["cause_required"]),
        }
        checkpoints = {month: f"{data[f'checkpoint_{month}']}%" for month in MONTHS if data.get(f"checkpoint_{month}") is not None}
        if checkpoints:
            mapping["执行节点"] = checkpoints
        elif data["execution_basis"] != "序时进度之比":
            self.add_error("checkpoint_6", "未设执行节点：请至少填一个月末的执行率，或把预警方式改为“只按执行率与序时进度之比”")
        for name, title, colours in BANDS:
            ranges = {c: (_fraction(data.get(f"{name}_{c}_lower")), _fraction(data.get(f"{name}_{c}_upper"))) for c in colours}
            bands, problems = bands_from_ranges(ranges)
            for colour, message in problems.items():
                self.add_error(f"{name}_{colour}_lower", f"{title}：{message}")
            if bands is not None:
                mapping[title] = {COLOUR_LABELS[colour]: str(_decimal(lower)) for lower, colour in bands.limits}
        if self.errors:
            return data
        thresholds, problems = read_thresholds(mapping, lambda loc: Where(field=loc[-1]))
        for problem in problems:
            where = {"执行节点": "checkpoint_6", "偏离": "gap", "超目标": "far_above", "需填偏差原因": "cause_required"}.get(problem.where.field)
            self.add_error(where, problem.message)
        if not self.errors:
            self.thresholds = thresholds
            self.mapping = thresholds_mapping(thresholds)
        return data


def _fraction(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)

