"""The derived tables, made on a second core while the build writes the others.

The tenures and the years (:mod:`prosopo.build.derive`) take a third of a build to make, and
they depend only on the rule's inputs read from the data, never on a row written. So a build
forks a process of its own before it reads the data, while it is small (a process forked later
would copy, page by page, much of the data it shares: every object it reads has its count of
references written). Once the data are read, the build writes it the rule's inputs and goes on
to migrate and write every other table; the process makes the derived rows meanwhile, as the
driver takes them (:func:`bulk.prepare`), and the build writes them last.

The inputs and the values pass through files that only the two processes hold open (their names
are removed at once, so a killed build leaves nothing behind), in pickled chunks; a pipe says when
the inputs are written and when the tables are whole, or what error stopped the process. Where
a process cannot be forked, the rows are made in the build's own process when it asks for them.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from multiprocessing.connection import Connection as Pipe
from typing import IO, Any, Protocol

from sqlalchemy import Table

from prosopo.build import bulk
from prosopo.build.derive import TABLES, Inputs, derive

# a derived table: its name, its number of rows, its columns and the chunks of their values
Made = tuple[str, int, list[str], Iterator[bulk.Values]]


class MakerFailed(Exception):
    """The process making the derived tables ended without them."""


def _inline(given: Inputs, schema: Mapping[str, Table], sqlite: bool) -> Iterator[Made]:
    """The derived tables made here, each held whole until written."""
    rows: dict[str, list[bulk.Row]] = {name: [] for name in TABLES}
    for name, row in derive(given):
        rows[name].append(row)
    for name in TABLES:
        yield name, len(rows[name]), *bulk.prepare(schema[name], rows[name], sqlite)


def _make(
    pipe: Pipe,
    ours: Pipe,
    given_in: IO[bytes],
    files: list[IO[bytes]],
    schema: Mapping[str, Table],
    sqlite: bool,
) -> None:
    """In the forked process: wait for the inputs, write every derived table's values to its
    file a chunk at a time, then say on `pipe` how many chunks and rows each holds (or what
    error stopped it). A build that ends before it sends the inputs ends this process too."""
    ours.close()  # the build's end: with it closed here, a build that ends is an end of file
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a ^C is the build's to handle: it ends this
    try:
        given = _received_inputs(pipe, given_in)
    except EOFError:
        return
    try:
        out = dict(zip(TABLES, files, strict=True))
        pending: dict[str, list[bulk.Row]] = {name: [] for name in TABLES}
        made: dict[str, tuple[list[str], int, int]] = {}  # columns, chunks, rows
        values: dict[str, Callable[[list[bulk.Row]], bulk.Values]] = {}

        def flush(name: str) -> None:
            chunk = pending[name]
            if not chunk:
                return
            columns, chunks, rows = made.get(name) or (list(chunk[0]), 0, 0)
            if name not in values:
                values[name] = bulk.values_of(schema[name], columns, sqlite)
            pickle.dump(values[name](chunk), out[name], protocol=pickle.HIGHEST_PROTOCOL)
            made[name] = (columns, chunks + 1, rows + len(chunk))
            chunk.clear()

        for name, row in derive(given):
            pending[name].append(row)
            if len(pending[name]) >= _WRITTEN:
                flush(name)
        for name in TABLES:
            flush(name)
            out[name].flush()
        pipe.send(("made", [(name, *made.get(name, ([], 0, 0))) for name in TABLES]))
    except BaseException as error:  # the build must learn of any end, a ^C included
        told = error if _picklable(error) else MakerFailed(f"{type(error).__name__}: {error}")
        with suppress(OSError):  # a build already gone has no use for it
            pipe.send(("error", told, traceback.format_exc()))
    finally:
        pipe.close()


# rows of each table held before they go to its file: four tables of 20,000 rows (the writer's
# chunk) held 30 MB here
_WRITTEN = 2_000

# the holdings and purges go a chunk at a time: unpickled whole, they took a third more memory
# for a moment than they hold
_SENT = 10_000


def _sent_inputs(pipe: Pipe, out: IO[bytes], given: Inputs) -> None:
    """Write `given` to the file `out`, then say so on `pipe`. Through the pipe itself the
    build waited while the other process unpickled each chunk (1.1 s at 100x the data)."""

    def dump(value: object) -> None:
        pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)

    dump(dataclasses.replace(given, holdings=[], purges=[]))
    for field in ("holdings", "purges"):
        found = getattr(given, field)
        for i in range(0, len(found), _SENT):
            dump(found[i : i + _SENT])
        dump(None)
    out.flush()
    pipe.send("inputs")


def _received_inputs(pipe: Pipe, given_in: IO[bytes]) -> Inputs:
    """The inputs, once the build says they are written (EOFError if it ends first)."""
    pipe.recv()
    given: Inputs = pickle.load(given_in)
    for field in ("holdings", "purges"):
        while (chunk := pickle.load(given_in)) is not None:
            getattr(given, field).extend(chunk)
    return given


def _picklable(error: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return False
    return True


class Maker(Protocol):
    """The derived tables of one build: :meth:`start` gives the inputs, :meth:`tables` the
    tables made from them."""

    def start(self, given: Inputs) -> None: ...

    def tables(self) -> Iterator[Made]:
        """The derived tables in writing order, each once it is made."""
        ...


class _Here:
    """The tables made in the build's own process when it asks for them (no fork here)."""

    def __init__(self, schema: Mapping[str, Table], sqlite: bool) -> None:
        self._schema, self._sqlite = schema, sqlite
        self._given: Inputs | None = None

    def start(self, given: Inputs) -> None:
        self._given = given

    def tables(self) -> Iterator[Made]:
        assert self._given is not None, "start() first"
        yield from _inline(self._given, self._schema, self._sqlite)


class _Aside:
    """The tables made by the forked process: the inputs sent to it, the tables read from
    the files it wrote."""

    def __init__(
        self,
        process: multiprocessing.process.BaseProcess,
        pipe: Pipe,
        files: list[IO[bytes]],
        given_out: IO[bytes],
    ) -> None:
        self._process, self._pipe, self._files, self._given_out = process, pipe, files, given_out

    def start(self, given: Inputs) -> None:
        _sent_inputs(self._pipe, self._given_out, given)

    def tables(self) -> Iterator[Made]:
        message = self._message()
        if message[0] == "error":
            _, error, where = message
            error.add_note(f"in the process making the tenures and years:\n{where}")
            raise error
        for (name, columns, chunks, rows), values in zip(message[1], self._files, strict=True):
            yield name, rows, columns, (pickle.load(values) for _ in range(chunks))

    def _message(self) -> Any:
        try:
            return self._pipe.recv()
        except EOFError:
            self._process.join()
            raise MakerFailed(
                "the process making the tenures and years ended without them"
                f" (exit code {self._process.exitcode})"
            ) from None


@contextmanager
def maker(schema: Mapping[str, Table], sqlite: bool) -> Iterator[Maker]:
    """A maker of the derived tables, with its process forked now (where one can be)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield _Here(schema, sqlite)
        return
    with ExitStack() as stack:
        # (written, read) for the inputs, then for each derived table
        files = [_unlinked(stack, name) for name in ("inputs", *TABLES)]
        (given_out, given_in), *tables = files
        written = [w for w, _ in tables]
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        stack.callback(ours.close)
        process = context.Process(
            target=_make,
            args=(theirs, ours, given_in, written, schema, sqlite),
            name="prosopo-derive",
            daemon=True,
        )
        process.start()
        theirs.close()  # the forked process holds its end and the files it writes
        for f in (given_in, *written):
            f.close()

        @stack.callback
        def _end() -> None:
            if process.is_alive():
                process.kill()
            process.join()

        yield _Aside(process, ours, [r for _, r in tables], given_out)


def _unlinked(stack: ExitStack, name: str) -> tuple[IO[bytes], IO[bytes]]:
    """A temporary file open for writing and, apart, for reading, with its name removed."""
    fd, path = tempfile.mkstemp(prefix=f"prosopo-{name}-")
    written = stack.enter_context(os.fdopen(fd, "wb"))
    read = stack.enter_context(open(path, "rb"))  # noqa: SIM115 (the stack closes it)
    os.unlink(path)
    return written, read
