"""Bulk import from Excel (XLSX/XLS) and CSV, as named passes over one context: ``passes`` (the
passes and their table: what each adds, which errors it raises), ``context`` (the context they
share), ``pipeline`` (the machinery that runs passes, for any kind of row), ``plan`` (``check``
and ``run_import``); the passes' helpers ``read`` (bytes to cells, in a sandboxed child process
behind ``guard``), ``headers`` (which column is which), ``cells`` (cells to inputs), ``classify``
(new, updated or unchanged), ``linking`` (origins); ``report`` (the error report), ``template``
(the Excel template)."""
