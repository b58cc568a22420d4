"""Figures: ``theme`` (colours, layout, titles), ``words`` (the filters in words, names), one module
per page (``number``, ``spread``, ``replication``, ``maps``) of data functions and figure builders
that return a plotly Figure and never render it, ``specs`` (the registry CHARTS) and ``pipeline``
(``build_chart``: one chart's frame, figure, table, title and notes, for the screen and the files)."""
