import Foundation
import Records

/// A standard email message (RFC 5322, MIME: RFC 2045–2047): multipart/alternative, plain text
/// then HTML, both UTF-8 in base64 (lines of 76, any accent safe through any relay).
///
/// Every header value that comes from a record (a name, a subject built from a title) is
/// hostile: a CR or LF in it would end the header and start another (`Bcc:`…). Values are
/// checked with the one rule for one-line text (TextRule.line: no control character, no line
/// break, no bidi override) and addresses with the one email grammar (EmailAddress); a value
/// that breaks either is refused, never cleaned up. What passes is written as an RFC 2047
/// encoded word whenever it is not plain printable ASCII, so no byte of it reaches the header
/// as syntax.
public struct MailMessage: Sendable {
    public struct Mailbox: Sendable, Equatable {
        public var name: String
        public var address: String
        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// A header value holds a character a header may not (the field and the character's name).
        case unsafeHeader(field: String, character: String)
        /// An address that is not a plain address (the field and the grammar's words).
        case badAddress(field: String, problem: String)
    }

    public var from: Mailbox
    public var to: Mailbox
    public var subject: String
    public var plain: String
    public var html: String
    public var date: Date
    public var language: String

    public init(from: Mailbox, to: Mailbox, subject: String, plain: String, html: String, date: Date = Date(), language: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.plain = plain
        self.html = html
        self.date = date
        self.language = language
    }

    /// The message as bytes, lines ended by CRLF; throws Refusal for a hostile value.
    public func encoded() throws -> [UInt8] {
        let fromHeader = try Self.mailbox(from, field: "From")
        let toHeader = try Self.mailbox(to, field: "To")
        let subjectHeader = try Self.headerText(subject, field: "Subject")
        guard let language = LanguageCode(language) else { throw Refusal.unsafeHeader(field: "Content-Language", character: language) }
        let domain = String(from.address.split(separator: "@").last ?? "carnet.invalid")
        let boundary = "=_carnet_" + Self.randomHex(12)
        let messageID = "<\(Self.randomHex(12)).\(Int(date.timeIntervalSince1970))@\(domain)>"
        var lines = [
            "Date: " + Self.rfc5322Date(date),
            "From: " + fromHeader,
            "To: " + toHeader,
            "Subject: " + subjectHeader,
            "Message-ID:" + Self.folded(messageID, after: "Message-ID:"),
            "MIME-Version: 1.0",
            "Content-Language: " + language.code,
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
            "This is a message in MIME format.",
        ]
        for (type, body) in [("text/plain", plain), ("text/html", html)] {
            lines += ["--" + boundary,
                      "Content-Type: \(type); charset=UTF-8",
                      "Content-Transfer-Encoding: base64",
                      ""]
            lines += Self.base64Lines(Array(body.utf8))
        }
        lines.append("--" + boundary + "--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// ` value` on the header's line, or on a continuation line when it would pass 78 columns.
    static func folded(_ value: String, after name: String) -> String {
        name.count + 1 + value.count > 78 ? "\r\n " + value : " " + value
    }

    /// `Name <address>`, the name quoted or encoded.
    static func mailbox(_ box: Mailbox, field: String) throws -> String {
        if let problem = EmailAddress.problem(box.address) { throw Refusal.badAddress(field: field, problem: problem) }
        let name = try headerText(box.name, field: field, phrase: true)
        guard !name.isEmpty else { return box.address }
        // Folded before the address when the line would pass 78 columns (RFC 5322 §2.1.1).
        let lastLine = name.components(separatedBy: "\r\n").last ?? name
        return field.count + 2 + lastLine.count + box.address.count + 3 > 78 ? "\(name)\r\n <\(box.address)>" : "\(name) <\(box.address)>"
    }

    /// A header value: as is when printable ASCII (a name quoted, specials and all), else
    /// encoded words of at most 75 characters, split between characters, never inside one.
    static func headerText(_ value: String, field: String, phrase: Bool = false) throws -> String {
        if let c = TextRule.line.forbidden(in: value) { throw Refusal.unsafeHeader(field: field, character: TextRule.name(c)) }
        let ascii = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if ascii, value.utf8.count <= 70 {
            guard phrase else { return value }
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return value.isEmpty ? "" : "\"\(escaped)\""
        }
        // 39 bytes of UTF-8 give 52 characters of base64: with `=?UTF-8?B?` and `?=`, 64, and
        // with the longest field name before it ("Subject: "), 73: within 78 columns.
        var words: [String] = [], chunk: [UInt8] = []
        for character in value {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let all = Data(bytes).base64EncodedString()
        var out: [String] = [], rest = Substring(all)
        while !rest.isEmpty {
            out.append(String(rest.prefix(76)))
            rest = rest.dropFirst(76)
        }
        return out
    }

    /// `Mon, 30 Nov 2026 21:11:36 +0000` (RFC 5322 §3.3, in UTC: no time zone to guess).
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// A language code fit for a header: two or three ASCII letters.
    struct LanguageCode {
        let code: String
        init?(_ value: String) {
            guard (2...3).contains(value.count), value.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
            code = value
        }
    }
}
