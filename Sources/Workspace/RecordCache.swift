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

    /// For one command that reads the plan at several commits (a report: today, and the end of
    /// each reporting period): nothing is forgotten while it runs, so a file the same at two
    /// commits is parsed once; it all goes when the command lets go of it.
    public static func forOneRun() -> ParsedRecords { byBlobID(budget: .max) }
}
