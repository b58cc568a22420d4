import sys

from registry.cli.main import run

sys.exit(run())
