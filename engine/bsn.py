"""The burgerservicenummer (BSN): validated with the elfproef, stored and searched only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac


def valid(bsn: str) -> bool:
    """Whether a text is a BSN: nine digits passing the elfproef (9×d1 + 8×d2 + … + 2×d8 − d9 ≡ 0 mod 11)."""
    if len(bsn) != 9 or not bsn.isdigit() or bsn == "000000000":
        return False
    digits = [int(c) for c in bsn]
    return (sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]) % 11 == 0


def keyed_hash(bsn: str, key: str) -> str:
    """HMAC-SHA256 of a BSN: searchable, but useless without the installation's key."""
    return hmac.new(key.encode(), bsn.encode(), hashlib.sha256).hexdigest()
