import CGit2

/// A failed libgit2 call: the operation we attempted, libgit2's code and class, and its message.
public struct GitError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        case notFound, exists, ambiguous, bufferTooShort, user, bareRepository, unbornBranch
        case unmerged, nonFastForward, invalidSpec, conflict, locked, modified, auth, certificate
        case applied, peel, eof, invalid, uncommitted, directory, mergeConflict, passthrough
        case iterationOver, retry, mismatch, indexDirty, applyFail, owner, other(Int32)

        init(_ raw: Int32) {
            switch raw {
            case GIT_ENOTFOUND.rawValue: self = .notFound
            case GIT_EEXISTS.rawValue: self = .exists
            case GIT_EAMBIGUOUS.rawValue: self = .ambiguous
            case GIT_EBUFS.rawValue: self = .bufferTooShort
            case GIT_EUSER.rawValue: self = .user
            case GIT_EBAREREPO.rawValue: self = .bareRepository
            case GIT_EUNBORNBRANCH.rawValue: self = .unbornBranch
            case GIT_EUNMERGED.rawValue: self = .unmerged
            case GIT_ENONFASTFORWARD.rawValue: self = .nonFastForward
            case GIT_EINVALIDSPEC.rawValue: self = .invalidSpec
            case GIT_ECONFLICT.rawValue: self = .conflict
            case GIT_ELOCKED.rawValue: self = .locked
            case GIT_EMODIFIED.rawValue: self = .modified
            case GIT_EAUTH.rawValue: self = .auth
            case GIT_ECERTIFICATE.rawValue: self = .certificate
            case GIT_EAPPLIED.rawValue: self = .applied
            case GIT_EPEEL.rawValue: self = .peel
            case GIT_EEOF.rawValue: self = .eof
            case GIT_EINVALID.rawValue: self = .invalid
            case GIT_EUNCOMMITTED.rawValue: self = .uncommitted
            case GIT_EDIRECTORY.rawValue: self = .directory
            case GIT_EMERGECONFLICT.rawValue: self = .mergeConflict
            case GIT_PASSTHROUGH.rawValue: self = .passthrough
            case GIT_ITEROVER.rawValue: self = .iterationOver
            case GIT_RETRY.rawValue: self = .retry
            case GIT_EMISMATCH.rawValue: self = .mismatch
            case GIT_EINDEXDIRTY.rawValue: self = .indexDirty
            case GIT_EAPPLYFAIL.rawValue: self = .applyFail
            case GIT_EOWNER.rawValue: self = .owner
            default: self = .other(raw)
            }
        }
    }

    public let operation: String
    public let code: Code
    public let errorClass: Int32
    public let message: String

    public init(operation: String, code: Code, errorClass: Int32 = 0, message: String) {
        self.operation = operation
        self.code = code
        self.errorClass = errorClass
        self.message = message
    }

    /// Reads `git_error_last()` at once: it is per thread and the next call may overwrite it.
    /// In 1.5 it may be NULL, so the message falls back to the code.
    static func last(_ operation: String, _ result: Int32) -> GitError {
        if let err = git_error_last() {
            let message = err.pointee.message.map { String(cString: $0) } ?? "error \(result)"
            return GitError(operation: operation, code: Code(result), errorClass: err.pointee.klass, message: message)
        }
        return GitError(operation: operation, code: Code(result), message: "libgit2 returned \(result)")
    }

    public var description: String { "\(operation): \(message)" }
}

/// Runs a libgit2 call and throws its error on a negative result.
@discardableResult
func check(_ operation: @autoclosure () -> String, _ result: Int32) throws -> Int32 {
    guard result >= 0 else { throw GitError.last(operation(), result) }
    return result
}
