import Foundation
import TestSupport
import XCTest

/// Reporting periods, dated imports and reports as of a past day, end to end through the real
/// carnet binary; git's CLI is the oracle for what history holds at a date.
final class ReportingPeriodTests: CLITestCase {
    /// The sample plan (every six months from 1 September 2025: p1 ends 28 February 2026, p2
    /// 31 August 2026) with two imported updates of milestone 05/m1, dated in January and April.
    func datedPlan() throws -> String {
        let plan = try samplePlan()
        XCTAssertEqual(try carnet("milestone", "set", "05", "m1", "--completion", "limited", "--date", "2026-01-15", in: plan).status, 0)
        let april = try carnet("milestone", "set", "05", "m1", "--completion", "complete", "--note", "Atelier tenu en avril",
                               "--date", "15/04/2026", in: plan)
        XCTAssertEqual(april.status, 0, april.stderr)
        return plan
    }

    func testADatedEditIsRecordedAsTheCommitsAuthorDate() throws {
        let plan = try datedPlan()
        XCTAssertEqual(try git("log", "-1", "--format=%aI", in: plan).trimmingCharacters(in: .whitespacesAndNewlines), "2026-04-15T12:00:00+00:00")
        let future = try carnet("milestone", "set", "05", "m2", "--note", "x", "--date", "2027-01-01", in: plan)
        XCTAssertEqual(future.status, 64, future.stderr)
        XCTAssertTrue(future.stderr.contains("cannot be in the future"), future.stderr)
        let month = try carnet("milestone", "set", "05", "m2", "--note", "x", "--date", "2026-03", in: plan)
        XCTAssertEqual(month.status, 64, month.stderr)
        XCTAssertTrue(month.stderr.contains("needs a day, not a month"), month.stderr)
    }

    func testClosingAPeriodKeepsTheRecordsAsTheyStoodAtItsEnd() throws {
        let plan = try datedPlan()
        let closed = try carnet("period", "close", "p1", in: plan)
        XCTAssertEqual(closed.status, 0, closed.stderr)
        // Named as people name it, with the id they type.
        XCTAssertTrue(closed.stdout.contains("The reporting period September 2025 – February 2026 (p1) is closed"), closed.stdout)
        let record = try String(contentsOfFile: plan + "/periods/p1.yaml", encoding: .utf8)
        // The oracle: the last commit dated on or before 28 February 2026, as git finds it.
        let atEnd = try git("rev-list", "-1", "--before=2026-02-28T23:59:59Z", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(record.contains("from_commit: \(atEnd)"), record)
        let progress = try git("show", "\(atEnd):commitments/05/progress.yaml", in: plan)
        XCTAssertTrue(progress.contains("  - id: m1\n    completion: limited"), progress)
        XCTAssertTrue(record.contains("  - id: \"05\"\n"), record)
        let section05 = String(record[record.range(of: "  - id: \"05\"\n")!.lowerBound...])
        XCTAssertTrue(section05.contains("      - id: m1\n        completion: limited\n"), section05)
        XCTAssertFalse(record.contains("Atelier tenu en avril"), "a change dated after the period's end is not in it")
        // One commit, the file alone.
        XCTAssertEqual(try git("show", "--name-only", "--format=", "HEAD", in: plan), "periods/p1.yaml\n")

        let again = try carnet("period", "close", "1", in: plan)
        XCTAssertEqual(again.status, 73, again.stderr)
        XCTAssertTrue(again.stderr.contains("the reporting period September 2025 – February 2026 (p1) is already closed"), again.stderr)
        XCTAssertEqual(try String(contentsOfFile: plan + "/periods/p1.yaml", encoding: .utf8), record)
        let early = try carnet("period", "close", "p3", in: plan)
        XCTAssertEqual(early.status, 64, early.stderr)
        XCTAssertTrue(early.stderr.contains("the reporting period September 2026 – February 2027 (p3) ends on 28 February 2027: "
                                            + "it can be closed from 1 March 2027"), early.stderr)
        let unknown = try carnet("period", "close", "p9", in: plan)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("p1 (September 2025 – February 2026), p2 (March – August 2026), "
                                              + "p3 (September 2026 – February 2027), p4 (March – June 2027)"), unknown.stderr)
        let words = try carnet("period", "list", in: plan)
        XCTAssertEqual(words.stdout.split(separator: "\n").first.map(String.init), "September 2025 – February 2026 (p1): closed", words.stdout)
        let french = try Shell.run([RepositoryPaths.carnetBinary, "period", "list"], in: plan, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27",
            "CARNET_LANG": "", "LANG": "fr_FR.UTF-8"])
        XCTAssertTrue(french.stdout.contains("mars – août 2026 (p2)\u{A0}: terminée, pas encore close"), french.stdout)
        let list = try carnet("period", "list", "--json", in: plan)
        let items = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(items?.map { $0["closed"] as? Bool }, [true, false, false, false])

        // The dashboard shows each period beside now, and what moved.
        XCTAssertEqual(try carnet("period", "close", "p2", in: plan).status, 0)
        let out = work.path + "/site"
        let site = try carnet("report", "dashboard", "-C", plan, "--lang", "en", "--out", out)
        XCTAssertEqual(site.status, 0, site.stderr)
        let page = try String(contentsOfFile: out + "/commitment-05.html", encoding: .utf8)
        XCTAssertTrue(page.contains("<th scope=\"col\">September 2025 – February 2026</th>"), "a period by its months: \(page)")
        XCTAssertTrue(page.contains("(was: Limited)") || page.contains("(was: limited)"), page)
        XCTAssertTrue(page.contains("m1: limited → complete") || page.contains("m1: Limited → Complete"), page)
    }

    /// Commitment 05's section of a period page, tags stripped.
    func section05(_ page: String) -> String {
        guard let start = page.range(of: "id=\"c-05\"") else { return "" }
        let rest = page[start.upperBound...]
        let end = rest.range(of: "<h2")?.lowerBound ?? rest.endIndex
        return String(rest[..<end]).replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// The six-monthly update of a period that has ended but is not closed reads its end from
    /// history (git's oracle above: the last commit dated on or before it), and reads the same
    /// once the period is closed.
    func testAPeriodPageReadsTheSameBeforeAndAfterThePeriodIsClosed() throws {
        let plan = try datedPlan()
        let out = work.path + "/site"
        let site = try carnet("report", "dashboard", "-C", plan, "--lang", "en", "--out", out)
        XCTAssertEqual(site.status, 0, site.stderr)
        let open = try String(contentsOfFile: out + "/period-p1.html", encoding: .utf8)
        XCTAssertTrue(open.contains("has ended but is not closed yet"), open)
        let before = section05(open)
        XCTAssertTrue(before.contains("m1 "), before)
        XCTAssertTrue(before.contains("Not started Limited"), "m1 at p1's end was limited (15 January): \(before)")
        XCTAssertFalse(before.contains("Atelier tenu en avril"), "a change dated after the period's end")
        let p2 = section05(try String(contentsOfFile: out + "/period-p2.html", encoding: .utf8))
        XCTAssertTrue(p2.contains("Limited Complete"), p2)
        XCTAssertTrue(p2.contains("Atelier tenu en avril"), p2)

        XCTAssertEqual(try carnet("period", "close", "p1", in: plan).status, 0)
        XCTAssertEqual(try carnet("report", "dashboard", "-C", plan, "--lang", "en", "--out", out).status, 0)
        let closed = try String(contentsOfFile: out + "/period-p1.html", encoding: .utf8)
        XCTAssertTrue(closed.contains("when closing the period on 27 November 2026"), closed)
        XCTAssertEqual(section05(closed), before)

        let french = try carnet("report", "dashboard", "-C", plan, "--lang", "fr", "--out", out)
        XCTAssertEqual(french.status, 0, french.stderr)
        let p1fr = try String(contentsOfFile: out + "/period-p1.html", encoding: .utf8)
        XCTAssertTrue(p1fr.contains("en clôturant la période le 27 novembre 2026"), p1fr)
    }

    /// The self-assessment's figures are those at the end of the period it reports on: the last
    /// closed one by default, or `--period`.
    func testTheSelfAssessmentReportsOnAPeriodsEnd() throws {
        let plan = try datedPlan()
        let out = work.path + "/draft.md"
        let today = try carnet("report", "self-assessment", "-C", plan, "--lang", "en", "--out", out)
        XCTAssertEqual(today.status, 0, today.stderr)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("Atelier tenu en avril"), "no period closed: today's records")

        XCTAssertEqual(try carnet("period", "close", "p1", in: plan).status, 0)
        let closed = try carnet("report", "self-assessment", "-C", plan, "--lang", "en", "--out", out)
        XCTAssertEqual(closed.status, 0, closed.stderr)
        let p1 = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(p1.contains("those at the end of the reporting period September 2025 – February 2026, on 28 February 2026"), p1)
        // Which periods are closed is said as the records stand on the report's day, though the
        // figures are read at p1's end, before p1 was closed.
        XCTAssertTrue(p1.contains("Reporting periods: September 2025 – February 2026 (closed)"), p1)
        XCTAssertTrue(p1.contains("March – August 2026 (not closed yet)"), p1)
        XCTAssertFalse(p1.contains("Atelier tenu en avril"), "a change dated after p1's end")
        XCTAssertEqual(try carnet("period", "close", "p2", in: plan).status, 0)
        XCTAssertEqual(try carnet("report", "self-assessment", "-C", plan, "--lang", "en", "--period", "p1", "--out", out).status, 0)
        let later = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(later.contains("September 2025 – February 2026 (closed)"), later)
        XCTAssertTrue(later.contains("March – August 2026 (closed)"), later)
        XCTAssertFalse(later.contains("Atelier tenu en avril"), "still the figures at p1's end")

        let p2 = try carnet("report", "self-assessment", "-C", plan, "--lang", "fr", "--period", "p2", "--out", out)
        XCTAssertEqual(p2.status, 0, p2.stderr)
        let french = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(french.contains("fin de la période de rapport mars – août 2026, au 31 août 2026"), french)
        XCTAssertTrue(french.contains("Atelier tenu en avril"), french)

        let early = try carnet("report", "self-assessment", "-C", plan, "--period", "p4", "--out", out)
        XCTAssertEqual(early.status, 64, early.stderr)
        XCTAssertTrue(early.stderr.contains("The reporting period March – June 2027 (p4) has not ended yet (it ends on 30 June 2027)"), early.stderr)
        let unknown = try carnet("report", "self-assessment", "-C", plan, "--period", "p9", "--out", out)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("There is no reporting period p9. The plan's periods: p1 (September 2025 – February 2026), "
                                              + "p2 (March – August 2026), p3 (September 2026 – February 2027), p4 (March – June 2027)."), unknown.stderr)
    }

    /// `carnet validate` names a damaged periods/*.yaml with its place, instead of the reports
    /// leaving it out silently.
    func testValidateNamesADamagedClosedPeriod() throws {
        let plan = try datedPlan()
        XCTAssertEqual(try carnet("period", "close", "p1", in: plan).status, 0)
        let file = plan + "/periods/p1.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let line = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("    completion: ") }) + 1
        try text.replacingOccurrences(of: lines[line - 1], with: "    completion: halfway").write(toFile: file, atomically: true, encoding: .utf8)
        let damaged = try carnet("validate", in: plan)
        XCTAssertEqual(damaged.status, 65, damaged.stdout + damaged.stderr)
        XCTAssertTrue((damaged.stdout + damaged.stderr).contains("periods/p1.yaml:\(line):"), damaged.stdout + damaged.stderr)
        XCTAssertTrue((damaged.stdout + damaged.stderr).contains("halfway"), damaged.stdout + damaged.stderr)

        try "period: p1\ncommitments: [\n".write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try carnet("validate", in: plan)
        XCTAssertEqual(broken.status, 65, broken.stdout + broken.stderr)
        XCTAssertTrue((broken.stdout + broken.stderr).contains("periods/p1.yaml:"), broken.stdout + broken.stderr)

        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try text.replacingOccurrences(of: "period: p1", with: "period: p9").write(toFile: plan + "/periods/p9.yaml", atomically: true, encoding: .utf8)
        let unknown = try carnet("validate", in: plan)
        XCTAssertEqual(unknown.status, 0, unknown.stdout + unknown.stderr)
        XCTAssertTrue((unknown.stdout + unknown.stderr).contains("the plan has no reporting period p9 (its periods: p1, p2, p3, p4)"),
                      unknown.stdout + unknown.stderr)
        let french = try Shell.run([RepositoryPaths.carnetBinary, "validate"], in: plan, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27",
            "CARNET_LANG": "", "LANG": "fr_FR.UTF-8"])
        XCTAssertTrue((french.stdout + french.stderr).contains("le plan n’a pas de période de rapport p9")
                      || (french.stdout + french.stderr).contains("le plan n'a pas de période de rapport p9"), french.stdout + french.stderr)
    }

    func testReportsAsOfAPastDayLeaveOutLaterChanges() throws {
        let plan = try datedPlan()
        let out = work.path + "/site"
        let site = try carnet("report", "dashboard", "-C", plan, "--lang", "en", "--out", out, "--as-of", "2026-03-01")
        XCTAssertEqual(site.status, 0, site.stderr)
        let page = try String(contentsOfFile: out + "/commitment-05.html", encoding: .utf8)
        XCTAssertTrue(page.contains("15 January 2026"), page)
        XCTAssertFalse(page.contains("15 April 2026"), "a change made after the report's day")
        XCTAssertFalse(page.contains("Atelier tenu en avril"))
        // Freshness measured from the report's day: 15 January to 1 March.
        let ministries = try String(contentsOfFile: out + "/ministries.html", encoding: .utf8)
        XCTAssertTrue(ministries.contains("15 January 2026 (45 days ago)"), ministries)

        let show = try carnet("show", "05", "--as-of", "2026-03-01", "--json", in: plan)
        XCTAssertEqual(show.status, 0, show.stderr)
        let sheet = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let milestones = sheet?["milestones"] as? [[String: Any]]
        XCTAssertEqual(milestones?.first?["completion"] as? String, "limited")
        XCTAssertEqual((sheet?["lastChange"] as? [String: Any])?["date"] as? String, "2026-01-15T12:00:00Z")
        // With --today alone the records are today's (the day only judges lateness).
        let today = try carnet("show", "05", "--today", "2026-03-01", "--json", in: plan)
        XCTAssertTrue(today.stdout.contains("\"completion\" : \"complete\"") || today.stdout.contains("\"completion\":\"complete\""), today.stdout)

        let status = try carnet("status", "--as-of", "2026-03-01", in: plan)
        XCTAssertEqual(status.status, 0, status.stderr)
        let before = try carnet("validate", "--as-of", "2025-06-01", in: plan)
        XCTAssertEqual(before.status, 64, before.stderr)
        XCTAssertTrue(before.stderr.contains("nothing was recorded on or before 2025-06-01"), before.stderr)
    }
}

/// A finished plan: once closed, milestones are judged on the day it closed, not today, and the
/// end-of-term self-assessment is the one offered.
final class ClosedPlanTests: CLITestCase {
    func testAClosedPlanRaisesNoAlarmAgainstToday() throws {
        let plan = try samplePlan()
        // Before: 02/m2 (planned end August 2026) is overdue on 27 November 2026.
        XCTAssertTrue(try carnet("status", in: plan).stdout.contains("[overdue: m2]"))
        let closed = try carnet("plan", "close", "--date", "2026-07-31", in: plan)
        XCTAssertEqual(closed.status, 0, closed.stderr)
        XCTAssertTrue(try String(contentsOfFile: plan + "/plan.yaml", encoding: .utf8).contains("\nclosed: 2026-07-31\n"))
        XCTAssertEqual(try git("show", "--name-only", "--format=", "HEAD", in: plan), "plan.yaml\n")
        let again = try carnet("plan", "close", in: plan)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("already closed"), again.stdout)

        let show = try carnet("show", "09", "--json", in: plan)
        let sheet = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let milestones = try XCTUnwrap(sheet?["milestones"] as? [[String: Any]])
        XCTAssertEqual(milestones[0]["state"] as? String, "overdue")
        XCTAssertEqual(milestones[0]["days"] as? Int, 32, "late by the day after the plan closed (30 June → 1 August), not by today")
        let two = try carnet("show", "02", "--json", in: plan)
        XCTAssertFalse(two.stdout.contains("\"overdue\""), "m2 was not due yet when the plan closed: \(two.stdout)")
        XCTAssertFalse(try carnet("status", in: plan).stdout.contains("[overdue: m2]"))

        let out = work.path + "/draft.md"
        let draft = try carnet("report", "self-assessment", "-C", plan, "--lang", "en", "--out", out)
        XCTAssertEqual(draft.status, 0, draft.stderr)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("End-of-term"), "the end-of-term report is offered")
    }
}
