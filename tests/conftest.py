"""Test-wide settings.

"Present" in a resume without a date of its own is the day of the run (``matcher.extract.profile``);
the suite pins that day through ``SOURCE_DATE_EPOCH`` so that no test changes with the
calendar. It is set at import, before any test starts a batch's worker processes, which
inherit it.
"""

import os

RUN_DATE_EPOCH = "1796083200"
"""2026-12-01 00:00 UTC."""

os.environ["SOURCE_DATE_EPOCH"] = RUN_DATE_EPOCH
