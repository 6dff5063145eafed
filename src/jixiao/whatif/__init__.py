"""What-if: a past round's departments re-scored under another framework, compared with their scores under the old one.

Pure: facts and frameworks in, a comparison out. The totals come from a framework compiled once into
straight-line integer code (jixiao.whatif.compiled), exactly equal to jixiao.engine.evaluate, which any
department the compiled code declines is scored by.
"""
