import Foundation

/// Spans of days and days as the catalogue writes them (`Localizer.span`, `Localizer.date`),
/// kept for one Localizer by their days: a site writes the same few periods over and over (each commitment's and
/// milestone's dates in every Gantt chart, its summary and its bars' titles), and the catalogue
/// fills several templates for each. Shared by the pages made on every core, hence the lock;
/// bounded, for a Localizer that lives long (the web app's).
final class WrittenSpans: @unchecked Sendable {
    private struct Days: Hashable { let first, last: Int }
    private let lock = NSLock()
    private var written: [Days: String] = [:]
    static let limit = 4096

    func span(_ first: Int, _ last: Int, write: () -> String) -> String {
        kept(Days(first: first, last: last), write)
    }

    /// One day as the catalogue writes it (`Localizer.date`): every milestone's dates, on each
    /// commitment page and again on the period and ministry pages.
    func day(_ yyyymmdd: Int, write: () -> String) -> String {
        kept(Days(first: yyyymmdd, last: Int.min), write)
    }

    /// A month (a milestone's planned dates are often months: "septembre 2025").
    func month(year: Int, month: Int, write: () -> String) -> String {
        kept(Days(first: year * 100 + month, last: Int.min + 1), write)
    }

    private func kept(_ days: Days, _ write: () -> String) -> String {
        lock.lock()
        let known = written[days]
        lock.unlock()
        if let known { return known }
        let text = write()
        lock.lock()
        if written.count < Self.limit { written[days] = text }
        lock.unlock()
        return text
    }
}
