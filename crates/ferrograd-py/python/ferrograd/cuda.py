"""ferrograd has no GPU backend: ``cuda.is_available()`` is False."""


def is_available():
    """is_available() -> bool

    Returns a bool indicating if CUDA is currently available: always ``False`` (ferrograd has
    no GPU backend).

    Example::

        >>> torch.cuda.is_available()
        False
    """
    return False


def device_count():
    """device_count() -> int

    Returns the number of GPUs available: always ``0``.

    Example::

        >>> torch.cuda.device_count()
        0
    """
    return 0


def manual_seed(seed):
    """manual_seed(seed) -> None

    Sets the seed for generating random numbers for the current GPU. Accepted for compatibility;
    there is no CUDA generator.

    Example::

        >>> torch.cuda.manual_seed(0)
    """


def manual_seed_all(seed):
    """manual_seed_all(seed) -> None

    Sets the seed for generating random numbers on all GPUs. Accepted for compatibility; there
    is no CUDA generator.

    Example::

        >>> torch.cuda.manual_seed_all(0)
    """
