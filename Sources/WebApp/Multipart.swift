import Foundation

/// A `multipart/form-data` body (RFC 7578), read from bytes the guard has already bounded.
/// A file's name as the browser sent it is kept only as a hint (`EvidenceUpload.safeName`):
/// it is never used as a path.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var bytes: [UInt8]
    }

    var parts: [Part] = []

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
    }

    /// nil when the body is not well-formed multipart with this boundary.
    init?(_ body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { return nil }
        var index = delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[index...].starts(with: Array("--".utf8)) { return }
            guard body[index...].starts(with: [0x0D, 0x0A]) else { return nil }
            index += 2
            guard let headerEnd = MultipartForm.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: index) else { return nil }
            let head = String(decoding: body[index..<headerEnd], as: UTF8.self)
            guard let end = MultipartForm.find(separator, in: body, from: headerEnd + 4) else { return nil }
            guard let disposition = head.components(separatedBy: "\r\n")
                .first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = MultipartForm.parameter("name", in: disposition) else { return nil }
            parts.append(Part(name: name, filename: MultipartForm.parameter("filename", in: disposition),
                              bytes: Array(body[(headerEnd + 4)..<end])))
            index = end + separator.count
            guard parts.count <= 64 else { return nil }
        }
    }

    /// The value of the one field named so (a text field); nil when absent or repeated.
    func value(_ name: String) -> String? {
        let found = parts.filter { $0.name == name && $0.filename == nil }
        return found.count == 1 ? String(decoding: found[0].bytes, as: UTF8.self) : nil
    }

    /// The one file sent under this name, when a file was chosen.
    func file(_ name: String) -> Part? {
        let found = parts.filter { $0.name == name && $0.filename != nil }
        guard found.count == 1, let part = found.first, !(part.filename ?? "").isEmpty else { return nil }
        return part
    }

    /// `name="value"` in a Content-Disposition line (browsers escape `"` as %22).
    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count > 0, start <= haystack.count - needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { h -> Int? in
            let first = needle[0], last = h.count - needle.count
            var i = start
            while i <= last {
                if h[i] == first {
                    var j = 1
                    while j < needle.count && h[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
    }
}

/// An uploaded document on its way into the plan: written under a name made here into a
/// private temporary folder, then given to the engine of `carnet evidence add` (its size
/// limit, its duplicate check, its safe name in evidence/, its title from the name).
enum EvidenceUpload {
    /// The last component of what the browser sent, with anything that is not a letter, a
    /// digit, `.`, `-` or `_` replaced; never empty, never hidden, at most 100 characters.
    static func safeName(_ sent: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(last.precomposedStringWithCanonicalMapping.unicodeScalars.map { scalar -> Character in
            (CharacterSet.alphanumerics.contains(scalar) && scalar.properties.generalCategory != .format) || ".-_".unicodeScalars.contains(scalar)
                ? Character(scalar) : "-"
        })
        while name.hasPrefix(".") { name.removeFirst() }
        if name.count > 100 {
            let ext = (name as NSString).pathExtension
            name = String(name.prefix(100 - ext.count - 1)) + (ext.isEmpty ? "" : "." + ext)
        }
        return name.isEmpty ? "document" : name
    }
}
