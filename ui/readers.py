"""Cached readers of the dashboard. Every reader takes plain values (the filters as URL query
items, the language) and the data version, so that a write anywhere invalidates it. No widgets
in here."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from registry.charts import pipeline
from registry.charts.words import partial_year, year_label
from registry.db import read_session
from registry.i18n import DEFAULT_LANG
from registry.queries import counts, listing, replication
from registry.queries import labels as ref_labels
from registry.queries.filters import Filters, filters_from_query, filters_to_query
from ui.core import data_version, engine

TTL = 3600


def key_of(filters: Filters) -> tuple[tuple[str, str], ...]:
    """The filters as a hashable tuple of plain values (the URL query items)."""
    return tuple(sorted(filters_to_query(filters).items()))


def filters_of(key: tuple[tuple[str, str], ...]) -> Filters:
    """The filters of a key made by ``key_of``."""
    return filters_from_query(dict(key))[0]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=2000)
def _chart_data(slug: str, key: tuple, version: int, today: dt.date) -> pd.DataFrame:
    codes = _labels(DEFAULT_LANG, version).codes  # the same codes in every language
    with read_session(engine()) as session:
        return pipeline.chart_frame(session, slug, filters_of(key), codes, today=today)


def chart_data(slug: str, filters: Filters) -> pd.DataFrame:
    """The chart's numbers (codes and counts, the same in every language). The day is part of the
    key: the growth chart compares the partial current year with the same part of the one before."""
    return _chart_data(slug, key_of(filters), data_version(), dt.date.today())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=10)
def _latest_year(include_sample: bool, version: int) -> int | None:
    with read_session(engine()) as session:
        return counts.latest_year(session, include_sample=include_sample)


def latest_year(include_sample: bool = True) -> int | None:
    """The latest year with live records (None in an empty registry): the end of the default period."""
    return _latest_year(bool(include_sample), data_version())


# Held as one shared object (cache_resource), not unpickled anew on every call as cache_data
# would: every chart and table of every rerun reads the labels. Nobody changes them.
@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=20)
def _labels(lang: str, version: int) -> ref_labels.Labels:
    with read_session(engine()) as session:
        return ref_labels.Labels.load(session, lang)


def labels(lang: str) -> ref_labels.Labels:
    return _labels(lang, data_version())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=500)
def _headline(key: tuple, lang: str, version: int, today: dt.date) -> dict:
    filters = filters_of(key)
    with read_session(engine()) as session:
        found = counts.headline(
            session,
            filters=filters,
            labels=ref_labels.Labels.load(session, lang),
            partial=partial_year(filters, today),
        )
    found["last_year_label"] = year_label(found["last_year"], filters, lang, today)
    return found


def headline(filters: Filters, lang: str) -> dict:
    """The overview's figures; a partial last year ("2026 (đến 01/12)") against the same part of
    the year before ("partial_until")."""
    return _headline(key_of(filters), lang, data_version(), dt.date.today())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=500)
def _sample_shown(key: tuple, version: int) -> bool:
    with read_session(engine()) as session:
        return counts.sample_shown(session, filters=filters_of(key))


def sample_shown(filters: Filters) -> bool:
    return _sample_shown(key_of(filters), data_version())


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=10)
def _known_codes(version: int) -> dict[str, set[str]]:
    with read_session(engine()) as session:
        return ref_labels.known_codes(session)


def known_codes() -> dict[str, set[str]]:
    return _known_codes(data_version())


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=10)
def _unit_options(version: int) -> list[tuple[str, str]]:
    with read_session(engine()) as session:
        return ref_labels.unit_options(session)


def unit_options() -> list[tuple[str, str]]:
    return _unit_options(data_version())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=500)
def _browse(
    key: tuple, query: str, sort: str, descending: bool, page: int, per_page: int, version: int
) -> listing.Page:
    with read_session(engine()) as session:
        filters = filters_of(key)
        return listing.browse(
            session, filters=filters, query=query, sort=sort, descending=descending, page=page, per_page=per_page
        )


def browse(filters: Filters, *, query: str, sort: str, descending: bool, page: int, per_page: int) -> listing.Page:
    return _browse(key_of(filters), query, sort, descending, page, per_page, data_version())


def _plain(obj) -> dict | None:
    return obj.model_dump() if obj is not None else None


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _detail(example_id: int, version: int) -> dict | None:
    with read_session(engine()) as session:
        found = listing.record_detail(session, example_id=example_id)
        if found is None:
            return None
        return {
            "record": _plain(found["record"]),
            "events": [_plain(e) for e in found["events"]],
            "awards": [_plain(a) for a in found["awards"]],
            "origin": _plain(found["origin"]),
            "root": _plain(found["root"]),
            "copies": [_plain(c) for c in found["copies"]],
        }


def detail(example_id: int) -> dict | None:
    return _detail(int(example_id), data_version())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _family(example_id: int, view: str, version: int) -> list[dict]:
    with read_session(engine()) as session:
        return replication.family_tree(session, example_id=example_id, view=view)


def family(example_id: int, view: str) -> list[dict]:
    return _family(int(example_id), view, data_version())
