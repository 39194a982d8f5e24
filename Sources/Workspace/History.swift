import Foundation
import Git
import Records

/// One change of the plan, from git history: who, when, what.
public struct Change: Sendable, Codable {
    public var commit: String
    public var author: String
    public var email: String
    public var date: Date
    public var message: String
    public var files: [String]
}

extension WorkingCopy {
    /// Who changed what and when, newest first; only a commitment's files when one is given.
    public func log(commitment: String? = nil, limit: Int? = nil) throws -> [Change] {
        let commitment = try commitment.map { try commitmentID(for: $0) }
        let prefixes = commitment.map { [PlanLayout.commitmentDir($0) + "/"] } ?? []
        return try git { try repository.history(pathPrefixes: prefixes, limit: limit) }.map(Change.init)
    }
}

extension Change {
    /// A commit of history as `carnet log` shows it: who, when, the message, the files it introduced.
    public init(_ entry: HistoryEntry) {
        self.init(commit: entry.commit.id.description, author: entry.commit.author.name, email: entry.commit.author.email,
                  date: entry.commit.author.time, message: entry.commit.message.trimmingCharacters(in: .whitespacesAndNewlines),
                  files: entry.changedPaths)
    }
}
