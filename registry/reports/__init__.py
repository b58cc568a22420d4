"""Unit reports (issue 21): checks on entry, the workflow, counting without double counting,
completeness and the import of the summary table."""
