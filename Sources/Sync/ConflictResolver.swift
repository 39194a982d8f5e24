import Foundation
import Git
import Messages
import Records
import Workspace
// Yams comes with Records (its dependency): the lead should list it for Sync in Package.swift.
import Yams

/// `carnet resolve FILE FIELD --keep | --take-lost | --value TEXT` (or `carnet resolve 05 m4.note …`, see `locate`): settles one conflict with an ordinary commit.
///
/// --keep leaves the record's value as it is and drops the conflict entry; --take-lost puts the
/// lost value back at the field, then drops the entry. The record is edited as a YAML tree (the
/// field path names map keys, and list items by `id`, or by `name` for persons), then read back
/// with the record's reader (it must validate) and written canonically.
public enum ConflictResolver {
    public enum Choice: String, Codable, Sendable { case keep, takeLost = "take-lost" }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        /// sysexits: 64 usage (no such conflict), 65 the result would be invalid, 75 a sync is running.
        public var exitCode: Int32
        public var description: String { message }
    }

    /// Returns the new commit's id.
    @discardableResult
    public static func resolve(in directory: String, file: String, field: String, choice: Choice) throws -> String {
        try settle(in: directory, file: file, field: field) { root, conflict in
            choice == .keep ? (root, ResolveMessage.kept) : (try YAMLFieldEdit.set(field, in: root, lost: conflict), ResolveMessage.tookLost)
        }
    }

    /// Settles a conflict by writing a value of one's own (both sides combined, say) at the field,
    /// as one string; the record must validate with it. Returns the new commit's id.
    @discardableResult
    public static func resolve(in directory: String, file: String, field: String, value: String) throws -> String {
        try settle(in: directory, file: file, field: field) { root, _ in
            (try YAMLFieldEdit.set(field, in: root, text: value), ResolveMessage.wroteValue)
        }
    }

    private static func settle(in directory: String, file: String, field: String,
                               _ apply: (Node, String) throws -> (Node, String)) throws -> String {
        let copy = try WorkingCopy(at: directory)
        let repository = try Repository.open(copy.root.path)
        // A sync rewriting this file at the same moment must not race us.
        let lock: SyncLock
        do { lock = try SyncLock(gitDirectory: repository.gitDirectory) } catch let busy as SyncLock.Busy {
            throw Failure(message: busy.description, exitCode: 75)
        }
        defer { lock.release() }

        let relative = try relativePath(file, root: copy.root)
        guard PlanLayout.isRecord(relative) else {
            throw Failure(message: Catalogue.text("sync.resolve.not-a-record", ["path": .text(relative)]), exitCode: 64)
        }
        let url = copy.root.appendingPathComponent(relative)
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              var root = try Yams.compose(yaml: text), root.mapping != nil else {
            throw Failure(message: Catalogue.text("sync.resolve.not-yaml", ["path": .text(relative)]), exitCode: 65)
        }
        guard let conflict = try removeConflict(field, from: &root) else {
            throw Failure(message: Catalogue.text("sync.resolve.no-conflict-in-file", ["path": .text(relative), "field": .text(field)]), exitCode: 64)
        }
        let (edited, what) = try apply(root, conflict)
        let canonical = try canonicalText(try Yams.serialize(node: edited), path: relative)
        try Data(canonical.utf8).write(to: url, options: .atomic)
        try copy.stampTranslations(in: [relative])  // a translation settled here is one written now
        let id = try repository.commit(paths: [relative], message: "Resolve \(relative) \(field): \(what)", author: try copy.author())
        let head = try repository.headCommitID()
        return (id ?? head)?.description ?? ""
    }

    /// Where a conflict named the short way is: `05 m4.note` (a commitment, by id or number, and a
    /// field of its progress.yaml or commitment.yaml, with or without `milestones.` / `evidence.`)
    /// gives `commitments/05/progress.yaml` and `milestones.m4.note`. A FILE that exists is taken
    /// as it is (the long form). Unknown or ambiguous: a usage failure naming the choices.
    public static func locate(_ target: String, field: String, in directory: String) throws -> (file: String, field: String) {
        let copy = try WorkingCopy(at: directory)
        var isDir: ObjCBool = false
        let cwdPath = target.hasPrefix("/") ? target : FileManager.default.currentDirectoryPath + "/" + target
        for candidate in [cwdPath, copy.path(target)]
        where FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir) && !isDir.boolValue {
            return (candidate, field)
        }
        let id: String
        do { id = try copy.commitmentID(for: target) } catch let error as WorkspaceError {
            throw Failure(message: ResolveMessage.notFileNorCommitment(target, error.description), exitCode: 64)
        }
        let snapshot = copy.snapshot(only: [id])
        let files: [(String, [FieldConflict])] = [
            (PlanLayout.progressFile(id), snapshot.commitments[id]?.progress?.record?.conflicts ?? []),
            (PlanLayout.commitmentFile(id), snapshot.commitments[id]?.commitment?.record?.conflicts ?? []),
        ]
        var matches: [(String, String)] = []
        for (path, conflicts) in files {
            for c in conflicts where [field, "milestones." + field, "evidence." + field].contains(c.field) {
                if !matches.contains(where: { $0 == (path, c.field) }) { matches.append((path, c.field)) }
            }
        }
        if matches.count == 1 { return (copy.path(matches[0].0), matches[0].1) }
        if matches.isEmpty {
            let known = files.flatMap { $0.1.map(\.field) }
            throw Failure(message: ResolveMessage.noConflict(id, field, known: Set(known).sorted()), exitCode: 64)
        }
        throw Failure(message: ResolveMessage.ambiguous(id, field, matches.map { "\($0.0) \($0.1)" }), exitCode: 64)
    }

    static func relativePath(_ file: String, root: URL) throws -> String {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        if absolute.hasPrefix(rootPath) { return String(absolute.dropFirst(rootPath.count)) }
        return file
    }

    /// Drops the first `conflicts` entry for `field` and returns its `lost` text.
    static func removeConflict(_ field: String, from root: inout Node) throws -> String? {
        guard var pairs = pairsOf(root),
              let index = pairs.firstIndex(where: { $0.0.string == "conflicts" }),
              var items = pairs[index].1.sequence.map(Array.init),
              let item = items.firstIndex(where: { $0.mapping?["field"]?.string == field }) else { return nil }
        let lost = items[item].mapping?["lost"]?.string ?? "~"
        items.remove(at: item)
        pairs[index].1 = Node(items)
        root = Node(pairs)
        return lost
    }

    static func pairsOf(_ node: Node) -> [(Node, Node)]? {
        node.mapping.map { mapping in mapping.map { ($0.key, $0.value) } }
    }

    /// Reads the edited record with its own reader: it must have no errors. Written canonically.
    static func canonicalText(_ yaml: String, path: String) throws -> String {
        let source = RecordSource(bytes: Array(yaml.utf8), path: path)
        let text: String?
        switch PlanLayout.kind(of: path) {
        case .plan: text = Plan.read(source)?.canonicalYAML
        case .ministry(let id): text = Ministry.read(source, expectedID: id)?.canonicalYAML
        case .commitment(let id): text = Commitment.read(source, expectedID: id)?.canonicalYAML
        case .progress(let id): text = CommitmentProgress.read(source, expectedID: id)?.canonicalYAML
        case .participation(let record): text = record.read(source)?.canonicalYAML
        default: text = nil
        }
        let errors = source.diagnostics.filter { $0.severity == .error }
        guard let text, errors.isEmpty else {
            throw Failure(message: Catalogue.text("sync.resolve.would-be-invalid") + "\n" + errors.map { "  \($0)" }.joined(separator: "\n"), exitCode: 65)
        }
        return text
    }
}

/// What settling a conflict says.
enum ResolveMessage {
    // The end of the commit's subject ("Resolve FILE FIELD: kept the current value"): a commit
    // message is part of the plan's shared history, read by people of every language of the
    // plan, and by tools; it stays in English, like git's own merge subjects.
    static let kept = "kept the current value"
    static let tookLost = "took the lost value back"
    static let wroteValue = "wrote a new value"

    static func notFileNorCommitment(_ target: String, _ why: String) -> String {
        Catalogue.text("sync.resolve.neither", ["target": .text(target), "reason": .text(why)])
    }
    static func noConflict(_ id: String, _ field: String, known: [String]) -> String {
        known.isEmpty
            ? Catalogue.text("sync.resolve.nothing-to-settle", ["commitment": .text(id)])
            : Catalogue.text("sync.resolve.no-conflict-on", ["commitment": .text(id), "field": .text(field), "fields": .text(known.joined(separator: ", "))])
    }
    static func ambiguous(_ id: String, _ field: String, _ matches: [String]) -> String {
        Catalogue.text("sync.resolve.ambiguous", ["commitment": .text(id), "field": .text(field), "matches": .text(matches.joined(separator: "; "))])
    }
    static func notOneValue(_ field: String) -> String {
        Catalogue.text("sync.resolve.not-one-value", ["field": .text(field)])
    }
}
