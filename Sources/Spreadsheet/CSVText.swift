import Foundation

/// CSV as Carnet writes and reads it (RFC 4180): the one writer of the dashboard's open data,
/// the communications log and `carnet export progress --format csv`, and the reader of a plan
/// kept as a folder of CSV files (`carnet plan import FOLDER`).
///
/// A CSV cell has no type: whoever opens the file in a spreadsheet decides, and a cell that
/// starts like a formula would be run. So the writer neutralises such a cell with an apostrophe
/// (OWASP "CSV injection"), and the reader takes that apostrophe off again, so what Carnet
/// wrote reads back as it was; a cell read from CSV is text, never a formula.
public enum CSVText {
    /// Every line break a CSV reader or a spreadsheet may honour: CR, LF (and so CR LF), and
    /// also VT, FF, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029),
    /// which some importers and text tools end a line at.
    public static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]

    /// Characters that make a spreadsheet read a cell as a formula when they come first
    /// (OWASP, CSV injection; ASVS 1.2.10): `=`, `+`, `-`, `@`, tab, carriage return, and also
    /// every other line break, NUL and the full-width forms of the first four.
    public static let formulaStarters: Set<Unicode.Scalar> = Set(["=", "+", "-", "@", "\t", "\0", "＝", "＋", "－", "＠"])
        .union(lineBreaks)

    /// Rows as CSV: comma-separated, quoted where needed, CR LF line ends, UTF-8 without BOM.
    public static func data(_ rows: [[String]]) -> Data {
        // Written as bytes: a quote is doubled byte by byte, also one a combining accent follows
        // (Foundation's replacingOccurrences compared characters and left `"` + U+0301 single,
        // which ended the quoted cell early).
        var out: [UInt8] = []
        out.reserveCapacity(rows.reduce(0) { $0 + $1.reduce(2) { $0 + $1.utf8.count + 1 } })
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(0x2C) }
                let s = neutralizingFormula(value)
                if needsQuotes(s) {
                    out.append(0x22)
                    for byte in s.utf8 {
                        if byte == 0x22 { out.append(0x22) }
                        out.append(byte)
                    }
                    out.append(0x22)
                } else {
                    out.append(contentsOf: s.utf8)
                }
            }
            out += [0x0D, 0x0A]
        }
        // No row at all is still one (empty) line, as the rows joined by CR LF were.
        if rows.isEmpty { out = [0x0D, 0x0A] }
        return Data(out)
    }

    /// Whether a cell is written in quotes: when it holds a comma, a quote or any line break. Decided on Unicode scalars:
    /// in Swift "\r\n" is one Character, equal neither to "\r" nor to "\n", so a test on
    /// Characters let a CR LF through unquoted (a new row). The bytes are looked at first: only
    /// a text with a byte that may start NEL, LS or PS (0xC2, 0xE2) is read by scalars.
    public static func needsQuotes(_ value: String) -> Bool {
        for byte in value.utf8 {
            switch byte {
            case 0x2C, 0x22, 0x0A, 0x0D, 0x0B, 0x0C: return true
            case 0xC2, 0xE2: return value.unicodeScalars.contains { $0 == "," || $0 == "\"" || lineBreaks.contains($0) }
            default: continue
            }
        }
        return false
    }

    /// A cell as text a spreadsheet shows and never runs: one that starts like a formula gets
    /// an apostrophe first (`=HYPERLINK(…)` is written `'=HYPERLINK(…)`). A record value is
    /// data; whoever opens the CSV should not run what a ministry typed. Only the cell's first
    /// character counts: a line inside a cell is not a cell (the cell is quoted, see
    /// `needsQuotes`), and spreadsheets evaluate a cell from its start only.
    public static func neutralizingFormula(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, formulaStarters.contains(first) else { return value }
        return "'" + value
    }

    /// The reverse, for a cell read back: `'=x` → `=x` (text).
    static func restoringFormulaText(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, formulaStarters.contains(second) else { return value }
        return String(value.unicodeScalars.dropFirst())
    }

    /// One CSV file as a sheet of text cells. UTF-8 only, with or without a byte-order mark:
    /// anything else (UTF-16, Windows-1252 as "CSV" from an older Excel) is refused, since a
    /// wrong guess would change letters silently. The separator is the first line's: a comma,
    /// or a semicolon as spreadsheets set to French write, or a tab.
    public static func sheet(_ data: Data, name: String, file: String,
                             limits: XLSXReader.Limits = XLSXReader.Limits()) throws -> ReadSheet {
        guard data.count <= limits.fileBytes else { throw SpreadsheetError.tooLarge(file) }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // UTF-16 (with or without its mark) is full of NUL bytes; UTF-8 text never holds one.
        guard !bytes.contains(0), let text = String(data: bytes, encoding: .utf8) else { throw SpreadsheetError.notUTF8(file) }
        let scalars = Array(text.unicodeScalars)
        let separator = sniffSeparator(scalars)
        var sheet = ReadSheet(name: name, hidden: false)
        var row = 0, column = 0, cells = 0, line = 1
        var field = String.UnicodeScalarView()
        var length = 0
        var quoted = false, inQuotes = false
        var i = 0
        func endField() throws {
            let value = restoringFormulaText(String(field))
            if !value.isEmpty {
                guard row < limits.rowsPerSheet, column < limits.columnsPerSheet else { throw SpreadsheetError.tooLarge(file) }
                cells += 1
                guard cells <= limits.cellsPerSheet else { throw SpreadsheetError.tooLarge(file) }
                sheet.cells[row, default: [:]][column] = ReadCell(.text(value))
            }
            field = String.UnicodeScalarView()
            length = 0
            quoted = false
            column += 1
        }
        while i < scalars.count {
            let s = scalars[i]
            if inQuotes {
                if s == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        length += 1
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if s == "\n" { line += 1 }
                    field.append(s)
                    length += 1
                }
            } else if s == "\"" && field.isEmpty && !quoted {
                inQuotes = true
                quoted = true
            } else if s == separator {
                try endField()
            } else if s == "\n" || s == "\r" {
                try endField()
                if s == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                row += 1
                line += 1
                column = 0
            } else {
                field.append(s)
                length += 1
            }
            if length > 1 << 20 { throw SpreadsheetError.tooLarge(file) }
            i += 1
        }
        if inQuotes { throw SpreadsheetError.malformed(file, "line \(line): a quoted cell is never closed") }
        if length > 0 || quoted || column > 0 { try endField() }
        return sheet
    }

    /// The separator most used outside quotes on the first line: `,` unless `;` or a tab is.
    static func sniffSeparator(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var comma = 0, semicolon = 0, tab = 0
        var inQuotes = false
        for s in scalars {
            if s == "\"" { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if s == "\n" || s == "\r" { break }
            if s == "," { comma += 1 } else if s == ";" { semicolon += 1 } else if s == "\t" { tab += 1 }
        }
        if semicolon > comma && semicolon >= tab { return ";" }
        if tab > comma && tab > semicolon { return "\t" }
        return ","
    }
}
