"""Bulk import from Excel (XLSX/XLS) and CSV: ``read`` (bytes to cells, in a sandboxed child
process behind ``guard``), ``headers`` (which column is which), ``cells`` (cells to inputs),
``plan`` (matching, checks, then all rows or none in one transaction), ``report`` (the error
report), ``template`` (the Excel template)."""
