"""ferrograd has no GPU backend: ``cuda.is_available()`` is False."""


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    """Accepted for compatibility; there is no CUDA generator."""


def manual_seed_all(seed):
    """Accepted for compatibility; there is no CUDA generator."""
