"""The benchmark's own pieces are right (timing is measured by bench/, never here)."""
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import departments  # noqa: E402
from run import handwritten_total  # noqa: E402

from jixiao.loaders.facts_build import build_facts  # noqa: E402
from jixiao.loaders.frameworks import load_framework  # noqa: E402
from jixiao.model.result import Where  # noqa: E402
from jixiao.review import evaluate_and_check  # noqa: E402


def test_generated_departments_evaluate_and_agree_with_the_handwritten_scorer():
    framework = load_framework("shenzhen-2019")
    raws = departments(200, seed=3)
    assert departments(3, seed=3) == raws[:3]  # seeded: reproducible
    for raw in raws:
        result = evaluate_and_check(framework, build_facts(raw, lambda loc: Where(), framework))
        assert not [f for f in result.findings if f.blocking]
        assert result.total == handwritten_total(raw), raw["department"]
        assert 0 <= result.total <= 100
