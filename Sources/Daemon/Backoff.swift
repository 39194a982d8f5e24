/// Exponential backoff with jitter while the hub is unreachable; back to the normal interval as
/// soon as it answers. Jitter spreads the ministries' retries so they do not all come at once.
public struct Backoff: Sendable {
    public var base: Double
    public var maximum: Double
    public private(set) var failures = 0
    private var random: SplitMix

    public init(base: Double = 30, maximum: Double = 3600, seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        self.base = base
        self.maximum = maximum
        random = SplitMix(seed: seed)
    }

    /// The delay before the next try after one more failure: base·2ⁿ, capped, times 0.5–1.5.
    public mutating func nextDelay() -> Double {
        let exponent = Double(min(failures, 30))
        failures += 1
        let raw = min(maximum, base * pow2(exponent))
        let jitter = 0.5 + random.nextUnit()
        return min(maximum, raw * jitter)
    }

    public mutating func reset() { failures = 0 }

    private func pow2(_ e: Double) -> Double {
        var v = 1.0
        for _ in 0..<Int(e) { v *= 2 }
        return v
    }
}

/// A small seeded generator, so tests can fix the jitter.
struct SplitMix: Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
