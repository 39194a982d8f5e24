import Foundation
import Messages
import Records
import Report
import Workspace

/// What the Sync page shows, read without the network.
public struct SyncView: Sendable {
    public var hub: String?
    public var commitsWaiting: Int
    public var lastAt: Date?
    /// 0 in sync; otherwise `carnet sync`'s exit code (`carnet sync --help`).
    public var lastExitCode: Int32?
    public var lastSummary: String?
    /// The hub refused this copy's changes: `carnet rescue` is needed.
    public var refused: Bool
    public var daemonRunning: Bool

    public init(hub: String?, commitsWaiting: Int, lastAt: Date?, lastExitCode: Int32?, lastSummary: String?,
                refused: Bool, daemonRunning: Bool) {
        self.hub = hub
        self.commitsWaiting = commitsWaiting
        self.lastAt = lastAt
        self.lastExitCode = lastExitCode
        self.lastSummary = lastSummary
        self.refused = refused
        self.daemonRunning = daemonRunning
    }
}

extension Page {
    static func sync(_ language: String, view: SyncView, csrf: String, notice: String?) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let outcome: String? = view.lastExitCode.map { code in
            switch code {
            case 0: return t("web.sync.outcome.ok")
            case 65: return t("web.sync.outcome.invalid")
            case 75: return t("web.sync.outcome.unreachable")
            case 77: return view.refused ? t("web.sync.outcome.refused") : t("web.sync.outcome.unsafe")
            case 78: return t("web.sync.outcome.no-hub")
            default: return t("web.sync.outcome.failed")
            }
        }
        return layout(language, title: t("web.sync.title"), section: .sync, [
            .h1(.txt(t("web.sync.title"))),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .dl(.cls("facts"),
                .dt(.txt(t("web.sync.hub"))), .dd(.txt(view.hub ?? t("web.sync.no-hub"))),
                .dt(.txt(t("web.sync.last"))),
                .dd(view.lastAt.map { at in .group(.txt(t("web.sync.last-at", ["date": day(at), "time": .text(time(at))]))) }
                    ?? .txt(t("web.sync.never"))),
                .unwrap(outcome) { .group(.dt(.txt(t("web.sync.outcome"))), .dd(.txt($0))) },
                .unwrap(view.lastSummary.flatMap { $0.isEmpty ? nil : $0 }) { .group(.dt(.txt(t("web.sync.said"))), .dd(.element(named: "pre", nodes: [.txt($0)]))) },
                .dt(.txt(t("web.sync.waiting"))), .dd(.txt(t("web.sync.waiting-count", ["count": .number(view.commitsWaiting)]))),
                .dt(.txt(t("web.sync.daemon"))), .dd(.txt(t(view.daemonRunning ? "web.sync.daemon-running" : "web.sync.daemon-stopped")))),
            .if(view.refused, .div(.cls("problems"),
                .p(.txt(t("web.sync.refused-advice"))),
                .element(named: "form", nodes: [
                    .attr("method", "post"), .attr("action", "/rescue"),
                    .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                    .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.sync.rescue"))]),
                ]))),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/sync"),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.sync.now"))]),
            ]),
        ])
    }
}
