import Foundation
import Records
import Spreadsheet

/// The smallest .docx package Word and LibreOffice both open: content types, the package
/// relationships, the document, its styles (with real heading styles), and core properties
/// (title and language, which screen readers and document lists show).
enum DocxPackage {
    static func contentTypes(logo: PlanLogo.Kind? = nil) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        \(logo.map { "<Default Extension=\"\($0.fileExtension)\" ContentType=\"\($0.mediaType)\"/>" } ?? "")\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        </Types>
        """
    }

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        </Relationships>
        """

    static func documentRelationships(logo: PlanLogo.Kind? = nil) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        \(logo.map { "<Relationship Id=\"rIdLogo\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/logo.\($0.fileExtension)\"/>" } ?? "")\
        </Relationships>
        """
    }

    static func core(title: String, language: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(DocxDocument.xml(title))</dc:title>\
        <dc:language>\(DocxDocument.xml(language))</dc:language><dc:creator>Carnet</dc:creator></cp:coreProperties>
        """
    }

    static func heading(_ level: Int, size: Int) -> String {
        """
        <w:style w:type="paragraph" w:styleId="Heading\(level)"><w:name w:val="heading \(level)"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="\(level == 1 ? 360 : 240)" w:after="120"/>\
        <w:outlineLvl w:val="\(level - 1)"/></w:pPr><w:rPr><w:b/><w:sz w:val="\(size)"/></w:rPr></w:style>
        """
    }

    static func styles(language: String) -> String {
        // The proofing language Word checks with: its usual region for French and English.
        let lang = ["fr": "fr-FR", "en": "en-GB"][language] ?? language
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>\
        <w:sz w:val="21"/><w:lang w:val="\(lang)"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
        <w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>\
        \(heading(1, size: 30))\(heading(2, size: 25))\(heading(3, size: 22))\
        <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:spacing w:before="20" w:after="60"/></w:pPr><w:rPr><w:sz w:val="19"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Bullet"><w:name w:val="Bullet"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:spacing w:after="60"/><w:ind w:left="567" w:hanging="283"/></w:pPr></w:style>\
        <w:style w:type="character" w:styleId="Placeholder"><w:name w:val="Placeholder"/><w:rPr><w:i/>\
        <w:color w:val="3D3300"/><w:shd w:val="clear" w:color="auto" w:fill="FFF4C2"/></w:rPr></w:style>\
        <w:style w:type="character" w:styleId="Marker"><w:name w:val="Not Translated"/><w:rPr><w:b/><w:color w:val="A3161A"/></w:rPr></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
        <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>\
        <w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
        </w:tblBorders></w:tblPr></w:style>\
        </w:styles>
        """
    }

    /// The zipped package. `date` stamps every entry, so the same records give the same bytes.
    static func package(_ doc: ReportDocument, date: Date) throws -> Data {
        // The cover's logo, if any: one picture part (word/media/logo.png or .jpg).
        let logo: (data: Data, kind: PlanLogo.Kind)? = doc.blocks.lazy.compactMap { block -> (data: Data, kind: PlanLogo.Kind)? in
            if case let .logo(data, kind, _, _) = block { return (data, kind) } else { return nil }
        }.first
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(contentTypes(logo: logo?.kind).utf8)),
            ("_rels/.rels", Data(packageRelationships.utf8)),
            ("docProps/core.xml", Data(core(title: doc.title, language: doc.language).utf8)),
            ("word/_rels/document.xml.rels", Data(documentRelationships(logo: logo?.kind).utf8)),
            ("word/styles.xml", Data(styles(language: doc.language).utf8)),
            ("word/document.xml", Data(DocxDocument.render(doc).utf8)),
        ]
        if let logo { parts.append(("word/media/logo.\(logo.kind.fileExtension)", logo.data)) }
        return try OfficePackage.zip(parts, date: date)
    }
}
