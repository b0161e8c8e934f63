"""The five seed scripts, each a PyTorch autograd tutorial, run with `import ferrograd as torch`
and print exactly what PyTorch prints.

The scripts and PyTorch's recorded stdout are the project's own copy in
`crates/ferrograd/tests/golden/` (`seed_00N.py`, `seed_00N.out`, object addresses written
`0x…`). Each script is rewritten the way a user would switch libraries (`import torch` becomes
`import ferrograd as torch`, `from torch.` becomes `from ferrograd.`), run in a fresh interpreter
in a scratch directory, and its stdout compared byte for byte after masking addresses and reading
`ferrograd.` as `torch.`.
"""

import os
import re
import subprocess
import sys

import pytest

GOLDEN = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "ferrograd", "tests", "golden"
)
SEEDS = ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004"]


def as_ferrograd(source: str) -> str:
    """The script with its torch imports switched to ferrograd."""
    lines = []
    for line in source.split("\n"):
        if line == "import torch":
            line = "import ferrograd as torch"
        elif line == "import torch.nn.functional as F":
            line = "import ferrograd.nn.functional as F"
        elif line.startswith("from torch."):
            line = "from ferrograd." + line[len("from torch.") :]
        lines.append(line)
    return "\n".join(lines)


def normalize(out: str) -> str:
    """Addresses masked as in the golden files, and the module's name read as torch's."""
    out = re.sub(r"0x[0-9a-fA-F]+", "0x…", out)
    return out.replace("ferrograd.", "torch.")


def test_the_rewrite_touches_only_imports():
    src = "import torch\nfrom torch.autograd import grad\nx = torch.ones(2)  # import torch\n"
    assert as_ferrograd(src) == (
        "import ferrograd as torch\nfrom ferrograd.autograd import grad\n"
        "x = torch.ones(2)  # import torch\n"
    )
    assert normalize("<ferrograd.Size at 0x7f00AB>") == "<torch.Size at 0x…>"


@pytest.mark.parametrize("name", SEEDS)
def test_seed_script_prints_what_pytorch_prints(name, tmp_path):
    with open(os.path.join(GOLDEN, name + ".py"), encoding="utf-8") as f:
        script = as_ferrograd(f.read())
    with open(os.path.join(GOLDEN, name + ".out"), encoding="utf-8") as f:
        expected = f.read()
    path = tmp_path / (name + ".py")
    path.write_text(script, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert normalize(run.stdout) == expected
