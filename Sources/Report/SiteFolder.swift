import Foundation
import Messages
import Records

/// The folder a dashboard is written into (`--out`), and what Carnet may do there.
///
/// Carnet writes into a folder that is new, empty, or that it wrote before: that one holds a
/// marker, `.carnet-dashboard`, listing every file Carnet wrote. A new run writes the site
/// again and removes the files of the previous run it no longer writes (the page of a
/// commitment taken out of the plan, an evidence file replaced); files it did not write (a
/// `CNAME`, a `.git` folder, a logo added by hand) are never touched. A folder that is not
/// empty and holds no marker is refused before anything is written: it may be someone's.
struct SiteFolder {
    static let markerName = ".carnet-dashboard"

    let url: URL
    /// Files (paths relative to the folder) the previous run listed in the marker.
    let previous: Set<String>

    /// Throws when Carnet may not write into `url`: something else than a folder is there, or
    /// a folder that is not empty and holds no marker. Writes nothing.
    static func check(_ url: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw DashboardFolderError.notAFolder(url.path) }
        if !fm.fileExists(atPath: url.appendingPathComponent(markerName).path),
           try !fm.contentsOfDirectory(atPath: url.path).isEmpty {
            throw DashboardFolderError.notADashboard(url.path)
        }
    }

    /// The folder as found (created if missing), once `check` passes.
    static func claim(_ url: URL) throws -> SiteFolder {
        try check(url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // A marker that does not read lists nothing: nothing is removed, pages are overwritten.
        let marker = url.appendingPathComponent(markerName)
        let listed = (try? JSONDecoder().decode(Marker.self, from: Data(contentsOf: marker)))?.files ?? []
        return SiteFolder(url: url, previous: Set(listed))
    }

    /// Writes the marker listing `files` (sorted): before writing, what may be written; after,
    /// what was.
    func mark(_ files: Set<String>) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Marker(note: Marker.explanation, files: files.sorted()))
        try data.write(to: url.appendingPathComponent(SiteFolder.markerName), options: .atomic)
    }

    /// Writes one file of the site, always a new one: whatever held its name is unlinked first,
    /// and the file is created only if the name is still free (O_EXCL) and not a link
    /// (O_NOFOLLOW). Whoever else can write into the published folder could plant a symbolic or
    /// hard link at a page's name, to a file of the person running the report; opening the name
    /// to overwrite it would write into that file. Without `Data.write`'s fsync: a site is written
    /// again by the next run, and a thousand fsyncs were a twentieth of the dashboard's time.
    static func write(_ data: Data, to file: URL) throws {
        let path = file.path
        if unlink(path) != 0, errno != ENOENT, errno != EISDIR { throw Self.writeError(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw Self.writeError(path) }
        var isOpen = true
        defer { if isOpen { close(fd) } }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Self.writeError(path)
                }
                done += n
            }
        }
        // A file system may report a failed write only when the file is closed (NFS, quotas).
        isOpen = false
        guard close(fd) == 0 else { throw Self.writeError(path) }
    }

    /// The folder `parts` inside the site `root`, made where missing. Throws `NotAFolder` with
    /// the first part that is there and is not a plain folder (a symbolic link, planted to lead
    /// the copies elsewhere, or a file). Nothing is created through a link: each part is looked
    /// at before it is made.
    static func folder(_ parts: [String], in root: URL) throws -> URL {
        var url = root
        for (i, part) in parts.enumerated() {
            url.appendPathComponent(part)
            var info = stat()
            if lstat(url.path, &info) != 0 {
                guard errno == ENOENT else { throw Self.writeError(url.path) }
                guard mkdir(url.path, 0o777) == 0 || errno == EEXIST else { throw Self.writeError(url.path) }
                guard lstat(url.path, &info) == 0 else { throw Self.writeError(url.path) }
            }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw NotAFolder(path: parts[...i].joined(separator: "/")) }
        }
        return url
    }

    /// A part of a site path that is not a plain folder of the site (`evidence`, a link).
    struct NotAFolder: Error {
        let path: String
        var message: String { Catalogue.text("site7.linked-folder", ["folder": .text(path)]) }
    }

    /// The error Data.write(to:) throws (the same message for a full disk or a refused folder).
    private static func writeError(_ path: String) -> Error {
        let code = errno
        let posix = POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        switch code {
        case ENOENT: return CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        case EACCES, EPERM: return CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        case ENOSPC, EDQUOT: return CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        case EROFS: return CocoaError(.fileWriteVolumeReadOnly, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        default: return CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        }
    }

    /// Removes the files of the previous run that this run did not write (and folders they
    /// leave empty), then lists what this run wrote in the marker.
    func finish(written: Set<String>) throws {
        let fm = FileManager.default
        let root = url.resolvingSymlinksInPath().path
        for path in previous.subtracting(written).sorted() where SiteFolder.isPlainRelative(path) {
            let file = url.appendingPathComponent(path)
            // Only regular files, and only inside the folder (no way out through a link).
            guard (try? fm.attributesOfItem(atPath: file.path)[.type] as? FileAttributeType) == .typeRegular,
                  case let folder = file.deletingLastPathComponent().resolvingSymlinksInPath().path,
                  folder == root || folder.hasPrefix(root + "/") else { continue }
            try fm.removeItem(at: file)
            var parent = file.deletingLastPathComponent()
            while parent.path.count > url.path.count, (try? fm.contentsOfDirectory(atPath: parent.path))?.isEmpty == true {
                try fm.removeItem(at: parent)
                parent = parent.deletingLastPathComponent()
            }
        }
        try mark(written)
    }

    /// A relative path PathRules accepts (no `..`, `.` or empty part, no control character…):
    /// the only kind the marker may name.
    static func isPlainRelative(_ path: String) -> Bool {
        PathRules.problem(in: path) == nil
    }

    private struct Marker: Codable {
        static let explanation = "Written by `carnet report dashboard`, which rewrites this folder: the next run removes "
            + "the files listed here that it no longer writes, and never touches any other file. Without this file, "
            + "Carnet refuses to write into the folder unless it is empty."
        var note: String
        var files: [String]
    }
}

/// Why `carnet report dashboard` would not write into its output folder (exit 73).
public enum DashboardFolderError: Error, CustomStringConvertible {
    /// The folder is not empty and holds no `.carnet-dashboard` marker.
    case notADashboard(String)
    /// Something other than a folder is at that path.
    case notAFolder(String)

    /// In the reader's language (the CLI prints it, the web app shows it).
    public var description: String {
        switch self {
        case .notADashboard(let path):
            return Catalogue.text("site7.not-a-dashboard", ["path": .text(path), "marker": .text(SiteFolder.markerName)])
        case .notAFolder(let path):
            return Catalogue.text("site7.not-a-folder", ["path": .text(path)])
        }
    }
}
