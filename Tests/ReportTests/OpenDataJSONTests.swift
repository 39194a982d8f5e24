import Foundation
import Records
@testable import Report
import XCTest

/// data.json is written by hand (JSONText) where JSONEncoder wrote it before: the bytes must be
/// JSONEncoder's own, with the options the open data always used, for every field and for any
/// text a record may hold. JSONEncoder is the oracle.
final class OpenDataJSONTests: XCTestCase {
    static func encoded(_ root: OpenData.JSONRoot) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(root), as: UTF8.self)
    }

    /// Texts a record could hold: every control character, quotes, backslashes, slashes, DEL,
    /// accents (composed and not), no-break spaces, line and paragraph separators, emoji, a
    /// lone combining mark, markup, and JSON that tries to close the string.
    static let hostile: [String] = {
        var texts = (0..<0x20).map { "c\(Unicode.Scalar(UInt8($0)))d" } + [String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })]
        texts += ["", "\"", "\\", "\\\"", "/", "</script>", "a/b\\c", "\u{7F}", "été", "e\u{301}te\u{301}", "\u{A0}:\u{202F}",
                  "\u{2028}\u{2029}", "👩🏽‍💻🇫🇷", "\u{301}", "\u{FEFF}x", "\u{FFFD}", "\"},{\"x\":1", "\r\n", "<&>'",
                  "https://example.org/a?b=c&d=\"e\"", "日本語", "\u{10FFFF}"]
        return texts
    }()

    func hostileTexts(_ i: Int) -> [String: String] {
        // Language codes are record values too: hostile keys, and keys whose order in UTF-8
        // differs from their order by characters or case.
        ["fr": Self.hostile[i % Self.hostile.count], "en": Self.hostile[(i + 7) % Self.hostile.count],
         Self.hostile[(i + 3) % Self.hostile.count]: "k", "É": "upper", "e_x": "x", "eX": "y", "Z": "z"]
    }

    func testEveryFieldAndEveryHostileTextIsWrittenAsJSONEncoderWritesIt() throws {
        var commitments: [OpenData.JSONCommitment] = []
        for (i, s) in Self.hostile.enumerated() {
            let full = i % 2 == 0
            var c = OpenData.JSONCommitment(
                id: s, number: i - 3, title: hostileTexts(i), start: s, end: s, leadAgency: s, values: [s, s],
                completion: full ? s : nil, rating: s, results: full ? hostileTexts(i + 1) : nil, nextSteps: full ? hostileTexts(i + 2) : nil,
                milestones: [
                    OpenData.JSONMilestone(id: s, activity: hostileTexts(i), start: s, end: s, completion: s, actualStart: full ? s : nil,
                                           actualEnd: full ? s : nil, daysOverdue: full ? i : nil, delayReason: full ? hostileTexts(i) : nil,
                                           code: full ? s : nil, leadAgency: full ? s : nil),
                    OpenData.JSONMilestone(id: "m2", activity: [:], start: "", end: "", completion: "not_started",
                                           actualStart: nil, actualEnd: nil, daysOverdue: nil, delayReason: nil),
                ],
                evidence: [OpenData.JSONEvidence(id: s, title: hostileTexts(i), milestone: full ? s : nil, added: full ? s : nil,
                                                 url: full ? s : nil, file: full ? s : nil)],
                conflicts: full ? [OpenData.JSONConflict(field: s, kept: s, lost: s, lostBy: s, lostAt: s),
                                   OpenData.JSONConflict(field: s, kept: s, lost: s, lostBy: nil, lostAt: nil)] : [],
                lastChange: full ? s : nil, staleTranslations: full ? [s] : [])
            c.code = full ? s : nil
            c.draft = full
            c.toComplete = [s]
            c.themes = full ? [s, "t2"] : []
            c.themeTexts = full ? [hostileTexts(i), [:]] : []
            c.description = full ? OpenData.JSONDescription(problem: hostileTexts(i), commitment: hostileTexts(i + 1),
                                                            solution: hostileTexts(i + 2), relevance: hostileTexts(i + 3))
                                 : OpenData.JSONDescription()
            c.otherActors = OpenData.JSONActors(state: full ? [s] : [], nonState: [s, s])
            commitments.append(c)
        }
        let s = Self.hostile
        var plan = OpenData.JSONPlan(country: hostileTexts(1), title: hostileTexts(2), start: s[3], end: s[4], yearGroup: s[5],
                                     languages: s, submitted: s[6], selfAssessments: hostileTexts(8),
                                     pointOfContact: OpenData.JSONPerson(name: s[9], title: hostileTexts(10), organisation: s[11],
                                                                         email: s[12], phone: s[13]))
        plan.themes = [OpenData.JSONTheme(id: s[14], title: hostileTexts(14)), OpenData.JSONTheme(id: "b", title: [:])]
        let ministries = s.enumerated().map { i, t in
            OpenData.JSONMinistry(id: t, name: hostileTexts(i), kind: t, parent: i % 2 == 0 ? t : nil, commitmentsLed: i * 1000,
                                  lastReport: i % 3 == 0 ? t : nil, stale: i % 2 == 1)
        }
        let root = OpenData.JSONRoot(
            generatedAsOf: s[15], ratingRule: s[16], staleAfterDays: -60, plan: plan,
            calendar: [OpenData.JSONDeadline(event: s[17], due: s[18], delivered: s[19]), OpenData.JSONDeadline(event: "e", due: "", delivered: nil)],
            commitments: commitments, ministries: ministries, unreadableCommitments: s)
        XCTAssertEqual(String(decoding: root.json(), as: UTF8.self), try Self.encoded(root))

        // The empty shapes: nothing in any list, no optional field.
        let bare = OpenData.JSONRoot(
            generatedAsOf: "", ratingRule: "", staleAfterDays: 0,
            plan: OpenData.JSONPlan(country: [:], title: [:], start: "", end: "", yearGroup: "", languages: [], submitted: nil,
                                    selfAssessments: [:], pointOfContact: OpenData.JSONPerson(name: "", title: nil, organisation: nil,
                                                                                             email: nil, phone: nil)),
            calendar: [], commitments: [], ministries: [], unreadableCommitments: [])
        XCTAssertEqual(String(decoding: bare.json(), as: UTF8.self), try Self.encoded(bare))
    }

    /// The sample plan's own data.json, as the dashboard builds its model (internal: conflicts too).
    func testTheSamplesDataJSONIsJSONEncodersBytes() throws {
        let snapshot = Fixtures.snapshot()
        let overview = try PlanOverview(snapshot: snapshot, asOf: Fixtures.asOf)
        for language in [ReportLanguage.en, .fr] {
            let l = Localizer(language: language, planLanguage: overview.plan.language)
            let site = SiteContext(overview: overview, history: .unavailable, l: l, planRoot: Fixtures.sample, audience: .internal)
            let data = OpenData(site: site, freshness: Freshness.compute(overview, .unavailable), evidenceFiles: [:])
            let model = data.jsonModel()
            XCTAssertFalse(model.commitments.isEmpty)
            XCTAssertEqual(String(decoding: model.json(), as: UTF8.self), try Self.encoded(model))
        }
    }
}
