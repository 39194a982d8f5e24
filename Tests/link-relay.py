#!/usr/bin/env python3
"""A link emulator for tests and benchmarks: a TCP relay on 127.0.0.1 between carnet and a hub
(sshd) that behaves like a ministry office's link. This machine's kernel has no netem, so the
link is made in user space:

  --rate BYTES_PER_S    each direction is limited to this rate (a token bucket shared by every
                        connection of that direction); 0: unlimited
  --delay SECONDS       one-way delay added to every chunk (the round trip is twice this)
  --pause-after BYTES --pause-for SECONDS
                        once BYTES have crossed (both directions), nothing moves for SECONDS
                        (then the link goes on): a link that drops for a while. --pause-for 0
                        pauses for ever: a stalled link.
  --cut-after BYTES     once BYTES have crossed, every connection is closed (a lost link); new
                        connections are refused for --cut-for SECONDS
  --control FILE        read every 0.1 s: "pause" holds the link, "cut" closes every connection
                        (and refuses new ones while the file says so), anything else: normal
  --stats FILE          rewritten as JSON every 0.2 s: {"up": bytes to the hub, "down": bytes
                        from it, "connections": n, "paused": bool}

The relay reads from a socket only as fast as the link carries (small socket buffers): the
sender's TCP stack sees the link's rate, as it would on a real link. Standard library only.
"""
import argparse
import os
import queue
import socket
import sys
import threading
import time

sys.dont_write_bytecode = True  # nothing left next to the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # from any working directory
from link_wire import Wire, add_link_arguments, read_control, write_stats  # noqa: E402

CHUNK_MIN = 512
BUFFER = 32 * 1024


class Link:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.counts = {"up": 0, "down": 0}
        # Round trips seen on the link: each time the hub answers after the client spoke (a
        # switch from up to down). Exact for one connection at a time, as a sync makes.
        self.round_trips = 0
        self.last_direction = ""
        self.connections = 0
        self.live = []
        self.paused_until = 0.0
        self.pause_fired = False
        self.cut_fired = False
        self.refuse_until = 0.0
        self.control = ""
        self.wire = Wire(args.rate, args.delay)
        self.chunk = CHUNK_MIN if args.rate <= 0 else max(CHUNK_MIN, min(16384, int(args.rate / 20)))
        if args.rate <= 0:
            self.chunk = 16384

    def total(self):
        return self.counts["up"] + self.counts["down"]

    def paused(self):
        now = time.time()
        with self.lock:
            return self.control == "pause" or now < self.paused_until

    def refusing(self):
        with self.lock:
            return self.control == "cut" or time.time() < self.refuse_until

    def wait_while_paused(self, closed):
        while self.paused() and not closed.is_set():
            time.sleep(0.05)

    def take_rate(self, direction, size):
        """Sleeps until `size` bytes may go, at the link's rate."""
        if self.args.rate <= 0:
            return
        with self.lock:
            now = time.time()
            left, _ = self.wire.send(direction, size, now)
        wait = left - now
        if wait > 0:
            time.sleep(wait)

    def counted(self, direction, size):
        with self.lock:
            self.counts[direction] += size
            if direction == "down" and self.last_direction == "up":
                self.round_trips += 1
            self.last_direction = direction
            total = self.counts["up"] + self.counts["down"]
            a = self.args
            if a.pause_after is not None and not self.pause_fired and total >= a.pause_after:
                self.pause_fired = True
                self.paused_until = float("inf") if a.pause_for <= 0 else time.time() + a.pause_for
            if a.cut_after is not None and not self.cut_fired and total >= a.cut_after:
                self.cut_fired = True
                self.refuse_until = time.time() + a.cut_for
                return True
        return False

    def cut_all(self):
        with self.lock:
            live = list(self.live)
        for conn in live:
            conn.close()


class Connection:
    def __init__(self, link, client, upstream):
        self.link = link
        self.client = client
        self.upstream = upstream
        self.closed = threading.Event()
        for direction, src, dst in (("up", client, upstream), ("down", upstream, client)):
            q = queue.Queue()
            threading.Thread(target=self.read, args=(direction, src, q), daemon=True).start()
            threading.Thread(target=self.write, args=(direction, dst, q), daemon=True).start()

    def close(self):
        if self.closed.is_set():
            return
        self.closed.set()
        for s in (self.client, self.upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
        with self.link.lock:
            if self in self.link.live:
                self.link.live.remove(self)

    def read(self, direction, src, q):
        link = self.link
        try:
            while not self.closed.is_set():
                link.wait_while_paused(self.closed)
                data = src.recv(link.chunk)
                if not data:
                    break
                link.take_rate(direction, len(data))
                q.put((time.time() + link.wire.delay, data))
        except OSError:
            pass
        q.put(None)

    def write(self, direction, dst, q):
        link = self.link
        try:
            while not self.closed.is_set():
                item = q.get()
                if item is None:
                    try:
                        dst.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
                due, data = item
                while time.time() < due and not self.closed.is_set():
                    time.sleep(min(0.01, max(0.0, due - time.time())))
                link.wait_while_paused(self.closed)
                if self.closed.is_set():
                    return
                dst.sendall(data)
                if link.counted(direction, len(data)):
                    link.cut_all()
                    return
        except OSError:
            self.close()


def small_buffers(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, BUFFER)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--listen-port", type=int, required=True)
    p.add_argument("--target-port", type=int, required=True)
    add_link_arguments(p)
    p.add_argument("--pause-after", type=int)
    p.add_argument("--pause-for", type=float, default=0)
    args = p.parse_args()
    link = Link(args)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    small_buffers(listener)
    listener.bind(("127.0.0.1", args.listen_port))
    listener.listen(16)

    def watch():
        last = None
        while True:
            if args.control:
                word = read_control(args.control)
                with link.lock:
                    link.control = word
                if word == "cut":
                    link.cut_all()
            if args.stats:
                with link.lock:
                    stats = {"up": link.counts["up"], "down": link.counts["down"],
                             "connections": link.connections, "round_trips": link.round_trips, "paused": link.control == "pause"
                             or time.time() < link.paused_until}
                if stats != last:
                    write_stats(args.stats, stats)
                    last = stats
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            continue
        if link.refusing():
            client.close()
            continue
        # A client that gave up at once (reset while refused) must not end the relay.
        upstream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            small_buffers(client)
            small_buffers(upstream)
            upstream.connect(("127.0.0.1", args.target_port))
        except OSError:
            client.close()
            upstream.close()
            continue
        conn = Connection(link, client, upstream)
        with link.lock:
            link.connections += 1
            link.live.append(conn)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
