import Foundation
import XCTest
import TestSupport

/// A hub turned hostile with git's plumbing: commits on main whose trees hold entries that git's
/// own commands would never write (`..`, `.git`, symbolic links, gitlinks). Tree objects are
/// written from raw bytes (`git hash-object -t tree --literally`), so nothing checks the names.
struct HostileHub {
    let path: String  // a bare repository

    struct Entry {
        var mode: String  // as git writes it: 40000, 100644, 100755, 120000, 160000
        var name: String
        var id: String
    }

    func git(_ arguments: [String], input: String? = nil) throws -> String {
        let result = try Shell.run(["git"] + arguments, in: path, input: input)
        guard result.status == 0 else { throw Failure(message: "git \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct Failure: Error { var message: String }

    func blob(_ text: String) throws -> String { try git(["hash-object", "-w", "--stdin"], input: text) }

    func main() throws -> String { try git(["rev-parse", "refs/heads/main"]) }

    /// The entries of a tree, as stored.
    func entries(_ tree: String) throws -> [Entry] {
        try git(["ls-tree", "-z", tree]).split(separator: "\0").map { record in
            let (meta, name) = (record.split(separator: "\t", maxSplits: 1)[0], record.split(separator: "\t", maxSplits: 1)[1])
            let fields = meta.split(separator: " ")
            return Entry(mode: fields[0] == "040000" ? "40000" : String(fields[0]), name: String(name), id: String(fields[2]))
        }
    }

    /// A tree object with exactly these entries, in git's order (a folder sorts as "name/").
    func writeTree(_ entries: [Entry]) throws -> String {
        func key(_ e: Entry) -> [UInt8] { Array(e.name.utf8) + (e.mode == "40000" ? [0x2F] : []) }
        var bytes: [UInt8] = []
        for e in entries.sorted(by: { key($0).lexicographicallyPrecedes(key($1)) }) {
            bytes += Array("\(e.mode) \(e.name)".utf8) + [0]
            bytes += stride(from: 0, to: 40, by: 2).map { i in
                let start = e.id.index(e.id.startIndex, offsetBy: i)
                return UInt8(e.id[start..<e.id.index(start, offsetBy: 2)], radix: 16)!
            }
        }
        let file = URL(fileURLWithPath: path).appendingPathComponent("raw-tree-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try git(["hash-object", "-t", "tree", "--literally", "-w", file.path])
    }

    /// `tree` with one more entry at `components` (folders on the way made or extended). With
    /// `replace` false an existing entry of the same name is kept beside the new one.
    func adding(_ entry: Entry, at components: [String], to tree: String?, replace: Bool = true) throws -> String {
        var list = try tree.map(entries) ?? []
        guard components.count > 1 else {
            if replace { list.removeAll { $0.name == entry.name } }
            return try writeTree(list + [entry])
        }
        let folder = components[0]
        let existing = list.first { $0.name == folder && $0.mode == "40000" }
        let sub = try adding(entry, at: Array(components.dropFirst()), to: existing?.id, replace: replace)
        list.removeAll { $0.name == folder && $0.mode == "40000" }
        return try writeTree(list + [Entry(mode: "40000", name: folder, id: sub)])
    }

    /// A new commit on main: main's tree plus an entry at `path` (split on "/", kept as is).
    @discardableResult
    func serve(_ path: String, mode: String = "100644", id: String? = nil, replace: Bool = true) throws -> String {
        try serve(components: path.split(separator: "/", omittingEmptySubsequences: false).map(String.init),
                  mode: mode, id: id, replace: replace)
    }

    /// The same, with the names given one by one (a name may then hold a "/").
    @discardableResult
    func serve(components: [String], mode: String = "100644", id: String? = nil, replace: Bool = true) throws -> String {
        let path = components.joined(separator: "/")
        let id = try id ?? blob("written by a hostile hub\n")
        let parent = try main()
        let tree = try adding(Entry(mode: mode, name: components.last!, id: id), at: components,
                              to: try git(["rev-parse", "\(parent)^{tree}"]), replace: replace)
        let commit = try git(["-c", "user.name=Mallory", "-c", "user.email=mallory@hub.example",
                              "commit-tree", tree, "-p", parent, "-m", "Hostile: \(path)"])
        _ = try git(["update-ref", "refs/heads/main", commit, parent])
        return commit
    }
}
