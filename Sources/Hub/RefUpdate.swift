import Foundation
import Git
import Messages

/// One line a pre-receive or post-receive hook reads on stdin: `old new ref`.
public struct RefUpdate: Sendable, Equatable {
    /// nil when the reference is being created.
    public var old: ObjectID?
    /// nil when the reference is being deleted.
    public var new: ObjectID?
    public var ref: String

    public init(old: ObjectID?, new: ObjectID?, ref: String) {
        self.old = old
        self.new = new
        self.ref = ref
    }

    public static let mainBranch = "refs/heads/main"

    /// Parses git's lines; the all-zero id means "none". Throws on a malformed line rather than
    /// letting a push through unchecked.
    public static func parse(_ text: String) throws -> [RefUpdate] {
        try text.split(separator: "\n").compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { return nil }
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, let old = ObjectID(hex: parts[0]), let new = ObjectID(hex: parts[1]) else {
                throw HubError.usage(Catalogue.text("hub.bad-update-line", ["line": .text(line)]))
            }
            return RefUpdate(old: isZero(parts[0]) ? nil : old, new: isZero(parts[1]) ? nil : new, ref: parts[2])
        }
    }

    private static func isZero(_ hex: String) -> Bool { hex.allSatisfy { $0 == "0" } }
}
