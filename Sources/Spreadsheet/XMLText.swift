import Foundation

/// XML text built by construction: every character of content goes through `escaped`, and
/// element and attribute names are Carnet's own constants. There is no way to put record text
/// into the markup itself.
///
/// Why not XMLCoder: the parts of a workbook are a handful of fixed shapes written in a hot
/// loop (10,000 rows in under a second); a coder's reflection would cost more than the rest of
/// the export, and adding a dependency for 60 lines was not worth it. Reading uses Foundation's
/// XMLParser (XLSXReader), which exists on Linux in FoundationXML.
struct XMLText {
    /// UTF-8, appended in place: a workbook's parts are megabytes written a few bytes at a time
    /// (a String's appends, and a String made for each constant, were most of a workbook's cost).
    private(set) var bytes: [UInt8] = []

    init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }
    var data: Data { Data(bytes) }

    mutating func raw(_ markup: StaticString) { append(markup) }

    /// A constant's bytes appended as they are (no String made for it, nor for `"<" + name`:
    /// a workbook opens and closes some hundred thousand elements).
    private mutating func append(_ constant: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: constant.utf8Start, count: constant.utf8CodeUnitCount))
    }

    /// `<name a="v" …>`; `close`: `<name …/>`.
    mutating func open(_ name: StaticString, _ attributes: [(StaticString, String)] = [], close: Bool = false) {
        bytes.append(0x3C)  // <
        append(name)
        for (key, value) in attributes { attribute(key, value) }
        if close { bytes.append(0x2F) }  // /
        bytes.append(0x3E)  // >
    }

    /// ` key="value"` inside a start tag begun with `raw` (a hot loop's own tag, without an
    /// array of attributes for each cell).
    mutating func attribute(_ key: StaticString, _ value: String) {
        bytes.append(0x20)
        append(key)
        bytes.append(0x3D)  // =
        bytes.append(0x22)  // "
        XMLText.escape(value, into: &bytes, attribute: true, ooxml: ooxml)
        bytes.append(0x22)
    }

    mutating func end(_ name: StaticString) {
        bytes.append(0x3C)
        bytes.append(0x2F)
        append(name)
        bytes.append(0x3E)
    }

    mutating func content(_ value: String) { XMLText.escape(value, into: &bytes, attribute: false, ooxml: ooxml) }

    /// Office Open XML's `_xHHHH_` escape for what XML cannot hold (the default); OpenDocument
    /// has no such escape: there a character XML cannot hold becomes U+FFFD (ODSWriter).
    var ooxml = true

    /// `<name>value</name>`.
    mutating func element(_ name: StaticString, _ value: String, _ attributes: [(StaticString, String)] = []) {
        open(name, attributes)
        content(value)
        end(name)
    }

    /// Escapes markup characters; a carriage return and tab are written as references so a
    /// parser gives them back (XML folds a bare CR into LF); a character XML 1.0 cannot hold
    /// (C0 controls, U+FFFE, U+FFFF) and a literal `_xHHHH_` are written in Office Open XML's
    /// own escape (`_x001B_`; `_x005F_` for the `_`), which Excel, LibreOffice and openpyxl undo.
    static func escape(_ value: String, into out: inout [UInt8], attribute: Bool, ooxml: Bool = true) {
        // Most cells need nothing escaped: their bytes are checked once and appended whole (a
        // workbook's cells were a character at a time). Any byte that might need a change —
        // markup, a control, `_`, or 0xEF, which starts U+FFFE and U+FFFF — takes the way below.
        // (`_` matters to Office Open XML only: OpenDocument's cells skip it.)
        let underscore: UInt8 = ooxml ? 0x5F : 0x26
        var value = value
        let plain = value.withUTF8 { b -> Bool in
            for byte in b where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == underscore || byte == 0xEF {
                return false
            }
            out.append(contentsOf: b)
            return true
        }
        if plain { return }
        func add(_ s: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
        func addScalar(_ s: Unicode.Scalar) { UTF8.encode(s) { out.append($0) } }
        let scalars = Array(value.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            switch s {
            case "&": add("&amp;")
            case "<": add("&lt;")
            case ">": add("&gt;")
            case "\"" where attribute: add("&quot;")
            case "\r": add("&#13;")
            case "\t" where attribute: add("&#9;")
            case "\n" where attribute: add("&#10;")
            case "\t", "\n": addScalar(s)
            case "_" where ooxml && OOXMLEscape.isEscapeAt(scalars, i): add("_x005F_")
            default:
                if s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF {
                    if ooxml { out.append(contentsOf: OOXMLEscape.code(s.value).utf8) } else { add("\u{FFFD}") }
                } else {
                    addScalar(s)
                }
            }
            i += 1
        }
    }
}

/// Office Open XML's escape for characters XML cannot hold: `_xHHHH_` (ECMA-376 Part 1, 22.9.2.19).
enum OOXMLEscape {
    static func code(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "_x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "_"
    }

    static func isHex(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || ("a"..."f").contains(s) || ("A"..."F").contains(s)
    }

    /// Whether `_xHHHH_` starts at `i`.
    static func isEscapeAt(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 6 < scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_" else { return false }
        return (i + 2...i + 5).allSatisfy { isHex(scalars[$0]) }
    }

    /// Undoes the escape in text read from a workbook.
    static func decode(_ text: String) -> String {
        // A byte scan: Foundation's String.contains goes through NSString (the cell text of a
        // large workbook, every cell).
        guard zip(text.utf8, text.utf8.dropFirst()).contains(where: { $0 == UInt8(ascii: "_") && $1 == UInt8(ascii: "x") }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if isEscapeAt(scalars, i), let v = UInt32(String(String.UnicodeScalarView(scalars[i + 2...i + 5])), radix: 16),
               let s = Unicode.Scalar(v) {
                out.append(s)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }
}
