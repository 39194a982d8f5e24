import CGit2
import Foundation

/// Who made a commit, and when.
public struct Signature: Sendable, Equatable {
    public var name: String
    public var email: String
    public var time: Date
    /// Minutes east of UTC.
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Date = Date(), offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ raw: UnsafePointer<git_signature>) {
        name = String(cString: raw.pointee.name)
        email = String(cString: raw.pointee.email)
        time = Date(timeIntervalSince1970: TimeInterval(raw.pointee.when.time))
        offsetMinutes = Int(raw.pointee.when.offset)
    }

    /// Makes a libgit2 signature for the duration of `body`.
    func withRaw<T>(_ body: (UnsafePointer<git_signature>) throws -> T) throws -> T {
        var raw: UnsafeMutablePointer<git_signature>?
        try check("make signature for \(name) <\(email)>",
                  git_signature_new(&raw, name, email, git_time_t(time.timeIntervalSince1970), Int32(offsetMinutes)))
        defer { git_signature_free(raw) }
        return try body(raw!)
    }
}

extension Repository {
    /// The author from user.name and user.email, as git would use; nil when not configured.
    public func configuredSignature() throws -> Signature? {
        var raw: UnsafeMutablePointer<git_signature>?
        let result = git_signature_default(&raw, pointer)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("read user.name and user.email", result)
        defer { git_signature_free(raw) }
        var signature = Signature(raw!)
        signature.offsetMinutes = TimeZone.current.secondsFromGMT() / 60
        return signature
    }
}
