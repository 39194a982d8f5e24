import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an Office Open XML spreadsheet saved by anyone (Excel, LibreOffice, openpyxl, an
/// attacker): values and dates, never formulas (a formula cell is flagged, its cached value
/// kept as text at most). Everything is bounded before it is used:
/// - the file (`Limits.fileBytes`), each part once unzipped and all parts together, counted
///   while inflating, not from the sizes the zip declares (a zip bomb stops at the limit);
/// - cells and rows per sheet;
/// - XML with a DOCTYPE is refused before parsing: no DTD, no entity, no external fetch.
/// Parts are found through the package's relationships, looked up among the zip's entries by
/// name: nothing is ever written to disk, so an entry named `../x` names nothing.
public enum XLSXReader {
    public struct Limits: Sendable {
        public var fileBytes = 50 << 20
        public var partBytes = 128 << 20
        public var totalBytes = 256 << 20
        public var cellsPerSheet = 2_000_000
        public var rowsPerSheet = 1_048_576
        public var columnsPerSheet = 16_384
        public var entries = 2_000
        /// Cells, rows and hidden-row marks kept for the whole workbook: a repeated row costs
        /// a few bytes of XML per million rows it claims, and a workbook may have many sheets.
        public var cellsPerWorkbook = 4_000_000
        public init() {}
    }

    public static func read(_ data: Data, file: String, limits: Limits = Limits()) throws -> ReadWorkbook {
        guard data.count <= limits.fileBytes else { throw SpreadsheetError.tooLarge(file) }
        return try read(Package(data: data, file: file, limits: limits))
    }

    /// A package already opened with its limits (SpreadsheetReader tells the format from it).
    static func read(_ package: Package) throws -> ReadWorkbook {
        let limits = package.limits
        let workbookPath = try package.officeDocument()
        let relationships = try package.relationships(of: workbookPath)
        let book = try WorkbookPart.parse(try package.part(workbookPath), part: workbookPath)
        let stylesPath = relationships.first { $0.type.hasSuffix("/styles") }?.target
        let stringsPath = relationships.first { $0.type.hasSuffix("/sharedStrings") }?.target
        let dateStyles = try stylesPath.flatMap { try package.optionalPart($0) }.map { try StylesPart.dateStyles($0, part: stylesPath!) } ?? []
        let strings = try stringsPath.flatMap { try package.optionalPart($0) }.map { try SharedStringsPart.parse($0, part: stringsPath!) } ?? []
        var sheets: [ReadSheet] = []
        var kept = 0
        for entry in book.sheets {
            guard let target = relationships.first(where: { $0.id == entry.relationship })?.target else {
                throw SpreadsheetError.malformed(workbookPath, "sheet \(entry.name)")
            }
            var sheet = ReadSheet(name: entry.name, hidden: entry.hidden)
            try WorksheetPart.parse(try package.part(target), part: target, into: &sheet, strings: strings,
                                    dateStyles: dateStyles, date1904: book.date1904, limits: limits, kept: &kept)
            sheets.append(sheet)
        }
        return ReadWorkbook(sheets: sheets)
    }
}

/// The zip package: entries by name, inflated with limits. Office Open XML and OpenDocument
/// files are both read through it (XLSXReader, ODSReader): one set of guards.
struct Package {
    let archive: Archive
    let file: String
    let limits: XLSXReader.Limits
    /// The workbook's bytes, and where each entry lies in them (ZipEntryData: why not
    /// ZIPFoundation's own extract).
    private let data: Data
    private var entries: [String: ZipEntryData.Span] = [:]
    private final class Budget: @unchecked Sendable { var used = 0 }
    private let budget = Budget()

    init(data: Data, file: String, limits: XLSXReader.Limits) throws {
        self.file = file
        self.limits = limits
        self.data = data
        let layout: ZipEntryData
        do {
            archive = try Package.archive(of: data)
            layout = try ZipEntryData(data)
        } catch {
            throw SpreadsheetError.notAWorkbook(file)
        }
        var count = 0
        for (index, entry) in archive.enumerated() {
            guard index < layout.spans.count else { throw SpreadsheetError.notAWorkbook(file) }
            guard entry.type == .file else { continue }
            count += 1
            guard count <= limits.entries else { throw SpreadsheetError.tooLarge(file) }
            entries[entry.path] = layout.spans[index]
        }
    }

    /// ZIPFoundation's in-memory archive traps (a crash) on an entry whose offset points past the
    /// end of the bytes (a hostile or damaged central directory, found by fuzzing): the bytes are
    /// read through a file instead, where a read past the end is an error. The file is the
    /// workbook itself, private (0600 in a 0700 folder) and removed once open; no entry is ever
    /// extracted.
    static func archive(of data: Data) throws -> Archive {
        let fm = FileManager.default
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("carnet-workbook-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(at: folder) }
        let path = folder.appendingPathComponent("workbook.zip")
        guard fm.createFile(atPath: path.path, contents: data, attributes: [.posixPermissions: 0o600]) else { throw CocoaError(.fileWriteUnknown) }
        return try Archive(url: path, accessMode: .read)
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    func optionalPart(_ path: String, xml: Bool = true) throws -> Data? {
        guard entries[path] != nil else { return nil }
        return try part(path, xml: xml)
    }

    /// An entry's bytes, inflated within the limits; `xml`: a part to parse (not OpenDocument's `mimetype`).
    func part(_ path: String, xml: Bool = true) throws -> Data {
        guard let entry = entries[path] else { throw SpreadsheetError.notAWorkbook(file) }
        var out = Data()
        let limit = limits.partBytes, total = limits.totalBytes, budget = self.budget
        struct Over: Error {}
        do {
            try ZipEntryData.read(entry, of: data) { chunk in
                out.append(chunk)
                budget.used += chunk.count
                if out.count > limit || budget.used > total { throw Over() }
            }
        } catch is Over {
            throw SpreadsheetError.tooLarge(path)
        } catch {
            throw SpreadsheetError.malformed(path, String(describing: error))
        }
        try Package.checkXML(out, part: path, xml: xml)
        return out
    }

    /// The checks every XML part meets before it is parsed (a flat .fods file, which is one XML
    /// document, too): no DTD, hence no entity of any kind (internal expansion bombs, external
    /// files or URLs); UTF-8 only. `xml`: false for a part that is not parsed (OpenDocument's
    /// `mimetype`), which only meets the first two checks.
    static func checkXML(_ out: Data, part path: String, xml: Bool = true) throws {
        if declaresEntities(out) { throw SpreadsheetError.declaresEntities(path) }
        // UTF-16 parts could hide a DOCTYPE from the check above: Carnet reads UTF-8 only,
        // which every spreadsheet program writes.
        if out.starts(with: [0xFE, 0xFF]) || out.starts(with: [0xFF, 0xFE]) || (out.count > 1 && out[out.startIndex + 1] == 0) {
            throw SpreadsheetError.malformed(path, "UTF-16")
        }
        // So could any other encoding a part declares or libxml2 detects (UTF-7 writes `<` as
        // `+ADw-`; EBCDIC has no `<` byte): libxml2 then reads a DTD the check above never saw.
        if xml, let encoding = Self.otherEncoding(out) { throw SpreadsheetError.malformed(path, encoding) }
        // And every byte must be UTF-8: Foundation's XMLParser on Linux traps (a crash, not an
        // error) on a name libxml2 hands it that is not, such as `<tex\u{C3}:p>` (found by fuzzing).
        if xml, String(validating: out, as: UTF8.self) == nil { throw SpreadsheetError.malformed(path, "not UTF-8") }
    }

    /// Whether `<!DOCTYPE`, `<!doctype` or `<!ENTITY` occurs anywhere in the part: one pass over
    /// the bytes (three `Data.range(of:)` searches went through NSData, 2 % of a plan import).
    static func declaresEntities(_ part: Data) -> Bool {
        part.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            func follows(_ word: StaticString, at start: Int) -> Bool {
                let count = word.utf8CodeUnitCount
                guard start + count <= bytes.count else { return false }
                for k in 0..<count where bytes[start + k] != word.utf8Start[k] { return false }
                return true
            }
            var i = 0
            while i + 1 < bytes.count {
                if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "!"),
                   follows("DOCTYPE", at: i + 2) || follows("doctype", at: i + 2) || follows("ENTITY", at: i + 2) {
                    return true
                }
                i += 1
            }
            return false
        }
    }

    /// nil when the part is UTF-8 as libxml2 reads it: after a UTF-8 byte-order mark and blanks
    /// it starts with `<`, and an XML declaration names no encoding but UTF-8; else what it is.
    static func otherEncoding(_ part: Data) -> String? {
        var bytes = part[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        bytes = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = bytes.first else { return nil }
        guard first == UInt8(ascii: "<") else { return "not UTF-8 XML" }
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        // The declaration: at most a few hundred bytes, up to `?>`.
        let head = String(decoding: bytes.prefix(300), as: UTF8.self)
        guard let end = head.range(of: "?>") else { return "XML declaration" }
        let declaration = head[..<end.lowerBound]
        guard let at = declaration.range(of: "encoding") else { return nil }
        let value = declaration[at.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = value.first, quote == "\"" || quote == "'" else { return "XML declaration" }
        let name = value.dropFirst().prefix { $0 != quote }
        return ["utf-8", "utf8"].contains(name.lowercased()) ? nil : "encoding " + String(name.prefix(40))
    }

    struct Relationship { var id: String; var type: String; var target: String }

    /// The workbook part, named by the package's relationships.
    func officeDocument() throws -> String {
        let rels = try relationships(of: "")
        guard let doc = rels.first(where: { $0.type.hasSuffix("/officeDocument") }) else { throw SpreadsheetError.notAWorkbook(file) }
        return doc.target
    }

    /// The relationships of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`), targets
    /// resolved to entry names.
    func relationships(of part: String) throws -> [Relationship] {
        let folder = part.split(separator: "/").dropLast().joined(separator: "/")
        let name = part.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let data = try optionalPart(relsPath) else {
            if part.isEmpty { throw SpreadsheetError.notAWorkbook(file) }
            return []
        }
        let elements = try SimpleXML.elements(data, part: relsPath, named: ["Relationship"])
        return elements.compactMap { e in
            guard let id = e["Id"], let type = e["Type"], let target = e["Target"], e["TargetMode"] != "External" else { return nil }
            return Relationship(id: id, type: type, target: Package.resolve(target, from: folder))
        }
    }

    /// `worksheets/sheet1.xml` from `xl` → `xl/worksheets/sheet1.xml`; `/xl/…` is from the root.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for p in target.split(separator: "/") {
            if p == "." { continue }
            if p == ".." { _ = parts.popLast(); continue }
            parts.append(p)
        }
        return parts.joined(separator: "/")
    }
}
