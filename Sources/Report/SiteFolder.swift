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
    /// A marker lists a site's files (about 60 bytes each): 16 MiB is a quarter-million files.
    static let markerLimit = 16 << 20

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
        // Read as a regular file of the folder only: anyone who can write there can plant a
        // link to a FIFO, a terminal or /dev/zero at its name.
        let marker = try SiteDirectory(root: url).readFile(markerName, limit: markerLimit)
        let listed = marker.flatMap { try? JSONDecoder().decode(Marker.self, from: $0) }?.files ?? []
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

    /// Writes the file `file` of the site (a page: a name in the site's folder). See SiteDirectory.
    static func write(_ data: Data, to file: URL) throws {
        try write(data, at: [file.lastPathComponent], in: file.deletingLastPathComponent())
    }

    /// Writes the file at `parts` inside the site's folder `root`, making the folders on the way
    /// (never through a link: a folder that is a link or a file throws `NotAFolder`).
    static func write(_ data: Data, at parts: [String], in root: URL) throws {
        var folder = try SiteDirectory(root: root)
        for (i, part) in parts.dropLast().enumerated() {
            folder = try folder.folder(part, create: true, shown: parts[...i].joined(separator: "/"))!
        }
        try folder.write(data, name: parts[parts.count - 1])
    }

    /// A part of a site path that is not a plain folder of the site (`evidence`, a link).
    struct NotAFolder: Error {
        let path: String
        var message: String { Catalogue.text("site7.linked-folder", ["folder": .text(path)]) }
    }

    /// Removes the files of the previous run that this run did not write (and folders they
    /// leave empty), then lists what this run wrote in the marker.
    func finish(written: Set<String>) throws {
        let root = try SiteDirectory(root: url)
        for path in previous.subtracting(written).sorted() where SiteFolder.isPlainRelative(path) {
            // Only regular files, reached without following a link (none is a way out), and the
            // folders they leave empty, one `rmdir` each: nothing is ever removed recursively.
            let parts = path.split(separator: "/").map(String.init)
            var chain = [root]
            for (i, part) in parts.dropLast().enumerated() {
                guard let next = try? chain[chain.count - 1].folder(part, create: false, shown: parts[...i].joined(separator: "/")) else { break }
                chain.append(next)
            }
            guard chain.count == parts.count else { continue }
            try chain[chain.count - 1].removeFile(parts[parts.count - 1])
            var k = parts.count - 1
            while k > 0, chain[k - 1].removeFolderIfEmpty(parts[k - 1]) { k -= 1 }
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
