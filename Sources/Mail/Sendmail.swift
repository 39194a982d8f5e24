import Foundation

/// The machine's own mail program (`sendmail -i -- address`, which Postfix, Exim and msmtp all
/// provide): it relays the way the machine is set up to, TLS included.
public enum Sendmail {
    public static let candidates = ["/usr/sbin/sendmail", "/usr/lib/sendmail"]

    /// The program, when this machine has one.
    public static var path: String? { candidates.first { FileManager.default.isExecutableFile(atPath: $0) } }

    public enum Failure: Error, Equatable, Sendable {
        case failed(status: Int32, words: String)
    }

    /// Hands one message over. The address has passed EmailAddress (it cannot start with `-`,
    /// and `--` ends the options anyway).
    public static func send(_ message: [UInt8], to address: String, program: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-i", "--", address]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // sendmail wants LF lines on its standard input.
        let unix = String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        try? input.fileHandleForWriting.write(contentsOf: Data(unix.utf8))
        try? input.fileHandleForWriting.close()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.failed(status: process.terminationStatus, words: SMTPClient.visible(String(decoding: said.prefix(300), as: UTF8.self)))
        }
    }
}
