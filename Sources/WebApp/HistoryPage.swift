import Foundation
import Messages
import Report
import Workspace

/// A commitment's history: the last changes on its page, every change on its own page.
extension Page {
    /// How many changes a commitment's page shows (the history page shows them all).
    static let historyShown = 10

    /// Who changed what and when, newest first. Each change's message is its words
    /// (HistoryWords: what it did to the records, in the page's language); the page of one
    /// commitment shows its first line, the history page all of it.
    static func historyList(_ language: String, _ changes: [Workspace.Change], wholeMessages: Bool) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        guard !changes.isEmpty else { return .p(.txt(t("web.commitment.no-history"))) }
        return .ol(.cls("history"), .forEach(changes) { change in
            let lines = change.message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return .li(.strong(.txt(t("web.commitment.change", ["author": .text(change.author), "date": day(change.date),
                                                                "time": .text(time(change.date))]))),
                       .forEach(wholeMessages ? lines : Array(lines.prefix(1))) { .group(.br(), .txt($0)) })
        })
    }

    static func history(_ language: String, sheet: CommitmentSheet, changes: [Workspace.Change]) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let title = t("web.history.title", ["number": .text(String(sheet.number)), "title": .text(sheet.title)])
        return layout(language, title: title, section: .commitments, [
            .h1(.txt(title)),
            .p(.txt(t("web.history.count", ["count": .number(changes.count)]))),
            historyList(language, changes, wholeMessages: true),
            .p(.a(.href("/c/\(sheet.id)"), .txt(t("web.history.back")))),
        ])
    }
}
