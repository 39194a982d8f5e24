import Messages

/// `C5` ⇄ (column 2, row 4), zero-based; and `Sheet!C5` as people read it in messages.
public enum CellReference {
    public static func column(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    public static func name(column: Int, row: Int) -> String { CellReference.column(column) + String(row + 1) }

    /// `Jalons!G7`; a sheet name with spaces or punctuation is quoted, as spreadsheets write it.
    public static func named(sheet: String, column: Int, row: Int) -> String {
        let plain = sheet.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        let shownSheet = plain ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        return shownSheet + "!" + name(column: column, row: row)
    }

    /// Parses `C5` (letters then digits); nil for anything else, or beyond the limits.
    static func parse(_ ref: String) -> (column: Int, row: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for s in ref.unicodeScalars {
            if digits == 0, ("A"..."Z").contains(s) {
                column = column * 26 + Int(s.value - 64)
                letters += 1
            } else if ("0"..."9").contains(s) {
                row = row * 10 + Int(s.value - 48)
                digits += 1
            } else {
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return (column - 1, row - 1)
    }
}

/// Spreadsheet date serials: days since 1899-12-30 (the 1900 system, which counts a 29 February
/// 1900 that never was: serials before 61 are one day off and are never written), or since
/// 1904-01-01 in a workbook marked `date1904`.
enum DateSerial {
    /// Days from 1970-01-01 (Messages' CivilDay: one day arithmetic for Records and here).
    static func days(year: Int, month: Int, day: Int) -> Int { CivilDay.days(year: year, month: month, day: day) }

    static func civil(_ z0: Int) -> (year: Int, month: Int, day: Int) { CivilDay.date(z0) }

    static let epoch1900 = days(year: 1899, month: 12, day: 30)
    static let epoch1904 = days(year: 1904, month: 1, day: 1)

    static func serial(year: Int, month: Int, day: Int) -> Int { days(year: year, month: month, day: day) - epoch1900 }

    /// The day a serial names (its time of day dropped); nil outside 1900–9999.
    static func day(serial: Double, date1904: Bool) -> (year: Int, month: Int, day: Int)? {
        guard serial.isFinite, serial >= 61, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        return civil(whole + (date1904 ? epoch1904 : epoch1900))
    }
}
