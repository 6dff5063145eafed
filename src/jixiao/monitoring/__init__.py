"""绩效运行监控: in-year monitoring of budget execution and target progress (pure library).

load (loader.py: YAML → model, problems located by line) → compute (signals.py: 序时进度 and the
coloured lights, thresholds as data in thresholds.py) → require (requirements.py: what each colour
obliges the unit to fill in). Documents are in jixiao.render.monitoring_xlsx / monitoring_report.
"""
