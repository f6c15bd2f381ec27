"""The forgiving shell reader: words, pipelines, redirections, and file positions."""

from __future__ import annotations

import pytest
import yaml

from scanner.analyzers.ci.shell_words import ScriptLine, logical_lines, pipelines, scalar_lines
from scanner.analyzers.yamldoc import child, documents


def shape(text: str) -> list[list[tuple[str, list[str], list[tuple[str, str]]]]]:
    return [
        [(c.name, [w.text for w in c.args], [(op, w.text) for op, w in c.redirects]) for c in p]
        for p in pipelines(text)
    ]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ('echo "$T" | base64', [[("echo", ["$T"], []), ("base64", [], [])]]),
        ("a && b || c; d", [[("a", [], [])], [("b", [], [])], [("c", [], [])], [("d", [], [])]]),
        (
            'echo "x" >> "$GITHUB_STEP_SUMMARY"',
            [[("echo", ["x"], [(">>", "$GITHUB_STEP_SUMMARY")])]],
        ),
        ("cmd 2>/dev/null >out", [[("cmd", [], [("2>", "/dev/null"), (">", "out")])]]),
        ("env >&2", [[("env", [], [(">&", "2")])]]),
        ("FOO=1 sudo ./run.sh -x", [[("run.sh", ["-x"], [])]]),
        (
            "echo '${{ secrets.A }}' ${{ secrets.B }}",
            [[("echo", ["${{ secrets.A }}", "${{ secrets.B }}"], [])]],
        ),
        ('T="$(cat f | tr -d x)" ./go', [[("go", [], [])]]),
        ("echo ok # echo $T", [[("echo", ["ok"], [])]]),
        ('echo "unterminated', [[("echo", ["unterminated"], [])]]),
        ("{ echo x; exit 1; }", [[("echo", ["x"], [])], [("exit", ["1"], [])], [("", [], [])]]),
    ],
    ids=[
        "pipe",
        "separators",
        "append-redirect",
        "fd-redirects",
        "to-stderr",
        "assignment-and-prefix",
        "expressions-stay-whole",
        "command-substitution",
        "comment",
        "unterminated-quote",
        "brace-group",
    ],
)
def test_pipelines(text: str, wanted: object) -> None:
    assert shape(text) == wanted


def _scalar(text: str, *keys: str) -> tuple[yaml.ScalarNode, list[str]]:
    node: yaml.Node | None = documents(text)[0]
    for key in keys:
        node = child(node, key)
    assert isinstance(node, yaml.ScalarNode)
    return node, text.split("\n")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("run: |\n  echo a\n\n  echo b\nx: 1\n", [(2, 3, "echo a"), (4, 3, "echo b")]),
        ('run: "echo  $T"\n', [(1, 7, "echo  $T")]),
        ("run: echo a\n  b\n", [(1, 6, "echo a"), (2, 3, "b")]),
        ("run: |-\n    ./x", [(2, 5, "./x")]),
    ],
    ids=["literal-block", "double-quoted", "plain-multi-line", "no-final-newline"],
)
def test_scalar_lines_keep_file_positions(text: str, wanted: list[tuple[int, int, str]]) -> None:
    node, lines = _scalar(text, "run")
    assert [(s.line, s.column, s.text) for s in scalar_lines(node, lines)] == wanted


def test_folded_block_is_one_command() -> None:
    node, lines = _scalar("run: >\n  curl -u\n  a:b\n  https://x\n", "run")
    (line,) = logical_lines(scalar_lines(node, lines))
    assert line.text == "curl -u a:b https://x"
    assert line.position(line.text.index("a:b")) == (3, 3)


def test_backslash_continuation_and_heredoc_body() -> None:
    lines = [ScriptLine(1, 1, "curl \\"), ScriptLine(2, 3, "-u x"), ScriptLine(3, 1, "cat <<EOF")]
    lines += [ScriptLine(4, 1, "echo $T"), ScriptLine(5, 1, "EOF"), ScriptLine(6, 1, "make")]
    assert [line.text for line in logical_lines(lines)] == ["curl  -u x", "cat <<EOF", "make"]
