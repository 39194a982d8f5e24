import ArgumentParser
import Foundation
import Git
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// `--progress` for clone and sync.
struct ProgressOption: ParsableArguments {
    @Flag(name: .customLong("progress"),
          help: ArgumentHelp(Catalogue.text("links.help.progress")))
    var progress = false
}

/// Where a clone's or a sync's transfers stand, for people and scripts, on stderr (stdout keeps
/// the result):
/// - on a terminal (or with --progress): one line, redrawn at most four times a second, "sending
///   1.2 MiB of about 2.5 MiB (3/5 objects), 31.0 KiB/s, about 42 s left"; only for a transfer
///   that lasts more than a second, so a quick sync stays quiet; ended by what it moved, and how fast.
///   Without a terminal (--progress), a line every 5 s instead of redrawing.
/// - with --json: one JSON object per line, `{"event":"transfer", …TransferProgress}` at most
///   once a second while bytes move, and a last one with `"done":true` for every transfer
///   (what crossed the link, both ways).
/// - with --progress-fd N (the daemon's sync children): the JSON lines on that descriptor.
final class ProgressDisplay: @unchecked Sendable {
    enum Mode { case terminal, lines, json }

    private let mode: Mode
    private let fd: Int32
    private let lock = NSLock()
    private var lastShown = Date.distantPast
    private var drawing = false

    init(mode: Mode, fd: Int32 = 2) {
        self.mode = mode
        self.fd = fd
    }

    /// What clone and sync show: JSON lines with --json; a line on a terminal or when asked; else nothing.
    static func make(json: Bool, asked: Bool) -> ProgressDisplay? {
        if json { return ProgressDisplay(mode: .json) }
        if isatty(2) == 1 { return ProgressDisplay(mode: .terminal) }
        return asked ? ProgressDisplay(mode: .lines) : nil
    }

    var sink: @Sendable (TransferProgress) -> Void { { [self] in show($0) } }

    func show(_ event: TransferProgress) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        switch mode {
        case .json:
            guard event.done || now.timeIntervalSince(lastShown) >= 1 else { return }
            lastShown = event.done ? .distantPast : now
            write(Self.json(event) + "\n")
        case .terminal, .lines:
            if event.done {
                if drawing || event.elapsed >= 1 {
                    write((mode == .terminal ? "\r" : "") + TransferText.progressLine(event) + (mode == .terminal ? "\u{1B}[K" : "") + "\n")
                }
                drawing = false
                lastShown = .distantPast
                return
            }
            guard event.elapsed >= 1 else { return }
            let every: TimeInterval = mode == .terminal ? 0.25 : 5
            guard now.timeIntervalSince(lastShown) >= every else { return }
            lastShown = now
            drawing = true
            if mode == .terminal {
                write("\r" + TransferText.progressLine(event) + "\u{1B}[K")
            } else {
                write(TransferText.progressLine(event) + "\n")
            }
        }
    }

    /// One line of JSON: the event's keys, and `"event":"transfer"`.
    static func json(_ event: TransferProgress) -> String {
        struct Line: Encodable {
            let event = "transfer"
            let progress: TransferProgress
            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(event, forKey: .event)
                try progress.encode(to: encoder)
            }
            enum Key: String, CodingKey { case event }
        }
        var rounded = event
        rounded.rate = (event.rate * 10).rounded() / 10
        rounded.elapsed = (event.elapsed * 100).rounded() / 100
        rounded.idle = (event.idle * 100).rounded() / 100
        rounded.secondsLeft = event.secondsLeft.map { ($0 * 10).rounded() / 10 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Line(progress: rounded))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
