"""In-place dropout, ``Embedding(max_norm=)``, optimizer hooks and ``parameters_to_vector``:
``data/nn_extras_script.py`` prints under ferrograd exactly what it printed under PyTorch
(``data/nn_extras.out``)."""

import doctest

import ferrograd.nn.utils.convert_parameters
from _recorded import assert_prints_as_recorded
import ferrograd.optim.optimizer

def test_script_prints_what_pytorch_printed():
    assert_prints_as_recorded("nn_extras_script.py", "nn_extras.out", timeout=120)


def test_docstrings():
    import ferrograd as torch

    for module in (ferrograd.optim.optimizer, ferrograd.nn.utils.convert_parameters):
        failures, tried = doctest.testmod(module, extraglobs={"torch": torch}, optionflags=doctest.ELLIPSIS)
        assert tried > 0 and failures == 0
