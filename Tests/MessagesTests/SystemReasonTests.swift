import Foundation
import XCTest
@testable import Messages

/// The `{reason}` of a "cannot write" or "cannot read" message is the catalogue's sentence for the
/// system's error, in the reader's language: Foundation's own sentence is English whatever the
/// locale ("You don't have permission to save the file…"), and French-speaking staff read it.
final class SystemReasonTests: XCTestCase {
    func testEachCommonSystemErrorIsSaidInEveryLanguage() {
        let codes: [Int32] = [ENOENT, EACCES, EPERM, ENOSPC, EDQUOT, EROFS, EEXIST, EISDIR, ENOTDIR, ELOOP, EIO, ENAMETOOLONG, EXDEV]
        for code in codes {
            // As Foundation throws them: a POSIXError, or a CocoaError with or without one under it.
            let posix = POSIXError(POSIXErrorCode(rawValue: code)!)
            let errors: [any Error] = [posix, CocoaError(.fileWriteUnknown, userInfo: [NSUnderlyingErrorKey: posix])]
            for error in errors {
                XCTAssertEqual(Catalogue.systemCode(of: error), code)
                let english = Catalogue.shared.text(Self.key(code), in: "en", Self.arguments(code))
                let french = Catalogue.shared.text(Self.key(code), in: "fr", Self.arguments(code))
                XCTAssertNotEqual(english, french, "\(code)")
                XCTAssertFalse(english.contains("{") || french.contains("{"), "\(code): \(english) / \(french)")
                XCTAssertEqual(Self.saying(error, in: "fr"), french)
                XCTAssertEqual(Self.saying(error, in: "en"), english)
            }
        }
        // Foundation's codes without an error underneath.
        XCTAssertEqual(Catalogue.systemCode(of: CocoaError(.fileWriteNoPermission)), EACCES)
        XCTAssertEqual(Catalogue.systemCode(of: CocoaError(.fileNoSuchFile)), ENOENT)
        XCTAssertEqual(Catalogue.systemCode(of: CocoaError(.fileWriteOutOfSpace)), ENOSPC)
        // Not the system's: its own words.
        struct Own: Error, LocalizedError { var errorDescription: String? { "its own words" } }
        XCTAssertNil(Catalogue.systemCode(of: Own()))
        XCTAssertEqual(Catalogue.reason(for: Own()), "its own words")
    }

    /// Every place that shows why a file could not be read or written goes through
    /// `Catalogue.reason(for:)`; Foundation's English `localizedDescription` is read nowhere else
    /// (the two left: an XML parser's message inside a diagnostic built from it, and a message
    /// handed to libgit2, which keeps English).
    func testNoMessageShowsFoundationsEnglishReason() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let allowed: Set<String> = ["SystemReason.swift", "XMLParts.swift", "SSHExecTransport.swift"]
        var found: [String] = []
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        where file.pathExtension == "swift" && !allowed.contains(file.lastPathComponent) {
            let text = try String(contentsOf: file, encoding: .utf8)
            if text.contains(".localizedDescription") { found.append(file.lastPathComponent) }
        }
        XCTAssertEqual(found, [], "use Catalogue.reason(for: error)")
    }

    static func key(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "io7.missing"
        case EACCES, EPERM: return "io7.permission"
        case ENOSPC, EDQUOT: return "io7.full"
        case EROFS: return "io7.read-only"
        case EEXIST: return "io7.exists"
        case EISDIR: return "io7.is-folder"
        case ENOTDIR: return "io7.not-folder"
        case ELOOP: return "io7.link"
        case EIO: return "io7.disk"
        case ENAMETOOLONG: return "io7.name-too-long"
        default: return "io7.system"
        }
    }

    static func arguments(_ code: Int32) -> [String: MessageArgument] {
        ["code": .number(Int(code)), "detail": .text(String(cString: strerror(code)))]
    }

    static func saying(_ error: any Error, in language: String) -> String {
        let before = Catalogue.language
        Catalogue.language = language
        defer { Catalogue.language = before }
        return Catalogue.reason(for: error)
    }
}
