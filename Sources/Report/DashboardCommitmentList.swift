import Messages
import Records

/// How the overview groups its list of commitments. One grouping so far (by lead ministry);
/// a theme grouping plugs in as another case once commitments carry official themes: the
/// index, the switch between groupings and the filter pages ask only `groups(_:)`.
enum CommitmentGrouping: String, CaseIterable {
    case ministry
    case theme

    /// The page that shows the list grouped this way (the first grouping is the index).
    var page: String { self == Self.allCases.first ? "index.html" : "by-\(rawValue).html" }

    /// The groupings this plan can show: by theme only when the plan lists themes.
    static func available(_ o: PlanOverview) -> [CommitmentGrouping] {
        allCases.filter { $0 != .theme || !o.themes.isEmpty }
    }

    func label(_ l: Localizer) -> String {
        switch self {
        case .ministry: return l[DashPhrase.groupByMinistry]
        case .theme: return l[DashPhrase.groupByTheme]
        }
    }

    /// The groups in reading order, each with its heading and commitments in plan order.
    func groups(_ site: SiteContext) -> [(id: String, heading: String, commitments: [CommitmentStatus])] {
        let o = site.overview
        switch self {
        case .ministry:
            // Units are counted with the organisation they belong to at the top (a directorate
            // with its ministry), as a minister reads the plan.
            let byLead = Dictionary(grouping: o.commitments, by: { o.topOrganisation(of: $0.commitment.leadAgency) })
            // Organisations sorted by name as people read them (case and accents folded), not by id.
            let names = byLead.keys.map { ($0, o.ministryName($0, site.l)) }
                .sorted { ($0.1.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), $0.0)
                    < ($1.1.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), $1.0) }
            return names.map { (id: $0.0, heading: $0.1, commitments: byLead[$0.0] ?? []) }
        case .theme:
            // The plan's themes in its order; a commitment under each theme it names; those that
            // name none of the plan's themes last, so that every commitment is listed.
            var groups = o.themes.map { t in
                (id: t.id, heading: site.l.plain(t.title), commitments: o.commitments(inTheme: t.id))
            }.filter { !$0.commitments.isEmpty }
            let none = o.commitments.filter { o.themeIDs(of: $0.commitment).isEmpty }
            if !none.isEmpty { groups.append((id: "-none", heading: site.l[DashPhrase.noTheme], commitments: none)) }
            return groups
        }
    }
}

/// One way of narrowing the list, each a static page (no script, no server): a reader
/// follows plain links. Ministries narrow to their own page (ministry-<id>.html).
enum CommitmentFilter: Hashable {
    case status(CompletionLevel)
    case rating(RAGRating)

    static var all: [CommitmentFilter] {
        CompletionLevel.allCases.map(CommitmentFilter.status) + RAGRating.allCases.reversed().map(CommitmentFilter.rating)
    }

    var page: String {
        switch self {
        case .status(let level): return "status-\(level.rawValue).html"
        case .rating(let rating): return "rag-\(rating.rawValue).html"
        }
    }

    func matches(_ c: CommitmentStatus) -> Bool {
        switch self {
        case .status(let level): return c.completion == level
        case .rating(let rating): return c.rating == rating
        }
    }

    func label(_ l: Localizer) -> String {
        switch self {
        case .status(let level): return l.completion(level)
        case .rating(let rating): return l.rating(rating)
        }
    }
}

/// The list of commitments as the index, the switch pages and the filter pages show it.
struct CommitmentList {
    let site: SiteContext

    private var l: Localizer { site.l }

    /// A table of commitments: completion, rating, milestones done, last change.
    func table(_ list: [CommitmentStatus], caption: String? = nil) -> BodyNode {
        Report.table(caption: caption,
            header: [l[.commitment], l[.completionLevel], l[.rating], l[.milestonesDone], l[.lastChange]],
            rows: list.map { c in [
                site.commitmentLink(c),
                c.progress == nil ? .span(.cls("marker"), .txt(l[.noProgressRecord])) : site.level(c.completion),
                site.ratingBadge(c.rating),
                .txt("\(l.number(c.completeMilestones)) / \(l.number(c.milestones.count))"),
                .txt(site.history.byCommitment[c.id]?.first.map { l.date(CalendarDay($0.date)) } ?? "—"),
            ] })
    }

    /// The list grouped, each group under its own heading (level `heading`).
    func grouped(_ grouping: CommitmentGrouping) -> BodyNode {
        .forEach(grouping.groups(site)) { group in
            .group(
                .element(named: "h3", nodes: [.id("group-\(group.id)"), .txt(group.heading), .txt(" "),
                                              .span(.cls("count"), .txt("(\(l.format(DashPhrase.filterCount, ["count": .number(group.commitments.count)])))"))]),
                table(group.commitments))
        }
    }

    /// The switch between groupings and the plain list, and the filter links: plain links.
    func navigation(current: String) -> BodyNode {
        func item(_ page: String, _ label: String) -> BodyNode {
            .li(page == current ? .a(.href(page), .attr("aria-current", "page"), .txt(label)) : .a(.href(page), .txt(label)))
        }
        let o = site.overview
        return .nav(.cls("filters"), .attr("aria-label", l[DashPhrase.filterHeading]),
            .div(.strong(.txt(l.labelPlain(DashPhrase.groupingLabel))),
               .ul(.group(CommitmentGrouping.available(o).map { item($0.page, $0.label(l)) }),
                   item("commitments.html", l[DashPhrase.groupByNumber]))),
            .div(.strong(.txt(l.labelPlain(DashPhrase.filterStatus))),
               .ul(.forEach(CompletionLevel.allCases) { level in
                   item(CommitmentFilter.status(level).page, "\(l.completion(level)) (\(l.number(o.count(level))))")
               })),
            .div(.strong(.txt(l.labelPlain(DashPhrase.filterRAG))),
               .ul(.forEach(RAGRating.allCases.reversed()) { rating in
                   item(CommitmentFilter.rating(rating).page, "\(l.rating(rating)) (\(l.number(o.count(rating))))")
               })),
            .div(.strong(.txt(l.labelPlain(DashPhrase.filterMinistry))),
               .ul(.forEach(CommitmentGrouping.ministry.groups(site)) { group in
                   // A lead with no ministry record has no page to narrow to, and an organisation's
                   // page lists what it leads itself, not its units': then its group on the index.
                   let ownPage = o.ministries[group.id] != nil && group.commitments.allSatisfy { $0.commitment.leadAgency == group.id }
                   return item(ownPage ? SiteContext.ministryPage(group.id) + "#led" : "index.html#group-\(group.id)",
                        "\(group.heading) (\(l.number(group.commitments.count)))")
               })))
    }

    /// commitments.html: every commitment in plan order.
    func plainPage() -> [UInt8] {
        site.page(title: l[.commitmentsHeading], current: "", [
            .h1(.txt(l[.commitmentsHeading])),
            navigation(current: "commitments.html"),
            table(site.overview.commitments),
        ])
    }

    /// by-<grouping>.html for every grouping but the index's.
    func groupingPage(_ grouping: CommitmentGrouping) -> [UInt8] {
        site.page(title: "\(l[.commitmentsHeading]) — \(grouping.label(l))", current: "", [
            .h1(.txt(l[.commitmentsHeading])),
            navigation(current: grouping.page),
            grouped(grouping),
        ])
    }

    /// A filter page: the commitments with one status or one rating.
    func filterPage(_ filter: CommitmentFilter) -> [UInt8] {
        let list = site.overview.commitments.filter(filter.matches)
        let title = l.format(DashPhrase.filterTitle, ["name": .text(filter.label(l))])
        return site.page(title: title, current: "", [
            .h1(.txt(title)),
            navigation(current: filter.page),
            .p(.txt(l.format(DashPhrase.filterCount, ["count": .number(list.count)]))),
            list.isEmpty ? .p(.txt(l[DashPhrase.filterNone])) : table(list),
        ])
    }
}

extension Localizer {
    /// "Label:" / "Label :" for a dashboard phrase, with no value after it.
    func labelPlain(_ phrase: DashPhrase) -> String { labelled(self[phrase], "").trimmingCharacters(in: .whitespaces) }
}
