import Foundation
import LocalSSH
import TestSupport
import XCTest

/// Random pushes built with git's plumbing — ordinary commits, merges onto random commits of
/// main's history (old ones included), deletions, renames, mode changes, symbolic links — judged
/// by the real hook (`carnet hub verify`, run by git's receive-pack) and by an oracle written
/// here from the access rules of docs/HUB.md, reading the repository with the git CLI only.
/// They must agree on every push.
///
/// Every file version the generator writes is valid, so validity never decides: the verdict is
/// the access rules' alone.
final class HubVerifyPropertyTests: XCTestCase {
    private var fixture: HubFixture!
    private var work: String { fixture.dir.path + "/work" }

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    // MARK: git plumbing

    @discardableResult
    private func git(_ arguments: [String], env: [String: String] = [:], input: String? = nil) throws -> String {
        let result = try Shell.run(["git"] + arguments, in: work, environment: env, input: input)
        guard result.status == 0 else { throw SetupFailure("git \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func blob(_ text: String) throws -> String { try git(["hash-object", "-w", "--stdin"], input: text) }

    private func show(_ commit: String, _ path: String) -> String? {
        let result = try? Shell.run(["git", "show", "\(commit):\(path)"], in: work)
        return result?.status == 0 ? result?.stdout : nil
    }

    /// One tree entry to change: a mode and blob, or nil to delete.
    private typealias Edit = (path: String, entry: (mode: String, blob: String)?)

    /// A tree: `base`'s, with `edits` applied, through a temporary index.
    private func tree(from base: String, _ edits: [Edit]) throws -> String {
        let index = ["GIT_INDEX_FILE": fixture.dir.path + "/property-index"]
        try git(["read-tree", base], env: index)
        for edit in edits {
            if let entry = edit.entry {
                try git(["update-index", "--add", "--cacheinfo", "\(entry.mode),\(entry.blob),\(edit.path)"], env: index)
            } else {
                try git(["update-index", "--force-remove", edit.path], env: index)
            }
        }
        return try git(["write-tree"], env: index)
    }

    private func commit(_ tree: String, parents: [String], as person: HubFixture.Person) throws -> String {
        let env = ["GIT_AUTHOR_NAME": person.name, "GIT_AUTHOR_EMAIL": person.email,
                   "GIT_COMMITTER_NAME": person.name, "GIT_COMMITTER_EMAIL": person.email]
        return try git(["commit-tree", tree] + parents.flatMap { ["-p", $0] } + ["-m", "random"], env: env)
    }

    // MARK: the oracle

    private func lead(_ commitment: String, at commit: String) -> String? {
        guard let text = show(commit, "commitments/\(commitment)/commitment.yaml") else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("lead_agency: ") }.map { String($0.dropFirst(13)) }
    }

    /// The milestones of a commitment whose own `lead_agency` is `ministry`, read line by line.
    private func milestonesLed(_ commitment: String, by ministry: String, at commit: String) -> Set<String> {
        guard let text = show(commit, "commitments/\(commitment)/commitment.yaml") else { return [] }
        var current: String?, led: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("  - id: ") { current = String(line.dropFirst(8)) }
            if line == "    lead_agency: \(ministry)", let current { led.insert(current) }
        }
        return led
    }

    /// progress.yaml without the entries of `own` milestones (`  - id: m2` to the next item or key).
    private func others(_ text: String?, own: Set<String>) -> String {
        var kept: [Substring] = [], skipping = false
        for line in (text ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  - ") || !line.hasPrefix("    ") { skipping = line.hasPrefix("  - id: ") && own.contains(String(line.dropFirst(8))) }
            if !skipping { kept.append(line) }
        }
        var joined = kept.joined(separator: "\n")
        while joined.hasSuffix("\n") { joined.removeLast() }
        return joined
    }

    /// The forum's organisation (participation/process.yaml `forum:`) at a commit.
    private func forum(at commit: String) -> String? {
        guard let text = show(commit, "participation/process.yaml") else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("forum: ") }.map { String($0.dropFirst(7)) }
    }

    /// May `ministry` (nil: the point of contact) write `path`, with leads read at `commits`?
    /// A milestone's lead may change progress.yaml when every other part is as one of `bases` has it.
    private func allowed(_ path: String, mode: String?, ministry: String?, leadsAt commits: [String],
                         new: String? = nil, bases: [String] = []) -> Bool {
        if mode == "120000" || mode == "160000" { return false }
        guard let ministry else { return true }
        let parts = path.split(separator: "/").map(String.init)
        if parts == ["ministries", "\(ministry).yaml"] { return true }
        // Participation: an organisation's own reviews; the forum's records for its secretariat.
        if parts.first == "participation", parts.count >= 3 {
            if parts[1] == "reviews" { return parts.count == 4 && parts[2] == ministry }
            return ["meetings", "consultations", "communications", "documents", "files"].contains(parts[1])
                && commits.allSatisfy { forum(at: $0) == ministry }
        }
        guard parts.count >= 3, parts[0] == "commitments" else { return false }
        let writable = parts[2] == "progress.yaml" && parts.count == 3 || parts[2] == "evidence" && parts.count >= 4
        if writable && commits.allSatisfy({ lead(parts[1], at: $0) == ministry }) { return true }
        var own = milestonesLed(parts[1], by: ministry, at: commits[0])
        for commit in commits.dropFirst() { own.formIntersection(milestonesLed(parts[1], by: ministry, at: commit)) }
        guard parts[2] == "progress.yaml", parts.count == 3, !own.isEmpty, let new else { return false }
        let after = others(show(new, path), own: own)
        return bases.contains { others(show($0, path), own: own) == after }
    }

    /// path → new mode (nil: deleted) between two commits, as `git diff-tree` reports them.
    private func changes(_ from: String, _ to: String) throws -> [String: String?] {
        var out: [String: String?] = [:]
        for line in try git(["diff-tree", "-r", "--no-renames", from, to]).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            let meta = fields[0].split(separator: " ")
            let mode = String(meta[1])
            out[String(fields[1])] = mode == "000000" ? String?.none : mode
        }
        return out
    }

    private func oracleAccepts(old: String, new: String, ministry: String?, email: String) throws -> Bool {
        // Only a member as the hub's main lists them may push: the point of contact may have put
        // back a ministry file from before the pusher was added (a merge taking an old version).
        if let ministry, show(old, "ministries/\(ministry).yaml")?.contains(email) != true { return false }
        for (path, mode) in try changes(old, new) where !allowed(path, mode: mode, ministry: ministry, leadsAt: [old], new: new, bases: [old]) {
            return false
        }
        for id in try git(["rev-list", new, "^\(old)"]).split(separator: "\n").map(String.init) {
            let parents = try git(["rev-list", "--parents", "-n", "1", id]).split(separator: " ").dropFirst().map(String.init)
            var introduced: [String: String?]?
            for parent in parents {
                let changed = try changes(parent, id)
                introduced = introduced.map { $0.filter { changed[$0.key] != nil } } ?? changed
            }
            for (path, mode) in introduced ?? [:] where !allowed(path, mode: mode, ministry: ministry, leadsAt: [old] + parents,
                                                                  new: id, bases: parents) {
                return false
            }
        }
        return true
    }

    // MARK: the generator

    func testTheHookAndTheOracleAgreeOnRandomPushes() throws {
        var rng = SeededGenerator(seed: 0x4B0B_2026)
        try fixture.must(Shell.git(["clone", "-q", fixture.hub, work], in: fixture.dir.path))
        let people = [fixture.poc, fixture.terres, fixture.justice]

        // Valid versions of each file the generator touches.
        func edited(_ path: String, _ old: String, _ new: String, at commit: String) throws -> String? {
            guard let text = show(commit, path), text.contains(old) else { return nil }
            return try blob(text.replacingOccurrences(of: old, with: new))
        }
        let start = try git(["rev-parse", "HEAD"])
        var versions: [String: [(String, String)]] = [:]   // path → (mode, blob)
        func add(_ path: String, _ blobID: String?, mode: String = "100644") {
            if let blobID { versions[path, default: []].append((mode, blobID)) }
        }
        for (i, phone) in ["+00 123 45678", "+00 123 45671", "+00 123 45672"].enumerated() {
            add("ministries/autorite-terres.yaml", try edited("ministries/autorite-terres.yaml", "+00 123 45678", phone, at: start))
            add("ministries/min-justice.yaml", try edited("ministries/min-justice.yaml", "+00 21 42 30 05", "+00 21 42 30 0\(i + 5)", at: start))
            add("plan.yaml", try edited("plan.yaml", "stale_after_days: 60", "stale_after_days: \(60 + i)", at: start))
        }
        for lead in ["autorite-terres", "min-justice"] {
            add("commitments/05/commitment.yaml", try edited("commitments/05/commitment.yaml", "lead_agency: autorite-terres", "lead_agency: \(lead)", at: start))
        }
        // Issue 14: m2 of 02 gets its own lead (autorite-terres), and 02's progress changes in
        // m2 only, or in m3 only (not autorite-terres's).
        add("commitments/02/commitment.yaml", try edited("commitments/02/commitment.yaml", "  - id: m2\n",
                                                         "  - id: m2\n    lead_agency: autorite-terres\n", at: start))
        for (from, to) in [("  - id: m2\n    completion: limited\n", "  - id: m2\n    completion: substantial\n"),
                           ("  - id: m2\n    completion: limited\n", "  - id: m2\n    completion: not-started\n"),
                           ("  - id: m3\n    completion: not-started\n", "  - id: m3\n    completion: limited\n")] {
            add("commitments/02/progress.yaml", try edited("commitments/02/progress.yaml", from, to, at: start))
        }
        for c in ["05", "02"] {
            for n in 1...3 {
                let text = show(start, "commitments/\(c)/progress.yaml") ?? ""
                add("commitments/\(c)/progress.yaml", try blob(text + "\n"  + String(repeating: "\n", count: n - 1)))
                add("commitments/\(c)/evidence/note-\(n).txt", try blob("note \(n) for \(c)\n"))
            }
            if show(start, "commitments/\(c)/progress.yaml") != nil {
                // The same content, made executable: a mode change alone.
                add("commitments/\(c)/progress.yaml", try git(["rev-parse", "\(start):commitments/\(c)/progress.yaml"]), mode: "100755")
            }
        }
        add("commitments/05/evidence/lien", try blob("/etc/passwd"), mode: "120000")
        // Participation: who keeps the forum's records changes; a meeting, a document file and a
        // civil society organisation's review are written.
        for secretariat in ["forum-multipartite", "autorite-terres", "min-justice"] {
            add("participation/process.yaml", try edited("participation/process.yaml", "forum: forum-multipartite", "forum: \(secretariat)", at: start))
        }
        for n in 1...3 {
            add("participation/meetings/2026-09-forum.yaml", try edited("participation/meetings/2026-09-forum.yaml", "remote: true", n == 1 ? "remote: false" : "remote: true\n" + String(repeating: "\n", count: n), at: start))
            add("participation/files/note-\(n).txt", try blob("note \(n)\n"))
            add("participation/reviews/transparence-valdoria/02.yaml", try edited("participation/reviews/transparence-valdoria/02.yaml", "date: 2026-10-05", "date: 2026-10-0\(n)", at: start))
        }
        add("notes.txt", try blob("hors du plan\n"))
        let paths = versions.keys.sorted()
        XCTAssertGreaterThan(paths.count, 10)

        func randomEdits(count: Int) -> [Edit] {
            (0..<count).map { _ in
                let path = paths.randomElement(using: &rng)!
                if path.contains("/evidence/"), Int.random(in: 0..<4, using: &rng) == 0 { return (path, nil) }
                let v = versions[path]!.randomElement(using: &rng)!
                return (path, (v.0, v.1))
            }
        }

        var agreed = 0, accepted = 0
        for round in 0..<30 {
            let main = try fixture.hubMain()
            try git(["fetch", "-q", "origin"])
            let history = try git(["rev-list", main]).split(separator: "\n").map(String.init)
            let pusher = round < 6 ? fixture.poc : people.randomElement(using: &rng)!
            var tip = main
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let base = try tree(from: tip, randomEdits(count: Int.random(in: 1...3, using: &rng)))
                if Bool.random(using: &rng) {
                    // A merge onto a random commit of main's history, taking some files from it.
                    let other = history.randomElement(using: &rng)!
                    let taken: [Edit] = try paths.filter { _ in Bool.random(using: &rng) }.map { path in
                        let entry = try Shell.run(["git", "ls-tree", other, "--", path], in: work).stdout
                        let fields = entry.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                        return fields.count >= 3 ? (path, (fields[0], fields[2])) : (path, nil)
                    }
                    tip = try commit(try tree(from: base, taken), parents: [tip, other], as: pusher)
                } else {
                    tip = try commit(base, parents: [tip], as: pusher)
                }
            }
            let expected = try oracleAccepts(old: main, new: tip, ministry: pusher.ministry, email: pusher.email)
            let result = try Shell.run(["git", "push", "-q", fixture.hub, "\(tip):refs/heads/main"], in: work,
                                       environment: ["CARNET_PUSHER": fixture.identity(pusher)])
            let landed = try fixture.hubMain() == tip
            XCTAssertEqual(landed, expected, "round \(round), \(pusher.ministry ?? "point of contact") pushing \(tip) onto \(main): hook says \(landed ? "yes" : "no"), oracle \(expected ? "yes" : "no")\n\(result.stderr)")
            XCTAssertEqual(result.status == 0, landed)
            if landed == expected { agreed += 1 }
            if landed { accepted += 1 }
        }
        // Both verdicts must occur, or the property says little.
        XCTAssertGreaterThan(accepted, 5)
        XCTAssertLessThan(accepted, 26)
        XCTAssertEqual(agreed, 30)
    }
}
