"""What the two link emulators share, Tests/link-relay.py (a TCP relay) and Tests/link-emulator.py
(a packet link): the options that shape a link, its rate and delay, and the control and stats
files. Each script adds its own folder to sys.path to import this, so that both still run from any
working directory. Standard library only.
"""
import json
import os


def add_link_arguments(parser):
    """--rate, --delay, --cut-after, --cut-for, --control and --stats, as both scripts document them."""
    parser.add_argument("--rate", type=float, default=0)
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--cut-after", type=int)
    parser.add_argument("--cut-for", type=float, default=0)
    parser.add_argument("--control")
    parser.add_argument("--stats")


class Wire:
    """The two directions of a link ("up", "down"). Each carries one thing after another at `rate`
    bytes a second (0: unlimited): `size` bytes hold it for size ÷ rate. What is sent arrives
    `delay` seconds after its last byte left (one way; the round trip is twice that)."""

    def __init__(self, rate, delay):
        self.rate = rate
        self.delay = delay
        self.busy_until = {"up": 0.0, "down": 0.0}

    def backlog(self, direction, now):
        """How long what is already sent holds `direction` from `now` (negative: it is free)."""
        return self.busy_until[direction] - now

    def send(self, direction, size, now):
        """Puts `size` bytes on the wire behind what is there: (when their last byte has left,
        when it arrives)."""
        start = max(now, self.busy_until[direction])
        left = start + (size / self.rate if self.rate > 0 else 0)
        self.busy_until[direction] = left
        return left, left + self.delay


def read_control(path):
    """The control file's word; "" when there is none or it cannot be read."""
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


def write_stats(path, stats):
    """Replaces the stats file in one step: a reader never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(stats, f)
    os.replace(tmp, path)
