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
        XCTAssertTrue(again.stderr.contains("already closed"), again.stderr)
        XCTAssertEqual(try String(contentsOfFile: plan + "/periods/p1.yaml", encoding: .utf8), record)
        let early = try carnet("period", "close", "p3", in: plan)
        XCTAssertEqual(early.status, 64, early.stderr)
        XCTAssertTrue(early.stderr.contains("it can be closed from 2027-03-01"), early.stderr)
        let unknown = try carnet("period", "close", "p9", in: plan)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("p1, p2, p3, p4"), unknown.stderr)
        let list = try carnet("period", "list", "--json", in: plan)
        let items = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(items?.map { $0["closed"] as? Bool }, [true, false, false, false])

        // The dashboard shows each period beside now, and what moved.
        XCTAssertEqual(try carnet("period", "close", "p2", in: plan).status, 0)
        let out = work.path + "/site"
        let site = try carnet("report", "dashboard", "-C", plan, "--lang", "en", "--out", out)
        XCTAssertEqual(site.status, 0, site.stderr)
        let page = try String(contentsOfFile: out + "/commitment-05.html", encoding: .utf8)
        XCTAssertTrue(page.contains("p1 (to 28 February 2026)"), page)
        XCTAssertTrue(page.contains("(was: Limited)") || page.contains("(was: limited)"), page)
        XCTAssertTrue(page.contains("m1: limited → complete") || page.contains("m1: Limited → Complete"), page)
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
