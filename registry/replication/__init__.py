"""Suggested replication links: candidates computed from titles, units, fields and programmes
(``suggest``), stored and kept up to date (``store``), and reviewed by staff (``review``)."""
