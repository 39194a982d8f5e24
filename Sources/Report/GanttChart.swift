import Records

/// A timeline (Gantt chart) of milestones: planned dates as a light bar, actual dates as a
/// dark bar beneath (running to the report date while unfinished), overdue ones outlined in red,
/// a line for the report date. The same facts are in the milestone tables beside it.
struct GanttChart {
    struct Row {
        var label: String
        var plannedStart: CalendarDay
        var plannedEnd: CalendarDay
        var actualStart: CalendarDay?
        var actualEnd: CalendarDay?
        var overdue: Bool
    }

    var id: String
    var title: String
    var summary: String
    var rows: [Row]
    var from: CalendarDay
    var to: CalendarDay
    var asOf: CalendarDay
    var l: Localizer

    func render() -> BodyNode {
        let width = 900.0, labelWidth = 260.0, rowHeight = 34.0, top = 26.0
        let span = Double(max(1, from.days(to: to)))
        let plot = width - labelWidth - 10
        func x(_ day: CalendarDay) -> Double {
            labelWidth + plot * min(max(Double(from.days(to: day)), 0), span) / span
        }
        let height = top + Double(rows.count) * rowHeight + 6
        var ticks: [BodyNode] = []
        // A tick on every quarter's first day, labelled with month and year.
        var tick = CalendarDay(from.year, ((from.month - 1) / 3) * 3 + 1, 1)
        while tick <= to {
            if tick >= from {
                let tx = SVGCharts.number(x(tick))
                ticks.append(element("line", [("x1", tx), ("x2", tx), ("y1", "18"), ("y2", SVGCharts.number(height)), ("class", "gantt-grid")]))
                ticks.append(element("text", [("x", tx), ("y", "14"), ("class", "gantt-tick")],
                                     [.txt((tick.month < 10 ? "0" : "") + "\(tick.month)/\(tick.year)")]))
            }
            tick = tick.adding(months: 3)
        }
        let bars: [BodyNode] = rows.enumerated().map { index, row in
            let y = top + Double(index) * rowHeight
            var parts: [BodyNode] = [
                element("text", [("x", SVGCharts.number(labelWidth - 6)), ("y", SVGCharts.number(y + 20)), ("text-anchor", "end"), ("class", "chart-label")],
                        [.txt(TextWidth.fit(row.label, width: labelWidth - 12, fontSize: 13))]),
                element("rect", [("x", SVGCharts.number(x(row.plannedStart))), ("y", SVGCharts.number(y + 4)),
                                 ("width", SVGCharts.number(max(2, x(row.plannedEnd.adding(days: 1)) - x(row.plannedStart)))),
                                 ("height", "12"), ("class", row.overdue ? "gantt-planned gantt-overdue" : "gantt-planned")],
                        [element("title", [], [.txt("\(row.label) — " + l.labelled(l[.planned], l.span(row.plannedStart, row.plannedEnd)))])]),
            ]
            if let start = row.actualStart {
                let end = row.actualEnd ?? max(start, asOf)
                parts.append(element("rect", [("x", SVGCharts.number(x(start))), ("y", SVGCharts.number(y + 18)),
                                              ("width", SVGCharts.number(max(2, x(end.adding(days: 1)) - x(start)))),
                                              ("height", "10"), ("class", row.actualEnd == nil ? "gantt-actual gantt-running" : "gantt-actual")],
                                     [element("title", [], [.txt("\(row.label) — " + l.labelled(l[.actual], row.actualEnd.map { l.span(start, $0) }
                                         ?? l.actualDates(start: l.date(start), end: nil, level: nil)))])]))
            }
            return .group(parts)
        }
        let today = SVGCharts.number(x(asOf))
        return element("figure", [("class", "chart-figure gantt")], [
            element("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(SVGCharts.number(width)) \(SVGCharts.number(height))"),
                            ("role", "img"), ("aria-labelledby", "\(id)-title \(id)-desc"), ("class", "chart")],
                    [element("title", [("id", "\(id)-title")], [.txt(title)]),
                     element("desc", [("id", "\(id)-desc")], [.txt(summary)])]
                    + ticks + bars
                    + [element("line", [("x1", today), ("x2", today), ("y1", "18"), ("y2", SVGCharts.number(height)), ("class", "gantt-today")])]),
            element("figcaption", [], [.txt("\(title). \(l[.ganttLegend]) \(l.date(asOf)).")]),
        ])
    }

}

/// How wide a label is drawn, estimated from each character's usual advance in a sans-serif
/// face (an SVG has no layout engine to ask): labels are cut where they reach the space they
/// have, not after a count of characters ("1 234" and "WWW" are wider than "ill").
enum TextWidth {
    /// Advance in ems, close to DejaVu Sans / Arial (errs wide, so a label never overflows).
    /// Decided on the first scalar's value: a switch, not a string search (11,000 labels a site).
    static func advance(_ c: Character) -> Double {
        guard let u = c.unicodeScalars.first?.value else { return 0.6 }
        switch u {
        case 0x20, 0xA0, 0x202F: return 0.32
        case 0x69, 0x6C, 0x6A, 0x74, 0x66, 0x72, 0x49, 0x2E, 0x2C, 0x3B, 0x3A, 0x27, 0x21, 0x7C, 0x28, 0x29, 0x5B, 0x5D:
            return 0.36  // i l j t f r I . , ; : ' ! | ( ) [ ]
        case 0x6D, 0x77, 0x4D, 0x57, 0x40, 0x25, 0x2014: return 0.95  // m w M W @ % —
        case 0x2026: return 1.0  // … (DejaVu draws it a whole em: counted 0.6, it pushed labels off the chart's left edge)
        case 0x30...0x39: return 0.64
        case 0x41...0x5A, 0xC0...0xDE: return 0.78  // capitals: DejaVu's O, D, C, G, N, U are 0.70–0.79
        case 0x2E80...: return 1.0  // CJK and wider
        default: return 0.6
        }
    }

    static func width(_ s: String, fontSize: Double) -> Double {
        s.reduce(0) { $0 + advance($1) } * fontSize
    }

    /// `s` as it fits in `width` points, cut with "…" when it does not.
    static func fit(_ s: String, width: Double, fontSize: Double) -> String {
        // No character is wider than 1 em: a short label needs no measuring.
        guard Double(s.utf8.count) * fontSize > width else { return s }
        if let ascii = fitASCII(s, width: width, fontSize: fontSize) { return ascii }
        guard self.width(s, fontSize: fontSize) > width else { return s }
        let room = width - advance("…") * fontSize
        var used = 0.0, out = ""
        for c in s {
            used += advance(c) * fontSize
            if used > room { break }
            out.append(c)
        }
        return out.trimmingCharacters(in: .whitespaces) + "…"
    }

    /// The same for a label of printable ASCII only (most labels; every character one byte,
    /// so no grapheme breaking and no Foundation trimming: a Gantt chart measures a thousand);
    /// nil for any other label.
    private static func fitASCII(_ s: String, width: Double, fontSize: Double) -> String? {
        var bytes = s
        return bytes.withUTF8 { b -> String? in
            var total = 0.0
            for byte in b {
                guard byte >= 0x20, byte < 0x7F else { return nil }
                total += advance(byte)
            }
            guard total * fontSize > width else { return s }
            let room = width - advance("…") * fontSize
            var used = 0.0, end = 0
            while end < b.count {
                used += advance(b[end]) * fontSize
                if used > room { break }
                end += 1
            }
            // Trimmed as `.whitespaces` trims: spaces at either end (no tab in printable ASCII).
            var start = 0
            while start < end, b[start] == 0x20 { start += 1 }
            while end > start, b[end - 1] == 0x20 { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) + "…"
        }
    }

    /// `advance` of a one-byte character.
    private static func advance(_ byte: UInt8) -> Double {
        switch byte {
        case 0x20: return 0.32
        case 0x69, 0x6C, 0x6A, 0x74, 0x66, 0x72, 0x49, 0x2E, 0x2C, 0x3B, 0x3A, 0x27, 0x21, 0x7C, 0x28, 0x29, 0x5B, 0x5D: return 0.36
        case 0x6D, 0x77, 0x4D, 0x57, 0x40, 0x25: return 0.95
        case 0x30...0x39: return 0.64
        case 0x41...0x5A: return 0.78
        default: return 0.6
        }
    }
}
