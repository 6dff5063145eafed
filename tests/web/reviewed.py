"""The demo round with its four prefilled units (the 大鹏 example) reviewed, as results.demo does for the demo."""
from jixiao.web.results.demo import review_round


def review_prefilled(round_) -> None:
    review_round(round_)
