from jixiao.cli.main import run

run()
