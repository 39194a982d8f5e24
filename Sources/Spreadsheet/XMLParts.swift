import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// SAX reading of the parts a spreadsheet is made of, with Foundation's XMLParser (libxml2 on
/// Linux). Names are compared without their prefix (`x:row` is `row`): writers differ.
class PartParser: NSObject, XMLParserDelegate {
    let part: String
    var failure: Error?
    private var depth = 0
    private var sawElement = false

    init(part: String) { self.part = part }

    static func local(_ name: String) -> String {
        // By byte: a search by Character costs grapheme breaking, for every element of a part.
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.utf8.index(after: colon)...])
    }

    /// Attributes by local name. LibreOffice repeats some OpenDocument attributes in its own
    /// extension namespaces (`calcext:value-type="error"` beside `office:value-type="float"`):
    /// those are left out, so the standard one is read whatever the dictionary's order.
    static func attributes(_ dict: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in dict where !k.hasPrefix("calcext:") && !k.hasPrefix("loext:") { out[local(k)] = v }
        return out
    }

    func run(_ data: Data) throws {
        // Fed as a stream, in chunks: given the whole part at once, libxml2 holds it all as
        // input still to read and stops past 10 MB ("huge input lookup"), which a large plan's
        // OpenDocument content.xml (13 MB for 11,000 rows) or worksheet reaches.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        let ok = parser.parse()
        if let failure { throw failure }
        // A document cut short can end the parse without an error: every element must be closed.
        if !ok || depth != 0 || !sawElement {
            let line = parser.lineNumber
            throw SpreadsheetError.malformed(part, "line \(line): " + (parser.parserError.map { "\($0.localizedDescription)" } ?? "XML"))
        }
    }

    func stop(_ parser: XMLParser, _ error: Error) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    // On Linux XMLParserDelegate's methods have default implementations in a protocol
    // extension: the witnesses are fixed where the conformance is declared (here), so a
    // subclass's own `parser(_:didStartElement:…)` would never be called. The subclasses
    // override these three instead.
    func start(_ parser: XMLParser, _ name: String, _ attributes: [String: String]) {}
    func end(_ parser: XMLParser, _ name: String) {}
    func characters(_ parser: XMLParser, _ string: String) {}

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        depth += 1
        sawElement = true
        start(parser, PartParser.local(elementName), PartParser.attributes(attributeDict))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        depth -= 1
        end(parser, PartParser.local(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { characters(parser, string) }

    // Entities are refused before parsing (Package.part: no DOCTYPE, UTF-8 only). Foundation on
    // Linux does not call these (tested: OpenDocumentFormatTests); they stop a parser that would.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        stop(parser, SpreadsheetError.declaresEntities(part))
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        stop(parser, SpreadsheetError.declaresEntities(part))
    }
}

/// Every element of the given names, as its attributes.
enum SimpleXML {
    final class Collector: PartParser {
        let names: Set<String>
        var found: [[String: String]] = []
        init(part: String, names: Set<String>) {
            self.names = names
            super.init(part: part)
        }
        override func start(_ parser: XMLParser, _ elementName: String, _ attributeDict: [String: String]) {
            if names.contains(PartParser.local(elementName)) { found.append(PartParser.attributes(attributeDict)) }
            if found.count > 100_000 { stop(parser, SpreadsheetError.tooLarge(part)) }
        }
    }

    static func elements(_ data: Data, part: String, named names: Set<String>) throws -> [[String: String]] {
        let c = Collector(part: part, names: names)
        try c.run(data)
        return c.found
    }
}

/// xl/workbook.xml: the sheets in order, hidden or not, and the date system.
struct WorkbookPart {
    struct SheetEntry { var name: String; var hidden: Bool; var relationship: String }
    var sheets: [SheetEntry] = []
    var date1904 = false

    static func parse(_ data: Data, part: String) throws -> WorkbookPart {
        var out = WorkbookPart()
        for e in try SimpleXML.elements(data, part: part, named: ["sheet", "workbookPr"]) {
            if let name = e["name"], let rel = e["id"] {
                out.sheets.append(SheetEntry(name: name, hidden: e["state"] == "hidden" || e["state"] == "veryHidden", relationship: rel))
            } else if let d = e["date1904"] {
                out.date1904 = d == "1" || d == "true"
            }
        }
        return out
    }
}

/// xl/styles.xml: which cell styles show a date (so a number in such a cell is a day).
enum StylesPart {
    final class Reader: PartParser {
        var formats: [Int: String] = [:]
        var xfFormats: [Int] = []
        var inCellXfs = false
        override func start(_ parser: XMLParser, _ elementName: String, _ attributeDict: [String: String]) {
            switch PartParser.local(elementName) {
            case "numFmt":
                if let id = attributeDict["numFmtId"].flatMap(Int.init), let code = attributeDict["formatCode"] { formats[id] = code }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs:
                xfFormats.append(attributeDict["numFmtId"].flatMap(Int.init) ?? 0)
                if xfFormats.count > 100_000 { stop(parser, SpreadsheetError.tooLarge(part)) }
            default: break
            }
        }
        override func end(_ parser: XMLParser, _ elementName: String) {
            if PartParser.local(elementName) == "cellXfs" { inCellXfs = false }
        }
    }

    /// Style indexes whose number format shows a date.
    static func dateStyles(_ data: Data, part: String) throws -> Set<Int> {
        let r = Reader(part: part)
        try r.run(data)
        var out: Set<Int> = []
        for (i, id) in r.xfFormats.enumerated() where isDate(id, code: r.formats[id]) { out.insert(i) }
        return out
    }

    /// Built-in date formats (ECMA-376 18.8.30: 14–22, 45–47), or a format code with a day,
    /// month or year outside quoted text and brackets (`[Red]`, `[$-40C]`).
    static func isDate(_ id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (45...47).contains(id) { return true }
        guard let code else { return false }
        var inQuote = false, inBracket = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[": if !inQuote { inBracket = true }
            case "]": if !inQuote { inBracket = false }
            case "d", "y", "m": if !inQuote && !inBracket { return true }
            default: break
            }
        }
        return false
    }
}

/// xl/sharedStrings.xml: each `si` as its text (rich text runs joined, phonetic runs left out).
enum SharedStringsPart {
    final class Reader: PartParser {
        var strings: [String] = []
        var current = ""
        var inText = false, inPhonetic = false
        var total = 0
        override func start(_ parser: XMLParser, _ elementName: String, _ attributeDict: [String: String]) {
            switch PartParser.local(elementName) {
            case "si": current = ""
            case "t": inText = true
            case "rPh": inPhonetic = true
            default: break
            }
        }
        override func characters(_ parser: XMLParser, _ string: String) {
            if inText && !inPhonetic { current += string }
        }
        override func end(_ parser: XMLParser, _ elementName: String) {
            switch PartParser.local(elementName) {
            case "si":
                strings.append(OOXMLEscape.decode(current))
                if strings.count > 2_000_000 { stop(parser, SpreadsheetError.tooLarge(part)) }
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }
    }

    static func parse(_ data: Data, part: String) throws -> [String] {
        let r = Reader(part: part)
        try r.run(data)
        return r.strings
    }
}
