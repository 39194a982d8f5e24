import Foundation

/// The encodings of a Workbook: one model, one layout, one validation; the format is only how
/// the file is written (docs/SPREADSHEETS.md).
public enum SpreadsheetFormat: String, Sendable, CaseIterable {
    /// Office Open XML (Excel's own), XLSXWriter / XLSXReader.
    case xlsx
    /// OpenDocument (LibreOffice's own), ODSWriter / ODSReader.
    case ods
    /// A folder with one CSV file per visible sheet (CSVText).
    case csv
}

/// Reading a spreadsheet someone else saved, whatever its name says.
public enum SpreadsheetReader {
    /// An .xlsx, .ods or .fods file, told apart by what the file holds, not by its name (a
    /// workbook renamed, or saved by a program that names it otherwise, reads the same).
    public static func read(_ data: Data, file: String, limits: XLSXReader.Limits = XLSXReader.Limits()) throws -> ReadWorkbook {
        guard data.count <= limits.fileBytes else { throw SpreadsheetError.tooLarge(file) }
        // A flat OpenDocument file (.fods) is one XML document, not a zip.
        if ODSReader.looksLikeXML(data) { return try ODSReader.readFlat(data, file: file, limits: limits) }
        let package = try Package(data: data, file: file, limits: limits)
        if package.contains("[Content_Types].xml") || !(package.contains("content.xml") || package.contains("mimetype")) {
            return try XLSXReader.read(package)
        }
        return try ODSReader.read(package)
    }

    /// At most this many CSV files in a folder (a plan has four sheets, five with progress).
    static let csvFiles = 50

    /// A folder of CSV files, one sheet each, named by the file (`Engagements.csv` is the sheet
    /// `Engagements`). Only regular `.csv` files directly in the folder are read: links, folders
    /// and hidden files are left alone, and each file and all together are held to the limits.
    public static func readCSVFolder(_ path: String, limits: XLSXReader.Limits = XLSXReader.Limits()) throws -> ReadWorkbook {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: path)
        var sheets: [ReadSheet] = []
        var total = 0
        for name in names.sorted() where !name.hasPrefix(".") && name.lowercased().hasSuffix(".csv") {
            let full = URL(fileURLWithPath: path).appendingPathComponent(name)
            // attributesOfItem does not follow a link: a link is not a regular file.
            guard let attributes = try? fm.attributesOfItem(atPath: full.path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            guard sheets.count < csvFiles else { throw SpreadsheetError.tooLarge(path) }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            total += size
            guard size <= limits.fileBytes, total <= limits.totalBytes else { throw SpreadsheetError.tooLarge(name) }
            let data = try Data(contentsOf: full)
            let sheetName = String(name.dropLast(4)).precomposedStringWithCanonicalMapping
            sheets.append(try CSVText.sheet(data, name: sheetName, file: name, limits: limits))
        }
        guard !sheets.isEmpty else { throw SpreadsheetError.notAWorkbook(path) }
        return ReadWorkbook(sheets: sheets)
    }
}

/// Writing a Workbook in the format asked for.
public enum SpreadsheetWriter {
    /// The file's bytes (.xlsx or .ods; CSV is a folder, `writeCSVFolder`).
    public static func data(_ workbook: Workbook, format: SpreadsheetFormat) throws -> Data {
        switch format {
        case .xlsx: return try XLSXWriter.data(workbook)
        case .ods: return try ODSWriter.data(workbook)
        case .csv: throw CocoaError(.featureUnsupported)
        }
    }

    /// One CSV file per visible sheet, named after it, in `folder` (made if missing; other files
    /// in it are left alone). Rows as in the workbook (headings, the row of field codes, data);
    /// days as `yyyy-mm-dd`; a cell that starts like a formula is neutralised (CSVText).
    /// Returns the file names written.
    @discardableResult
    public static func writeCSVFolder(_ workbook: Workbook, to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = []
        for sheet in workbook.sheets where !sheet.hidden {
            let name = XLSXWriter.sheetName(sheet.name) + ".csv"
            let rows = sheet.rows.map { $0.map(\.value.shown) }
            try CSVText.data(rows).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name), options: .atomic)
            written.append(name)
        }
        return written
    }
}
