"""The web server settles its heap once it has loaded the app (web/server.settle_heap): what is alive
then (plotly's validators, pandas, the chart specs) is out of the garbage collector's reach, so a
full collection during a page switch walks only what the pages made since."""

from __future__ import annotations

import gc

import plotly.graph_objects as go

from web import server


def test_after_settling_a_full_collection_skips_what_was_loaded():
    assert go.Figure  # plotly's object graph is loaded, as in the server
    gc.unfreeze()
    try:
        before_tracked = len(gc.get_objects())
        server.settle_heap()
        assert gc.get_freeze_count() >= before_tracked * 0.9
        assert len(gc.get_objects()) < before_tracked * 0.1
        garbage = [[i] for i in range(1000)]  # made after: still collected as usual
        for item in garbage:
            item.append(item)
        del garbage, item
        assert gc.collect() >= 1000
    finally:
        gc.unfreeze()
