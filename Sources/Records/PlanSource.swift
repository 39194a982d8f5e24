import Foundation
import Messages

/// What a plan is read from: a folder (a working copy) or a git commit (the hub's, read blob by
/// blob). PlanSnapshot and PlanValidator read only through it, so a folder and a commit are
/// judged by the same code, and a commit is judged without writing a single file.
///
/// Paths are relative, `/`-separated, and taken literally: a source never resolves `..` or
/// follows a symbolic link. Callers judge names with PathRules before they build paths from them.
public protocol PlanSource {
    /// The entries of the folder at `path` ("" for the root), nil when there is no folder there
    /// (a symbolic link to a folder is not a folder).
    func entries(in path: String) -> [PlanSourceEntry]?
    /// The names in the folder at `path`, sorted, nil when there is no folder there: what
    /// `entries(in:)` lists, without learning each one's kind.
    func names(in path: String) -> [String]?
    /// The entry at `path`, nil when absent. When a folder on the way is not a plain folder (a
    /// symbolic link), that component is what is reported.
    func entry(at path: String) -> PlanSourceEntry?
    /// The first `limit` bytes of the plain file at `path`, nil when it cannot be read.
    func read(_ path: String, limit: Int) -> [UInt8]?
    /// Reads several files; a source that may be read from several threads at once does so.
    func read(_ paths: [String], limit: Int) -> [[UInt8]?]
    /// The first failure of the source itself (not of the plan: a git object that cannot be
    /// read). A snapshot read from a failing source must not be trusted: callers check this.
    var failure: (any Error)? { get }
}

extension PlanSource {
    public func read(_ paths: [String], limit: Int) -> [[UInt8]?] { paths.map { read($0, limit: limit) } }
    public var failure: (any Error)? { nil }
    public func names(in path: String) -> [String]? { entries(in: path)?.map(\.name) }
}

public struct PlanSourceEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case file, folder
        case symbolicLink = "symbolic link"
        case submodule
        case other = "special file"
    }
    public var name: String
    public var kind: Kind
    /// Bytes, for a file (0 otherwise).
    public var size: Int

    public init(name: String, kind: Kind, size: Int) {
        self.name = name
        self.kind = kind
        self.size = size
    }
}

/// A plan in a folder. Every entry is looked at with lstat: a symbolic link is reported as one,
/// never followed, anywhere on a path; a file is opened with O_NOFOLLOW.
public struct FolderSource: PlanSource, Sendable {
    public let root: URL

    public init(_ root: URL) { self.root = root.standardizedFileURL }

    private func absolute(_ path: String) -> String {
        path.isEmpty ? root.path : root.path + "/" + path
    }

    private func lstatEntry(_ absolute: String, name: String) -> PlanSourceEntry? {
        var st = stat()
        guard lstat(absolute, &st) == 0 else { return nil }
        let kind: PlanSourceEntry.Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .folder
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        return PlanSourceEntry(name: name, kind: kind, size: kind == .file ? Int(st.st_size) : 0)
    }

    public func entry(at path: String) -> PlanSourceEntry? {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return lstatEntry(root.path, name: "") }
        var current = root.path
        for (i, part) in parts.enumerated() {
            current += "/" + part
            guard let entry = lstatEntry(current, name: part) else { return nil }
            if i == parts.count - 1 { return entry }
            switch entry.kind {
            case .folder: continue
            case .file: return nil                      // a path through a file leads nowhere
            case .symbolicLink, .submodule, .other: return entry   // never followed: reported
            }
        }
        return nil
    }

    public func entries(in path: String) -> [PlanSourceEntry]? {
        if !path.isEmpty {
            guard entry(at: path)?.kind == .folder else { return nil }
        }
        let folder = absolute(path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return names.sorted().compactMap { lstatEntry(folder + "/" + $0, name: $0) }
    }

    public func names(in path: String) -> [String]? {
        if !path.isEmpty {
            guard entry(at: path)?.kind == .folder else { return nil }
        }
        return (try? FileManager.default.contentsOfDirectory(atPath: absolute(path)))?.sorted()
    }

    public func read(_ path: String, limit: Int) -> [UInt8]? {
        guard entry(at: path)?.kind == .file else { return nil }
        let fd = open(absolute(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        // As many bytes as the file holds, at most `limit`: never a buffer of the limit's size
        // per file (a plan reads thousands of files at once).
        let wanted = max(0, min(limit, Int(st.st_size)))
        var bytes = [UInt8](repeating: 0, count: wanted)
        var count = 0
        while count < wanted {
            let n = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(fd, buffer.baseAddress! + count, wanted - count)
            }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            count += n
        }
        if count < wanted { bytes.removeSubrange(count...) }
        return bytes
    }

    public func read(_ paths: [String], limit: Int) -> [[UInt8]?] {
        let source = self
        return concurrentMap(paths) { source.read($0, limit: limit) }
    }
}

extension PlanSourceEntry.Kind {
    /// What the entry is, in the reader's language, with its article ("a symbolic link").
    public var spoken: String {
        switch self {
        case .file: return Catalogue.text("records.entry.file")
        case .folder: return Catalogue.text("records.entry.folder")
        case .symbolicLink: return Catalogue.text("records.entry.symbolic-link")
        case .submodule: return Catalogue.text("records.entry.submodule")
        case .other: return Catalogue.text("records.entry.other")
        }
    }
}
