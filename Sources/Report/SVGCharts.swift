
/// Charts drawn by Carnet as inline SVG: no script, no external file, readable offline and in
/// print. Each chart is an image with a title and a description for screen readers, followed
/// by the same figures as a table (its text alternative, also for readers who print in grey).
enum SVGCharts {
    struct Bar {
        var label: String
        var value: Int
        /// CSS class giving the colour (`level-complete`, `rag-red`, …).
        var style: String
    }

    /// A coordinate with at most one decimal (String(format:) costs too much over 1,000 charts).
    static func number(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        let whole = String(tenths / 10)
        return tenths % 10 == 0 ? whole : (tenths < 0 && tenths > -10 ? "-" : "") + whole + "." + String(abs(tenths % 10))
    }

    /// Horizontal bars with their values written at the end, so colour is never the only cue.
    static func bars(id: String, title: String, summary: String, bars: [Bar], valueHeader: String, labelHeader: String, l: Localizer) -> BodyNode {
        let width = 640.0, labelWidth = 190.0, rowHeight = 30.0, barArea = width - labelWidth - 60
        let maxValue = max(1, bars.map(\.value).max() ?? 1)
        let height = Double(bars.count) * rowHeight + 10
        let rows: [BodyNode] = bars.enumerated().map { index, bar in
            let y = 5 + Double(index) * rowHeight
            let w = barArea * Double(bar.value) / Double(maxValue)
            return .group(
                element("text", [("x", number(labelWidth - 8)), ("y", number(y + 19)), ("text-anchor", "end"), ("class", "chart-label")], [.txt(TextWidth.fit(bar.label, width: labelWidth - 12, fontSize: 14))]),
                element("rect", [("x", number(labelWidth)), ("y", number(y + 4)), ("width", number(max(w, 1))), ("height", number(rowHeight - 10)), ("class", bar.style)]),
                element("text", [("x", number(labelWidth + max(w, 1) + 6)), ("y", number(y + 19)), ("class", "chart-value")], [.txt(l.number(bar.value))]))
        }
        let svg = element("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(number(width)) \(number(height))"),
            ("role", "img"), ("aria-labelledby", "\(id)-title \(id)-desc"), ("class", "chart"),
        ], [
            element("title", [("id", "\(id)-title")], [.txt(title)]),
            element("desc", [("id", "\(id)-desc")], [.txt(summary)]),
        ] + rows)
        return element("figure", [("class", "chart-figure")], [
            svg,
            element("figcaption", [], [.txt(title)]),
            table(caption: nil, header: [labelHeader, valueHeader],
                  rows: bars.map { [.txt($0.label), .txt(l.number($0.value))] }, className: "chart-data"),
        ])
    }

    /// One sentence listing label and value pairs: the description of a bar chart.
    static func summary(_ bars: [Bar], _ l: Localizer) -> String {
        l.list(bars.map { l.labelled($0.label, l.number($0.value)) }) + "."
    }
}
