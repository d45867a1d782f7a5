"""An unknown name is looked up through the stored key index, not by loading and scanning the whole tree.

Before, a name unknown in the issuer's province loaded all ~14,000 units and compared each (about 1 s); the
figure at national scale is in bench/import_units.py.
"""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.units.resolve import resolve_units
from lantoa.units.services import import_divisions

pytestmark = pytest.mark.django_db


def test_an_unknown_name_is_looked_up_through_the_index_not_a_scan_of_the_tree(district_committee):
    import_divisions(era="2025")  # every province's 2025 communes beside the demo's Thanh Hóa
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        resolution = resolve_units("Phòng Dân tộc", context=district_committee, on=datetime.date(2023, 9, 25))
        elapsed = time.perf_counter() - started
    assert resolution.units == []
    assert resolution.unresolved
    sql = [q["sql"] for q in queries.captured_queries]
    assert any('"units_unitkey"' in s for s in sql)
    # Every read of the units table is narrowed: to a scope's path, to the keys found, or to a list of ids.
    unit_reads = [s for s in sql if 'FROM "units_unit"' in s]
    assert unit_reads
    assert all("WHERE" in s for s in unit_reads)
    assert len(sql) <= 20
    assert elapsed < 0.5  # ~40 ms measured; a wide margin for a busy CI machine
