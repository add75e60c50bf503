"""The WCB incentive a certificate earns (Alberta's Partners in Injury Reduction refund, WorkSafeBC's
COR incentive, WCB Manitoba's prevention rebate; Saskatchewan has none).

The rules differ per province, so each province module implements the profile's ``incentive`` hook; this
module holds what they share.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from provinces.base import IncentiveResult
from provinces.run import CENT, Run

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


def money(x: Decimal | float | int) -> Decimal:
    """Dollars and cents, half up."""
    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def incentive(profile: PartnerProfile, run: Run) -> IncentiveResult:  # pragma: no cover - provinces override
    raise NotImplementedError(f"{profile.province} defines no incentive")
