import Foundation

/// The secret of this installation's `carnet web`: whoever presents it may read and write the
/// copies served. It lives in a file only its owner can read (0600, in a 0700 folder), made on
/// first use from the system's random generator; a file that others could read is not trusted
/// (it is replaced by a new secret, so a leaked one stops working).
public enum WebSecret {
    /// `$XDG_CONFIG_HOME/carnet/web-secret`, else `~/.config/carnet/web-secret`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return config + "/carnet/web-secret"
    }

    /// The secret stored at `path`, made (or made again, when its file is readable by others or
    /// does not hold a secret) as needed.
    public static func loadOrCreate(at path: String = defaultPath()) throws -> String {
        if let existing = read(path) { return existing }
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let secret = fresh()
        // A new file by name, 0600 from its creation, then renamed over the old one.
        let temporary = path + ".\(getpid()).tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw WebSecretError(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array((secret + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw WebSecretError(path: path, reason: String(cString: strerror(errno)))
        }
        return secret
    }

    /// 32 random bytes as 64 lowercase hex digits.
    public static func fresh() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    /// The secret in the file, when it is a plain file of ours that only we can read or write.
    static func read(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid(),
              info.st_mode & 0o077 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.count == 64, secret.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return secret
    }
}

public struct WebSecretError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write the web secret \(path): \(reason)" }
}

/// Compares two strings in time that depends only on their lengths (a secret or a token).
func sameSecret(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<x.count { difference |= x[i] ^ y[i] }
    return difference == 0
}
