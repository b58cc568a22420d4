"""CLI commands of each area. Each module defines ``register(app)``; registry/cli.py calls it."""
