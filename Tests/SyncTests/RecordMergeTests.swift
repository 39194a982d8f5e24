import XCTest
import Records
@testable import Sync

/// The sample records and helpers shared by the record-merge tests.
enum MergeFixture {
    /// The repository root, found from this file (Tests/SyncTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let commitmentPath = "commitments/05/commitment.yaml"
    static let progressPath = "commitments/05/progress.yaml"

    static func sample(_ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent("Samples/valdoria/\(path)"), encoding: .utf8)) ?? ""
    }

    static func commitment(_ text: String = sample(commitmentPath)) -> Commitment {
        Commitment.read(RecordSource(bytes: Array(text.utf8), path: commitmentPath), expectedID: "05")!
    }

    static func progress(_ text: String = sample(progressPath)) -> CommitmentProgress {
        CommitmentProgress.read(RecordSource(bytes: Array(text.utf8), path: progressPath), expectedID: "05")!
    }

    static func merge(_ path: String, base: String?, ours: String, theirs: String) -> RecordMergeResult {
        RecordMerge.merge(path: path, base: base, ours: ours, theirs: theirs,
                          ourAuthor: "Awa Diallo", ourTime: "2026-11-02T10:00:00Z",
                          theirAuthor: "Hub User", theirTime: "2026-11-01T09:00:00Z")
    }

    /// Error diagnostics of a record text read at `path`.
    static func errors(_ text: String, path: String) -> [Diagnostic] {
        let source = RecordSource(bytes: Array(text.utf8), path: path)
        switch PlanLayout.kind(of: path) {
        case .plan: _ = Plan.read(source)
        case .ministry(let id): _ = Ministry.read(source, expectedID: id)
        case .commitment(let id): _ = Commitment.read(source, expectedID: id)
        case .progress(let id): _ = CommitmentProgress.read(source, expectedID: id)
        default: break
        }
        return source.diagnostics.filter { $0.severity == .error }
    }
}

final class RecordMergeTests: XCTestCase {
    typealias F = MergeFixture
    let cBase = F.commitment()
    let pBase = F.progress()

    private func mergeC(_ ours: Commitment, _ theirs: Commitment, base: Commitment? = nil) -> (Commitment, RecordMergeResult) {
        let r = F.merge(F.commitmentPath, base: (base ?? cBase).canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertNil(r.problem)
        return (F.commitment(r.text ?? ""), r)
    }

    private func mergeP(_ ours: CommitmentProgress, _ theirs: CommitmentProgress) -> (CommitmentProgress, RecordMergeResult) {
        let r = F.merge(F.progressPath, base: pBase.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertNil(r.problem)
        return (F.progress(r.text ?? ""), r)
    }

    func testSamplesAreCanonicalSoIdempotenceIsMeaningful() {
        XCTAssertEqual(cBase.canonicalYAML, F.sample(F.commitmentPath))
        XCTAssertEqual(pBase.canonicalYAML, F.sample(F.progressPath))
    }

    func testChangeOnOneSideOnlyIsTaken() {
        var ours = cBase, theirs = cBase
        ours.title = .translated([.init("fr", "Registres fonciers publics"), .init("en", "Public land records")])
        theirs.milestones[1].end = PlanDate("2026-01")!
        let (m, r) = mergeC(ours, theirs)
        XCTAssertEqual(m.title, ours.title)
        XCTAssertEqual(m.milestones[1].end, PlanDate("2026-01"))
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(m.conflicts, [])
    }

    func testSameChangeOnBothSidesIsTakenOnce() {
        var ours = pBase
        ours.completion = .complete
        ours.milestones[2].completion = .complete
        let (m, r) = mergeP(ours, ours)
        XCTAssertEqual(m, ours)
        XCTAssertEqual(r.conflicts, [])
    }

    func testTrueConflictKeepsTheHubsValueAndRecordsOurs() {
        var ours = pBase, theirs = pBase
        ours.completion = .complete
        theirs.completion = .limited
        ours.milestones[3].completion = .substantial
        theirs.milestones[3].completion = .complete
        let (m, r) = mergeP(ours, theirs)
        XCTAssertEqual(m.completion, .limited)
        XCTAssertEqual(m.milestone("m4")?.completion, .complete)
        let expected = [
            FieldConflict(field: "completion", kept: "limited", lost: "complete", lostBy: "Awa Diallo", lostAt: "2026-11-02T10:00:00Z"),
            FieldConflict(field: "milestones.m4.completion", kept: "complete", lost: "substantial",
                          lostBy: "Awa Diallo", lostAt: "2026-11-02T10:00:00Z"),
        ]
        XCTAssertEqual(r.conflicts, expected)
        XCTAssertEqual(m.conflicts, expected, "the conflicts are written into the record too")
    }

    func testSwappingSidesKeepsTheSameValuesOnlyTheWinnerChanges() {
        var a = pBase, b = pBase
        a.completion = .complete
        a.milestones[0].note = .plain("note A")
        b.completion = .limited
        b.milestones[0].note = .plain("note B")
        let ab = F.progress(F.merge(F.progressPath, base: pBase.canonicalYAML, ours: a.canonicalYAML, theirs: b.canonicalYAML).text!)
        let ba = F.progress(F.merge(F.progressPath, base: pBase.canonicalYAML, ours: b.canonicalYAML, theirs: a.canonicalYAML).text!)
        XCTAssertEqual(ab.completion, .limited)
        XCTAssertEqual(ba.completion, .complete)
        // Each way, the two values are there: one in the record, the other in the conflicts.
        for (m, kept, lost) in [(ab, "limited", "complete"), (ba, "complete", "limited")] {
            XCTAssertEqual(m.conflicts.first { $0.field == "completion" }.map { [$0.kept, $0.lost] }, [kept, lost])
        }
        // Plain strings on every side: the language is not known, the text is one field.
        XCTAssertEqual(Set(ab.conflicts.map(\.field)), ["completion", "milestones.m1.note"])
        XCTAssertEqual(Set(ab.conflicts.flatMap { [$0.kept, $0.lost] }), Set(ba.conflicts.flatMap { [$0.kept, $0.lost] }))
    }

    func testTranslationsMergePerLanguage() {
        var ours = pBase, theirs = pBase
        ours.results = ours.results!.setting("Résultats revus", language: "fr", planLanguage: "fr")
        theirs.results = theirs.results!.setting("Revised results", language: "en", planLanguage: "fr")
        let (m, r) = mergeP(ours, theirs)
        XCTAssertEqual(m.results, .translated([.init("fr", "Résultats revus"), .init("en", "Revised results")]))
        XCTAssertEqual(r.conflicts, [])
    }

    func testSameLanguageChangedOnBothSidesIsAConflictOnThatLanguageOnly() {
        var ours = pBase, theirs = pBase
        ours.results = ours.results!.setting("ours", language: "en", planLanguage: "fr")
        theirs.results = theirs.results!.setting("theirs", language: "en", planLanguage: "fr")
        let (m, r) = mergeP(ours, theirs)
        XCTAssertEqual(m.results?.value(in: "en"), "theirs")
        XCTAssertEqual(m.results?.value(in: "fr"), pBase.results?.value(in: "fr"))
        XCTAssertEqual(r.conflicts.map(\.field), ["results.en"])
        XCTAssertEqual(r.conflicts.first?.lost, "ours")
    }

    func testPlainTextAndANewTranslationBothKept() {
        // additional_information.programmes is a plain string in the sample (the plan's language).
        var ours = cBase, theirs = cBase
        ours.additionalInformation!.programmes = .plain("PNSFR 2024-2030")
        let old = cBase.additionalInformation!.programmes!
        theirs.additionalInformation!.programmes = old.setting("National rural land programme", language: "en", planLanguage: "fr")
        let (m, r) = mergeC(ours, theirs)
        XCTAssertEqual(m.additionalInformation?.programmes,
                       .translated([.init("fr", "PNSFR 2024-2030"), .init("en", "National rural land programme")]))
        XCTAssertEqual(r.conflicts, [])
    }

    func testMilestonesAddedOnBothSidesAreAllKept() {
        var ours = cBase, theirs = cBase
        var m5 = cBase.milestones[3]; m5.id = "m5"; m5.activity = .plain("Ours")
        var m6 = cBase.milestones[3]; m6.id = "m6"; m6.activity = .plain("Theirs")
        ours.milestones.append(m5)
        theirs.milestones.append(m6)
        let (m, r) = mergeC(ours, theirs)
        XCTAssertEqual(m.milestones.map(\.id), ["m1", "m2", "m3", "m4", "m6", "m5"], "theirs' order, then ours' additions")
        XCTAssertEqual(m.milestone("m5")?.activity, .plain("Ours"))
        XCTAssertEqual(r.conflicts, [])
    }

    func testDeletionAgainstNoChangeDeletes() {
        var ours = cBase, theirs = cBase
        ours.milestones.removeAll { $0.id == "m2" }
        theirs.title = .plain("Autre")
        let (m, r) = mergeC(ours, theirs)
        XCTAssertEqual(m.milestones.map(\.id), ["m1", "m3", "m4"])
        XCTAssertEqual(r.conflicts, [])
    }

    func testDeletionAgainstModificationKeepsTheModifiedItem() {
        var ours = cBase, theirs = cBase
        ours.milestones.removeAll { $0.id == "m4" }           // we delete m4, the hub edits it
        theirs.milestones[3].budget = .plain("Budget révisé")
        theirs.milestones.removeAll { $0.id == "m3" }         // the hub deletes m3, we edit it
        ours.milestones[2].deliverable = .plain("Registre en ligne")
        let (m, r) = mergeC(ours, theirs)
        XCTAssertEqual(m.milestones.map(\.id), ["m1", "m2", "m4", "m3"])
        XCTAssertEqual(m.milestone("m4")?.budget, .plain("Budget révisé"))
        XCTAssertEqual(m.milestone("m3")?.deliverable, .plain("Registre en ligne"))
        XCTAssertEqual(r.conflicts.map(\.field), ["milestones.m4", "milestones.m3"])
        XCTAssertEqual(r.conflicts[0].lost, "~")
        XCTAssertEqual(r.conflicts[0].lostBy, "Awa Diallo", "our deletion lost")
        XCTAssertEqual(r.conflicts[1].lost, "~")
        XCTAssertEqual(r.conflicts[1].lostBy, "Hub User", "the hub's deletion lost")
        XCTAssertTrue(r.conflicts[1].kept.contains("Registre en ligne"), "kept shows the item as YAML")
    }

    func testPlainListsMergeAsSets() {
        var ours = cBase, theirs = cBase
        ours.otherActors!.nonState.removeAll { $0 == "fhth" }
        ours.otherActors!.state.append("min-finances")
        theirs.otherActors!.state.append("cour-comptes")
        theirs.description.values.removeAll { $0 == .accountability }
        let (m, r) = mergeC(ours, theirs)
        XCTAssertEqual(m.otherActors?.state, ["communes-tapir", "office-eaux", "min-terres", "min-justice", "cour-comptes", "min-finances"])
        XCTAssertEqual(m.otherActors?.nonState, ["innovatapir", "ti-tapir", "smartcitizens"])
        XCTAssertEqual(m.description.values, [.transparency, .civicParticipation])
        XCTAssertEqual(r.conflicts, [])
    }

    func testConflictListsMergeAsAUnionMinusResolvedEntries() {
        let old = FieldConflict(field: "completion", kept: "limited", lost: "complete", lostBy: "X", lostAt: "t0")
        var base = pBase
        base.conflicts = [old]
        var ours = base, theirs = base
        ours.conflicts = [FieldConflict(field: "results.fr", kept: "a", lost: "b")]   // resolved `old`, has a new one
        theirs.conflicts.append(FieldConflict(field: "next_steps.en", kept: "c", lost: "d"))
        let r = F.merge(F.progressPath, base: base.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertEqual(F.progress(r.text!).conflicts.map(\.field), ["next_steps.en", "results.fr"])
        XCTAssertEqual(r.conflicts, [], "nothing newly recorded")
    }

    func testAnIdenticalConflictIsNotRecordedTwice() {
        var ours = pBase, theirs = pBase
        ours.completion = .complete
        theirs.completion = .limited
        let first = F.merge(F.progressPath, base: pBase.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        // The hub now has the merged result; our old version is merged against it again.
        let again = F.merge(F.progressPath, base: pBase.canonicalYAML, ours: ours.canonicalYAML, theirs: first.text!)
        XCTAssertEqual(again.text, first.text)
        XCTAssertEqual(again.conflicts, [])
        XCTAssertEqual(F.progress(again.text!).conflicts.count, 1)
    }

    func testIdempotenceOnEverySampleRecord() throws {
        let dir = F.root.appendingPathComponent("Samples/valdoria")
        var paths = ["plan.yaml"]
        paths += try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ministries").path).map { "ministries/\($0)" }
        for c in try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("commitments").path) {
            paths += ["commitments/\(c)/commitment.yaml", "commitments/\(c)/progress.yaml"]
        }
        for path in paths {
            let x = F.sample(path)
            let r = F.merge(path, base: x, ours: x, theirs: x)
            XCTAssertEqual(r.text, x, path)
            XCTAssertEqual(r.conflicts, [], path)
            let noBase = F.merge(path, base: nil, ours: x, theirs: x)
            XCTAssertEqual(noBase.text, x, "added identically on both sides: \(path)")
        }
    }

    func testMergingAResultAgainAddsNothing() {
        var ours = cBase, theirs = cBase
        ours.title = .plain("Ours")
        theirs.title = .plain("Theirs")
        ours.milestones.removeAll { $0.id == "m1" }
        theirs.milestones[0].budget = nil
        ours.contact.email = "new@terres.example"
        let first = F.merge(F.commitmentPath, base: cBase.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertEqual(first.conflicts.count, 2)
        for (o, t) in [(first.text!, theirs.canonicalYAML), (ours.canonicalYAML, first.text!), (first.text!, first.text!)] {
            let again = F.merge(F.commitmentPath, base: cBase.canonicalYAML, ours: o, theirs: t)
            XCTAssertEqual(again.text, first.text)
            XCTAssertEqual(again.conflicts, [])
        }
    }

    func testAddedOnBothSidesWithoutBase() {
        var ours = pBase, theirs = pBase
        ours.completion = .complete
        ours.nextSteps = nil
        theirs.evidence.removeAll { $0.id == "e4" }
        let r = F.merge(F.progressPath, base: nil, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        let m = F.progress(r.text!)
        XCTAssertEqual(m.completion, pBase.completion, "no base: a difference is a conflict the hub wins")
        XCTAssertEqual(m.evidence.map(\.id), ["e1", "e2", "e3", "e4"], "no base: items on either side are kept")
        XCTAssertEqual(m.nextSteps, pBase.nextSteps, "no base: a field present on one side only is kept")
        XCTAssertEqual(r.conflicts.map(\.field), ["completion"])
    }

    func testEvidenceFileOrUrlMergesAsOneChoice() {
        var ours = pBase, theirs = pBase
        ours.evidence[0].file = nil
        ours.evidence[0].url = "https://example.org/compte-rendu.pdf"
        theirs.evidence[0].file = "evidence/compte-rendu-v2.md"
        let (m, r) = mergeP(ours, theirs)
        XCTAssertEqual(m.evidence[0].file, "evidence/compte-rendu-v2.md")
        XCTAssertNil(m.evidence[0].url)
        XCTAssertEqual(r.conflicts, [FieldConflict(field: "evidence.e1.url", kept: "file: evidence/compte-rendu-v2.md",
                                                    lost: "url: https://example.org/compte-rendu.pdf",
                                                    lostBy: "Awa Diallo", lostAt: "2026-11-02T10:00:00Z")])
    }

    func testAnInvalidCombinationFallsBackToTheirsWithEveryDifferenceRecorded() {
        // Each side is valid; together the commitment would end before milestone m3.
        var ours = cBase, theirs = cBase
        ours.end = PlanDate("2026-12-31")!
        ours.milestones[3].end = PlanDate("2026-12")!
        theirs.milestones[2].end = PlanDate("2027-03")!
        let r = F.merge(F.commitmentPath, base: cBase.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertEqual(F.errors(r.text!, path: F.commitmentPath), [])
        var expected = theirs
        expected.conflicts = r.conflicts
        XCTAssertEqual(F.commitment(r.text!), expected)
        XCTAssertEqual(Set(r.conflicts.map(\.field)), ["end", "milestones.m3.end", "milestones.m4.end"])
    }

    func testPlanAndMinistryMerge() {
        let planText = F.sample("plan.yaml")
        let base = Plan.read(RecordSource(bytes: Array(planText.utf8), path: "plan.yaml"))!
        var ours = base, theirs = base
        // Keys are checked as keys (SSHPublicKey): these two are well-formed ed25519 keys.
        ours.languages.append("es")
        theirs.languages.append("pt")
        ours.members = [Person(name: "Awa Diallo", keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB awa"])]
        theirs.members = [Person(name: "Awa Diallo", email: "awa@gouv.example", keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC awa"])]
        theirs.selfAssessments["end_term"] = PlanDate("2027-09-30")!
        let r = F.merge("plan.yaml", base: base.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        let m = Plan.read(RecordSource(bytes: Array(r.text!.utf8), path: "plan.yaml"))!
        XCTAssertEqual(m.languages, ["fr", "en", "pt", "es"])
        XCTAssertEqual(m.members, [Person(name: "Awa Diallo", email: "awa@gouv.example",
                                          keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC awa", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB awa"])])
        XCTAssertEqual(m.selfAssessments.count, 2)
        XCTAssertEqual(r.conflicts, [])

        let ministry = F.sample("ministries/fhth.yaml")
        var mo = Ministry.read(RecordSource(bytes: Array(ministry.utf8), path: "ministries/fhth.yaml"), expectedID: "fhth")!
        mo.contacts[0].phone = "+00 1"
        let mr = F.merge("ministries/fhth.yaml", base: ministry, ours: mo.canonicalYAML, theirs: ministry)
        XCTAssertEqual(mr.text, mo.canonicalYAML)
    }

    func testReorderedLanguagesOnOneSideKeepThatOrder() {
        let planText = F.sample("plan.yaml")
        let base = Plan.read(RecordSource(bytes: Array(planText.utf8), path: "plan.yaml"))!
        var ours = base, theirs = base
        ours.languages = ["en", "fr"]
        theirs.languages.append("es")
        let r = F.merge("plan.yaml", base: planText, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertEqual(Plan.read(RecordSource(bytes: Array(r.text!.utf8), path: "plan.yaml"))?.languages, ["en", "fr", "es"])
        XCTAssertEqual(r.conflicts, [])
    }

    func testUnreadableSideGivesNoTextAndSaysWhy() {
        let x = F.sample(F.progressPath)
        let broken = F.merge(F.progressPath, base: x, ours: "completion: [", theirs: x)
        XCTAssertNil(broken.text)
        XCTAssertTrue(broken.problem?.contains("this working copy") ?? false, broken.problem ?? "")
        let invalid = F.merge(F.progressPath, base: x, ours: x, theirs: x.replacingOccurrences(of: "completion: substantial", with: "completion: done"))
        XCTAssertNil(invalid.text)
        XCTAssertTrue(invalid.problem?.contains("hub") ?? false)
        let badBase = F.merge(F.progressPath, base: "{{{", ours: x, theirs: x)
        XCTAssertEqual(badBase.text, x, "an unreadable base is treated as no base")
        XCTAssertNotNil(F.merge("commitments/05/evidence/a.md", base: nil, ours: "a", theirs: "b").problem)
    }
}
