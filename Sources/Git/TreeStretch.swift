/// Where two versions of a large tree differ, found from their bytes: a commit changes one or two
/// entries of a folder of a thousand (commitments/), and comparing every entry of both versions,
/// for every commit a report walks, was half the walk's own time.
extension TreeCache {
    /// Byte ranges of the two trees holding every entry that may differ; the entries before and
    /// after them are the same bytes in both.
    struct Stretch {
        let newStart: Int, newEnd: Int, oldStart: Int, oldEnd: Int
    }

    /// Below this size a tree is compared entry by entry: finding the stretch would cost more.
    static let stretchFrom = 2048

    /// The stretch of `new` and `old` that may differ, nil to compare them whole (small trees,
    /// or bytes that are not well-formed entries to their end).
    ///
    /// Why it is exact: entries are read from the start, each from the bytes where the one
    /// before ended, so two trees whose first `p` bytes are equal have the same entries up to
    /// the one that holds byte `p`, at the same offsets. Likewise, from an offset where both
    /// have an entry and their remaining bytes are equal, their remaining entries are equal.
    static func differingStretch(_ new: Tree, _ old: Tree) -> Stretch? {
        let nb = new.bytes, ob = old.bytes
        let n = nb.count, o = ob.count
        guard n >= stretchFrom, o >= stretchFrom, let newStarts = new.starts, let oldStarts = old.starts,
              !newStarts.isEmpty, !oldStarts.isEmpty else { return nil }
        // The equal bytes at the start, 8 at a time.
        let shorter = min(n, o)
        var p = 0
        while p + 8 <= shorter,
              nb.loadUnaligned(fromByteOffset: p, as: UInt64.self) == ob.loadUnaligned(fromByteOffset: p, as: UInt64.self) { p += 8 }
        while p < shorter, nb[p] == ob[p] { p += 1 }
        // The entry holding byte p (or the one ending there): the first that may differ.
        let first = max(0, firstStart(atOrAfter: p, in: oldStarts) - 1)
        guard first < newStarts.count, newStarts[first] == oldStarts[first] else { return nil }
        let start = oldStarts[first]
        // The equal bytes at the end, not reaching back into that entry.
        let most = shorter - start
        var s = 0
        while s + 8 <= most,
              nb.loadUnaligned(fromByteOffset: n - s - 8, as: UInt64.self) == ob.loadUnaligned(fromByteOffset: o - s - 8, as: UInt64.self) { s += 8 }
        while s < most, nb[n - s - 1] == ob[o - s - 1] { s += 1 }
        // The first entry of `new` inside those bytes that `old` has at the same place from its
        // end: from there on, both are the same entries.
        var newEnd = n, oldEnd = o
        var i = firstStart(atOrAfter: n - s, in: newStarts)
        while i < newStarts.count {
            let there = newStarts[i] - (n - o)
            let j = firstStart(atOrAfter: there, in: oldStarts)
            if j < oldStarts.count, oldStarts[j] == there, newStarts.count - i == oldStarts.count - j {
                newEnd = newStarts[i]
                oldEnd = there
                break
            }
            i += 1
        }
        return Stretch(newStart: start, newEnd: newEnd, oldStart: start, oldEnd: oldEnd)
    }

    /// The index of the first entry starting at or after `offset` (`starts.count` if none).
    private static func firstStart(atOrAfter offset: Int, in starts: [Int]) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
