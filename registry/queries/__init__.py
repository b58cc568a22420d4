"""Every read: keyword-only functions over a session, grouped by subject: ``filters`` (the shared
filters and their URL codec), ``counts``, ``replication``, ``listing`` (browse, search, one
record), ``labels`` (names of reference data), ``staff`` (review lists, history, duplicates)."""
