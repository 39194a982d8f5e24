import Foundation
import TestSupport
import XCTest

/// Changes carried on a USB drive (issue 19, item 6): `carnet carry` writes an office's commits
/// the hub lacks as a git bundle; `carnet hub take` lands it through the hub's own hooks as the
/// ministry's push. git is the oracle: it reads the bundle, and the hub's history, objects,
/// references and push log are read with the git CLI.
final class HubCarryTests: XCTestCase {
    private var fixture: HubFixture!
    private var usb: String { fixture.dir.path + "/usb" }

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    /// A ministry's copy made by carnet from the hub's folder, as an office's laptop is.
    private func carnetClone(_ name: String, as person: HubFixture.Person) throws -> String {
        let target = fixture.dir.path + "/" + name
        try fixture.must(fixture.carnetRun(["clone", fixture.hub, target, "--ministry", person.ministry!,
                                            "--name", person.name, "--email", person.email]))
        return target
    }

    private func json(_ result: ShellResult) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    }

    private func carry(_ copy: String) throws -> String {
        let result = try fixture.must(fixture.carnetRun(["carry", usb, "-C", copy, "--json"]))
        return try XCTUnwrap(try json(result)["file"] as? String, result.stdout)
    }

    private func take(_ file: String, ministry: String) throws -> ShellResult {
        try fixture.carnetRun(["hub", "take", file, "--ministry", ministry, "--hub", fixture.hub, "--json"])
    }

    private func commitAll(_ copy: String, as person: HubFixture.Person, _ message: String) throws -> String {
        try fixture.must(fixture.git(["add", "-A"], in: copy, as: person))
        try fixture.must(fixture.git(["commit", "-q", "--no-verify", "-m", message], in: copy, as: person))
        return try fixture.head(of: copy)
    }

    func testCarriedChangesLandAsTheMinistrysOwnPushAndTheNextSyncSendsNothing() throws {
        let terres = try carnetClone("wc-terres", as: fixture.terres)
        let seen = try fixture.hubMain()
        // The office records progress and a scan while the hub moves on without it.
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Rapport transmis"], in: terres))
        let scan = fixture.dir.path + "/scan.pdf"
        var random = SystemRandomNumberGenerator()
        let scanBytes = Data((0..<300_000).map { _ in UInt8.random(in: 0...255, using: &random) })   // does not compress
        try scanBytes.write(to: URL(fileURLWithPath: scan))
        try fixture.must(fixture.carnetRun(["evidence", "add", "05", scan, "--milestone", "m1", "--title", "Rapport"], in: terres))
        let tip = try fixture.head(of: terres)
        let justice = try fixture.gitClone("wc-justice", as: fixture.justice)
        try fixture.edit(justice + "/ministries/min-justice.yaml", replacing: "+00 21 42 30 05", with: "+00 21 42 30 06")
        _ = try commitAll(justice, as: fixture.justice, "Our phone")
        try fixture.must(fixture.gitPush(justice, as: fixture.justice))
        let moved = try fixture.hubMain()

        let file = try carry(terres)
        // git reads the bundle: it needs only the hub's main as the office saw it, and carries the tip.
        let verify = try Shell.git(["bundle", "verify", file], in: fixture.hub)
        XCTAssertEqual(verify.status, 0, verify.stderr)
        XCTAssertEqual(try Shell.git(["bundle", "list-heads", file], in: fixture.hub).stdout, "\(tip) refs/carnet/carried\n")
        let header = try XCTUnwrap(String(data: try Data(contentsOf: URL(fileURLWithPath: file)).prefix(200), encoding: .isoLatin1))
        XCTAssertTrue(header.contains("-\(seen)\n"), "the hub's main as last seen is the prerequisite: \(header)")
        // Only what the hub lacks: the scan (incompressible) and a few small objects, not the plan's history.
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber).intValue
        XCTAssertGreaterThan(size, 250_000)
        XCTAssertLessThan(size, 320_000, "the bundle carries only the commits the hub lacks")

        let landed = try fixture.must(take(file, ministry: "autorite-terres"))
        XCTAssertEqual(try json(landed)["status"] as? String, "landed")
        XCTAssertEqual(try json(landed)["pusher"] as? String, fixture.identity(fixture.terres))
        let main = try fixture.hubMain()
        let parents = try Shell.git(["rev-list", "--parents", "-n", "1", main], in: fixture.hub).stdout
            .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(parents, [main, tip, moved], "merged onto main as the office's own sync would have")
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%ae", main], in: fixture.hub).stdout, fixture.terres.email + "\n")
        XCTAssertTrue(try Shell.git(["show", "main:commitments/05/progress.yaml"], in: fixture.hub).stdout.contains("Rapport transmis"))
        XCTAssertTrue(try Shell.git(["show", "main:ministries/min-justice.yaml"], in: fixture.hub).stdout.contains("+00 21 42 30 06"))
        let evidence = try Shell.git(["ls-tree", "-r", "--name-only", "main", "commitments/05/"], in: fixture.hub).stdout
        XCTAssertTrue(evidence.contains("scan.pdf"), evidence)
        XCTAssertEqual(try Shell.git(["for-each-ref", "refs/carnet/incoming", "refs/carnet/carried"], in: fixture.hub).stdout, "")
        XCTAssertEqual(try Shell.git(["fsck", "--strict"], in: fixture.hub).status, 0)
        XCTAssertEqual(fixture.pushLog().last?["pusher"] as? String, fixture.identity(fixture.terres))
        XCTAssertEqual(fixture.pushLog().last?["new"] as? String, main)

        // Taken twice (the drive handed over again): nothing moves.
        let again = try fixture.must(take(file, ministry: "autorite-terres"))
        XCTAssertEqual(try json(again)["status"] as? String, "already-there")
        XCTAssertEqual(try fixture.hubMain(), main)

        // The office's next sync only takes the hub's merge: nothing more is sent.
        let pushes = fixture.pushLog().count
        let sync = try fixture.must(fixture.carnetRun(["sync", "-C", terres, "--json"]))
        XCTAssertEqual(try json(sync)["pushed"] as? Bool ?? false, false, sync.stdout)
        XCTAssertEqual(try fixture.head(of: terres), main)
        XCTAssertEqual(try fixture.hubMain(), main)
        XCTAssertEqual(fixture.pushLog().count, pushes)
        let nothing = try fixture.must(fixture.carnetRun(["carry", usb, "-C", terres, "--json"]))
        XCTAssertEqual(try json(nothing)["status"] as? String, "nothing-to-carry")
    }

    /// A bundle is judged as a push: another ministry's file, an author who is not a member, the
    /// wrong ministry named, a file over the hub's bound, a file that is no bundle. Each is refused
    /// (exit 77), main and the hub's references stay, and no carried object enters the hub.
    func testAHostileBundleIsRefusedAsAHostilePushWouldBe() throws {
        let terres = try carnetClone("wc-terres", as: fixture.terres)
        let main = try fixture.hubMain()
        // Every reference but the push log's publication, which a refusal moves (it is logged).
        let references = {
            try Shell.git(["for-each-ref"], in: self.fixture.hub).stdout.split(separator: "\n").filter { !$0.hasSuffix("refs/carnet/push-log") }
        }
        let refs = try references()
        let objects = try fixture.hubObjects()
        func refused(_ file: String, ministry: String, saying words: String, exit: Int32 = 77, _ message: String) throws {
            let result = try take(file, ministry: ministry)
            XCTAssertEqual(result.status, exit, "\(message): \(result.stdout) \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(words), "\(message): \(result.stderr)")
            XCTAssertEqual(try fixture.hubMain(), main, message)
            XCTAssertEqual(try references(), refs, message)
            XCTAssertEqual(try fixture.hubObjects(), objects, "\(message): nothing carried is written into the hub")
        }

        // Written around carnet's guardrails, as a hostile office would: min-justice's commitment 02.
        try fixture.edit(terres + "/commitments/02/commitment.yaml", replacing: "lead_agency: min-justice", with: "lead_agency: autorite-terres")
        let foreign = try commitAll(terres, as: fixture.terres, "Ours now")
        let blob = try Shell.git(["rev-parse", "HEAD:commitments/02/commitment.yaml"], in: terres).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let file = try carry(terres)
        try refused(file, ministry: "autorite-terres", saying: "commitments/02/commitment.yaml", "another ministry's file")
        XCTAssertFalse(try fixture.hubHas(blob), "nothing carried is written into the hub before it is judged")
        XCTAssertFalse(try fixture.hubHas(foreign))
        XCTAssertEqual(fixture.pushLog().last?["outcome"] as? String, "refused", "logged as a refused push")

        // Named as min-justice, the ministry whose file it is: its author is not a member there.
        try refused(file, ministry: "min-justice", saying: "is not a member of min-justice", "the wrong ministry named")
        try refused(file, ministry: "../x", saying: "not a ministry id", exit: 64, "a ministry id that is a path")

        // An author who is no member of the ministry at all.
        try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: terres, as: fixture.terres))
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45679")
        _ = try commitAll(terres, as: fixture.stranger, "Not a member")
        let strangers = try carry(terres)
        try refused(strangers, ministry: "autorite-terres", saying: "nobody@example.org", "an author who is no member")

        // Over the hub's bound for one push.
        try fixture.must(Shell.git(["config", "carnet.maxPushBytes", "100"], in: fixture.hub))
        try refused(strangers, ministry: "autorite-terres", saying: "carnet.maxPushBytes", "a file over the bound")
        try fixture.must(Shell.git(["config", "--unset", "carnet.maxPushBytes"], in: fixture.hub))

        // Not a bundle; a bundle naming another reference; a damaged one.
        let junk = usb + "/junk.bundle"
        try Data("# v2 git bundle\n\u{1b}[2J".utf8).write(to: URL(fileURLWithPath: junk))
        try refused(junk, ministry: "autorite-terres", saying: "not a file written by carnet carry", "junk")
        let other = usb + "/other.bundle"
        try fixture.must(Shell.git(["bundle", "create", "-q", other, "main"], in: terres))
        try refused(other, ministry: "autorite-terres", saying: "not a file written by carnet carry", "another reference")
        var damaged = try Data(contentsOf: URL(fileURLWithPath: strangers))
        damaged.removeLast(40)
        let cut = usb + "/cut.bundle"
        try damaged.write(to: URL(fileURLWithPath: cut))
        let result = try take(cut, ministry: "autorite-terres")
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertEqual(try fixture.hubMain(), main)
        XCTAssertEqual(try Shell.git(["fsck", "--strict"], in: fixture.hub).status, 0)
    }

    /// A bundle written by hand rather than by `carnet carry`: one that builds on a commit the hub
    /// never had (a thin pack whose base is elsewhere), one whose tree holds a symbolic link out
    /// of the plan, one with a `.Git` folder. Each is refused (exit 77), and the hub's main,
    /// references and objects stay as they were.
    func testAHandMadeBundleWithMissingBasesLinksOrGitFoldersIsRefused() throws {
        let terres = try carnetClone("wc-terres", as: fixture.terres)
        let main = try fixture.hubMain()
        let refs = try Shell.git(["for-each-ref", "refs/heads", "refs/tags"], in: fixture.hub).stdout
        let objects = try fixture.hubObjects()
        func bundle(_ name: String, _ tip: String, after base: String) throws -> String {
            let file = usb + "/" + name
            try FileManager.default.createDirectory(atPath: usb, withIntermediateDirectories: true)
            try fixture.must(fixture.git(["update-ref", "refs/carnet/carried", tip], in: terres, as: fixture.terres))
            try fixture.must(fixture.git(["bundle", "create", "-q", file, "refs/carnet/carried", "^" + base], in: terres, as: fixture.terres))
            return file
        }
        func refused(_ file: String, _ message: String) throws {
            let result = try take(file, ministry: "autorite-terres")
            XCTAssertEqual(result.status, 77, "\(message): \(result.stdout) \(result.stderr)")
            XCTAssertEqual(try fixture.hubMain(), main, message)
            XCTAssertEqual(try Shell.git(["for-each-ref", "refs/heads", "refs/tags"], in: fixture.hub).stdout, refs, message)
            XCTAssertEqual(try fixture.hubObjects(), objects, "\(message): nothing carried is written into the hub")
        }

        // Two commits of the office's own; the bundle carries the second only.
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45679")
        let first = try commitAll(terres, as: fixture.terres, "First")
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45679", with: "+00 123 45670")
        let second = try commitAll(terres, as: fixture.terres, "Second")
        try refused(try bundle("thin.bundle", second, after: first), "a bundle building on a commit the hub lacks")

        // A symbolic link to a file outside the plan, as evidence.
        try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: terres, as: fixture.terres))
        let link = try Shell.run(["sh", "-c", "printf /etc/passwd | git hash-object -w --stdin"], in: terres).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try fixture.must(fixture.git(["update-index", "--add", "--cacheinfo", "120000,\(link),commitments/05/evidence/scan.pdf"],
                                     in: terres, as: fixture.terres))
        try fixture.must(fixture.git(["commit", "-q", "--no-verify", "-m", "A link"], in: terres, as: fixture.terres))
        try refused(try bundle("link.bundle", try fixture.head(of: terres), after: main), "a symbolic link")

        // A `.Git` folder beside the plan's (git's own commands refuse the name; mktree does not).
        try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: terres, as: fixture.terres))
        let hook = try Shell.run(["sh", "-c", "printf '#!/bin/sh\\nid\\n' | git hash-object -w --stdin"], in: terres).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let hooks = try Shell.run(["sh", "-c", "printf '100755 blob \(hook)\\tpost-checkout\\n' | git mktree"], in: terres).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let dotGit = try Shell.run(["sh", "-c", "printf '040000 tree \(hooks)\\thooks\\n' | git mktree"], in: terres).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let listing = try Shell.git(["ls-tree", "HEAD"], in: terres).stdout + "040000 tree \(dotGit)\t.Git\n"
        let tree = try Shell.run(["sh", "-c", "printf '%s' \"$1\" | git mktree", "sh", listing], in: terres).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try fixture.must(fixture.git(["commit-tree", tree, "-p", main, "-m", "A .Git folder"], in: terres, as: fixture.terres))
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try refused(try bundle("dotgit.bundle", commit, after: main), "a .Git folder")
        XCTAssertEqual(try Shell.git(["fsck", "--strict"], in: fixture.hub).status, 0)
    }
}
