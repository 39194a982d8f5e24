import Foundation

/// The fixed parts of an OpenDocument spreadsheet (ODSWriter): namespaces, the manifest, the
/// styles, and the view settings that keep the heading row in view.
enum ODSParts {
    static let namespaces: [(StaticString, String)] = [
        ("xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
        ("xmlns:style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
        ("xmlns:text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
        ("xmlns:table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"),
        ("xmlns:fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"),
        ("xmlns:number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"),
        ("xmlns:of", "urn:oasis:names:tc:opendocument:xmlns:of:1.2"),
    ]

    static let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">\
        <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
        <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\
        <manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>\
        <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\
        </manifest:manifest>
        """

    static let styles = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
        xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">\
        <office:styles><style:default-style style:family="table-cell">\
        <style:text-properties fo:font-size="11pt"/></style:default-style>\
        <style:style style:name="Default" style:family="table-cell"/></office:styles>\
        </office:document-styles>
        """

    /// Automatic styles of content.xml. Dates show as `yyyy-mm-dd`, the same in every language,
    /// or `dd/mm/yyyy` (`dayOrder`, as in XLSXWriter); cells to fill in are pale yellow and not
    /// protected; a hidden sheet's table style does not display it. `widths`: one column style
    /// each (`co1`…; `co0` default).
    static func automaticStyles(_ x: inout XMLText, widths: [Double], dayOrder: Workbook.DayOrder = .yearMonthDay) {
        x.open("office:automatic-styles")
        x.open("number:date-style", [("style:name", "N_day")])
        let parts: [StaticString] = dayOrder == .dayMonthYear ? ["number:day", "number:month", "number:year"] : ["number:year", "number:month", "number:day"]
        for (i, part) in parts.enumerated() {
            if i > 0 { x.element("number:text", dayOrder == .dayMonthYear ? "/" : "-") }
            x.open(part, [("number:style", "long")], close: true)
        }
        x.end("number:date-style")
        for (i, width) in ([8.43] + widths).enumerated() {
            x.open("style:style", [("style:name", "co\(i)"), ("style:family", "table-column")])
            // A character of the default font is about 0.19 cm wide.
            x.open("style:table-column-properties", [("style:column-width", String(format: "%.3fcm", width * 0.19))], close: true)
            x.end("style:style")
        }
        for (name, display) in [("ta1", "true"), ("ta_hidden", "false")] {
            x.open("style:style", [("style:name", name), ("style:family", "table")])
            x.open("style:table-properties", [("table:display", display)], close: true)
            x.end("style:style")
        }
        for (name, open, day, bold) in [("ce_text", false, false, false), ("ce_open", true, false, false), ("ce_day", false, true, false),
                                        ("ce_open_day", true, true, false), ("ce_heading", false, false, true)] {
            var a: [(StaticString, String)] = [("style:name", name), ("style:family", "table-cell"), ("style:parent-style-name", "Default")]
            if day { a.append(("style:data-style-name", "N_day")) }
            x.open("style:style", a)
            var cell: [(StaticString, String)] = [("style:vertical-align", "top")]
            if !day { cell.append(("fo:wrap-option", "wrap")) }
            if open { cell += [("fo:background-color", "#fff8d6"), ("style:cell-protect", "none")] }
            x.open("style:table-cell-properties", cell, close: true)
            if bold { x.open("style:text-properties", [("fo:font-weight", "bold")], close: true) }
            x.end("style:style")
        }
        x.end("office:automatic-styles")
    }

    /// settings.xml: the first visible sheet opens, and each sheet's frozen rows stay in view
    /// (LibreOffice's view settings; other programs may ignore them).
    static func settings(_ workbook: Workbook) -> String {
        var x = XMLText()
        x.ooxml = false
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        x.open("office:document-settings", [("xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
                                            ("xmlns:config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0"),
                                            ("office:version", "1.3")])
        x.open("office:settings")
        x.open("config:config-item-set", [("config:name", "ooo:view-settings")])
        x.open("config:config-item-map-indexed", [("config:name", "Views")])
        x.open("config:config-item-map-entry")
        item(&x, "ViewId", "string", "view1")
        x.open("config:config-item-map-named", [("config:name", "Tables")])
        for sheet in workbook.sheets where sheet.frozenRows > 0 {
            x.open("config:config-item-map-entry", [("config:name", XLSXWriter.sheetName(sheet.name))])
            item(&x, "VerticalSplitMode", "short", "2")
            item(&x, "VerticalSplitPosition", "int", String(sheet.frozenRows))
            item(&x, "ActiveSplitRange", "short", "2")
            item(&x, "PositionTop", "int", "0")
            item(&x, "PositionBottom", "int", String(sheet.frozenRows))
            x.end("config:config-item-map-entry")
        }
        x.end("config:config-item-map-named")
        if let first = workbook.sheets.first(where: { !$0.hidden }) {
            item(&x, "ActiveTable", "string", XLSXWriter.sheetName(first.name))
        }
        x.end("config:config-item-map-entry")
        x.end("config:config-item-map-indexed")
        x.end("config:config-item-set")
        x.end("office:settings")
        x.end("office:document-settings")
        return x.text
    }

    private static func item(_ x: inout XMLText, _ name: String, _ type: String, _ value: String) {
        x.open("config:config-item", [("config:name", name), ("config:type", type)])
        x.content(value)
        x.end("config:config-item")
    }
}
