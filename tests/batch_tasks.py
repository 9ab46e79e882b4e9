"""Tasks for the batch tests that kill the process running them (imported by worker processes)."""

from __future__ import annotations

import os

from ipdoc.batch import Produced, work
from ipdoc.pipeline import Job, Options


def crash_on_boom(job: Job, options: Options) -> Produced:
    """The job named ``boom`` kills its worker process every time."""
    if job.name == "boom":
        os._exit(3)
    return work(job, options)


def crash_once_on_flaky(job: Job, options: Options) -> Produced:
    """The job named ``flaky`` kills its worker process the first time only (a marker beside its text)."""
    if job.name == "flaky" and job.en is not None:
        marker = job.en.parent / ".flaky-crashed"
        if not marker.exists():
            marker.write_text("crashed once\n")
            os._exit(3)
    return work(job, options)
