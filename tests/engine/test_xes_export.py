"""The XES export streams from one snapshot without holding up the staff's work."""

from __future__ import annotations

import threading

from engine import cases, tasks, xes


def test_an_export_in_progress_does_not_hold_up_case_work(db, staff, gemeente):
    coach, regisseur = staff("werkcoach").actor, staff("procesregisseur").actor
    for _ in range(2):
        with db.tx() as session:
            case = cases.start_case(
                session, db.cache, db.profiles, coach, "overdracht_test", gemeente, "K", {"weken_plan": 8}
            )
            [task] = cases.case_tasks(session, case, open_only=True)
            tasks.complete_task(session, db.cache, coach, task.id, {"matchbaar": True})
    stream = xes.export(db.factory, regisseur)
    assert next(stream).startswith("<?xml")
    assert "<trace>" in next(stream)  # the export's transaction is open now, between two traces

    written = threading.Event()

    def start_a_case() -> None:
        with db.tx() as session:
            cases.start_case(
                session, db.cache, db.profiles, coach, "overdracht_test", gemeente, "K", {"weken_plan": 8}
            )
        written.set()

    writer = threading.Thread(target=start_a_case)
    writer.start()
    try:
        # It is written at once or never (the export stays open until the stream is closed);
        # the bound only turns a hang into a failure.
        assert written.wait(60), "starting a case waited for the export to finish"
    finally:
        stream.close()
        writer.join()
    assert (
        sum("<trace>" in chunk for chunk in xes.export(db.factory, regisseur)) == 2
    )  # the new case has no transitions yet
