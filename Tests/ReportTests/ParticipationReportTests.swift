import Foundation
import Messages
import Records
@testable import Report
import XCTest

/// The participation records in the reports: the dashboard's Participation page (nothing
/// private published), civil society reviews on the commitment page, the communications log for
/// the IRM researcher, and sections 2A–2C of the self-assessment drafted from the sample.
final class ParticipationReportTests: XCTestCase {
    /// Senders of the sample who did not agree to be named.
    let privateSenders = ["Marc Obiang", "Chantal Nguema"]

    func testTheParticipationPageIsLinkedAndPublishesNothingPrivate() throws {
        let out = try Fixtures.temporaryDirectory(self, "site")
        let result = try Dashboard(snapshot: Fixtures.snapshot(), language: .en, asOf: Fixtures.asOf).write(to: out)
        XCTAssertTrue(result.files.contains("participation.html"))
        XCTAssertTrue(result.files.contains("participation/compte-rendu-forum-2025-12.md.zip"), "\(result.files)")
        XCTAssertEqual(result.warnings, [])
        let page = try Fixtures.read(out.appendingPathComponent("participation.html"))
        XCTAssertTrue(page.contains("No forum meeting in 1 quarter: Q1 2026."), page)
        XCTAssertTrue(page.contains("Transparence Valdoria"), "a sender who agreed to be named is named")
        for name in privateSenders { XCTAssertFalse(page.contains(name), "\(name) is published") }
        XCTAssertFalse(page.contains("stocks de médicaments"), "question texts stay out of the page")
        XCTAssertTrue(page.contains("href=\"participation/compte-rendu-forum-2025-12.md.zip\""), "the minutes are linked")
        // Every page links to it; every site file leaves no private name either.
        XCTAssertTrue(try Fixtures.read(out.appendingPathComponent("index.html")).contains("href=\"participation.html\""))
        for file in result.files where file.hasSuffix(".html") || file.hasSuffix(".json") || file.hasSuffix(".csv") {
            let text = try Fixtures.read(out.appendingPathComponent(file))
            for name in privateSenders { XCTAssertFalse(text.contains(name), "\(name) in \(file)") }
        }
        // The review beside the government's rating.
        let commitment = try Fixtures.read(out.appendingPathComponent("commitment-02.html"))
        XCTAssertTrue(commitment.contains("id=\"civil-society\""), "no review section")
        XCTAssertTrue(commitment.contains("transparence-valdoria.example/suivi/registre-2026-10"))
        XCTAssertFalse(try Fixtures.read(out.appendingPathComponent("commitment-01.html")).contains("id=\"civil-society\""))
    }

    func testTheCommunicationsLogLeavesPrivateSendersOutUnlessAsked() throws {
        let snapshot = Fixtures.snapshot()
        let plan = try XCTUnwrap(snapshot.plan?.record)
        let log = CommunicationsLog(plan: plan, records: snapshot.participation, asOf: PlanDate("2026-11-27")!)
        let rows = try csvRows(log.csv())
        XCTAssertEqual(rows.first, CommunicationsLog.header)
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        XCTAssertEqual(byID.count, 4)
        XCTAssertEqual(byID["2026-03-registre-beneficiaires"]?[2], "", "a private sender is left out")
        XCTAssertEqual(byID["2026-03-registre-beneficiaires"]?[11], "late")
        XCTAssertEqual(byID["2026-03-registre-beneficiaires"]?[9], "2026-03-30", "20 working days after 2 March 2026")
        XCTAssertEqual(byID["2026-11-medicaments"]?[11], "pending")
        XCTAssertEqual(byID["2025-10-budget-citoyen"]?[2], "Transparence Valdoria")
        let all = try csvRows(log.csv(includePrivate: true))
        XCTAssertTrue(all.contains { $0[2] == "Marc Obiang" })
    }

    /// The same log as .xlsx, read back by openpyxl: the same rows, days as date cells, working
    /// days as numbers, and private senders left out unless asked.
    func testTheCommunicationsLogAsAWorkbook() throws {
        guard (try? pythonRows("import openpyxl", Data())) != nil else { throw XCTSkip("openpyxl not installed (scripts/install-deps.sh --test)") }
        let snapshot = Fixtures.snapshot()
        let plan = try XCTUnwrap(snapshot.plan?.record)
        let log = CommunicationsLog(plan: plan, records: snapshot.participation, asOf: PlanDate("2026-11-27")!)
        let script = """
            import datetime, json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            def cell(v):
                if isinstance(v, datetime.datetime): return "day:" + v.date().isoformat()
                if isinstance(v, (int, float)): return "number:%d" % v
                return "" if v is None else str(v)
            print(json.dumps([ws.title] + [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)]))
            """
        let sheet = try pythonRows(script, try log.xlsx())
        XCTAssertEqual(sheet.first as? String, "communications")
        let rows = sheet.dropFirst().compactMap { $0 as? [String] }
        XCTAssertEqual(rows.first, CommunicationsLog.header)
        let csv = try csvRows(log.csv())
        XCTAssertEqual(rows.count, csv.count)
        let late = try XCTUnwrap(rows.first { $0[0] == "2026-03-registre-beneficiaires" })
        XCTAssertEqual(late[2], "", "a private sender is left out")
        XCTAssertEqual(late[1], "day:2026-03-02")
        XCTAssertEqual(late[9], "day:2026-03-30")
        XCTAssertTrue(late[10].hasPrefix("number:"), late[10])
        XCTAssertEqual(late[11], "late")
        let all = try pythonRows(script, try log.xlsx(includePrivate: true)).dropFirst().compactMap { $0 as? [String] }
        XCTAssertTrue(all.contains { $0[2] == "Marc Obiang" })
    }

    /// Runs a Python script on `data` written to a file; its printed JSON.
    private func pythonRows(_ script: String, _ data: Data) throws -> [Any] {
        let dir = try Fixtures.temporaryDirectory(self, "py")
        let file = dir.appendingPathComponent("log.xlsx")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script + (script.contains("print") ? "" : "\nprint('[]')"), file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: output) as? [Any])
    }

    /// A CSV parsed back by Python's csv module (the IRM researcher's tools read it so).
    private func csvRows(_ data: Data) throws -> [[String]] {
        let dir = try Fixtures.temporaryDirectory(self, "csv")
        let file = dir.appendingPathComponent("log.csv")
        try data.write(to: file)
        let script = "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: output) as? [[String]])
    }

    func testSectionTwoIsDraftedFromTheRecordsInBothLanguages() throws {
        for (language, expected) in [(ReportLanguage.en, ["met 4 times", "did not meet in: Q1 2026",
                                                            "4 questions from stakeholders", "23 contributions were received",
                                                            "Transparency Valdoria** — commitment 2"]),
                                     (.fr, ["s'est réuni 4 fois", "ne s'est pas réuni pendant\u{A0}: T1 2026",
                                            "journal des communications\u{A0}: 4", "23 contributions ont été reçues",
                                            "Transparence Valdoria** — engagement 2"])] {
            let data = try SelfAssessment(snapshot: Fixtures.snapshot(), term: .midTerm, language: language, asOf: Fixtures.asOf).render(format: .md)
            let text = String(decoding: data, as: UTF8.self)
            guard let start = text.range(of: "\n## 2."), let end = text.range(of: "\n## 3.") else { return XCTFail("no section 2 in \(language)") }
            let section = String(text[start.lowerBound..<end.lowerBound])
            for phrase in expected { XCTAssertTrue(section.contains(phrase), "\(language): no '\(phrase)' in\n\(section)") }
            for name in privateSenders { XCTAssertFalse(section.contains(name)) }
        }
    }
}
