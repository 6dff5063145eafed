"""项目支出绩效自评 (财预〔2020〕10号) and the year's 绩效目标, on the same frameworks, engine, checks and renderers.

A project's 自评表 is a framework (national-2020-project, or a user's file with a `project:` section) with a funds
row (预算执行率 × 10) and one slot per 一级指标 whose rows are the project's own indicators, scored by the rule kind
`indicator` (jixiao.rules.indicator). This package holds what is particular to projects, all pure except `load`:

- settings.py   the framework's project settings (standard 一级 weights, reasons, attachments, 执行率 threshold)
- targets.py    the 绩效目标表 as data: a project's indicators with their targets, and their change history
- facts.py      a project's year-end facts (funds block, 年度总体目标, text blocks) beside the engine's Facts
- load.py       YAML targets and project facts → those models and an engine Facts, every problem with its place
- links.py      the department's figures derived from its projects (绩效目标完成率, 覆盖率, 自评情况)
"""
