import CGit2
import Foundation

/// The few trees a walk reads again (a commit's, then the same as its child's parent), as raw
/// tree objects: entries are read from the bytes as they are compared, so that a thousand-entry
/// folder where one entry changed costs one pass of byte comparisons, with no entry objects
/// made and no string per name — and a large one, only the entries between the bytes both
/// versions share at the start and at the end (TreeStretch).
final class TreeCache {
    /// A tree object's bytes: entries `<octal mode> <name>\0<20-byte id>`, sorted by name.
    final class Tree {
        let object: OpaquePointer
        let id: ObjectID
        let bytes: UnsafeRawBufferPointer

        init(object: OpaquePointer, id: ObjectID) {
            self.object = object
            self.id = id
            bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
        }

        deinit { git_odb_object_free(object) }

        /// Where each entry starts, read once: a walk compares each tree twice (as a commit's,
        /// then as its child's parent's), and a large one is mostly skipped (`differingStretch`).
        /// nil for bytes that are not entries to their end (compared entry by entry, as read).
        private(set) lazy var starts: [Int]? = {
            var out: [Int] = []
            var offset = 0
            while let entry = TreeCache.entry(bytes, at: offset) {
                out.append(offset)
                offset = entry.end
            }
            return offset == bytes.count ? out : nil
        }()
    }

    /// One entry of a tree, as offsets into its bytes.
    struct Entry {
        var start: Int
        var nameStart: Int
        var nameEnd: Int
        /// Just past the entry's id: where the next entry starts.
        var end: Int
        var isTree: Bool
        /// A submodule's commit (mode 160000): not a blob, whatever its id.
        var isGitlink: Bool

        var nameLength: Int { nameEnd - nameStart }
        var idOffset: Int { end - 20 }
    }

    private let odb: OpaquePointer
    private var recent: [Tree] = []
    private let capacity = 8

    init(repository: Repository) throws {
        var odb: OpaquePointer?
        try check("open the object database", git_repository_odb(&odb, repository.pointer))
        self.odb = odb!
    }

    deinit { git_odb_free(odb) }

    func tree(_ id: ObjectID) throws -> Tree {
        if let hit = recent.first(where: { $0.id == id }) { return hit }
        var raw = id.raw
        var object: OpaquePointer?
        try check("read tree \(id.short)", git_odb_read(&object, odb, &raw))
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
            git_odb_object_free(object)
            throw GitError(operation: "read tree \(id.short)", code: .invalid, message: "not a tree")
        }
        let tree = Tree(object: object!, id: id)
        recent.append(tree)
        if recent.count > capacity { recent.removeFirst() }
        return tree
    }

    /// The entry at `offset`, or nil at the end (or where the bytes are not a valid entry).
    static func entry(_ b: UnsafeRawBufferPointer, at offset: Int) -> Entry? {
        var i = offset
        var mode = 0
        while i < b.count, b[i] != 0x20 {
            guard b[i] >= 0x30, b[i] <= 0x37 else { return nil }
            mode = mode << 3 | Int(b[i] - 0x30)
            i += 1
        }
        guard i < b.count, i > offset else { return nil }
        let nameStart = i + 1
        var j = nameStart
        while j < b.count, b[j] != 0 { j += 1 }
        let end = j + 1 + 20
        guard j < b.count, j > nameStart, end <= b.count else { return nil }
        return Entry(start: offset, nameStart: nameStart, nameEnd: j, end: end, isTree: mode & 0o170000 == 0o040000,
                     isGitlink: mode & 0o170000 == 0o160000)
    }

    /// git's order of entries: by name bytes, a folder's name compared as if it ended in `/`.
    private static func order(_ a: Entry, _ ab: UnsafeRawBufferPointer, _ b: Entry, _ bb: UnsafeRawBufferPointer) -> Int32 {
        let common = min(a.nameLength, b.nameLength)
        let c = memcmp(ab.baseAddress! + a.nameStart, bb.baseAddress! + b.nameStart, common)
        if c != 0 { return c }
        let ca: UInt8 = a.nameLength > common ? ab[a.nameStart + common] : (a.isTree ? 0x2F : 0)
        let cb: UInt8 = b.nameLength > common ? bb[b.nameStart + common] : (b.isTree ? 0x2F : 0)
        return Int32(ca) - Int32(cb)
    }

    private static func sameName(_ a: Entry, _ ab: UnsafeRawBufferPointer, _ b: Entry, _ bb: UnsafeRawBufferPointer) -> Bool {
        a.nameLength == b.nameLength && memcmp(ab.baseAddress! + a.nameStart, bb.baseAddress! + b.nameStart, a.nameLength) == 0
    }

    private static func name(_ e: Entry, _ b: UnsafeRawBufferPointer) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: b[e.nameStart..<e.nameEnd]), as: UTF8.self)
    }

    private static func id(_ e: Entry, _ b: UnsafeRawBufferPointer) -> ObjectID {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: b[e.idOffset..<e.end])) }
        return ObjectID(oid)
    }

    /// Which folders a comparison looks into: whole folders (`commitments/05/`), and the folders
    /// on the way to them (`commitments/`), whose other entries are not looked at. A commitment's
    /// history then reads its own folder in each commit, not the thousand others (the root
    /// commit, compared with nothing, would otherwise read every commitment's folder).
    struct Scope {
        /// Paths ending in `/`: everything under them is compared.
        let whole: Set<String>
        /// Proper ancestors of those, ending in `/`: only the way down is compared.
        let onTheWay: Set<String>
        /// Nothing to compare: no path can be found under it.
        var isEmpty: Bool { whole.isEmpty }

        /// Top-level names (a folder or a file at the top: `commitments`, `plan.yaml`).
        init(topLevel names: Set<String>) {
            whole = Set(names.map { $0 + "/" })
            onTheWay = []
        }

        /// Folders given as `a/b/` (each ending in `/`, no empty component).
        init(folders: [String]) {
            whole = Set(folders)
            var way: Set<String> = []
            for folder in folders {
                var path = ""
                for part in folder.split(separator: "/").dropLast() {
                    path += part + "/"
                    way.insert(path)
                }
            }
            onTheWay = way
        }

        /// The scope inside `path` (ending in `/`): nil when all of it is compared, `.none` when
        /// nothing of it is.
        func inside(_ path: String) -> Scope?? {
            if whole.contains(path) { return .some(nil) }
            return onTheWay.contains(path) ? .some(self) : .none
        }
    }

    /// Appends the paths of files that differ between `new` and `old` (either may be absent),
    /// looking only into `scope` (nil: everywhere; its paths are from the top of the tree
    /// compared: `prefix` is where `new` and `old` stand in it), and each one's ids to `ids`.
    func compare(_ new: Tree?, _ old: Tree?, prefix: String, scope: Scope?, into paths: inout [String]) throws {
        var ids: [BlobIDs] = []
        try compare(new, old, prefix: prefix, scope: scope, into: &paths, ids: &ids)
    }

    func compare(_ new: Tree?, _ old: Tree?, prefix: String, scope: Scope?, into paths: inout [String], ids: inout [BlobIDs]) throws {
        if let new, let old, new.id == old.id { return }
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        let nb = new?.bytes ?? empty, ob = old?.bytes ?? empty
        // Only where the two may differ: the same entries before and after are not read.
        let stretch = new.flatMap { new in old.flatMap { TreeCache.differingStretch(new, $0) } }
            ?? Stretch(newStart: 0, newEnd: nb.count, oldStart: 0, oldEnd: ob.count)
        func entry(_ bytes: UnsafeRawBufferPointer, at offset: Int, before end: Int) -> Entry? {
            offset < end ? TreeCache.entry(bytes, at: offset) : nil
        }
        var a = entry(nb, at: stretch.newStart, before: stretch.newEnd), b = entry(ob, at: stretch.oldStart, before: stretch.oldEnd)
        /// Whether an entry is looked at, and the scope inside it (nil: all of it).
        var inner: Scope?
        func wanted(_ e: Entry, _ bytes: UnsafeRawBufferPointer) -> Bool {
            guard let scope else { inner = nil; return true }
            guard let below = scope.inside(prefix + TreeCache.name(e, bytes) + "/") else { return false }
            inner = below
            return true
        }
        func descend(_ prefix: String, new: (Entry, UnsafeRawBufferPointer)?, old: (Entry, UnsafeRawBufferPointer)?,
                     into paths: inout [String]) throws {
            try changed(prefix, new: new, old: old, scope: inner, into: &paths, ids: &ids)
        }
        while a != nil || b != nil {
            if let x = a, let y = b {
                // The common case first: the same entry, byte for byte (mode, name, id).
                if x.end - x.start == y.end - y.start,
                   memcmp(nb.baseAddress! + x.start, ob.baseAddress! + y.start, x.end - x.start) == 0 {
                    a = entry(nb, at: x.end, before: stretch.newEnd)
                    b = entry(ob, at: y.end, before: stretch.oldEnd)
                    continue
                }
                if TreeCache.sameName(x, nb, y, ob) {
                    if wanted(x, nb) { try descend(prefix, new: (x, nb), old: (y, ob), into: &paths) }
                    a = entry(nb, at: x.end, before: stretch.newEnd)
                    b = entry(ob, at: y.end, before: stretch.oldEnd)
                } else if TreeCache.order(x, nb, y, ob) < 0 {
                    if wanted(x, nb) { try descend(prefix, new: (x, nb), old: nil, into: &paths) }
                    a = entry(nb, at: x.end, before: stretch.newEnd)
                } else {
                    if wanted(y, ob) { try descend(prefix, new: nil, old: (y, ob), into: &paths) }
                    b = entry(ob, at: y.end, before: stretch.oldEnd)
                }
            } else if let x = a {
                if wanted(x, nb) { try descend(prefix, new: (x, nb), old: nil, into: &paths) }
                a = entry(nb, at: x.end, before: stretch.newEnd)
            } else if let y = b {
                if wanted(y, ob) { try descend(prefix, new: nil, old: (y, ob), into: &paths) }
                b = entry(ob, at: y.end, before: stretch.oldEnd)
            }
        }
    }

    /// One entry that differs: a file's path, or the files that differ inside a folder.
    private func changed(_ prefix: String, new: (Entry, UnsafeRawBufferPointer)?, old: (Entry, UnsafeRawBufferPointer)?,
                         scope: Scope?, into paths: inout [String], ids: inout [BlobIDs]) throws {
        let path = prefix + (new.map { TreeCache.name($0.0, $0.1) } ?? old.map { TreeCache.name($0.0, $0.1) }!)
        let newTree = try new.flatMap { $0.0.isTree ? try tree(TreeCache.id($0.0, $0.1)) : nil }
        let oldTree = try old.flatMap { $0.0.isTree ? try tree(TreeCache.id($0.0, $0.1)) : nil }
        if newTree != nil || oldTree != nil {
            try compare(newTree, oldTree, prefix: path + "/", scope: scope, into: &paths, ids: &ids)
        }
        // A file where a folder on the way stood (or stands) is not under the folder asked for.
        if scope == nil, (new.map { !$0.0.isTree } ?? false) || (old.map { !$0.0.isTree } ?? false) {
            paths.append(path)
            func blob(_ side: (Entry, UnsafeRawBufferPointer)?) -> ObjectID? {
                guard let (e, b) = side, !e.isTree, !e.isGitlink else { return nil }
                return TreeCache.id(e, b)
            }
            ids.append(BlobIDs(new: blob(new), old: blob(old)))
        }
    }
}
