"""The mini shell behind ``shell:`` and ``exec:``: quoting, ;, &&, ||, |, $?, redirects.

Enough of /system/bin/sh for what adbutils, uiautomator2 and FleetDeck send. Commands
come from a table (workers.sim.commands); anything else prints what mksh prints for a
missing command and exits 127.
"""

from __future__ import annotations

import asyncio
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from workers.sim.fs import FsError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from workers.sim.phone import PhoneModel

Result = tuple[bytes, int]

_EXIT_STATUS = "\x00?"  # an unquoted $?, expanded when its command runs
_OPERATORS = ("&&", "||", ";", "|", "&")
_REDIRECTS = ("2>&1", "&>", ">>", "2>", ">&", ">", "<")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


class ShellHost(Protocol):
    """What commands may use beyond the model: rendering and phone-level actions."""

    model: PhoneModel

    async def screenshot_png(self) -> bytes:
        """The current screen as PNG bytes (screencap -p)."""
        ...

    def request_reboot(self) -> None:
        """Reboot once the current command has answered."""
        ...

    def u2_server_pid(self) -> int | None:
        """The pid of the running uiautomator2 server, if any (for ps)."""
        ...


class ShellSyntaxError(Exception):
    """The line cannot be parsed (an unterminated quote)."""


@dataclass(frozen=True)
class Token:
    """A lexed word or operator."""

    value: str
    op: bool = False


def _read_quoted(line: str, start: int, quote: str) -> tuple[str, int]:
    out: list[str] = []
    i = start
    while i < len(line):
        char = line[i]
        if char == quote:
            return "".join(out), i + 1
        if quote == '"' and char == "\\" and i + 1 < len(line) and line[i + 1] in '"\\$`':
            out.append(line[i + 1])
            i += 2
            continue
        if quote == '"' and line.startswith("$?", i):
            out.append(_EXIT_STATUS)
            i += 2
            continue
        out.append(char)
        i += 1
    raise ShellSyntaxError(f"unterminated {quote}")


def _operator_at(line: str, i: int, in_word: bool) -> str | None:
    op = next((o for o in (*_REDIRECTS, *_OPERATORS) if line.startswith(o, i)), None)
    if op in ("2>&1", "2>") and in_word:
        return None  # 'a2>b' is the word 'a2' then a redirect; '2>b' redirects stderr
    return op


def lex(line: str) -> list[Token]:
    """Split a command line into words and operators, honouring quotes and backslashes."""
    tokens: list[Token] = []
    word: list[str] = []
    in_word = False
    i = 0
    while i < len(line):
        char = line[i]
        op = _operator_at(line, i, in_word)
        if char.isspace() or op:
            if in_word:
                tokens.append(Token("".join(word)))
                word, in_word = [], False
            if op:
                tokens.append(Token(op, op=True))
                i += len(op)
            else:
                i += 1
            continue
        in_word = True
        if char in "'\"":
            text, i = _read_quoted(line, i + 1, char)
            word.append(text)
        elif char == "\\" and i + 1 < len(line):
            word.append(line[i + 1])
            i += 2
        elif line.startswith("$?", i):
            word.append(_EXIT_STATUS)
            i += 2
        else:
            word.append(char)
            i += 1
    if in_word:
        tokens.append(Token("".join(word)))
    return tokens


@dataclass
class Step:
    """One pipeline, the operator that joins it to the previous one, and its output file."""

    joiner: str
    commands: list[list[str]]
    output: str | None = None
    append: bool = False


def parse(line: str) -> list[Step]:
    """The line as pipelines joined by ;, && and ||."""
    steps = [Step(";", [[]])]
    tokens = lex(line)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        step = steps[-1]
        if not token.op:
            step.commands[-1].append(token.value)
        elif token.value == "|":
            step.commands.append([])
        elif token.value in ("&&", "||", ";", "&"):
            steps.append(Step(";" if token.value == "&" else token.value, [[]]))
        elif token.value in (">", ">>", "&>") and i + 1 < len(tokens):
            step.output, step.append = tokens[i + 1].value, token.value == ">>"
            i += 1
        elif token.value in ("<", "2>", ">&") and i + 1 < len(tokens):
            i += 1  # input and stderr redirects: the file name is dropped too
        i += 1
    return [s for s in steps if any(s.commands)]


class ExitShell(Exception):
    """The exit builtin ran."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Shell:
    """Runs command lines against one phone with a command table."""

    def __init__(
        self,
        host: ShellHost,
        commands: dict[str, Callable[[ShellHost, list[str], bytes], Awaitable[Result]]],
    ) -> None:
        self._host = host
        self._commands = commands
        self.status = 0
        self.exited = False  # the exit builtin ran (an interactive session ends)

    async def run(self, line: str) -> Result:
        """Run a whole line; return its combined output and the last exit status."""
        try:
            steps = parse(line)
        except ShellSyntaxError as exc:
            return f"/system/bin/sh: syntax error: {exc}\n".encode(), 2
        out = bytearray()
        try:
            for step in steps:
                if (step.joiner == "&&" and self.status != 0) or (
                    step.joiner == "||" and self.status == 0
                ):
                    continue
                data = b""
                for argv in step.commands:
                    data, self.status = await self._exec(argv, data)
                out += self._redirect(step, data)
        except ExitShell as exc:
            self.status = exc.status
            self.exited = True
        return bytes(out), self.status

    def _redirect(self, step: Step, data: bytes) -> bytes:
        if step.output is None:
            return data
        if step.output == "/dev/null":
            return b""
        fs = self._host.model.fs
        try:
            old = fs.get(step.output)
            fs.write(step.output, (old.data if old and step.append else b"") + data)
        except FsError as exc:
            self.status = 1
            return f"/system/bin/sh: {exc}\n".encode()
        return b""

    async def _exec(self, argv: list[str], stdin: bytes) -> Result:
        args = [a.replace(_EXIT_STATUS, str(self.status)) for a in argv]
        while args and _ASSIGNMENT.match(args[0]):
            args.pop(0)
        while args and args[0] in ("toybox", "busybox"):
            args.pop(0)
        if not args:
            return b"", 0
        name = posixpath.basename(args[0])
        command = self._commands.get(name)
        if command is None:
            return f"/system/bin/sh: {args[0]}: inaccessible or not found\n".encode(), 127
        return await command(self._host, args[1:], stdin)


# ---------------------------------------------------------------------- builtins
def text(value: str, status: int = 0) -> Result:
    """A command result from text."""
    return value.encode("utf-8"), status


async def echo(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """echo [-n] WORDS."""
    newline = True
    if args and args[0] == "-n":
        newline, args = False, args[1:]
    return text(" ".join(args) + ("\n" if newline else ""))


async def true(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """true."""
    return b"", 0


async def false(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """false."""
    return b"", 1


async def exit_(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """exit [N]."""
    raise ExitShell(int(args[0]) if args and args[0].isdigit() else 0)


async def sleep(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """sleep SECONDS (at most 30 on the sim)."""
    try:
        seconds = float(args[0]) if args else 0.0
    except ValueError:
        return text(f"sleep: invalid number '{args[0]}'\n", 1)
    await asyncio.sleep(max(0.0, min(seconds, 30.0)))
    return b"", 0


async def grep(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """grep [-i] [-v] [-E] [-F] PATTERN (reads stdin)."""
    flags = {a for a in args if a.startswith("-")}
    words = [a for a in args if not a.startswith("-")]
    if not words:
        return text("usage: grep [-ivEF] PATTERN\n", 2)
    pattern = re.escape(words[0]) if "-F" in flags else words[0]
    try:
        regex = re.compile(pattern, re.IGNORECASE if "-i" in flags else 0)
    except re.error:
        return text(f"grep: bad regex '{words[0]}'\n", 2)
    lines = stdin.decode("utf-8", errors="replace").splitlines()
    picked = [ln for ln in lines if (regex.search(ln) is None) == ("-v" in flags)]
    return text("".join(ln + "\n" for ln in picked), 0 if picked else 1)


async def head(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """head [-n N] (reads stdin)."""
    count = 10
    if len(args) >= 2 and args[0] == "-n" and args[1].isdigit():
        count = int(args[1])
    lines = stdin.decode("utf-8", errors="replace").splitlines(keepends=True)
    return text("".join(lines[:count]))


BUILTINS = {
    "echo": echo,
    "true": true,
    "false": false,
    "exit": exit_,
    "sleep": sleep,
    "grep": grep,
    "head": head,
}
