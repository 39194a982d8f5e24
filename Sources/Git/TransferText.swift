import Foundation
import Messages

/// The person-facing sentences about transfers over slow links (issue 19): no-progress bounds,
/// stalls, lost links, records first, progress lines. The words are the catalogue's (`links.*`
/// keys in Sources/Messages/Catalogue); the figures are typed here.
public enum TransferText {
    /// The hub never answered (nothing came back from the start).
    public static func silent(seconds: Int, during operation: String) -> String {
        Catalogue.text("links.silent", ["seconds": .duration(Double(seconds)), "operation": self.operation(operation)])
    }

    /// Bytes had moved, then none for the bound.
    public static func stalled(seconds: Int, during operation: String, moved: UInt64) -> String {
        Catalogue.text("links.stalled", ["seconds": .duration(Double(seconds)), "operation": self.operation(operation),
                                         "moved": size(moved)])
    }

    /// Bytes had moved, then the connection broke.
    public static func linkLost(during operation: String, moved: UInt64, detail: String) -> String {
        Catalogue.text("links.lost", ["operation": self.operation(operation), "moved": size(moved), "detail": .text(detail)])
    }

    /// What the sync outcome adds after a network failure (with its leading space).

    /// A sync that sent its records in a push of their own, before the large files.
    public static func recordsFirst(heavy: UInt64, complete: Bool) -> String {
        Catalogue.text(complete ? "links.records-first.done" : "links.records-first.waiting", ["size": size(heavy)])
    }

    /// Changes that have waited a day or more for the hub (`carnet status`).
    public static func waitingLong(commits: Int, bytes: UInt64, age: Double) -> String {
        Catalogue.text("links.status.waiting-long", ["count": .number(commits), "size": size(bytes),
                                                     "age": .duration(Double(count(age)))])
    }

    /// One progress line: "sending 1.2 MiB of about 2.5 MiB (3/5 objects), 31.2 KiB/s, about 43 s left".
    public static func progressLine(_ p: TransferProgress) -> String {
        let push = p.operation == "push"
        var parts: [String] = []
        if let total = p.total, total > 0 {
            parts.append(Catalogue.text(push ? "links.progress.sending-of" : "links.progress.receiving-of",
                                        ["size": size(p.bytes), "total": size(total)]))
        } else {
            parts.append(Catalogue.text(push ? "links.progress.sending" : "links.progress.receiving", ["size": size(p.bytes)]))
        }
        // A push's objects count only once libgit2 has written its pack (0 until the end): shown when they move.
        if p.totalObjects > 0, p.objects > 0 || !push {
            parts[0] += " " + Catalogue.text("links.progress.objects", ["done": .number(p.objects), "total": .number(p.totalObjects)])
        }
        if p.done {
            parts.append(Catalogue.text("links.progress.done", ["time": .duration(Double(count(p.elapsed)))]))
            if p.elapsed.isFinite, p.elapsed >= 1 {
                parts[parts.count - 1] += " " + Catalogue.text("links.progress.average", ["rate": size(count(Double(p.bytes) / p.elapsed))])
            }
            return parts.joined(separator: ", ")
        }
        parts.append(Catalogue.text("links.progress.rate", ["rate": size(count(p.rate))]))
        // Not while only the connection's handshake has moved: the rate says nothing yet.
        if let left = p.secondsLeft, p.rate > 0, left.isFinite, p.bytes * 20 >= (p.total ?? 0) || p.elapsed >= 10 {
            parts.append(Catalogue.text("links.progress.left", ["time": .duration(Double(count(left)))]))
        }
        if p.idle >= 5 { parts.append(Catalogue.text("links.progress.idle", ["time": .duration(Double(count(p.idle)))])) }
        return parts.joined(separator: ", ")
    }

    /// "812 B", "14.2 KiB", "2.5 MiB" (French: "14,2 Kio").
    public static func bytes(_ count: UInt64) -> String {
        if case .message(let key, let arguments) = size(count) { return Catalogue.text(key, arguments) }
        return "\(count)"
    }

    /// A size as a message argument, written in the language of the sentence it goes in: the
    /// figure with one decimal, its mark and digit groups the catalogue's (`.decimal`).
    static func size(_ count: UInt64) -> MessageArgument {
        if count < 1024 { return .message(key: "links.size.bytes", arguments: ["count": .number(Int(count))]) }
        let (key, unit): (String, Double) = count < 1 << 20 ? ("links2.size.kib", 1024)
            : count < 1 << 30 ? ("links2.size.mib", 1_048_576) : ("links2.size.gib", 1_073_741_824)
        return .message(key: key, arguments: ["size": .decimal(Double(count) / unit, places: 1)])
    }

    /// "fetch" and "push" as the sentence says them.
    static func operation(_ name: String) -> MessageArgument {
        .message(key: name == "push" ? "links.operation.push" : "links.operation.fetch", arguments: [:])
    }

    /// A figure read from elsewhere (a state file) as a count: NaN, negative or infinite values
    /// become 0 or a bound, never a trap.
    static func count(_ value: Double) -> UInt64 {
        guard value.isFinite, value > 0 else { return 0 }
        return value >= 1e12 ? UInt64(1e12) : UInt64(value.rounded())
    }
}
