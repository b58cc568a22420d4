"""Figures: ``theme`` (colours, layout, titles), ``words`` (the filters in words, names), one module
per page (``number``, ``spread``, ``replication``) of data functions and figure builders that
return a plotly Figure and never render it, and ``specs`` (the registry CHARTS)."""
