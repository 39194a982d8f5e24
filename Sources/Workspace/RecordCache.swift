import Foundation
import Git
import Records

extension ParsedRecords {
    /// Records kept by git's own blob id of their bytes (`git hash-object`), the id the copy's
    /// index and commits give the same file.
    public static func byBlobID(budget: Int = 2 << 20) -> ParsedRecords {
        ParsedRecords(budget: budget) { bytes in
            try? Repository.blobID(of: Data(bytes)).description
        }
    }
}
