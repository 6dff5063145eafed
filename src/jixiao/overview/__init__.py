"""A round seen as a whole: progress by state, score and grade distributions, rankings, frequent findings.

Pure computations over plain entries (no Django): the web's overview page, its xlsx tables and the
region 自评情况分析报告.docx all read the same Overview.
"""
