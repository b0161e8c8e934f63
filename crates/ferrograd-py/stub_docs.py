"""Copies the docstrings of the installed ``ferrograd`` package into its type stubs
(``__init__.pyi``, ``autograd/__init__.pyi``, ``autograd/taylor.pyi``), so editors that read the
stubs show the same help as ``help()``, and writes the definitions of the op table's rows into
``__init__.pyi``. Run after changing a docstring (the tests check that the
stubs carry the current ones):

    python crates/ferrograd-py/stub_docs.py          # rewrites the stubs in python/ferrograd
    python crates/ferrograd-py/stub_docs.py --check  # exits 1 if a stub is out of date
"""

import ast
import importlib
import inspect
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = {
    "ferrograd": "python/ferrograd/__init__.pyi",
    "ferrograd.autograd": "python/ferrograd/autograd/__init__.pyi",
    "ferrograd.autograd.taylor": "python/ferrograd/autograd/taylor.pyi",
}


def runtime_doc(module, qualname):
    """The cleaned docstring of ``module.<qualname>`` (a function, class, method or property),
    or None."""
    obj = module
    owner = None
    for part in qualname.split("."):
        owner = obj
        try:
            obj = inspect.getattr_static(obj, part) if inspect.isclass(obj) else getattr(obj, part)
        except AttributeError:
            return None
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    doc = getattr(obj, "__doc__", None)
    if not isinstance(doc, str) or not doc.strip():
        return None
    if inspect.isclass(owner) and doc == getattr(type(obj), "__doc__", None):
        return None  # a descriptor's own class docstring, not the attribute's
    return inspect.cleandoc(doc)


_DOCUMENTED_DUNDERS = {"__array__", "__dlpack__", "__dlpack_device__"}


def _defs(tree):
    """``(qualname, node)`` for the functions and classes of a stub, top level and in classes."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            yield node.name, node
        if isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef):
                    yield f"{node.name}.{sub.name}", sub


def _docstring_lines(doc, indent):
    body = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').split("\n")
    if len(body) == 1:
        return [f'{indent}"""{body[0]}"""']
    return [f'{indent}"""{body[0]}'] + [f"{indent}{l}" if l.strip() else "" for l in body[1:]] + [f'{indent}"""']


def with_docs(source, module):
    """The stub ``source`` with each definition's docstring set to the runtime one."""
    lines = source.split("\n")
    tree = ast.parse(source)
    edits = []  # (first line index, end line index, replacement lines), 0-based, end exclusive
    for qualname, node in _defs(tree):
        last = qualname.rsplit(".", 1)[-1]
        if last.startswith("__") and last not in _DOCUMENTED_DUNDERS:
            continue  # operators and protocols carry Python's generic slot docstrings
        doc = runtime_doc(module, qualname)
        if doc is None:
            continue
        first = node.body[0]
        indent = " " * (node.col_offset + 4)
        has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
        body_is_ellipsis = isinstance(first, ast.Expr) and first.value is Ellipsis or (
            isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and first.value.value is Ellipsis
        )
        new_doc = _docstring_lines(doc, indent)
        if has_doc:
            edits.append((first.lineno - 1, first.end_lineno, new_doc))
        elif body_is_ellipsis and first.lineno == node.body[-1].end_lineno and first.lineno == _header_end(node):
            # `def f(...) -> T: ...` on one (possibly wrapped) header: end the header at `:`
            i = first.lineno - 1
            code, hash_, comment = lines[i].partition("  #")
            code = code.rstrip()
            assert code.endswith("..."), lines[i]
            header = code[: -len("...")].rstrip() + (f"  #{comment}" if hash_ else "")
            edits.append((i, i + 1, [header] + new_doc))
        else:
            at = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])]) - 1
            edits.append((at, at, new_doc))
    for a, b, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[a:b] = new
    return "\n".join(lines)


def _header_end(node):
    """The line where a definition's header (up to its `:`) ends."""
    ends = [node.returns.end_lineno] if getattr(node, "returns", None) is not None else []
    ends += [a.end_lineno for a in ast.walk(node.args) if hasattr(a, "end_lineno")] if hasattr(node, "args") else []
    return max(ends + [node.lineno])


def with_table(source, module):
    """The ``ferrograd`` stub with one definition per row of the op table
    (``_ferrograd._unary_ops``): a module function and a Tensor method for each row that is not
    ``torch.nn.functional`` only, generated here and placed at the end of ``class Tensor`` and
    of the module. Hand-written definitions of those names are replaced."""
    rows = [(n, p) for n, functional_only, p in module._C._unary_ops if not functional_only]
    inplace_fns = [(n, p) for n, p in rows if n + "_" in vars(module)]
    names = {n for n, _ in rows} | {n + "_" for n, _ in rows} | set(module._C._binary_ops)
    lines = source.split("\n")
    tree = ast.parse(source)
    drop = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.FunctionDef) and node.name in names:
            targets.append(node)
        if isinstance(node, ast.ClassDef) and node.name == "Tensor":
            targets += [s for s in node.body if isinstance(s, ast.FunctionDef) and s.name in names]
        for t in targets:
            first = min([t.lineno] + [d.lineno for d in t.decorator_list])
            drop.append((first - 1, t.end_lineno))
    for a, b in sorted(drop, reverse=True):
        del lines[a:b]
        while a < len(lines) and a > 0 and not lines[a].strip() and not lines[a - 1].strip():
            del lines[a]
    marks = ("    # the rows of the op table (generated by stub_docs.py)", "# the rows of the op table (generated by stub_docs.py)")
    kept = []
    for line in lines:
        if line in marks:
            while kept and not kept[-1].strip():
                kept.pop()
            continue
        kept.append(line)
    lines = kept
    tree = ast.parse("\n".join(lines))
    tensor = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Tensor")

    def params(p):
        return "".join(f", {name}: float = {default!r}" for name, default in p)

    binary = list(module._C._binary_ops)
    methods = [f"    def {n}(self{params(p)}) -> Tensor: ..." for n, p in rows]
    methods += [f"    def {n}_(self{params(p)}) -> Tensor: ..." for n, p in rows]
    scalars = module._C._binary_scalar_overloads
    other_t = {n: "Tensor | float" if scalars[n][0] else "Tensor" for n in binary}
    input_t = {n: "Tensor | float" if scalars[n][1] else "Tensor" for n in binary}
    methods += [f"    def {n}(self, other: {other_t[n]}) -> Tensor: ..." for n in binary]
    functions = [f"def {n}(input: Tensor{params(p)}) -> Tensor: ..." for n, p in rows]
    functions += [f"def {n}_(input: Tensor{params(p)}) -> Tensor: ..." for n, p in inplace_fns]
    functions += [f"def {n}(input: {input_t[n]}, other: {other_t[n]}) -> Tensor: ..." for n in binary]
    at = tensor.end_lineno
    lines[at:at] = ["", "    # the rows of the op table (generated by stub_docs.py)"] + methods
    while lines and not lines[-1].strip():
        lines.pop()
    lines += ["", "", "# the rows of the op table (generated by stub_docs.py)"] + functions + [""]
    return "\n".join(lines)


def main(check):
    stale = []
    for modname, rel in STUBS.items():
        module = importlib.import_module(modname)
        path = os.path.join(HERE, rel)
        with open(path) as f:
            source = f.read()
        new = with_docs(with_table(source, module) if modname == "ferrograd" else source, module)
        if new != source:
            stale.append(rel)
            if not check:
                with open(path, "w") as f:
                    f.write(new)
    if check and stale:
        print("stubs without the current docstrings:", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
