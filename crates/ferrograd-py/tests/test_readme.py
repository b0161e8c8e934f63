"""The Python examples of both READMEs (the repository's README.md and this package's) run and
print what they show.

Convention: a ```python block written as an interactive session (lines starting with ``>>>``
and ``...``) is a doctest: every output shown under a statement must be exactly what it prints
(whitespace-normalized; ``...`` inside a shown output matches anything, as in
``<DotBackward0 object at 0x...>``). A block without prompts is run as a script and must not
raise. The blocks of one README run in order in one namespace, as one session."""

import doctest
import os
import re

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
READMES = {
    "README.md": os.path.join(HERE, "..", "..", "..", "README.md"),
    "crates/ferrograd-py/README.md": os.path.join(HERE, "..", "README.md"),
}

_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks(path):
    with open(path) as f:
        return _BLOCK.findall(f.read())


def test_the_readmes_have_python_examples():
    counts = {name: len(python_blocks(path)) for name, path in READMES.items()}
    assert counts["README.md"] >= 1 and counts["crates/ferrograd-py/README.md"] >= 4, counts
    for name, path in READMES.items():
        for block in python_blocks(path):
            if ">>>" in block:
                # every session shows at least one output to compare
                examples = doctest.DocTestParser().get_examples(block)
                assert any(e.want for e in examples), (name, block[:80])


@pytest.mark.parametrize("name", sorted(READMES))
def test_readme_python_examples_print_what_they_show(name):
    globs = {"__name__": "__readme__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    failures = []
    for i, block in enumerate(python_blocks(READMES[name])):
        if ">>>" in block:
            test = parser.get_doctest(block, globs, f"{name}[block {i}]", READMES[name], 0)
            out = []
            runner.run(test, out=out.append, clear_globs=False)
            failures.extend(out)
            globs.update(test.globs)  # (a DocTest works on a copy of the namespace)
        else:
            exec(compile(block, f"{name}[block {i}]", "exec"), globs)
    assert runner.failures == 0, "".join(failures)
