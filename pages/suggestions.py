"""Gợi ý nhân rộng: staff confirm or reject suggested replication links (registry.replication.review
checks the role and the unit scope on the server side)."""

from ui.auth import require
from ui.core import language_switch
from ui.suggestions import review_page

actor = require("update")
language_switch()
review_page(actor)
