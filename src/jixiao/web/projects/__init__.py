"""Project self-evaluations in a round (jixiao.projects): one submission per project, filled, submitted, reviewed.

A thin layer over the library: the targets come from the finance bureau's import of a 绩效目标表, the unit fills
what was achieved, and jixiao.projects.load / the engine / the checks score it exactly as the CLI does.
"""
