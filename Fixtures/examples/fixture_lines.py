"""Answer rnn-gradcheck check-external one fixture per start, or many fixtures on one start.

check-external writes a fixture on the program's standard input and closes it. A program whose answer
carries "extensions": ["fixture-lines"] is started once more and kept running: each further fixture
arrives as one line {"op": "fixture", "fixture": FIXTURE}, and the answer is one line (notes/grading.md).
serve() does both; a program only says how to answer one fixture.
"""
import json
import sys

EXTENSION = "fixture-lines"


def serve(answer):
    """answer(fixture: dict) -> the gradients document (dict)."""
    first = sys.stdin.readline()
    try:
        request = json.loads(first)
    except ValueError:
        request = None  # the first line of a fixture written over several lines
    if isinstance(request, dict) and request.get("op") == "fixture":
        while request is not None:
            print(json.dumps(answer(request["fixture"])), flush=True)
            line = sys.stdin.readline()
            request = json.loads(line) if line.strip() else None
    else:
        document = answer(json.loads(first + sys.stdin.read()))
        document["extensions"] = [EXTENSION]
        json.dump(document, sys.stdout)
        print()
