// FoundationEssentials, not Foundation, as in the rest of Messages: carnet-daemon links this
// module, and Foundation would load ICU into it (DaemonEndToEndTests).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension Catalogue {
    /// Why reading or writing a file failed, in the reader's language: the system's error
    /// (Foundation's own sentence is English whatever the locale, and it was what the `{reason}`
    /// of a "cannot write" message showed). An error that is not the system's keeps its own text.
    public static func reason(for error: any Error) -> String {
        guard let code = systemCode(of: error) else {
            // Not the system's (a git or archive error): its own words, as Foundation gives them.
            return (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        }
        switch code {
        case ENOENT: return text("io7.missing")
        case EACCES, EPERM: return text("io7.permission")
        case ENOSPC, EDQUOT: return text("io7.full")
        case EROFS: return text("io7.read-only")
        case EEXIST: return text("io7.exists")
        case EISDIR: return text("io7.is-folder")
        case ENOTDIR: return text("io7.not-folder")
        case ELOOP: return text("io7.link")
        case EIO: return text("io7.disk")
        case ENAMETOOLONG: return text("io7.name-too-long")
        default: return text("io7.system", ["code": .number(Int(code)), "detail": .text(String(cString: strerror(code)))])
        }
    }

    /// The system's error number behind `error`, when it has one.
    static func systemCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        guard let cocoa = error as? CocoaError else { return nil }
        // NSUnderlyingErrorKey's value: the name is Foundation's, not FoundationEssentials'.
        if let underlying = cocoa.userInfo["NSUnderlyingError"] as? POSIXError { return underlying.code.rawValue }
        switch cocoa.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteFileExists: return EEXIST
        default: return nil
        }
    }
}
