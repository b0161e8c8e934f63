"""What the recorded scripts of this folder print for one call: its result, or the type and
first line of the error it raises (``show``)."""


def show(text, namespace, brief=None):
    """Prints ``text -> repr(result)``, where the result of evaluating ``text`` in ``namespace``
    goes through ``brief`` first when given, or ``text -> ErrorType first line of message``."""
    try:
        r = eval(text, namespace)
        if brief is not None:
            r = brief(r)
        print(text, "->", repr(r))
    except Exception as e:
        print(text, "->", type(e).__name__, str(e).splitlines()[0])
