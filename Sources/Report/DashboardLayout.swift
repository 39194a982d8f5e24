import Foundation
import Messages
import Records

/// What every dashboard page shares: the plan's facts, the history, the output language.
struct SiteContext {
    let overview: PlanOverview
    let history: ChangeHistory
    let l: Localizer
    /// The plan directory (evidence files are copied from it).
    let planRoot: URL
    /// Built once: every page has it.
    let footer: BodyNode
    /// The plan keeps participation records: participation.html is written and linked.
    var hasParticipation = false
    /// Civil society reviews by commitment id, shown on each commitment page.
    var reviews: [String: [CivilSocietyReview]] = [:]
    /// The six-monthly update of each period begun by the report date (period-<id>.html).
    var periodUpdates: [PeriodUpdate] = []
    /// The plan's logo as copied into the site (`logo.png` / `logo.jpg`), shown in every header.
    var logoFile: String?
    /// The hub's refused pushes, as the copy last fetched its log (internal site only).
    var refusedPushes: RefusedPushes?
    let audience: DashboardAudience

    init(overview: PlanOverview, history: ChangeHistory, l: Localizer, planRoot: URL, audience: DashboardAudience = .public) {
        self.audience = audience
        self.overview = overview
        self.history = history
        self.l = l
        self.planRoot = planRoot
        footer = SiteContext.footer(l, asOf: overview.asOf, audience: audience)
    }

    var isInternal: Bool { audience == .internal }

    /// A person's email and phone are published only when their record says `public: true`;
    /// the internal site shows them all.
    func showsContactDetails(of person: Person) -> Bool { isInternal || person.isPublic }

    /// "email — phone" as the audience may see it; nil when nothing is shown.
    func contactDetails(_ person: Person) -> String? {
        guard showsContactDetails(of: person) else { return nil }
        let parts = [person.email, person.phone].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " — ")
    }

    var planTitle: String { l.plain(overview.plan.title) }
    var country: String { l.plain(overview.plan.country) }

    static func commitmentPage(_ id: String) -> String { "commitment-\(id).html" }
    static func ministryPage(_ id: String) -> String { "ministry-\(id).html" }

    /// A ministry's name linked to its page (plain text when the record is missing).
    func ministryLink(_ id: String) -> BodyNode {
        guard let ministry = overview.ministries[id] else {
            return .span(.txt(id), .txt(" "), .span(.cls("marker"), .txt(l[.unknownMinistry])))
        }
        return .a(.attr("href", SiteContext.ministryPage(id)), inline(l.text(ministry.name), l))
    }

    func commitmentLink(_ status: CommitmentStatus) -> BodyNode {
        .a(.attr("href", SiteContext.commitmentPage(status.id)),
           .txt(l.titlePrefix(status.commitment)), inline(l.text(status.commitment.title), l), .txt(l.draftMark(status.commitment)))
    }

    func ratingBadge(_ rating: RAGRating) -> BodyNode {
        .span(.cls("rag rag-\(rating.rawValue)"), .txt(l.rating(rating)))
    }

    func level(_ level: CompletionLevel) -> BodyNode {
        .span(.cls("level"), .txt(l.completion(level)))
    }

    /// A whole page: skip link, header with navigation, main content, footer; UTF-8 bytes.
    func page(title: String, current: String, capacity: Int = 16_384, _ content: [BodyNode]) -> [UInt8] {
        let nav: [(String, Phrase)] = [("index.html", .navOverview), ("timeline.html", .navTimeline),
                                       ("calendar.html", .navCalendar), ("ministries.html", .navMinistries),
                                       ("data.json", .navOpenData)]
        let participationLink = hasParticipation ? [(DashboardParticipationPage.name, Catalogue.text("part.dash.nav", in: l.code))] : []
        return HTMLNode.document(
            language: l.code,
            head: [
                .meta(.attr("charset", "UTF-8")),
                .meta(.attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")),
                .title(.txt("\(title) — \(planTitle)")),
                .link(.attr("rel", "stylesheet"), .href("style.css")),
            ],
            body: [
                .a(.cls("skip"), .href("#main"), .txt(l[.skipToContent])),
                .header(.cls("site"),
                    // Decorative: the country's name follows as text.
                    .unwrap(logoFile) { .voidElement(named: "img", nodes: [.attr("src", $0), .attr("alt", ""), .cls("logo")]) },
                    .p(.txt(country)),
                    .p(.strong(.txt(planTitle))),
                    .nav(.attr("aria-label", l[.navLabel]), .ul(.forEach(nav.map { ($0.0, l[$0.1]) } + participationLink) { item in
                        .li(item.0 == current
                            ? .a(.attr("href", item.0), .attribute(named: "aria-current", value: "page"), .txt(item.1))
                            : .a(.attr("href", item.0), .txt(item.1)))
                    }))),
                .main(.id("main"), .if(isInternal, .p(.cls("internal-banner"), .txt(l[DashPhrase.internalBanner]))), .group(content)),
                footer,
            ],
            capacity: capacity)
    }

    /// The footer every page shares (the report date, links to the open data).
    static func footer(_ l: Localizer, asOf: CalendarDay, audience: DashboardAudience) -> BodyNode {
        let files = ["data.json"] + OpenData.csvNames(audience) + OpenData.workbookNames
        return .footer(.cls("site"),
            .p(.txt(l.format(.generatedAsOf, ["date": .text(l.date(asOf))]))),
            .p(.txt(l[.openDataNote]), .txt(" "),
               .forEach(Array(files.enumerated())) { i, name in .group(.if(i > 0, .txt(", ")), link(name, name)) }))
    }
}

extension CalendarDay {
    init(_ date: Date) { self.init(first: PlanDate(date: date)) }
}
