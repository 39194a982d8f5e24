#!/usr/bin/env python3
"""A packet-level link emulator for benchmarks: two network namespaces (the office, the hub),
each holding one end of the link as a TUN device, joined by this process, which carries every IP
packet across with the link's rate, delay and loss. Both ends run the kernel's own TCP: a lost
packet is recovered by real retransmission (fast retransmit, or a retransmission timeout of at
least 200 ms that backs off), and congestion control reacts to it as on a real link. This
machine's kernel has no netem (tc's delay and loss), so the link is made here, in user space,
but at the packet level, unlike Tests/link-relay.py (a TCP relay, which can limit rate and add
delay but cannot lose a packet: its TCP connections are lossless).

  --office NS --hub NS  names of the two namespaces, created here (removed on exit)
  --office-ip A --hub-ip B
                        the addresses of each end (a point-to-point link, e.g. 10.199.7.1/2)
  --rate BYTES_PER_S    each direction carries this many bytes of IP packets a second (headers
                        included); a packet occupies the link for size ÷ rate. 0: unlimited
  --delay SECONDS       one-way propagation delay (the round trip is twice this)
  --loss PERCENT        each packet, in either direction, is lost on the wire with this chance
                        (independently; it still used the link's time). --seed makes it repeat.
  --queue-ms MS         the sender's queue in front of the link (a modem's buffer): a packet that
                        would wait longer than this (at least 8 full packets) is dropped (drop-tail)
  --cut-after BYTES --cut-for SECONDS
                        once BYTES have crossed (both directions), every packet is dropped for
                        SECONDS: a link that goes down and comes back (connections are not closed:
                        TCP retransmits, backing off, until the link carries again)
  --control FILE        read every 0.1 s: "down" drops every packet while the file says so
  --stats FILE          rewritten as JSON every 0.2 s (below)
  --ready FILE          written once both ends are up

Stats: "up", "down": bytes of IP packets put on the link each way (lost ones included: they used
it); "connections": TCP connections opened from the office; "round_trips": times the hub sent
data after the office had (as Tests/link-relay.py counts them); "lost_random", "lost_queue",
"lost_cut": packets lost on the wire, dropped by the full queue, dropped while the link was down;
"lost_bytes": their bytes; "resent": TCP payload bytes sent again (a segment whose sequence
numbers had already been sent), as the link sees them; "packets"; "down_now".

Needs root (network namespaces, /dev/net/tun). Standard library only.
"""
import argparse
import ctypes
import fcntl
import heapq
import os
import random
import select
import signal
import struct
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # nothing left next to the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # from any working directory
from link_wire import Wire, add_link_arguments, read_control, write_stats  # noqa: E402

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
MTU = 1500

libc = ctypes.CDLL(None, use_errno=True)


def enter(namespace_path):
    fd = os.open(namespace_path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {namespace_path}: {os.strerror(err)}")
    finally:
        os.close(fd)


def open_tun(namespace, name):
    """A TUN device named `name` inside `namespace`: it lives while this process holds it."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    try:
        enter(f"/var/run/netns/{namespace}")
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    finally:
        if libc.setns(home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back home")
        os.close(home)
    os.set_blocking(fd, False)
    return fd


def ip(*args):
    subprocess.run(["ip", *args], check=True)


def tcp_segment(packet):
    """(flow, seq, payload length, flags) of an IPv4 TCP packet, else None."""
    if len(packet) < 20 or packet[0] >> 4 != 4 or packet[9] != 6:
        return None
    ihl = (packet[0] & 15) * 4
    if len(packet) < ihl + 20:
        return None
    total = struct.unpack_from("!H", packet, 2)[0]
    sport, dport, seq = struct.unpack_from("!HHI", packet, ihl)
    offset = (packet[ihl + 12] >> 4) * 4
    return (packet[12:16], packet[16:20], sport, dport), seq, max(0, total - ihl - offset), packet[ihl + 13]


class Link:
    def __init__(self, args, ends):
        self.args = args
        self.ends = ends  # direction -> (read fd, write fd)
        self.random = random.Random(args.seed)
        self.wire = Wire(args.rate, args.delay)
        self.queue_seconds = max(args.queue_ms / 1000, 8 * MTU / args.rate) if args.rate > 0 else 0
        self.in_flight = []  # (arrival, order, fd, packet, direction, carries data)
        self.order = 0
        self.stats = {"up": 0, "down": 0, "connections": 0, "round_trips": 0, "packets": 0, "lost_random": 0,
                      "lost_queue": 0, "lost_cut": 0, "lost_bytes": 0, "resent": 0, "down_now": False}
        self.down_until = 0.0
        self.cut_fired = False
        self.control_down = False
        self.highest = {}  # flow -> next sequence number after the highest byte sent
        self.last_data_direction = ""

    def down(self, now):
        return self.control_down or now < self.down_until

    def seen(self, direction, packet):
        """Counts connections opened and payload sent again; True if the packet carries data."""
        segment = tcp_segment(packet)
        if segment is None:
            return False
        flow, seq, length, flags = segment
        if flags & 0x02:  # SYN: the connection starts; its sequence space too
            if direction == "up" and not flags & 0x10 and flow not in self.highest:
                self.stats["connections"] += 1
            self.highest[flow] = (seq + 1) & 0xFFFFFFFF
            return False
        if length == 0:
            return False
        high = self.highest.get(flow)
        if high is not None:
            behind = (high - seq) & 0xFFFFFFFF
            if 0 < behind < 1 << 31:  # starts before the highest byte already sent
                self.stats["resent"] += min(length, behind)
            ahead = (seq + length - high) & 0xFFFFFFFF
            if 0 < ahead < 1 << 31:
                self.highest[flow] = (seq + length) & 0xFFFFFFFF
        else:
            self.highest[flow] = (seq + length) & 0xFFFFFFFF
        return True

    def offer(self, direction, packet, now):
        size = len(packet)
        self.stats["packets"] += 1
        if self.down(now):
            self.stats["lost_cut"] += 1
            self.stats["lost_bytes"] += size
            return
        if self.args.rate > 0 and self.wire.backlog(direction, now) > self.queue_seconds:
            self.stats["lost_queue"] += 1
            self.stats["lost_bytes"] += size
            return
        carries_data = self.seen(direction, packet)
        # A packet lost on the wire still took the link's time: it is sent before the dice.
        _, arrival = self.wire.send(direction, size, now)
        self.stats[direction] += size
        a = self.args
        if a.cut_after is not None and not self.cut_fired and self.stats["up"] + self.stats["down"] >= a.cut_after:
            self.cut_fired = True
            self.down_until = now + a.cut_for
        if a.loss > 0 and self.random.random() * 100 < a.loss:
            self.stats["lost_random"] += 1
            self.stats["lost_bytes"] += size
            return
        self.order += 1
        heapq.heappush(self.in_flight, (arrival, self.order, self.ends[direction][1], packet, direction, carries_data))

    def deliver(self, now):
        while self.in_flight and self.in_flight[0][0] <= now:
            _, _, fd, packet, direction, carries_data = heapq.heappop(self.in_flight)
            if carries_data:
                if direction == "down" and self.last_data_direction == "up":
                    self.stats["round_trips"] += 1
                self.last_data_direction = direction
            try:
                os.write(fd, packet)
            except OSError:
                pass  # the other end is not up (yet): the packet is lost, as on a real link

    def next_wait(self, now):
        wait = 0.1
        if self.in_flight:
            wait = min(wait, max(0.0, self.in_flight[0][0] - now))
        return wait


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--office", required=True)
    p.add_argument("--hub", required=True)
    p.add_argument("--office-ip", required=True)
    p.add_argument("--hub-ip", required=True)
    add_link_arguments(p)
    p.add_argument("--loss", type=float, default=0)
    p.add_argument("--seed", type=int)
    p.add_argument("--queue-ms", type=float, default=500)
    p.add_argument("--ready")
    args = p.parse_args()
    if not 0 <= args.loss <= 100 or args.rate < 0 or args.delay < 0 or args.queue_ms < 0:
        p.error("loss is a percentage (0 to 100); rate, delay and queue are not negative")

    running = [True]

    def stop(*_):
        running[0] = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    made = []
    try:
        for namespace in (args.office, args.hub):
            ip("netns", "add", namespace)
            made.append(namespace)
        office = open_tun(args.office, "link0")
        hub = open_tun(args.hub, "link0")
        for namespace, mine, theirs in ((args.office, args.office_ip, args.hub_ip), (args.hub, args.hub_ip, args.office_ip)):
            ip("-n", namespace, "link", "set", "lo", "up")
            ip("-n", namespace, "addr", "add", mine, "peer", theirs, "dev", "link0")
            ip("-n", namespace, "link", "set", "link0", "mtu", str(MTU), "up")
        link = Link(args, {"up": (office, hub), "down": (hub, office)})
        if args.ready:
            with open(args.ready, "w") as f:
                f.write("up\n")
        last_chores = 0.0
        last_stats = None
        while running[0]:
            now = time.monotonic()
            try:
                readable, _, _ = select.select([office, hub], [], [], link.next_wait(now))
            except InterruptedError:
                continue
            now = time.monotonic()
            for fd in readable:
                direction = "up" if fd == office else "down"
                while True:
                    try:
                        packet = os.read(fd, 65536)
                    except (BlockingIOError, InterruptedError):
                        break
                    if not packet:
                        break
                    link.offer(direction, packet, now)
            link.deliver(time.monotonic())
            if now - last_chores >= 0.1:
                last_chores = now
                if args.control:
                    link.control_down = read_control(args.control) == "down"
                link.stats["down_now"] = link.down(now)
                if args.stats and link.stats != last_stats:
                    write_stats(args.stats, link.stats)
                    last_stats = dict(link.stats)
    finally:
        for namespace in made:
            subprocess.run(["ip", "netns", "del", namespace], check=False)


if __name__ == "__main__":
    main()
