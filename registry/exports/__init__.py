"""Files out: ``formats`` (tables, formula neutralisation, CSV/XLSX bytes, metadata, file names:
shared by every export, the import error report and the report), ``images`` (PNG/SVG through
kaleido and Debian Chromium), ``bundle`` (charts for the press), ``records`` (the filtered
registry), ``keyfigures`` (the paragraph and citation), ``report`` (the periodic workbook),
``published`` (the province's published figures, checked against the registry)."""
