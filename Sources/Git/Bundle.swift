import CGit2
import Foundation

/// A git bundle (gitformat-bundle(5), version 2): what an office carries to the point of contact
/// on a USB drive (`carnet carry`). libgit2 writes no bundles, but it builds packs: the bundle is
/// its header (the commits the receiver must already have, then the one reference it carries)
/// followed by the pack of everything `tip` has that `prerequisites` do not. git reads it
/// (`git bundle verify`, `git fetch FILE`), so the hub side needs nothing of ours to open it.
extension Repository {
    public struct BundleSummary: Sendable, Equatable {
        public var commits: Int
        public var objects: Int
        public var bytes: Int
    }

    /// Writes the bundle to `path` (a temporary name beside it first, renamed once complete, so a
    /// drive pulled out mid-way never holds a bundle that looks whole).
    @discardableResult
    public func writeBundle(tip: ObjectID, ref: String, prerequisites: [ObjectID], to path: String) throws -> BundleSummary {
        let commits = try self.commits(from: tip, excluding: prerequisites).count
        var builder: OpaquePointer?
        try check("start a pack", git_packbuilder_new(&builder, pointer))
        defer { git_packbuilder_free(builder) }
        var walker: OpaquePointer?
        try check("start commit walk", git_revwalk_new(&walker, pointer))
        defer { git_revwalk_free(walker) }
        var raw = tip.raw
        try check("walk from \(tip.short)", git_revwalk_push(walker, &raw))
        for id in prerequisites {
            var hidden = id.raw
            try check("hide \(id.short)", git_revwalk_hide(walker, &hidden))
        }
        // The walk's hidden commits make their trees and blobs uninteresting too: only new objects.
        try check("choose the objects to carry", git_packbuilder_insert_walk(builder, walker))
        let objects = Int(git_packbuilder_object_count(builder))

        var header = "# v2 git bundle\n"
        for id in prerequisites { header += "-\(id.description)\n" }
        header += "\(tip.description) \(ref)\n\n"
        let partial = path + ".part"
        FileManager.default.createFile(atPath: partial, contents: nil)
        guard let file = FileHandle(forWritingAtPath: partial) else {
            throw GitError(operation: "write \(partial)", code: .other(-1), message: "cannot create the file")
        }
        let sink = PackSink(file: file)
        do {
            try sink.write(Data(header.utf8))
            let box = Unmanaged.passRetained(sink)
            defer { box.release() }
            let result = git_packbuilder_foreach(builder, { data, size, payload in
                guard let data, let payload else { return -1 }
                let sink = Unmanaged<PackSink>.fromOpaque(payload).takeUnretainedValue()
                do { try sink.write(Data(bytes: data, count: size)) } catch { return -1 }
                return 0
            }, box.toOpaque())
            if let failure = sink.failure { throw failure }
            try check("write the pack", result)
            try file.synchronize()
            try file.close()
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return BundleSummary(commits: commits, objects: objects, bytes: sink.bytes)
    }
}

/// Where libgit2's pack bytes go, with the first write error kept (a full drive).
private final class PackSink {
    let file: FileHandle
    var bytes = 0
    var failure: Error?

    init(file: FileHandle) { self.file = file }

    func write(_ data: Data) throws {
        do { try file.write(contentsOf: data) } catch {
            failure = failure ?? error
            throw error
        }
        bytes += data.count
    }
}
