import CGit2
import Foundation

/// A `git_odb` handle: where a repository's objects are kept. Handle-style, as git2-rs's `Odb`:
/// which backend holds what, and when objects move to disk, is the caller's decision.
public final class ObjectDatabase {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_odb_free(pointer) }

    /// A database with no backend yet (`git_odb_new`): add one, e.g. `addMempack`.
    public static func empty() throws -> ObjectDatabase {
        Libgit2.ensureInitialised()
        var odb: OpaquePointer?
        try check("new object database", git_odb_new(&odb))
        return ObjectDatabase(pointer: odb!)
    }

    /// A backend that keeps every object written in memory (libgit2's mempack), read first at
    /// `priority` (the highest should win: writes go to the first backend that takes them).
    /// The database owns the backend; the returned handle keeps the database alive.
    public func addMempack(priority: Int32 = 999) throws -> Mempack {
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check("new in-memory object store", git_mempack_new(&backend))
        let added = git_odb_add_backend(pointer, backend, priority)
        guard added >= 0 else {
            backend?.pointee.free(backend)  // not owned by the database when adding failed
            throw GitError.last("add the in-memory object store", added)
        }
        return Mempack(backend: backend!, database: self)
    }

    /// Stores a whole pack (the bytes of a `.pack` file) through the database's pack writer:
    /// libgit2's indexer checks every object and the trailer, and writes `.pack` and `.idx`
    /// into `objects/pack` — one file pair, however many objects.
    public func writePack(_ pack: UnsafeRawBufferPointer) throws {
        var writer: UnsafeMutablePointer<git_odb_writepack>?
        try check("open a pack writer", git_odb_write_pack(&writer, pointer, nil, nil))
        defer { writer!.pointee.free(writer) }
        var progress = git_indexer_progress()
        var offset = 0
        while offset < pack.count {  // in chunks, as a fetch feeds it
            let count = min(1 << 20, pack.count - offset)
            try check("write the pack", writer!.pointee.append(writer, pack.baseAddress! + offset, count, &progress))
            offset += count
        }
        try check("index the pack", writer!.pointee.commit(writer, &progress))
    }
}

/// libgit2's in-memory object store (sys/mempack.h), added to an ObjectDatabase.
public final class Mempack {
    let backend: UnsafeMutablePointer<git_odb_backend>
    /// The database owns the backend: kept alive as long as this handle.
    let database: ObjectDatabase

    init(backend: UnsafeMutablePointer<git_odb_backend>, database: ObjectDatabase) {
        self.backend = backend
        self.database = database
    }

    /// A pack of every commit written into the store and what they reach (`git_mempack_dump`:
    /// libgit2's pack builder, deltas included), for `ObjectDatabase.writePack`. `repository`
    /// is one whose object database holds this store.
    /// `body` reads the pack where libgit2 made it (no copy: a large import already holds its
    /// files and the store's objects).
    public func dump<T>(_ repository: Repository, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check("pack the objects held in memory", git_mempack_dump(&buffer, repository.pointer, backend))
        return try body(UnsafeRawBufferPointer(start: buffer.ptr.map(UnsafeRawPointer.init), count: buffer.ptr == nil ? 0 : buffer.size))
    }

    /// Forgets every object held (after they were written elsewhere, or to drop them).
    public func reset() throws {
        try check("empty the in-memory object store", git_mempack_reset(backend))
    }
}

extension Repository {
    /// A repository with no folder around an object database (`git_repository_wrap_odb`):
    /// trees and commits can be built in it, e.g. all in memory over a Mempack. Its
    /// configuration is empty: libgit2 would otherwise read the person's global and system
    /// files for it (the pack builder asks), whose settings are no business of ours.
    public static func wrapping(_ database: ObjectDatabase) throws -> Repository {
        var repo: OpaquePointer?
        try check("open a repository in memory", git_repository_wrap_odb(&repo, database.pointer))
        let repository = Repository(pointer: repo!)
        var config: OpaquePointer?
        try check("new configuration", git_config_new(&config))
        defer { git_config_free(config) }  // the repository keeps its own reference
        try check("set the configuration", git_repository_set_config(repo, config))
        return repository
    }

    /// This repository's object database.
    public func objectDatabase() throws -> ObjectDatabase {
        var odb: OpaquePointer?
        try check("open the object database", git_repository_odb(&odb, pointer))
        return ObjectDatabase(pointer: odb!)
    }
}
