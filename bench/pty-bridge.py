#!/usr/bin/env python3
# Runs a command in a pseudo-terminal of a given size and relays bytes:
# this process's stdin goes to the terminal's keyboard, the terminal's screen
# output comes out on stdout, unchanged. `npm run bench` drives the real console
# through it (node has no pty of its own without a native addon).
#
# usage: pty-bridge.py COLS ROWS COMMAND [ARG...]
#
# On stderr it reports, as lines, `spawn NS` just before the command starts,
# `pid PID` once it runs, and `exit NS STATUS` when it ended, NS being CLOCK_MONOTONIC in nanoseconds
# (the clock behind node's process.hrtime), so the caller can time start-up
# without counting this bridge's own start.
import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time


def main() -> int:
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    command = sys.argv[3:]
    master, slave = os.openpty()
    # The size is set before the command starts, so its first look at the window is right.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    sys.stderr.write(f'spawn {time.monotonic_ns()}\n')
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)

    os.close(slave)
    sys.stderr.write(f'pid {pid}\n')
    sys.stderr.flush()

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)

    stdin = sys.stdin.fileno()
    stdout = sys.stdout.fileno()
    inputs = [master, stdin]
    while True:
        try:
            ready, _, _ = select.select(inputs, [], [])
        except InterruptedError:
            continue
        if master in ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b''
            if not data:
                break
            view = memoryview(data)
            while view:
                written = os.write(stdout, view)
                view = view[written:]
        if stdin in ready:
            data = os.read(stdin, 65536)
            if not data:
                inputs.remove(stdin)
            else:
                view = memoryview(data)
                while view:
                    written = os.write(master, view)
                    view = view[written:]

    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    sys.stderr.write(f'exit {time.monotonic_ns()} {code}\n')
    sys.stderr.flush()
    return code if code >= 0 else 128 - code


if __name__ == '__main__':
    sys.exit(main())
