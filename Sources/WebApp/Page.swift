import Foundation
import Messages
import Records
import Report
import Workspace

/// The pages, written with the reports' HTML writer (every string is escaped as it is written:
/// a record value can never become markup). No script; forms work as plain HTML.
enum Page {
    /// Which entry of the navigation a page belongs to.
    enum Section { case commitments, conflicts, sync, ministries, attention, selfAssessment, organisations, participation, none }

    /// Whether the page is made for a copy that is not a ministry's (the point of contact's, or
    /// a plan being drafted): set for each request (ContactRoutes.menu), its menu lists the
    /// point of contact's pages.
    @TaskLocal static var forContact = false

    static func layout(_ language: String, title: String, section: Section, _ body: [HTMLNode]) -> [UInt8] {
        func t(_ key: String) -> String { Catalogue.text(key, in: language) }
        func item(_ href: String, _ key: String, _ here: Bool) -> HTMLNode {
            .li(.a(.href(href), .if(here, .attr("aria-current", "page")), .txt(t(key))))
        }
        return HTMLNode.document(language: language, head: [
            .meta(.attr("charset", "utf-8")),
            .meta(.attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")),
            .meta(.attr("name", "referrer"), .attr("content", "same-origin")),
            .title(.txt(title + " — Carnet")),
            .link(.attr("rel", "stylesheet"), .href("/style.css")),
        ], body: [
            .a(.cls("skip"), .href("#main"), .txt(t("web.skip"))),
            .header(
                .p(.cls("brand"), .txt("Carnet")),
                .nav(.attr("aria-label", t("web.nav.label")),
                     // The point of contact's list is the whole plan's, not "My commitments".
                     .ul(item("/", forContact ? "eyes.nav.plan" : "web.nav.commitments", section == .commitments),
                         item("/conflicts", "web.nav.conflicts", section == .conflicts),
                         item("/sync", "web.nav.sync", section == .sync),
                         .if(forContact, .group(
                            item("/ministries", "web.contact.nav.ministries", section == .ministries),
                            item("/attention", "web.contact.nav.attention", section == .attention),
                            item("/participation", "part2.web.nav", section == .participation),
                            item("/preview/", "web.contact.nav.preview", false),
                            item("/self-assessment", "web.contact.nav.self-assessment", section == .selfAssessment),
                            item("/organisations", "wpoc.nav.organisations", section == .organisations)))))),
            .main(.id("main"), .group(body)),
        ])
    }

    static func refusal(title: String, message: String, language: String) -> [UInt8] {
        layout(language, title: title, section: .none, [.h1(.txt(title)), .p(.txt(message))])
    }

    static func levelName(_ level: String, _ language: String) -> String {
        Catalogue.text("web.level.\(level)", in: language)
    }

    /// A moment's day on this computer's clock, as people write it ("1er décembre 2026").
    static func day(_ date: Date) -> MessageArgument {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return .day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    /// A record's date ("2026-11", "2026-11-30") as people write it ("novembre 2026",
    /// "30 novembre 2026"); anything that is not a date as it is written.
    static func planDate(_ text: String, _ language: String) -> String {
        PlanDate(text).map { Catalogue.shared.written($0.spoken, in: language) } ?? text
    }

    /// From one record date to another, as the dashboard writes a stretch of time (`.span`:
    /// "septembre 2025 – juin 2027", "mars – août 2026", "1er – 15 mars 2026").
    static func span(_ start: String, _ end: String, _ language: String) -> String {
        guard let first = PlanDate(start), let last = PlanDate(end), first.firstDay <= last.lastDay else {
            return planDate(start, language) + " – " + planDate(end, language)
        }
        return Catalogue.shared.written(.span(first: first.firstDay, last: last.lastDay), in: language)
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }
}
