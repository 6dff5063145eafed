import pytest


@pytest.fixture
def cli():
    """The CLI in-process under its real program name (usage lines say “用法：jixiao …”)."""
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    runner = CliRunner()

    def invoke(*args):
        result = runner.invoke(app, [str(a) for a in args], prog_name="jixiao")
        return result.exit_code, result.stdout, result.stderr

    return invoke
