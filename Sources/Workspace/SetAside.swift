import Foundation
import Git
import Messages
import Records

/// Changes Carnet took out of a copy's way — the hub would refuse them, and everything after
/// them would wait — kept inside the copy where a person finds them: nothing anyone wrote is
/// lost. Each time is one folder, `carnet-set-aside/<when>/`, with a README.md (what, why, how to
/// send it on) and the files as they were under `files/`. The folder is never committed nor
/// synced (it is listed in `.git/info/exclude`, the copy's own ignore file, not a `.gitignore`).
public struct SetAside {
    public static let folder = "carnet-set-aside"

    /// One change set aside: the file's content as it was (nil: it was deleted), and why.
    public struct Item {
        public var path: String
        public var content: Data?
        public var reason: String
        /// The commit it came from (its message and author), when it was committed.
        public var commit: CommitInfo?

        public init(path: String, content: Data?, reason: String, commit: CommitInfo? = nil) {
            self.path = path
            self.content = content
            self.reason = reason
            self.commit = commit
        }
    }

    /// Writes the items into a new folder of the copy and returns its path, relative to the copy.
    @discardableResult
    public static func save(_ items: [Item], in copy: WorkingCopy, title: String, now: Date = Date()) throws -> String {
        guard !items.isEmpty else { return "" }
        try copy.excludeFromGit("/\(folder)/")
        let stamp = Self.stamp(now)
        var name = "\(folder)/\(stamp)"
        var n = 2
        while FileManager.default.fileExists(atPath: copy.path(name)) { name = "\(folder)/\(stamp)-\(n)"; n += 1 }
        // Read by the person at this machine, in their language (not shared history: the folder is not committed).
        var lines = ["# \(title)", "", Catalogue.text("workspace.set-aside.readme", ["when": .text(stamp.replacingOccurrences(of: "_", with: " "))]), ""]
        for item in items {
            let stored = "\(name)/files/\(item.path)"
            lines.append("## \(item.path)")
            lines.append("")
            lines.append(Catalogue.text("workspace.set-aside.why", ["reason": .text(item.reason)]))
            if let commit = item.commit {
                lines.append(Catalogue.text("workspace.set-aside.change", [
                    "summary": .text(TerminalText.oneLine(commit.summary)),
                    "author": .text("\(TerminalText.oneLine(commit.author.name)) <\(commit.author.email)>"),
                    "when": .text(ISO8601DateFormatter().string(from: commit.author.time))]))
            }
            if let content = item.content {
                try FileManager.default.createDirectory(atPath: copy.path(stored.components(separatedBy: "/").dropLast().joined(separator: "/")), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: copy.path(stored), contents: content) else {
                    throw WorkspaceError.io(Catalogue.text("workspace.cannot-write", ["path": .text(stored), "reason": .text("")]))
                }
                lines.append(Catalogue.text("workspace.set-aside.file", ["path": .text("files/" + item.path)]))
            } else {
                lines.append(Catalogue.text("workspace.set-aside.deleted"))
            }
            lines.append("")
        }
        try copy.writeAtomically(lines.joined(separator: "\n"), to: "\(name)/README.md")
        return name
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd_HHmmss"
        return f.string(from: date)
    }
}

extension WorkingCopy {
    /// Adds a pattern to `.git/info/exclude` (once): files Carnet keeps in the copy for a person,
    /// never to be committed.
    func excludeFromGit(_ pattern: String) throws {
        let file = URL(fileURLWithPath: gitDirectory).appendingPathComponent("info/exclude")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard !text.split(separator: "\n").contains(Substring(pattern)) else { return }
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + pattern + "\n").utf8).write(to: file, options: .atomic)
        } catch {
            throw WorkspaceError.io(Catalogue.text("workspace.cannot-write", ["path": .text(file.path), "reason": .text(Catalogue.reason(for: error))]))
        }
    }

    /// The content of a work-tree file, nil when there is none (a link is read as its target path).
    public func workTreeContent(_ relative: String) -> Data? {
        let full = path(relative)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) { return Data(target.utf8) }
        return FileManager.default.contents(atPath: full)
    }

    /// Puts back a work-tree file as the last commit has it (or removes it), after its content
    /// was set aside: the copy can then take the hub's changes to it.
    public func restoreFromHead(_ relative: String) throws {
        let head = try git { try repository.headCommitID() }
        let data = try head.flatMap { head in try git { try repository.fileData(relative, at: head) } }
        let full = path(relative)
        try? FileManager.default.removeItem(atPath: full)
        if let data { try writeAtomically(data, to: relative) }
    }
}
