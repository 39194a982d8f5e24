import Foundation
import Messages

/// Checks raw bytes before a YAML parser sees them, so that no input can crash, hang or exhaust
/// the parser: size, UTF-8, control characters, nesting depth, and anchors/aliases/tags
/// (which records never need, and which allow "billion laughs" bombs).
public struct YAMLGuard: Sendable {
    public static let maxRecordBytes = 1 << 20
    public static let maxDepth = 32

    public var maxBytes = YAMLGuard.maxRecordBytes
    public var maxDepth = YAMLGuard.maxDepth

    public init() {}

    /// The text, or the first problem found (one is enough: the file must be fixed first).
    public func check(_ bytes: [UInt8], path: String) -> Result<String, Diagnostic> {
        if bytes.count > maxBytes {
            return .failure(Diagnostic(Location(path: path), .error,
                Said("records.file-too-large", ["limit": .text(String(maxBytes))])))
        }
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = position(of: bad, in: bytes)
            return .failure(Diagnostic(Location(path: path, line: line, column: column), .error,
                Said("records.not-utf8", ["byte": .text(String(bytes[bad], radix: 16, uppercase: true))])))
        }
        if let problem = scan(bytes, path: path) { return .failure(problem) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    private func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            if b & 0xE0 == 0xC0 { length = 2; minimum = 0x80 }
            else if b & 0xF0 == 0xE0 { length = 3; minimum = 0x800 }
            else if b & 0xF8 == 0xF0 { length = 4; minimum = 0x10000 }
            else { return i }
            guard i + length <= n else { return i }
            var scalar = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }

    private func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes[..<offset] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// A single pass over the bytes that tracks quotes, comments, block scalars and nesting.
    /// It errs on the side of refusing: a refused file gets a message saying how to write it.
    /// Bytes, not Characters: multi-byte UTF-8 never contains an ASCII byte, and it is fast.
    private func scan(_ bytes: [UInt8], path: String) -> Diagnostic? {
        let space: UInt8 = 0x20, tab: UInt8 = 0x09, hash: UInt8 = 0x23
        var lineNumber = 0
        var blockScalarParentIndent: Int? = nil   // inside a `|` or `>` block scalar
        var quote: UInt8? = nil                    // inside a multi-line quoted scalar
        var flowDepth = 0
        var indentStack: [Int] = []
        var lineStart = 0

        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            var line = bytes[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            func diag(_ offset: Int, _ message: Said) -> Diagnostic {
                let column = 1 + line[line.startIndex..<offset].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
                return Diagnostic(Location(path: path, line: lineNumber, column: column), .error, message)
            }
            for i in line.indices where (line[i] < 0x20 && line[i] != tab) || line[i] == 0x7F {
                return diag(i, Said("records.control-character", ["code": .text(TextRule.code(Unicode.Scalar(line[i])))]))
            }
            let indent = line.prefix { $0 == space }.count
            let first = line.startIndex + indent
            let isBlank = line.allSatisfy { $0 == space || $0 == tab }
            if let parent = blockScalarParentIndent {
                if isBlank || indent > parent { continue }
                blockScalarParentIndent = nil
            }
            // YAML forbids tabs in indentation, and libyaml's own words for it ("found character
            // that cannot start any token") do not say what to do. Inside quotes and brackets a
            // tab only separates; in a block scalar's text (handled above) it is text.
            if quote == nil && flowDepth == 0 && !isBlank, line[first] == tab,
               let content = line[first...].first(where: { $0 != space && $0 != tab }), content != hash {
                return diag(first, Said("records.tab-indent"))
            }
            if quote == nil && flowDepth == 0 && !isBlank && line[first] != hash {
                while let top = indentStack.last, top >= indent { indentStack.removeLast() }
                indentStack.append(indent)
                if indentStack.count > maxDepth {
                    return diag(first, Said("records.too-deep", ["depth": .number(maxDepth)]))
                }
            }
            var i = quote == nil ? first : line.startIndex
            var nodeStart = quote == nil
            var sequenceDepth = 0
            var commentStart = line.endIndex
            func next(_ k: Int) -> UInt8? { k + 1 < line.endIndex ? line[k + 1] : nil }
            // `--- ` starts the document; what follows it on the line is a node (`--- !!tag`, `--- &anchor`).
            if quote == nil && indent == 0 && line.starts(with: Array("---".utf8))
                && (line.count == 3 || line[first + 3] == space || line[first + 3] == tab) {
                i = first + 3
            }
            while i < line.endIndex {
                let c = line[i]
                if let q = quote {
                    if q == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") { i += 2; continue }
                    if c == q {
                        if q == UInt8(ascii: "'") && next(i) == q { i += 2; continue }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                if c == hash && (i == line.startIndex || line[i - 1] == space || line[i - 1] == tab) {
                    commentStart = i
                    break
                }
                if nodeStart {
                    if c == space || c == tab { i += 1; continue }
                    if c == UInt8(ascii: "&") || c == UInt8(ascii: "*") || c == UInt8(ascii: "!") {
                        return diag(i, c == UInt8(ascii: "&") ? Said("records.anchor")
                                       : c == UInt8(ascii: "*") ? Said("records.alias") : Said("records.tag"))
                    }
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c; nodeStart = false; i += 1; continue }
                    if (c == UInt8(ascii: "-") || c == UInt8(ascii: "?")) && (next(i) == nil || next(i) == space) {
                        if c == UInt8(ascii: "-") { sequenceDepth += 1 }
                        if indentStack.count + sequenceDepth + flowDepth > maxDepth {
                            return diag(i, Said("records.too-deep", ["depth": .number(maxDepth)]))
                        }
                        i += 1
                        continue
                    }
                    nodeStart = false
                }
                switch c {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    if flowDepth + indentStack.count > maxDepth {
                        return diag(i, Said("records.too-deep", ["depth": .number(maxDepth)]))
                    }
                    nodeStart = true
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flowDepth = max(0, flowDepth - 1)
                case UInt8(ascii: ","):
                    if flowDepth > 0 { nodeStart = true }
                case UInt8(ascii: ":"):
                    let n = next(i)
                    if n == nil || n == space || n == tab || (flowDepth > 0 && (n == UInt8(ascii: ",") || n == UInt8(ascii: "}"))) {
                        nodeStart = true
                    }
                default:
                    break
                }
                i += 1
            }
            // A line ending in a block scalar indicator (`|`, `>-`, `|2+`…) starts a block
            // scalar: the lines that follow, more indented, are text, not structure.
            if quote == nil && endsWithBlockIndicator(line[line.startIndex..<commentStart]) {
                blockScalarParentIndent = indent
            }
        }
        return nil
    }

    private func endsWithBlockIndicator(_ line: ArraySlice<UInt8>) -> Bool {
        var end = line.endIndex
        while end > line.startIndex && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        var k = end
        var sawIndicator = false
        while k > line.startIndex {
            let c = line[k - 1]
            if c == UInt8(ascii: "|") || c == UInt8(ascii: ">") { sawIndicator = true }
            else if !(c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || (0x30...0x39).contains(c)) { break }
            k -= 1
        }
        guard sawIndicator else { return false }
        if k == line.startIndex { return true }
        let before = line[k - 1]
        return before == 0x20 || before == UInt8(ascii: ":") || before == UInt8(ascii: "-")
    }
}
