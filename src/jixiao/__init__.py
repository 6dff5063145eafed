"""jixiao 绩效: declarative 部门整体支出绩效自评 — frameworks as data, computed scores, checks."""

__version__ = "0.1.0"
