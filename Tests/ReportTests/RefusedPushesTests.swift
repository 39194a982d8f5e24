import Foundation
import Records
@testable import Report
import XCTest

/// The hub's refused pushes on the internal dashboard (issue 16, item 1): when, which ministry,
/// who, what and why, in the report's language; never on the public site. The log as the hub
/// writes it, fetched over sshd, is HubTests' RefusedPushesDashboardTests.
final class RefusedPushesTests: XCTestCase {
    static let hostile = "<script>alert(1)</script>"

    func log() -> RefusedPushes {
        RefusedPushes(published: Date(timeIntervalSince1970: 1_795_500_000), pushes: [
            .init(at: Date(timeIntervalSince1970: 1_795_000_000), ministry: "autorite-terres", pusher: "autorite-terres:awa@terres.example",
                  rescued: true, reasons: { $0 == "fr" ? ["seul l'organisme d'exécution"] : ["only the lead ministry \(Self.hostile)"] }),
            .init(at: Date(timeIntervalSince1970: 1_795_400_000), ministry: nil, pusher: "GitLab:mallory", rescued: false,
                  reasons: { _ in ["first rule", "second rule"] }),
        ])
    }

    func site(_ audience: DashboardAudience, _ language: ReportLanguage = .en, log: RefusedPushes?) throws -> String {
        let out = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(), language: language, asOf: Fixtures.asOf, audience: audience,
                      refusedPushes: log).write(to: out)
        var all = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where [".html", ".json", ".csv"].contains(where: name.hasSuffix) {
            all += try Fixtures.read(out.appendingPathComponent(name))
        }
        return all
    }

    func testTheInternalIndexListsRefusedPushesNewestFirstWithWhoWhatAndWhy() throws {
        let out = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(), language: .en, asOf: Fixtures.asOf, audience: .internal, refusedPushes: log()).write(to: out)
        let index = try Fixtures.read(out.appendingPathComponent("index.html"))
        let section = try XCTUnwrap(index.range(of: "id=\"refused\"")).upperBound
        let text = String(index[section...])
        XCTAssertTrue(text.contains("Pushes refused by the hub"), text)
        XCTAssertTrue(text.contains("published by the hub on 24 November 2026"), text)
        // Newest first: the unrecognised account's refused push (23 November) before awa's (18 November).
        let mallory = try XCTUnwrap(text.range(of: "GitLab:mallory")), awa = try XCTUnwrap(text.range(of: "autorite-terres:awa@terres.example"))
        XCTAssertLessThan(mallory.lowerBound, awa.lowerBound)
        XCTAssertTrue(text.contains("18 November 2026, 11:06"), text)
        XCTAssertTrue(text.contains("href=\"ministry-autorite-terres.html\""), "the ministry links to its page")
        XCTAssertTrue(text.contains("point of contact, or an account the hub did not recognise"), text)
        XCTAssertTrue(text.contains("<li>first rule</li><li>second rule</li>"), text)
        XCTAssertTrue(text.contains("only the lead ministry &lt;script&gt;"), "what a pusher wrote is text, never markup")
        XCTAssertFalse(index.contains(Self.hostile))
        XCTAssertTrue(text.contains("rescued by a later push from the same ministry"), text)
        XCTAssertTrue(text.contains("no push accepted since"), text)
    }

    func testInFrench() throws {
        let all = try site(.internal, .fr, log: log())
        XCTAssertTrue(all.contains("Envois refusés par le hub"), all)
        XCTAssertTrue(all.contains("seul l'organisme d'exécution"), "the reasons are asked for in the report's language")
        XCTAssertTrue(all.contains("18 novembre 2026, 11:06"))
        XCTAssertTrue(all.contains("rattrapé par un envoi ultérieur du même ministère"))
    }

    func testTheCopyWithoutALogSaysHowToFetchItAndAFolderWithoutHubSaysNothing() throws {
        XCTAssertTrue(try site(.internal, log: RefusedPushes(published: nil, pushes: [])).contains("run carnet hub status to fetch it"))
        XCTAssertTrue(try site(.internal, log: RefusedPushes(published: Date(), pushes: [])).contains("The hub has refused no push."))
        XCTAssertFalse(try site(.internal, log: nil).contains("id=\"refused\""))
    }

    func testThePublicSiteHasNoneOfIt() throws {
        let all = try site(.public, log: log())
        for text in ["refused", "GitLab:mallory", "awa@terres.example", "only the lead ministry", "first rule", "Pushes refused"] {
            XCTAssertFalse(all.contains(text), "\(text) on the public site")
        }
    }
}
