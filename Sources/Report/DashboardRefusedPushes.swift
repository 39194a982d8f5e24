import Foundation
import Messages
import Records

/// The pushes the hub refused, as the internal dashboard shows them. The hub keeps them in its
/// push log (docs/HUB.md, "The push log"), which the point of contact's copy holds as last
/// fetched by `carnet hub status`; the caller reads it there (Report does not read hubs) and
/// gives each refusal's reasons in the report's language through `reasons`.
public struct RefusedPushes: Sendable {
    public struct Push: Sendable {
        public var at: Date
        /// The ministry id; nil for the point of contact or an account the hub did not resolve.
        public var ministry: String?
        /// The identity the hub logged (`min-terres:awa@…`, or the server account).
        public var pusher: String
        /// Why, first rule first, in the language asked for.
        public var reasons: @Sendable (String) -> [String]
        /// A later push by the same ministry was accepted.
        public var rescued: Bool

        public init(at: Date, ministry: String?, pusher: String, rescued: Bool, reasons: @escaping @Sendable (String) -> [String]) {
            self.at = at
            self.ministry = ministry
            self.pusher = pusher
            self.rescued = rescued
            self.reasons = reasons
        }
    }

    /// When the hub published the log this copy holds; nil when the copy holds none.
    public var published: Date?
    /// Newest first.
    public var pushes: [Push]

    public init(published: Date?, pushes: [Push]) {
        self.published = published
        self.pushes = pushes.sorted { $0.at > $1.at }
    }

    /// The most the page lists: the log keeps up to a thousand pushes.
    static let shown = 50
}

/// The internal index's "Refused pushes" section: when, which ministry, who, why, and whether a
/// later push got the ministry's changes through. Never on the public site: it names people
/// and shows what they tried to write.
struct DashboardRefusedPushesSection {
    let site: SiteContext
    /// nil: the copy is not attached to a hub (the section is left out).
    let log: RefusedPushes?

    func render() -> BodyNode {
        let l = site.l
        // A plan folder not attached to a hub has no refused pushes to speak of.
        guard site.isInternal, let log else { return .empty }
        guard let published = log.published else {
            return .group(.h2(.id("refused"), .txt(l.dash2("refused.heading"))), .p(.txt(l.dash2("refused.no-log"))))
        }
        let shown = Array(log.pushes.prefix(RefusedPushes.shown))
        return .group(
            .h2(.id("refused"), .txt(l.dash2("refused.heading"))),
            .p(.txt(l.dash2("refused.note", ["date": .text(when(published))]))),
            shown.isEmpty ? .p(.txt(l.dash2("refused.none"))) : .group(
                .if(log.pushes.count > shown.count, .p(.txt(l.dash2("refused.latest", ["count": .number(shown.count), "total": .number(log.pushes.count)])))),
                table(caption: nil,
                      header: [l.dash2("refused.when"), l[.organisation], l.dash2("refused.pusher"), l.dash2("refused.why"), l.dash2("refused.since")],
                      rows: shown.map { push in [
                          .txt(when(push.at)),
                          push.ministry.map { site.ministryLink($0) } ?? .txt(l.dash2("refused.no-ministry")),
                          .code(.txt(push.pusher)),
                          reasons(push.reasons(l.code)),
                          .txt(l.dash2(push.rescued ? "refused.rescued" : "refused.stuck")),
                      ] })))
    }

    private func reasons(_ lines: [String]) -> BodyNode {
        guard !lines.isEmpty else { return .txt("—") }
        return lines.count == 1 ? .txt(lines[0]) : .ul(.forEach(lines) { .li(.txt($0)) })
    }

    /// "3 March 2026, 14:05 UTC": the hub logs instants in UTC.
    private func when(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let minutes = ((seconds % 86_400) + 86_400) % 86_400 / 60
        let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
        return site.l.dash2("refused.at", ["date": .text(site.l.date(CalendarDay(date))), "time": .text(time)])
    }
}
