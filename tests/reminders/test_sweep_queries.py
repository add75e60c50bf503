"""The sweep's cost per chunk does not grow with the employers in it: one fetch of the chunk's employers with
everything the deadline sources read prefetched (``with_evaluation_data`` plus the sources' own prefetches)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secor.reminders.models import Deadline
from secor.reminders.services import refresh_deadlines, run_sweep
from secor.reminders.sources import employers_for_sweep
from tests.reminders.factories import BUILDERS

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
# The first two builders already hold every kind of record the evaluation reads (a nested prefetch with no
# parent rows issues no query) and a reminder due on TODAY (sk_auditor: milestone 1, 90 days before), so the
# small chunk runs the same statements as the big one; only the number of rows differs.
MIX = ("sk_auditor", "ab_certified", "bc_go2hr", "ab_person_left", "bc_bcfsc", "sk_new", "ab_outgrown")


def build(n: int) -> list[int]:
    return [BUILDERS[name]().pk for name in itertools.islice(itertools.cycle(MIX), n)]


def count(func, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func(**kwargs)
    return len(ctx.captured_queries)


def test_refreshing_a_chunk_costs_the_same_queries_for_2_or_8_employers(travel):
    travel(TODAY)
    small, big = build(2), build(8)

    first_small = count(refresh_deadlines, employer_ids=small, today=TODAY)
    first_big = count(refresh_deadlines, employer_ids=big, today=TODAY)
    assert (
        Deadline.objects.filter(employer_id__in=big).count()
        > Deadline.objects.filter(employer_id__in=small).count()
    )  # the big chunk really wrote more
    again_small = count(refresh_deadlines, employer_ids=small, today=TODAY)
    again_big = count(refresh_deadlines, employer_ids=big, today=TODAY)

    assert first_small == first_big
    assert again_small == again_big
    # Before the prefetch, evaluation alone cost about 7 queries per employer (56 for 8 employers).
    assert first_big <= 20
    assert again_big < first_big  # the daily sweep writes nothing


def test_evaluating_the_fetched_chunk_issues_no_queries(django_assert_num_queries, travel):
    from secor.reminders.sources import all_deadlines

    travel(TODAY)
    ids = build(4)
    employers = list(employers_for_sweep(ids))
    with django_assert_num_queries(0):
        answers = [all_deadlines(employer, TODAY) for employer in employers]
    assert all(answer["rules"] for answer in answers)  # every source answered, with deadlines


def test_whole_sweep_query_count_is_flat_in_the_chunk_size(travel):
    """The second sweep of a day (everything already queued, nothing to write): the whole sweep's queries
    do not depend on how many employers the single chunk holds."""
    travel(TODAY)
    build(2)
    run_sweep(chunk=500)
    small = count(run_sweep, chunk=500)
    build(6)
    run_sweep(chunk=500)
    big = count(run_sweep, chunk=500)
    assert small == big
