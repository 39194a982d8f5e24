import Foundation
import Messages
import Records
import Report

/// What the point of contact's whole-plan lists show (the plan's commitments, Needs attention):
/// a page of `pageSize` cards, narrowed by ministry, completion level, RAG rating and theme,
/// those needing attention first. Nobody reads a thousand cards on one page, and making them was
/// most of a thousand-commitment plan's cost: only the page shown is made, from the summaries
/// the desk keeps (WholePlan). Chosen by the address's query (`?ministry=…&status=…&rag=…&theme=…
/// &page=…`): plain links and a GET form, no script.
struct PlanListing: Equatable {
    static let pageSize = 50

    var ministry: String?
    var status: CompletionLevel?
    var rating: RAGRating?
    var theme: String?
    /// 1 for the first page.
    var page = 1

    init(ministry: String? = nil, status: CompletionLevel? = nil, rating: RAGRating? = nil, theme: String? = nil, page: Int = 1) {
        (self.ministry, self.status, self.rating, self.theme, self.page) = (ministry, status, rating, theme, page)
    }

    /// Read from an address (anyone's text): a value that is not one of the plan's ministries or
    /// themes, a level or a rating is ignored, as is a page that is not a number.
    init(query: (String) -> String?, ministries: Set<String>, themes: Set<String>) {
        func known(_ name: String, _ values: Set<String>) -> String? {
            query(name).flatMap { values.contains($0) ? $0 : nil }
        }
        self.init(ministry: known("ministry", ministries),
                  status: query("status").flatMap(CompletionLevel.init(rawValue:)),
                  rating: query("rag").flatMap(RAGRating.init(rawValue:)),
                  theme: known("theme", themes),
                  page: query("page").flatMap { $0.count <= 6 ? Int($0) : nil }.map { max(1, $0) } ?? 1)
    }

    var narrowed: Bool { ministry != nil || status != nil || rating != nil || theme != nil }

    func matches(_ c: CommitmentSummary) -> Bool {
        (ministry.map { c.lead == $0 } ?? true) && (status.map { c.completion == $0.rawValue } ?? true)
            && (rating.map { c.rating == $0 } ?? true) && (theme.map { c.themes.contains($0) } ?? true)
    }

    /// What needs attention first (late, silent), then red before amber before green, then the
    /// plan's order: the positions in `items` of those that match, in that order. Sorted by a key
    /// made once per item (sorting the summaries themselves copied them at every step).
    func ordered(_ items: [CommitmentSummary]) -> [Int] {
        let ranks = Dictionary(uniqueKeysWithValues: RAGRating.allCases.enumerated().map { ($1, $0) })
        let keys = items.map { ($0.needsAttention ? 0 : 1, ranks[$0.rating] ?? 0, $0.number ?? Int.max, $0.id) }
        return items.indices.filter { matches(items[$0]) }.sorted { keys[$0] < keys[$1] }
    }

    /// How many match, the page asked for (the last one when asked past it), how many pages
    /// there are, and the summaries of that page alone.
    func shown(_ items: [CommitmentSummary]) -> (matching: Int, page: Int, pages: Int, items: [CommitmentSummary]) {
        let matching = ordered(items)
        let pages = max(1, (matching.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(self.page, pages)
        let start = (page - 1) * Self.pageSize
        return (matching.count, page, pages, matching[start..<min(start + Self.pageSize, matching.count)].map { items[$0] })
    }

    /// The address of page `page` of this listing under `path`, its filters kept.
    func address(_ path: String, page: Int) -> String {
        var parts: [(String, String)] = []
        if let ministry { parts.append(("ministry", ministry)) }
        if let status { parts.append(("status", status.rawValue)) }
        if let rating { parts.append(("rag", rating.rawValue)) }
        if let theme { parts.append(("theme", theme)) }
        if page > 1 { parts.append(("page", String(page))) }
        guard !parts.isEmpty else { return path }
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        return path + "?" + parts.map { $0.0 + "=" + ($0.1.addingPercentEncoding(withAllowedCharacters: safe) ?? "") }
            .joined(separator: "&")
    }
}

extension Page {
    /// The filters as a GET form (works without script), the count of what matches, a page of
    /// cards and the links to the other pages.
    static func planListing(_ language: String, path: String, listing: PlanListing, items: [CommitmentSummary],
                        plan: PlanSummaries) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let shown = listing.shown(items)
        let ministries = Set(items.map(\.lead)).map { ($0, plan.ministryNames[$0] ?? $0) }
            .sorted { $0.1.localizedCompare($1.1) == .orderedAscending }
        func choice(_ name: String, label: String, _ options: [(String, String)], chosen: String?) -> HTMLNode {
            .div(.cls("field"),
                 .element(named: "label", nodes: [.attr("for", "filter-" + name), .txt(label)]),
                 .element(named: "select", nodes: [.id("filter-" + name), .attr("name", name),
                    .element(named: "option", nodes: [.attr("value", ""), .txt(t("wpoc4.filter.any"))]),
                    .forEach(options) { value, words in
                        .element(named: "option", nodes: [.attr("value", value), .if(value == chosen, .attr("selected", "selected")), .txt(words)])
                    }]))
        }
        return .group(
            .element(named: "form", nodes: [
                .attr("method", "get"), .attr("action", path), .cls("filters"),
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", nodes: [.txt(t("wpoc4.filter.legend"))]),
                    choice("ministry", label: t("report.leadAgency"), ministries, chosen: listing.ministry),
                    choice("status", label: t("web.field.completion"),
                           CompletionLevel.allCases.map { ($0.rawValue, levelName($0.rawValue, language)) }, chosen: listing.status?.rawValue),
                    choice("rag", label: t("report.rating"),
                           [(RAGRating.red, "report.ragRed"), (.amber, "report.ragAmber"), (.green, "report.ragGreen")].map { ($0.0.rawValue, t($0.1)) },
                           chosen: listing.rating?.rawValue),
                    .if(!plan.themes.isEmpty, choice("theme", label: t("wpoc4.filter.theme"), plan.themes, chosen: listing.theme)),
                    .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("wpoc4.filter.show"))]),
                ]),
            ]),
            .p(.cls("summary"), .attr("role", "status"),
               .txt(t("wpoc4.count", ["count": .number(shown.matching), "page": .number(shown.page), "pages": .number(shown.pages)])),
               .if(listing.narrowed, .group(.txt(" "), .a(.href(path), .txt(t("wpoc4.filter.clear")))))),
            .if(shown.items.isEmpty, .p(.txt(t("web.commitments.none")))),
            commitmentCards(language, shown.items, staleAfter: plan.staleAfter, leads: plan.ministryNames),
            pager(language, path: path, listing: listing, page: shown.page, pages: shown.pages))
    }

    /// Previous, next, and the pages around this one (with the first and the last), as links.
    private static func pager(_ language: String, path: String, listing: PlanListing, page: Int, pages: Int) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        guard pages > 1 else { return .group() }
        let near = Set([1, pages] + Array(max(1, page - 2)...min(pages, page + 2))).sorted()
        func link(_ n: Int, _ words: String, label: String? = nil) -> HTMLNode {
            .a(.href(listing.address(path, page: n)), .unwrap(label) { .attr("aria-label", $0) }, .if(n == page, .attr("aria-current", "page")), .txt(words))
        }
        return .element(named: "nav", nodes: [
            .cls("pages"), .attr("aria-label", t("wpoc4.pages")),
            .ul(
                .if(page > 1, .li(link(page - 1, t("wpoc4.previous")))),
                .forEach(near.enumerated()) { i, n in
                    .group(.if(i > 0 && near[i - 1] != n - 1, .li(.txt("…"))),
                           .li(link(n, String(n), label: t("wpoc4.page", ["page": .number(n)]))))
                },
                .if(page < pages, .li(link(page + 1, t("wpoc4.next"))))),
        ])
    }
}
