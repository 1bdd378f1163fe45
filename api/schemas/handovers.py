from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, computed_field

from engine.vocabulary import Organisatie, Role


class HandoverRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: str
    process_id: str
    process_version_hash: str = Field(description="content hash of the process version")
    gemeente: str
    from_role: Role | None
    to_role: Role | None
    from_organisatie: Organisatie | None = Field(
        description="the organisation holding the work of the lane it leaves; null: the model names none"
    )
    to_organisatie: Organisatie | None = Field(description="the organisation of the lane it reaches")
    from_user: str | None
    from_task_name: str | None
    to_task_id: str
    to_task_name: str
    handed_over_at: dt.datetime
    picked_up_at: dt.datetime | None = Field(
        description="when the receiving role claimed or completed the task"
    )
    picked_up_by: str | None
    withdrawn_at: dt.datetime | None = Field(
        description="when the receiving task was withdrawn before a pick-up; the handover waits no more"
    )
    withdrawn_reason: str | None = Field(
        description="task_withdrawn (boundary event, event-based gateway, event subprocess), "
        "case_cancelled or case_completed"
    )

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented form; mypy rejects decorated properties
    @property
    def wait_seconds(self) -> float | None:
        """Seconds from handover to pick-up; null while it still waits and when it was withdrawn."""
        if self.picked_up_at is None:
            return None
        return (self.picked_up_at - self.handed_over_at).total_seconds()
