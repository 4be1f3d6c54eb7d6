"""Batched configuration push: many CLI lines per round trip, each reply still tied to its line.

A NetIron CLI reads its input line by line, like a terminal user typing ahead: it echoes a line,
runs it, prints any error right after it, then prints the prompt before it reads the next line.
So a batch sent in one write comes back as ``echo, reply, prompt`` per line, in order, and the
driver splits the reply at the prompts to know, line by line, what the device accepted.

Batches follow the sub-mode blocks the change engine emits (a batch starts at the top level
whenever it can), are capped in lines and bytes (``DEFAULT_LINES``/``DEFAULT_BYTES``, see
docs/fidelity/netiron.md for why these are conservative), and a ``hostname`` line travels alone
(it changes the prompt the reader waits for). After a batch with a rejected line the push stops:
the lines after it in that batch were already processed by the device, and are reported as
such (``PushResult.applied``), never silently continued from.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mpls_interop.vendors.netiron import confdiff

#: lines per round trip unless the inventory says otherwise (``cli_batch_lines``)
DEFAULT_LINES = 16
#: bytes per round trip (a conservative terminal type-ahead; never more than one line beyond it)
DEFAULT_BYTES = 1024
#: a device reply that means the line was not executed
ERROR_RE = re.compile(r"^(Invalid input.*|Error.*|Incomplete command.*)$", re.M)


@dataclass
class LineReply:
    line: str
    reply: str
    error: str | None = None


@dataclass
class PushResult:
    """What the device did with each line it was sent (in order)."""

    replies: list[LineReply] = field(default_factory=list)
    #: lines never sent (the push stopped at an error)
    unsent: list[str] = field(default_factory=list)
    #: lines sent whose fate is unknown: the session closed before their prompt came back (the
    #: first of them may have run; a stray ``exit`` after a rejected sub-mode line walks the
    #: session out of configuration mode and then out)
    discarded: list[str] = field(default_factory=list)
    #: replies to the ``enter``/``leave`` lines that frame the push
    control: list[LineReply] = field(default_factory=list)
    #: the last prompt the device printed ("" when it closed the session)
    last_prompt: str = ""

    @property
    def applied(self) -> list[str]:
        return [r.line for r in self.replies if r.error is None]

    @property
    def first_error(self) -> tuple[int, LineReply] | None:
        for i, r in enumerate(self.replies):
            if r.error is not None:
                return i, r
        return None


def top_level_starts(ops: list[confdiff.Op]) -> set[int]:
    """Indexes in ``confdiff.commands(ops)`` where the session is back at the top config level."""
    starts: set[int] = set()
    n = 0
    ctx: list[str] = []
    for op in ops:
        target = list(op.context)
        common = 0
        while common < min(len(ctx), len(target)) and ctx[common] == target[common]:
            common += 1
        n += len(ctx) - common
        ctx = ctx[:common]
        if not ctx:
            starts.add(n)
        n += len(target) - common + 1
        ctx = target
        if op.action != "remove" and confdiff._opens_mode(op.lineage, False):
            ctx = [*ctx, op.line]
    return starts


def batches(lines: list[str], starts: set[int] | None = None, max_lines: int = DEFAULT_LINES,
            max_bytes: int = DEFAULT_BYTES) -> list[list[str]]:
    """``lines`` in round trips: whole top-level blocks (``starts``) while they fit, a block larger
    than the cap split in order, ``hostname`` lines alone."""
    starts = set(range(len(lines))) if starts is None else starts
    max_lines = max(1, max_lines)
    blocks: list[list[str]] = []
    for i, line in enumerate(lines):
        alone = line.startswith("hostname ")
        if i in starts or not blocks or alone or blocks[-1][-1].startswith("hostname "):
            blocks.append([])
        blocks[-1].append(line)
    out: list[list[str]] = []
    open_ = False  # the last batch may take more lines
    for block in blocks:
        alone = block[0].startswith("hostname ")
        if open_ and not alone and len(out[-1]) + len(block) <= max_lines \
                and _size(out[-1]) + _size(block) <= max_bytes:
            out[-1].extend(block)
            continue
        out.append([])
        for line in block:
            if out[-1] and (len(out[-1]) >= max_lines or _size(out[-1]) + len(line) + 1 > max_bytes):
                out.append([])
            out[-1].append(line)
        open_ = not alone
    return out


def _size(lines: list[str]) -> int:
    return sum(len(x) + 1 for x in lines)


@lru_cache(maxsize=4096)
def prompt_re(base_prompt: str, any_host: bool = False) -> re.Pattern[str]:
    """The CLI prompt at any level (``SSH@r2#``, ``SSH@r2(config-vif-10)#``); with ``any_host`` the
    host part may be anything (the batch renames the device). Kept per prompt (``re`` keeps 512
    patterns, fewer than a fleet's prompts and commands)."""
    if any_host:
        head = re.escape(base_prompt.split("@", 1)[0] + "@") + r"[\w.\-]+" if "@" in base_prompt else r"\S+?"
    else:
        head = re.escape(base_prompt)
    return re.compile(head + r"(?:\([^)\r\n]*\))?[#>]")


class PushError(Exception):
    """The device's replies could not be read back line by line (no prompt in time, or an echo
    that is not the line sent): what happened to the rest of the batch is unknown."""


def send(write: Callable[[str], None], read: Callable[[], str], chunks: list[list[str]], base_prompt: str,
         timeout: float, alive: Callable[[], bool] = lambda: True, enter: str | None = None,
         leave: str | None = None, wait: Callable[[float], object] | None = None) -> tuple[PushResult, str]:
    """Send ``chunks`` one round trip each, stopping after the first chunk with a rejected line.

    ``enter``/``leave`` (e.g. ``configure terminal``/``end``) ride along with the first and last
    chunk; their replies go to ``PushResult.control``, not among the lines'. Returns what
    happened to every line and the base prompt at the end (a ``hostname`` renames it).
    ``wait(s)``: block until output may be there or ``s`` seconds passed (e.g. a ``select`` on
    the channel); without it the reader polls with short sleeps.
    """
    result = PushResult()
    chunks = [list(c) for c in chunks if c]
    if not chunks:
        return result, base_prompt
    if enter:
        chunks[0].insert(0, enter)
    if leave:
        chunks[-1].append(leave)
    result, prompt = _send(write, read, chunks, base_prompt, timeout, alive, wait)
    if enter and result.replies:
        result.control.append(result.replies.pop(0))
    if leave:
        if result.unsent:
            result.unsent.pop()
        elif result.discarded:
            result.discarded.pop()
        elif result.replies:
            result.control.append(result.replies.pop())
    return result, prompt


def _send(write: Callable[[str], None], read: Callable[[], str], chunks: list[list[str]], base_prompt: str,
          timeout: float, alive: Callable[[], bool],
          wait: Callable[[float], object] | None = None) -> tuple[PushResult, str]:
    result = PushResult()
    for n, chunk in enumerate(chunks):
        renames = any(line.startswith("hostname ") for line in chunk)
        pattern = prompt_re(base_prompt, any_host=renames)
        write("".join(line + "\n" for line in chunk))
        text, ends = _read_prompts(read, pattern, len(chunk), timeout, alive, wait)
        if len(ends) < len(chunk):  # the device closed the session
            _judge(result, chunk[:len(ends)], text, ends)
            result.discarded = chunk[len(ends):]
            result.unsent = [line for rest in chunks[n + 1:] for line in rest]
            result.last_prompt = ""
            return result, base_prompt
        _judge(result, chunk, text, ends)
        result.last_prompt = text[ends[-1][0]:ends[-1][1]]
        if renames:
            base_prompt = re.sub(r"(?:\([^)]*\))?[#>]$", "", result.last_prompt)
        if any(r.error for r in result.replies[-len(chunk):]):
            result.unsent = [line for rest in chunks[n + 1:] for line in rest]
            break
    return result, base_prompt


def _judge(result: PushResult, chunk: list[str], text: str, ends: list[tuple[int, int]]) -> None:
    """Each line's echo and reply (the text before its prompt) into ``result.replies``."""
    start = 0
    for line, (p_start, p_end) in zip(chunk, ends, strict=True):
        segment = text[start:p_start].replace("\r\n", "\n").replace("\r", "\n")
        start = p_end
        echo, _, reply = segment.partition("\n")
        if echo.strip() != line.strip():
            raise PushError(f"echo {echo.strip()!r} does not match the line sent {line.strip()!r}")
        m = ERROR_RE.search(reply)
        result.replies.append(LineReply(line, reply.strip(), m.group(1).strip() if m else None))


def _read_prompts(read: Callable[[], str], pattern: re.Pattern[str], count: int, timeout: float,
                  alive: Callable[[], bool],
                  wait: Callable[[float], object] | None = None) -> tuple[str, list[tuple[int, int]]]:
    """Read until ``count`` prompts have come back (fewer when the device closes the session);
    the text and each prompt's span. Between reads: ``wait`` (up to 50 ms: it returns when output
    comes) or sleeps growing from 0.2 to 5 ms."""
    text = ""
    spans: list[tuple[int, int]] = []
    deadline = time.monotonic() + timeout
    pause, cap = (wait, 0.05) if wait is not None else (time.sleep, 0.005)
    idle = 0.0002
    while len(spans) < count:
        try:
            chunk = read()
        except (OSError, EOFError):
            chunk = ""
            if not alive():
                break
        if chunk:
            text += chunk
            idle = 0.0002
            pos = spans[-1][1] if spans else 0
            for m in pattern.finditer(text, pos):
                spans.append(m.span())
            continue
        if idle >= 0.005 and not alive():
            break
        if time.monotonic() > deadline:
            raise PushError(f"{len(spans)} of {count} prompts after {timeout:.0f} s")
        pause(idle)
        idle = min(idle * 2, cap)
    return text, spans[:count]
