import Dispatch

/// Maps on every core, keeping the order. Each call of `transform` must only touch what it
/// creates (here: one file's source and record), which is why the results may cross threads.
public func concurrentMap<Item: Sendable, Result>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
    let buffer = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
    buffer.initialize(repeating: nil)
    defer {
        _ = buffer.deinitialize()
        buffer.deallocate()
    }
    nonisolated(unsafe) let slots = buffer
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
        slots[i] = transform(items[i])
    }
    return buffer.map { $0! }
}
