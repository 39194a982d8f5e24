import Foundation

/// Finds every href and src in a written site and reports those whose relative target is
/// missing: the dashboard must work offline, so no link may point nowhere.
enum SiteLinks {
    static func brokenLinks(in site: URL) throws -> [String] {
        var broken: [String] = []
        let pattern = try NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        let files = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0.hasSuffix(".html") }
        for file in files {
            let html = try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let raw = String(html[Range(match.range(at: 1), in: html)!]).replacingOccurrences(of: "&amp;", with: "&")
                if raw.hasPrefix("http://") || raw.hasPrefix("https://") || raw.hasPrefix("mailto:") { continue }
                let parts = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let path = parts[0].removingPercentEncoding ?? String(parts[0])
                let target = path.isEmpty ? file : path
                if !FileManager.default.fileExists(atPath: site.appendingPathComponent(target).path) {
                    broken.append("\(file) → \(raw)")
                    continue
                }
                if parts.count == 2, target.hasSuffix(".html") {
                    let page = try String(contentsOf: site.appendingPathComponent(target), encoding: .utf8)
                    if !page.contains("id=\"\(parts[1])\"") { broken.append("\(file) → \(raw) (no such anchor)") }
                }
            }
        }
        return broken
    }
}
