"""The command line: one typer app (``app.py``), one filter parser (``filters.py``), the commands
by subject (``data.py``, ``staff.py``, ``exports.py``) and ``main.run``."""
