import CGit2
import Foundation

extension Repository {
    /// The id git would give these bytes as a blob (`git hash-object`), without writing anything.
    public static func blobID(of data: Data) throws -> ObjectID {
        Libgit2.ensureInitialised()   // callers may hash before opening any repository
        var oid = git_oid()
        let result = data.withUnsafeBytes { bytes in
            git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB)
        }
        try check("hash \(data.count) bytes", result)
        return ObjectID(oid)
    }
}
