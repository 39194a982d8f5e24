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
}
