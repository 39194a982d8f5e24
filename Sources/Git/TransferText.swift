import Foundation

/// The person-facing sentences about transfers over slow links (issue 19): no-progress bounds,
/// stalls, lost links, progress lines. Gathered here, with typed parameters, so they can move to
/// the message catalogue (Sources/Messages, a `# links` section) as they are.
public enum TransferText {
    /// The hub never answered (nothing came back from the start).
    public static func silent(seconds: Int, during operation: String) -> String {
        "the hub did not answer within \(seconds) s during \(operation); the connection was closed"
    }

    /// Bytes had moved, then none for the bound.
    public static func stalled(seconds: Int, during operation: String, moved: UInt64) -> String {
        "the transfer stalled: no data moved for \(seconds) s during \(operation) (after \(bytes(moved))); "
            + "the connection was closed (a link that went quiet, or a hub that stopped answering)"
    }

    /// Bytes had moved, then the connection broke.
    public static func linkLost(during operation: String, moved: UInt64, detail: String) -> String {
        "the link to the hub was lost during \(operation) after \(bytes(moved)) (\(detail))"
    }

    /// What the sync outcome adds after a network failure.
    public static let commitsKept = " (local commits are kept; the next sync sends them)"

    /// A sync that sent its records in a push of their own, before the large files.
    public static func recordsFirst(heavy: UInt64, complete: Bool) -> String {
        complete
            ? "sent the record changes first, then \(bytes(heavy)) of documents"
            : "sent the record changes first; \(bytes(heavy)) of documents are still to send (the next sync sends them)"
    }

    /// One progress line: "sending 1.2 MiB of about 2.5 MiB, 31 KiB/s, about 42 s left".
    public static func progressLine(_ p: TransferProgress) -> String {
        let verb = p.operation == "push" ? "sending" : "receiving"
        var line = "\(verb) \(bytes(p.bytes))"
        if let total = p.total, total > 0 { line += " of about \(bytes(total))" }
        if p.totalObjects > 0 { line += " (\(p.objects)/\(p.totalObjects) objects)" }
        if p.done {
            line += ", done in \(duration(p.elapsed))"
            if p.elapsed >= 1 { line += " (\(bytes(count(Double(p.bytes) / p.elapsed)))/s)" }
            return line
        }
        line += ", \(bytes(count(p.rate)))/s"
        if let left = p.secondsLeft, p.rate > 0, left.isFinite { line += ", about \(duration(left)) left" }
        if p.idle >= 5 { line += ", nothing moved for \(duration(p.idle))" }
        return line
    }

    /// "812 B", "14.2 KiB", "2.5 MiB".
    public static func bytes(_ count: UInt64) -> String {
        let value = Double(count)
        if count < 1024 { return "\(count) B" }
        if value < 1024 * 1024 { return oneDecimal(value / 1024) + " KiB" }
        if value < 1024 * 1024 * 1024 { return oneDecimal(value / (1024 * 1024)) + " MiB" }
        return oneDecimal(value / (1024 * 1024 * 1024)) + " GiB"
    }

    /// "45 s", "3 min 20 s", "2 h 5 min".
    public static func duration(_ seconds: Double) -> String {
        let s = Int(count(seconds))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" + (s % 60 == 0 ? "" : " \(s % 60) s") }
        return "\(s / 3600) h" + ((s % 3600) / 60 == 0 ? "" : " \((s % 3600) / 60) min")
    }

    /// A figure read from elsewhere (a state file) as a count: NaN, negative or infinite values
    /// become 0 or a bound, never a trap.
    static func count(_ value: Double) -> UInt64 {
        guard value.isFinite, value > 0 else { return 0 }
        return value >= 1e15 ? UInt64(1e15) : UInt64(value.rounded())
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
