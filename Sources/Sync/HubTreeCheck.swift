import Messages
import Git
import Records
import Workspace

/// A tree from the hub holding an entry Carnet will not write: a path PathRules refuses (`..`,
/// `.git` in any spelling, an empty or absolute component…), a symbolic link or a submodule.
/// Such a tree can only come from a hub someone tampered with: the copy is left as it was.
struct UnsafeHubTree: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String {
        Catalogue.text("sync.unsafe-tree", ["path": .text(Self.shown(path)), "reason": .text(reason)])
    }

    /// The path as it may be printed: a control character would talk to the terminal.
    static func shown(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return "'\(out)'"
    }
}

extension Repository {
    /// Throws `UnsafeHubTree` for the first entry of the commit's whole tree that is not a plain
    /// file or folder at a path PathRules accepts. Called before anything of the commit is
    /// written (clone, fast-forward, merge): libgit2's fetch and tree diff take such entries as
    /// they come, and a tree diff would not even show a folder's name on its own.
    func refuseUnsafeTree(_ commit: ObjectID) throws {
        for entry in try treeEntries(ofCommit: commit) {
            if let reason = TreeEntryRule.problem(entry) { throw UnsafeHubTree(path: entry.path, reason: reason) }
        }
    }
}
