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
        return try git { try repository.history(pathPrefixes: prefixes, limit: limit) }.map {
            Change(commit: $0.commit.id.description, author: $0.commit.author.name, email: $0.commit.author.email,
                   date: $0.commit.author.time, message: $0.commit.message.trimmingCharacters(in: .whitespacesAndNewlines),
                   files: $0.changedPaths)
        }
    }
}
