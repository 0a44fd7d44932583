"""The page's extractor process: a time budget per article, a fresh process after one runs out."""
from __future__ import annotations

import os
import time

import pytest

from dashboard import store
from dashboard.worker import BudgetExceeded, Extractor, store_article

SEED_TEXT = "Taliban fighters seized Kunduz on Sunday, officials said."


@pytest.fixture
def extractor():
    ex = Extractor(budget_s=3.0)
    yield ex
    ex.stop()


def test_an_article_is_read_and_stored_in_the_extractor_process(extractor, db):
    result = extractor.run(store_article, db, SEED_TEXT, None, "2021-08-08", "Kunduz falls")
    assert result.error is None and result.created and result.counts["places"] >= 1
    assert extractor.run(os.getpid) != os.getpid()  # not the caller's process
    conn = store.connect(db)
    assert store.counts(conn)["reports"] == 1
    conn.close()


def test_work_over_the_budget_is_stopped_and_the_next_gets_a_fresh_process(extractor):
    first = extractor.run(os.getpid)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match="more than 3 s"):
        extractor.run(time.sleep, 60)
    assert time.monotonic() - started < 30  # long before the 60 s sleep ends (17 s seen under load)
    assert extractor.run(os.getpid) != first  # the stuck process was killed, another started


def test_an_upload_that_is_not_text_is_one_error_line(extractor, tmp_path):
    result = extractor.run(store_article, str(tmp_path / "db.sqlite"), None, (b"\x00\x01binary", "x.txt"),
                           None, None)
    assert result.error and "\n" not in result.error
