import Foundation
import TestSupport
import XCTest
import Records

/// Seeded random damage to the sample's records: validation always returns, and every diagnostic
/// has a place a person can go to (line and column from 1, a path of the plan).
final class RobustnessTests: XCTestCase {
    static let iterations = 500

    /// Bytes that mean something to YAML or to the guard, plus a few that are not text.
    static let interesting: [UInt8] = Array(":-[]{},#&*!|>'\"?%@` \t\n\r\\0123456789abcxyz".utf8) + [0x00, 0x07, 0x7F, 0x80, 0xC3, 0xA9, 0xE2, 0xFF]

    enum Mutation: CaseIterable { case delete, insert, duplicate, swapLines, replace, truncate }

    static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !out.isEmpty else { out = [interesting.randomElement(using: &rng)!]; continue }
            let at = Int.random(in: 0..<out.count, using: &rng)
            switch Mutation.allCases.randomElement(using: &rng)! {
            case .delete:
                out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...16, using: &rng)))
            case .insert:
                out.insert(contentsOf: (0..<Int.random(in: 1...4, using: &rng)).map { _ in interesting.randomElement(using: &rng)! }, at: at)
            case .duplicate:
                let end = min(out.count, at + Int.random(in: 1...64, using: &rng))
                out.insert(contentsOf: Array(out[at..<end]), at: end)
            case .swapLines:
                var lines = out.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                guard lines.count > 1 else { continue }
                let i = Int.random(in: 0..<lines.count, using: &rng), j = Int.random(in: 0..<lines.count, using: &rng)
                lines.swapAt(i, j)
                out = Array(lines.joined(separator: [0x0A]))
            case .replace:
                out[at] = interesting.randomElement(using: &rng)!
            case .truncate:
                out.removeSubrange(at...)
            }
        }
        return out
    }

    func testRandomMutationsOfTheSample() throws {
        let paths = Fixtures.recordPaths(in: Fixtures.sample)
        let originals = try paths.map { try Fixtures.bytes(Fixtures.sample.appendingPathComponent($0)) }
        let plan = TemporaryDirectory("mutations")
        try plan.overlay(Fixtures.sample)
        var rng = SeededGenerator(seed: 20_261_127)
        var withDiagnostics = 0
        for iteration in 0..<Self.iterations {
            let k = Int.random(in: 0..<paths.count, using: &rng)
            let path = paths[k]
            let damaged = Self.mutate(originals[k], using: &rng)
            try plan.write(path, damaged)
            defer { try? plan.write(path, originals[k]) }

            // The file alone, as the readers see it…
            let (_, source) = AnyRecord.read(damaged, path: path)
            // …and with the cross-file checks of its commitment (the plan and ministry ids are always read).
            let only: Set<String>
            if case .commitment(let id) = PlanLayout.kind(of: path) { only = [id] }
            else if case .progress(let id) = PlanLayout.kind(of: path) { only = [id] }
            else { only = ["05"] }
            let diagnostics = source.diagnostics + PlanValidator(today: Fixtures.today).validate(PlanSnapshot(root: plan.url, only: only))
            if !diagnostics.isEmpty { withDiagnostics += 1 }
            for d in diagnostics {
                XCTAssertGreaterThanOrEqual(d.line, 1, "iteration \(iteration), \(path): \(d)")
                XCTAssertGreaterThanOrEqual(d.column, 1, "iteration \(iteration), \(path): \(d)")
                XCTAssertFalse(d.path.hasPrefix("/"), "iteration \(iteration): \(d)")
                XCTAssertFalse(d.message.isEmpty, "iteration \(iteration): \(d)")
                // A diagnostic's place exists in the file it names (or is the top of a file).
                if d.path == path, d.line > 1 || d.column > 1 {
                    let lines = damaged.split(separator: 0x0A, omittingEmptySubsequences: false)
                    XCTAssertLessThanOrEqual(d.line, lines.count + 1, "iteration \(iteration): \(d)")
                }
            }
        }
        // The damage is real: most mutations are noticed.
        XCTAssertGreaterThan(withDiagnostics, Self.iterations / 2)
    }
}
