"""The exact (Clopper-Pearson) binomial confidence interval, rounded exactly.

Why not SciPy: it was 100 MB of install for one beta quantile, and a float quantile
rounded to the printed precision can land on the wrong side of a rounding boundary.
Here each bound is found among the values it can print: the binomial tail is monotone
in p, so comparing the tail at a rounding boundary with alpha/2 (in integers, exactly)
says on which side of that boundary the true bound lies. A float estimate (Wilson
with continuity correction) only chooses where to look; every answer is decided exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable, Union

MAX_N = 100_000  # each exact tail is O(n) big-integer steps of O(n) digits


def clopper_pearson(k: int, n: int, decimals: int = 3, level: Union[Fraction, float, str] = Fraction(95, 100),
                    rounding: str = "half-up") -> tuple[Fraction, Fraction]:
    """The two-sided interval for k successes in n trials, each bound a fraction of 1 rounded
    to `decimals` places (3 places print as a percentage with 1 decimal). `rounding` settles a
    bound that falls exactly on a rounding boundary (half-up or half-even)."""
    if not (0 <= k <= n and 0 < n <= MAX_N):
        raise ValueError(f"need 0 <= k <= n and 0 < n <= {MAX_N:,}, got k={k}, n={n}")
    level = Fraction(str(level)) if isinstance(level, float) else Fraction(level)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if not 0 <= decimals <= 12:
        raise ValueError(f"decimals must be from 0 to 12, not {decimals}")
    half_alpha = (1 - level) / 2
    steps = 10**decimals
    guess_low, guess_high = _wilson(k, n, level)
    low = Fraction(0) if k == 0 else _rounded_root(
        lambda p: _upper_tail_sign(k, n, p, half_alpha), guess_low, steps, rounding)
    high = Fraction(1) if k == n else _rounded_root(
        lambda p: -_cdf_sign(k, n, p, half_alpha), guess_high, steps, rounding)
    return low, high


def _rounded_root(side: Callable[[Fraction], int], guess: float, steps: int, rounding: str) -> Fraction:
    """The root of a monotone `side` (negative below the root) rounded to a multiple of 1/steps.

    The boundary between j-1 and j is b(j) = (2j-1)/(2 steps); the root rounds to the
    least j with b(j+1) at or above it, i.e. the count of boundaries below it. Search from
    the guess outwards (galloping), then bisect; each probe is one exact evaluation."""
    seen: dict[int, int] = {}

    def at(j: int) -> int:  # side of boundary b(j+1), j = 0 .. steps-1; j = steps: above everything
        if j >= steps:
            return 1
        if j not in seen:
            seen[j] = side(Fraction(2 * j + 1, 2 * steps))
        return seen[j]

    start = min(max(round(guess * steps), 0), steps)
    if at(start) >= 0:
        hi, step = start, 1
        lo = start - step
        while lo >= 0 and at(lo) >= 0:
            hi, step = lo, step * 2
            lo = hi - step
        lo = max(lo + 1, 0)
    else:
        lo, step = start + 1, 1
        hi = start + step
        while at(hi) < 0:
            lo, step = hi + 1, step * 2
            hi = min(lo + step - 1, steps)
    while lo < hi:  # least j in [lo, hi] with at(j) >= 0; at(hi) >= 0 holds
        mid = (lo + hi) // 2
        if at(mid) >= 0:
            hi = mid
        else:
            lo = mid + 1
    j = lo
    if j < steps and at(j) == 0:  # the root is exactly on the boundary between j and j + 1
        j += 1 if rounding == "half-up" or j % 2 else 0
    return Fraction(j, steps)


def _upper_tail_sign(k: int, n: int, p: Fraction, target: Fraction) -> int:
    """sign(P(X >= k) - target) for X ~ Binomial(n, p)."""
    return -_cdf_sign(k - 1, n, p, 1 - target)


def _cdf_sign(m: int, n: int, p: Fraction, target: Fraction) -> int:
    """sign(P(X <= m) - target) for X ~ Binomial(n, p), 0 < p < 1, decided exactly.

    With p = a/d the terms t(i) = C(n, i) a^i (d-a)^(n-i) are integers, and each follows
    from the previous by one small multiplication and one exact small division. The sum
    runs from m away from the mean (the small side), so the terms shrink by a ratio that
    itself shrinks: once the rest is provably too small to change the sign, it stops."""
    if m < 0 or m >= n:
        return _sign((0 if m < 0 else 1) - target)
    a, d = p.numerator, p.denominator
    b = d - a
    whole = d**n
    left = m * d < n * a  # m below the mean: sum t(m), t(m-1), ..., t(0)
    i = m if left else m + 1  # else 1 - (t(m+1) + ... + t(n))
    goal = target.numerator * whole if left else (target.denominator - target.numerator) * whole
    scale = target.denominator
    sign = 1 if left else -1  # P - target is (sum - goal) on the left, (goal - sum) on the right
    term = math.comb(n, i) * a**i * b**(n - i)
    total = 0
    for count in range(n + 1):
        total += term
        num, den = (i * b, (n - i + 1) * a) if left else ((n - i) * a, (i + 1) * b)
        if num == 0:  # t(0) or t(n) was the last term
            return sign * _sign(total * scale - goal)
        if count % 16 == 0 and num < den:  # the rest is at most term * num / (den - num)
            low = total * scale - goal
            if low > 0:
                return sign
            if low * (den - num) + term * num * scale < 0:
                return -sign
        term = term * num // den
        i += -1 if left else 1
    raise AssertionError("unreachable: the sum has at most n + 1 terms")  # pragma: no cover


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _wilson(k: int, n: int, level: Fraction) -> tuple[float, float]:
    """Wilson's score interval with continuity correction (Newcombe 1998): close to the exact
    bounds, so the exact search usually needs two probes per bound."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - float(1 - level) / 2)
    p, z2 = k / n, z * z
    low = (2 * n * p + z2 - 1 - z * math.sqrt(max(z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1), 0))) / (2 * (n + z2))
    high = (2 * n * p + z2 + 1 + z * math.sqrt(max(z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1), 0))) / (2 * (n + z2))
    return max(low, 0.0), min(high, 1.0)
