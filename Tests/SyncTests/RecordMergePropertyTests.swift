import TestSupport
import XCTest
import Records
@testable import Sync

/// Random concurrent edits of the sample commitment 05 (commitment.yaml and progress.yaml): the
/// merge always gives a valid record, loses no edit, changes nothing neither side changed, and
/// merging its result again adds nothing. Seeded, so a failure reproduces.
final class RecordMergePropertyTests: XCTestCase {
    typealias F = MergeFixture
    static let iterations = 100

    func testRandomCommitmentEdits() {
        let base = F.commitment()
        var rng = SeededGenerator(seed: 0x0C0FFEE)
        var conflicted = 0
        for i in 0..<Self.iterations {
            // Some pairs (one side shortens the commitment, the other moves a milestone) cannot be
            // combined validly: they exercise the fallback, under the same properties.
            let ours = CommitmentEdits.random(base, &rng), theirs = CommitmentEdits.random(base, &rng)
            let r = check(F.commitmentPath, base.canonicalYAML, ours.canonicalYAML, theirs.canonicalYAML, iteration: i,
                          flatten: { Flat.commitment(F.commitment($0)) })
            if let r, !r.conflicts.isEmpty { conflicted += 1 }
        }
        XCTAssertGreaterThan(conflicted, Self.iterations / 10, "the generator makes real conflicts")
    }

    func testRandomProgressEdits() {
        let base = F.progress()
        var rng = SeededGenerator(seed: 42)
        var conflicted = 0
        for i in 0..<Self.iterations {
            let ours = ProgressEdits.random(base, &rng), theirs = ProgressEdits.random(base, &rng)
            let r = check(F.progressPath, base.canonicalYAML, ours.canonicalYAML, theirs.canonicalYAML, iteration: i,
                          flatten: { Flat.progress(F.progress($0)) })
            if let r, !r.conflicts.isEmpty { conflicted += 1 }
        }
        XCTAssertGreaterThan(conflicted, Self.iterations / 10, "the generator makes real conflicts")
    }

    /// The properties, for one (base, ours, theirs).
    @discardableResult
    private func check(_ path: String, _ base: String, _ ours: String, _ theirs: String, iteration i: Int,
                       flatten: (String) -> [String: String]) -> RecordMergeResult? {
        XCTAssertEqual(F.errors(ours, path: path), [], "generator made an invalid ours (\(i))")
        XCTAssertEqual(F.errors(theirs, path: path), [], "generator made an invalid theirs (\(i))")
        let r = F.merge(path, base: base, ours: ours, theirs: theirs)
        guard let text = r.text else {
            XCTFail("no merge at \(i): \(r.problem ?? "")")
            return nil
        }
        XCTAssertEqual(F.errors(text, path: path), [], "merged record invalid at \(i)")
        let (b, o, t, m) = (flatten(base), flatten(ours), flatten(theirs), flatten(text))
        let conflicts = flatConflicts(text, path)
        // A conflict on `milestones.m2` covers every field of that milestone.
        func covered(_ p: String) -> Bool { conflicts.contains { p == $0.field || p.hasPrefix($0.field + ".") } }
        for p in Set(b.keys).union(o.keys).union(t.keys).union(m.keys).sorted() {
            if o[p] != b[p] {
                XCTAssertTrue(m[p] == o[p] || covered(p), "our edit of \(p) lost at \(i): \(o[p] ?? "~") → \(m[p] ?? "~")")
            }
            if t[p] != b[p] {
                XCTAssertTrue(m[p] == t[p] || covered(p), "the hub's edit of \(p) lost at \(i): \(t[p] ?? "~") → \(m[p] ?? "~")")
            }
            if o[p] == b[p] && t[p] == b[p] {
                XCTAssertTrue(m[p] == b[p] || covered(p), "\(p) changed though neither side did at \(i)")
            }
        }
        // Our lost values are in the conflicts as they were written.
        for c in r.conflicts where c.lostBy == "Awa Diallo" && c.lost != "~" && !c.lost.contains("\n") && !c.lost.hasPrefix("[") {
            if let ov = o[c.field] { XCTAssertEqual(c.lost, ov, "lost value of \(c.field) at \(i)") }
        }
        // Merging the result again changes nothing and records nothing.
        for (again, what) in [(F.merge(path, base: base, ours: text, theirs: theirs), "result vs theirs"),
                              (F.merge(path, base: base, ours: ours, theirs: text), "ours vs result"),
                              (F.merge(path, base: text, ours: text, theirs: text), "result thrice")] {
            XCTAssertEqual(again.text, text, "\(what) changed the result at \(i)")
            XCTAssertEqual(again.conflicts, [], "\(what) recorded conflicts at \(i)")
        }
        return r
    }

    private func flatConflicts(_ text: String, _ path: String) -> [FieldConflict] {
        path == F.commitmentPath ? F.commitment(text).conflicts : F.progress(text).conflicts
    }
}

/// Records as flat `path → value` maps (texts per language, list items by id, set members as
/// `list.member`), so "was this edit kept" is a lookup.
enum Flat {
    static func text(_ f: inout [String: String], _ p: String, _ t: Text?) {
        switch t {
        case .plain(let s)?: f["\(p).fr"] = s   // a plain string is in the plan's language (fr)
        case .translated(let items)?: for x in items { f["\(p).\(x.language)"] = x.value }
        case nil: break
        }
    }

    static func commitment(_ c: Commitment) -> [String: String] {
        var f: [String: String] = ["id": c.id, "number": String(c.number), "start": "\(c.start)", "end": "\(c.end)",
                                   "lead_agency": c.leadAgency]
        text(&f, "title", c.title)
        for t in c.themes { f["themes.\(ConflictText.text(t))"] = "1" }
        text(&f, "description.problem", c.description.problem)
        text(&f, "description.commitment", c.description.commitment)
        text(&f, "description.solution", c.description.solution)
        text(&f, "description.relevance", c.description.relevance)
        for v in c.description.values { f["description.values.\(v.rawValue)"] = "1" }
        if let a = c.additionalInformation {
            text(&f, "additional_information.budget", a.budget)
            text(&f, "additional_information.programmes", a.programmes)
            text(&f, "additional_information.sdgs", a.sdgs)
        }
        for m in c.milestones {
            let p = "milestones.\(m.id)"
            f[p] = "1"
            text(&f, "\(p).activity", m.activity)
            text(&f, "\(p).deliverable", m.deliverable)
            text(&f, "\(p).budget", m.budget)
            f["\(p).start"] = "\(m.start)"
            f["\(p).end"] = "\(m.end)"
        }
        f["contact.name"] = c.contact.name
        f["contact.email"] = c.contact.email
        f["contact.phone"] = c.contact.phone
        for s in c.otherActors?.state ?? [] { f["other_actors.state.\(s)"] = "1" }
        for s in c.otherActors?.nonState ?? [] { f["other_actors.non_state.\(s)"] = "1" }
        return f
    }

    static func progress(_ p: CommitmentProgress) -> [String: String] {
        var f: [String: String] = ["commitment": p.commitment, "completion": p.completion.rawValue]
        text(&f, "results", p.results)
        text(&f, "next_steps", p.nextSteps)
        text(&f, "delay_reason", p.delayReason)
        for m in p.milestones {
            let k = "milestones.\(m.id)"
            f[k] = "1"
            f["\(k).completion"] = m.completion.rawValue
            f["\(k).actual_start"] = m.actualStart?.description
            f["\(k).actual_end"] = m.actualEnd?.description
            text(&f, "\(k).note", m.note)
            text(&f, "\(k).delay_reason", m.delayReason)
        }
        for e in p.evidence {
            let k = "evidence.\(e.id)"
            f[k] = "1"
            text(&f, "\(k).title", e.title)
            // file and url are one choice, merged (and reported) as a pair under the key in use
            f["\(k).\(e.file != nil ? "file" : "url")"] = e.file.map { "file: \($0)" } ?? e.url.map { "url: \($0)" }
            f["\(k).milestone"] = e.milestone
            f["\(k).added"] = e.added?.description
        }
        return f
    }
}

/// Random valid edits of a commitment: the kinds of change ministries and the point of contact make.
enum CommitmentEdits {
    static let words = ["registre", "audience", "titre", "conseil", "bureau", "land", "hearing", "office", "river"]

    static func random(_ base: Commitment, _ rng: inout SeededGenerator) -> Commitment {
        var c = base
        for _ in 0..<Int.random(in: 1...4, using: &rng) { edit(&c, &rng) }
        return c
    }

    static func phrase(_ rng: inout SeededGenerator) -> String {
        (0..<3).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
    }

    static func month(_ rng: inout SeededGenerator, from: Int, to: Int) -> PlanDate {
        // months as an index from 2025-09 (0) to 2027-06 (21)
        let i = Int.random(in: from...to, using: &rng)
        return PlanDate.month(year: 2025 + (8 + i) / 12, month: (8 + i) % 12 + 1)
    }

    static func monthIndex(_ d: PlanDate) -> Int {
        let (y, m) = { () -> (Int, Int) in switch d { case let .day(y, m, _), let .month(y, m): return (y, m) } }()
        return (y - 2025) * 12 + m - 9
    }

    static func edit(_ c: inout Commitment, _ rng: inout SeededGenerator) {
        let lang = ["fr", "en"].randomElement(using: &rng)!
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: c.title = c.title.setting(phrase(&rng), language: lang, planLanguage: "fr")
        case 1: c.description.problem = c.description.problem.setting(phrase(&rng), language: lang, planLanguage: "fr")
        case 2: c.number = Int.random(in: 1...9, using: &rng)
        case 3:
            let i = Int.random(in: 0..<c.milestones.count, using: &rng)
            c.milestones[i].activity = c.milestones[i].activity.setting(phrase(&rng), language: lang, planLanguage: "fr")
        case 4:
            let i = Int.random(in: 0..<c.milestones.count, using: &rng)
            c.milestones[i].deliverable = Bool.random(using: &rng) ? nil : .plain(phrase(&rng))
        case 5:
            let i = Int.random(in: 0..<c.milestones.count, using: &rng)
            let last = monthIndex(c.end)
            c.milestones[i].start = month(&rng, from: 0, to: last)
            c.milestones[i].end = month(&rng, from: monthIndex(c.milestones[i].start), to: last)
        case 6:
            let ids = Set(c.milestones.map(\.id))
            guard let id = ["m5", "m6", "m7"].filter({ !ids.contains($0) }).randomElement(using: &rng) else { return }
            var m = c.milestones.randomElement(using: &rng)!
            m.id = id
            m.activity = .plain(phrase(&rng))
            c.milestones.append(m)
        case 7:
            if c.milestones.count > 1 { c.milestones.remove(at: Int.random(in: 0..<c.milestones.count, using: &rng)) }
        case 8:
            if Bool.random(using: &rng), !c.themes.isEmpty { c.themes.remove(at: Int.random(in: 0..<c.themes.count, using: &rng)) }
            else { c.themes.append(.plain(phrase(&rng))) }
        case 9:
            let v = OGPValue.allCases.randomElement(using: &rng)!
            if c.description.values.contains(v) { if c.description.values.count > 1 { c.description.values.removeAll { $0 == v } } }
            else { c.description.values.append(v) }
        case 10:
            let id = ["min-finances", "cour-comptes", "office-eaux", "fhth"].randomElement(using: &rng)!
            if c.otherActors!.state.contains(id) { c.otherActors!.state.removeAll { $0 == id } } else { c.otherActors!.state.append(id) }
            c.contact.email = Bool.random(using: &rng) ? "\(words.randomElement(using: &rng)!)@terres.example" : c.contact.email
        default:
            // Shorten the commitment (and its milestones with it, so the side stays valid): may
            // clash with the other side's milestone dates and exercise the fallback.
            let m = Int.random(in: 1...5, using: &rng)
            c.end = PlanDate.day(year: 2027, month: m, day: PlanDate.daysIn(year: 2027, month: m))
            let last = monthIndex(c.end)
            for i in c.milestones.indices where c.milestones[i].end.lastDay > c.end.lastDay {
                c.milestones[i].end = month(&rng, from: min(monthIndex(c.milestones[i].start), last), to: last)
                if c.milestones[i].end.firstDay < c.milestones[i].start.firstDay { c.milestones[i].start = c.milestones[i].end }
            }
        }
    }
}

/// Random valid edits of a progress report.
enum ProgressEdits {
    static func random(_ base: CommitmentProgress, _ rng: inout SeededGenerator) -> CommitmentProgress {
        var p = base
        for _ in 0..<Int.random(in: 1...4, using: &rng) { edit(&p, &rng) }
        return p
    }

    static func edit(_ p: inout CommitmentProgress, _ rng: inout SeededGenerator) {
        let lang = ["fr", "en"].randomElement(using: &rng)!
        let phrase = CommitmentEdits.phrase(&rng)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: p.completion = CompletionLevel.allCases.randomElement(using: &rng)!
        case 1: p.results = p.results?.setting(phrase, language: lang, planLanguage: "fr")
        case 2: p.nextSteps = Bool.random(using: &rng) ? nil : p.nextSteps?.setting(phrase, language: lang, planLanguage: "fr")
        case 3:
            let i = Int.random(in: 0..<p.milestones.count, using: &rng)
            p.milestones[i].completion = CompletionLevel.allCases.randomElement(using: &rng)!
        case 4:
            let i = Int.random(in: 0..<p.milestones.count, using: &rng)
            p.milestones[i].note = (p.milestones[i].note ?? .plain("")).setting(phrase, language: lang, planLanguage: "fr")
        case 5:
            let i = Int.random(in: 0..<p.milestones.count, using: &rng)
            p.milestones[i].actualEnd = Bool.random(using: &rng) ? nil : PlanDate.day(year: 2026, month: 12, day: Int.random(in: 1...28, using: &rng))
        case 6:
            let ids = Set(p.evidence.map(\.id))
            guard let id = ["e5", "e6", "e7"].filter({ !ids.contains($0) }).randomElement(using: &rng) else { return }
            p.evidence.append(.init(id: id, title: .plain(phrase), url: "https://example.org/\(id)", milestone: "m2"))
        case 7:
            if !p.evidence.isEmpty { p.evidence.remove(at: Int.random(in: 0..<p.evidence.count, using: &rng)) }
        case 8:
            guard !p.evidence.isEmpty else { return }
            let i = Int.random(in: 0..<p.evidence.count, using: &rng)
            p.evidence[i].title = p.evidence[i].title.setting(phrase, language: lang, planLanguage: "fr")
        default:
            guard !p.evidence.isEmpty else { return }
            let i = Int.random(in: 0..<p.evidence.count, using: &rng)
            if Bool.random(using: &rng) { (p.evidence[i].file, p.evidence[i].url) = (nil, "https://example.org/\(phrase.count)") }
            else { (p.evidence[i].file, p.evidence[i].url) = ("evidence/\(phrase.count).pdf", nil) }
        }
    }
}
