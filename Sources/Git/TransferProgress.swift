import Foundation

/// Where one network operation stands: what has moved on the link so far, how fast, and, when
/// it can be known, how much is left. Given to `TransportSettings.progress` about every quarter
/// of a second while bytes move (and once more when the operation ends).
public struct TransferProgress: Codable, Sendable, Equatable {
    /// "fetch" or "push" (a clone is a fetch).
    public var operation: String
    /// Bytes received and sent on the link (TCP payload counted by the kernel, for SSH and HTTPS
    /// hubs; what libgit2 read or wrote, for a hub on a path). Sent bytes count once the hub's
    /// side acknowledged them, not when they were handed to the kernel.
    public var received: UInt64
    public var sent: UInt64
    /// What this transfer is expected to move in the direction that matters (sent, for a push):
    /// nil when not known in advance (a fetch: the hub does not say how big its pack is).
    public var total: UInt64?
    /// Objects done and to do, as libgit2 counts them (0 until it knows).
    public var objects: Int
    public var totalObjects: Int
    /// Bytes per second over the last few seconds.
    public var rate: Double
    /// Seconds since the operation started, and since a byte last moved.
    public var elapsed: Double
    public var idle: Double
    /// Seconds left at the current rate, when `total` is known and bytes move.
    public var secondsLeft: Double?
    /// Whether the operation has ended (the last event of a transfer).
    public var done: Bool

    public init(operation: String, received: UInt64 = 0, sent: UInt64 = 0, total: UInt64? = nil, objects: Int = 0,
                totalObjects: Int = 0, rate: Double = 0, elapsed: Double = 0, idle: Double = 0,
                secondsLeft: Double? = nil, done: Bool = false) {
        self.operation = operation
        self.received = received
        self.sent = sent
        self.total = total
        self.objects = objects
        self.totalObjects = totalObjects
        self.rate = rate
        self.elapsed = elapsed
        self.idle = idle
        self.secondsLeft = secondsLeft
        self.done = done
    }

    /// The bytes of the direction that matters: sent for a push, received otherwise.
    public var bytes: UInt64 { operation == "push" ? sent : received }
}
