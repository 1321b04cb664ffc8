"""The alerts table: one row per thing a person must look at, raised exactly once.

``once_key`` says what makes an alert one alert (a batch's fatal failures of one code,
one offline spell of one phone, one outage of one PC's store): the unique index on it is
what keeps two PCs that notice the same thing at the same moment from raising it twice.
Later sightings of the same thing only count up ``count``.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base
from db.types import UtcDateTime


class AlertKind(enum.StrEnum):
    """What needs a person. Stored on every row and sent in ``alert.raised``: a contract."""

    FATAL_FAILURE = "fatal_failure"  # a task failed in a way retrying cannot mend
    NO_ELIGIBLE_ACCOUNT = "no_eligible_account"  # a task ran out of accounts to run as
    PHONE_OFFLINE = "phone_offline"  # offline or unauthorized longer than the setting
    STORE_STALLED = "store_stalled"  # the artifact store accepted no upload for a while


class Alert(Base):
    """One alert; ``details`` is JSON of codes and values the console words itself."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # an AlertKind
    once_key: Mapped[str] = mapped_column(String(191), unique=True)
    subject: Mapped[str] = mapped_column(String(191))  # the phone, batch or PC it is about
    details: Mapped[str] = mapped_column(Text)
    host_name: Mapped[str] = mapped_column(String(128))  # the PC that raised it
    count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    acknowledged_by: Mapped[str | None] = mapped_column(String(128))

    __table_args__ = (Index(None, "acknowledged_at", "id"), Index(None, "raised_at"))
