"""Weighers: stevedore plugins in ``novalite.scheduler.weights``; each returns a raw weight
per host, normalised to 0..1 and multiplied by its multiplier, as Nova does."""


def normalize(values):
    if not values:
        return []
    lo, hi = min(values), max(values)
    if hi == lo:
        return [0.0 for _ in values]
    return [(v - lo) / (hi - lo) for v in values]
