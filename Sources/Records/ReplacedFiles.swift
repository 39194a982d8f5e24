import Foundation

/// A plan source with some files replaced by new bytes, and some files or folders removed: an
/// edit is validated as the plan would be once written, before a single byte reaches the disk
/// (DefinitionEdits, ParticipationEdits; `carnet plan import` validates a whole workbook's plan
/// this way, over an empty source or over the plan already there). A new file's folders are
/// listed as folders. What the base holds that is not a plain file or folder (a symbolic link)
/// stays what it is, at its path and on the way to it: no new file hides it from the validator.
public struct ReplacedFiles: PlanSource {
    public let base: any PlanSource
    public let files: [String: [UInt8]]
    /// Paths gone (a file, or a folder with everything in it), unless `files` writes them again.
    public let removed: Set<String>
    /// What the new files add to each folder ("" for the root): name → is a folder. Built once:
    /// a plan imported whole lists a thousand folders, each must not scan every file.
    private let added: [String: [String: Bool]]

    public init(_ base: any PlanSource, _ files: [String: [UInt8]], removing removed: Set<String> = []) {
        self.base = base
        self.files = files
        self.removed = removed
        var added: [String: [String: Bool]] = [:]
        for path in files.keys {
            var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            var isFolder = false
            while let name = parts.popLast() {
                let folder = parts.joined(separator: "/")
                if added[folder, default: [:]][name] == true { break }  // its folders are listed already
                added[folder, default: [:]][name] = isFolder
                isFolder = true
            }
        }
        self.added = added
    }

    /// A plan of these files only (`carnet plan import` into a new folder).
    public init(files: [String: [UInt8]]) {
        self.init(NoFiles(), files)
    }

    /// Whether the path, or a folder on its way, is removed (and no new file is written there).
    private func isRemoved(_ path: String) -> Bool {
        guard !removed.isEmpty, files[path] == nil else { return false }
        var prefix = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            prefix += (prefix.isEmpty ? "" : "/") + part
            if removed.contains(prefix) { return true }
        }
        return false
    }

    /// The base's entry where it is a link or a special file (on the way or at the path), which
    /// the validator must see and no replacement may hide.
    private func baseLink(_ path: String) -> PlanSourceEntry? {
        guard !isRemoved(path), let entry = base.entry(at: path) else { return nil }
        return entry.kind == .file || entry.kind == .folder ? nil : entry
    }

    public func entries(in path: String) -> [PlanSourceEntry]? {
        let new = added[path] ?? [:]
        if isRemoved(path) && new.isEmpty { return nil }
        var listed = (isRemoved(path) ? nil : base.entries(in: path)) ?? []
        if listed.isEmpty && new.isEmpty && entry(at: path)?.kind != .folder { return nil }
        listed.removeAll { entry in
            let child = path.isEmpty ? entry.name : path + "/" + entry.name
            if removed.contains(child) && new[entry.name] == nil { return true }
            // A link stays listed as one; a plain entry gives way to what replaces it.
            return new[entry.name] != nil && (entry.kind == .file || entry.kind == .folder)
        }
        let linked = Set(listed.map(\.name))
        for (name, isFolder) in new where !linked.contains(name) {
            let child = path.isEmpty ? name : path + "/" + name
            listed.append(PlanSourceEntry(name: name, kind: isFolder ? .folder : .file, size: isFolder ? 0 : files[child]?.count ?? 0))
        }
        return listed.sorted { $0.name < $1.name }
    }

    public func entry(at path: String) -> PlanSourceEntry? {
        if let link = baseLink(path) { return link }
        let name = String(path.split(separator: "/").last ?? "")
        if let bytes = files[path] { return PlanSourceEntry(name: name, kind: .file, size: bytes.count) }
        if added[path] != nil { return PlanSourceEntry(name: name, kind: .folder, size: 0) }
        if isRemoved(path) { return nil }
        return base.entry(at: path)
    }

    public func read(_ path: String, limit: Int) -> [UInt8]? {
        if baseLink(path) != nil { return nil }
        if let bytes = files[path] { return Array(bytes.prefix(limit)) }
        if isRemoved(path) { return nil }
        return base.read(path, limit: limit)
    }

    /// The base's files are read as the base reads several (on every core, for a folder).
    public func read(_ paths: [String], limit: Int) -> [[UInt8]?] {
        let fromBase = paths.filter { files[$0] == nil && !isRemoved($0) }
        var read = Dictionary(zip(fromBase, base.read(fromBase, limit: limit)), uniquingKeysWith: { a, _ in a })
        return paths.map { path in
            if let bytes = files[path] { return baseLink(path) == nil ? Array(bytes.prefix(limit)) : nil }
            return read.removeValue(forKey: path) ?? nil
        }
    }

    public var failure: (any Error)? { base.failure }
}

/// A source with nothing in it: what a new plan is built over.
struct NoFiles: PlanSource {
    func entries(in path: String) -> [PlanSourceEntry]? { path.isEmpty ? [] : nil }
    func entry(at path: String) -> PlanSourceEntry? { path.isEmpty ? PlanSourceEntry(name: "", kind: .folder, size: 0) : nil }
    func read(_ path: String, limit: Int) -> [UInt8]? { nil }
}

extension Commitment.Milestone {
    /// A new milestone, as the point of contact adds one to a commitment.
    public init(id: String, activity: Text, start: PlanDate, end: PlanDate, code: String? = nil, leadAgency: String? = nil) {
        self.init(id: id, activity: activity, deliverable: nil, budget: nil, start: start, end: end, code: code, leadAgency: leadAgency)
    }
}
