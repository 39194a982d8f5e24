import Foundation
import TestSupport
import XCTest

/// verify reads only what a push changes (PushVerifier.validationScope): the verdicts must be
/// those of a whole-plan check. The hub is given an error it did not check (written to it
/// directly, with no hook) to see which errors a push is blamed for.
final class HubVerifyScopeTests: XCTestCase {
    private var fixture: HubFixture!

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    private func clone(_ name: String, as person: HubFixture.Person) throws -> String { try fixture.gitClone(name, as: person) }

    private func commit(_ copy: String, as person: HubFixture.Person, _ message: String) throws {
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", message], in: copy, as: person))
    }

    private func push(_ copy: String, as person: HubFixture.Person) throws -> ShellResult { try fixture.gitPush(copy, as: person) }

    func testOnlyErrorsThePushIsResponsibleForRefuseIt() throws {
        // The hub holds an error in commitment 02 (led by min-justice): an unknown milestone.
        let poc = try clone("wc-poc", as: fixture.poc)
        let progress02 = poc + "/commitments/02/progress.yaml"
        try fixture.edit(progress02, replacing: "  - id: m1\n", with: "  - id: m9\n")
        try commit(poc, as: fixture.poc, "Commitment 02: a milestone it does not have")
        try fixture.must(Shell.git(["fetch", "-q", poc, "+main:refs/heads/main"], in: fixture.hub))

        // A ministry's push elsewhere is not blamed for it.
        let terres = try clone("wc-terres", as: fixture.terres)
        try fixture.edit(terres + "/commitments/05/progress.yaml", replacing: "completion: substantial", with: "completion: limited")
        try commit(terres, as: fixture.terres, "Commitment 05: limited")
        try fixture.must(push(terres, as: fixture.terres))

        // A push that changes commitment 02's progress and changes it back is judged on it: the
        // file is in no net diff, yet a commit of the push touched it.
        try fixture.must(fixture.git(["pull", "-q", "--ff-only"], in: poc, as: fixture.poc))
        let text = try String(contentsOfFile: progress02, encoding: .utf8)
        try fixture.edit(progress02, replacing: "completion: complete", with: "completion: substantial")
        try commit(poc, as: fixture.poc, "Commitment 02: substantial")
        try text.write(toFile: progress02, atomically: true, encoding: .utf8)
        try commit(poc, as: fixture.poc, "Commitment 02: complete again")
        let touched = try push(poc, as: fixture.poc)
        XCTAssertNotEqual(touched.status, 0, touched.stderr)
        XCTAssertTrue(touched.stderr.contains("commitments/02/progress.yaml:13:"), touched.stderr)
        XCTAssertTrue(touched.stderr.contains("milestone 'm9' is not a milestone of commitment '02'"), touched.stderr)

        // Renaming a ministry file breaks the commitments that name it, which the push did not
        // touch: the whole plan is read, and the push refused.
        try fixture.must(fixture.git(["reset", "-q", "--hard", "origin/main"], in: poc, as: fixture.poc))
        try fixture.must(fixture.git(["mv", "ministries/autorite-terres.yaml", "ministries/terres.yaml"], in: poc, as: fixture.poc))
        try fixture.edit(poc + "/ministries/terres.yaml", replacing: "id: autorite-terres", with: "id: terres")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "Rename autorite-terres"], in: poc, as: fixture.poc))
        let renamed = try push(poc, as: fixture.poc)
        XCTAssertNotEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("commitments/05/commitment.yaml"), renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("lead agency 'autorite-terres' is not in ministries/"), renamed.stderr)
    }

    /// A push under participation/ reads the participation records and what they name, not the
    /// plan's commitments (WorkingCopy.ValidationScope): the verdicts stay those of a whole-plan
    /// check. A changed ministry file reads them too: a review's organisation must stay a civil
    /// society organisation.
    func testParticipationPushesAreJudgedOnWhatTheyReferTo() throws {
        let poc = try clone("wc-participation", as: fixture.poc)
        /// Commits everything in the copy and pushes it: refused, naming the file and the problem.
        func refused(_ message: String, _ file: String, _ problem: String, line: UInt = #line) throws {
            try fixture.must(fixture.git(["add", "-A"], in: poc, as: fixture.poc))
            try commit(poc, as: fixture.poc, message)
            let pushed = try push(poc, as: fixture.poc)
            XCTAssertNotEqual(pushed.status, 0, pushed.stderr, line: line)
            XCTAssertTrue(pushed.stderr.contains(file) && pushed.stderr.contains(problem), pushed.stderr, line: line)
            try fixture.must(fixture.git(["reset", "-q", "--hard", "origin/main"], in: poc, as: fixture.poc))
        }
        let reviews = poc + "/participation/reviews/transparence-valdoria/"
        // A review of a commitment the plan has, read from the pushed commit by its folder name: accepted.
        try "completion: limited\ndate: 2026-11-02\n".write(toFile: reviews + "08.yaml", atomically: true, encoding: .utf8)
        try fixture.must(fixture.git(["add", "-A"], in: poc, as: fixture.poc))
        try commit(poc, as: fixture.poc, "Review of commitment 08")
        try fixture.must(push(poc, as: fixture.poc))

        // A review of a commitment it does not have: refused.
        try "completion: limited\ndate: 2026-11-02\n".write(toFile: reviews + "99.yaml", atomically: true, encoding: .utf8)
        try refused("Review of commitment 99", "participation/reviews/transparence-valdoria/99.yaml", "commitment '99' does not exist")

        // Minutes that name no document: refused (the other participation records are read).
        try fixture.edit(poc + "/participation/meetings/2026-09-forum.yaml", replacing: "remote: true\n",
                         with: "remote: true\nminutes: no-such-document\n")
        try refused("Minutes", "participation/meetings/2026-09-forum.yaml", "document 'no-such-document' is not in participation/documents/")

        // The organisation that wrote two reviews is made a ministry: its reviews, which the push
        // does not touch, break. Refused.
        try fixture.edit(poc + "/ministries/transparence-valdoria.yaml", replacing: "kind: cso", with: "kind: ministry")
        try refused("Transparence Valdoria is a ministry", "participation/reviews/transparence-valdoria/02.yaml",
                    "'transparence-valdoria' is of kind ministry")
    }
}
