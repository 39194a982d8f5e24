import Foundation
import XCTest
import Records
import TestSupport

/// Where the test data is, and small helpers shared by the Records tests.
enum Fixtures {
    /// The sample plan: Samples/valdoria.
    static let sample = RepositoryPaths.sample

    /// The validation corpus (a bundle resource; the source folder when the bundle is not there).
    static var corpus: URL {
        if let url = Bundle.module.url(forResource: "Corpus", withExtension: nil) { return url }
        return corpusSource
    }

    /// The corpus in the source tree (where CARNET_UPDATE_CORPUS writes).
    static let corpusSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// The day the sample and the corpus are validated on.
    static let today = PlanDate("2026-11-27")!

    /// Every record file of a plan folder, as paths relative to it, sorted.
    static func recordPaths(in root: URL) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root.path) else { return [] }
        while let relative = walker.nextObject() as? String {
            if PlanLayout.isRecord(relative) { result.append(relative) }
        }
        return result.sorted()
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}

/// Reads one record from bytes with the reader its path calls for, as PlanSnapshot does.
enum AnyRecord: Equatable {
    case plan(Plan?)
    case ministry(Ministry?)
    case commitment(Commitment?)
    case progress(CommitmentProgress?)
    /// A participation record, by its canonical text (each kind has its own type).
    case participation(String?)

    static func read(_ bytes: [UInt8], path: String) -> (AnyRecord, RecordSource) {
        let source = RecordSource(bytes: bytes, path: path)
        switch PlanLayout.kind(of: path) {
        case .plan: return (.plan(Plan.read(source)), source)
        case .ministry(let id): return (.ministry(Ministry.read(source, expectedID: id)), source)
        case .commitment(let id): return (.commitment(Commitment.read(source, expectedID: id)), source)
        case .progress(let id): return (.progress(CommitmentProgress.read(source, expectedID: id)), source)
        case .participation(let record) where record.isRecord: return (.participation(record.read(source)?.canonicalYAML), source)
        default: fatalError("not a record path: \(path)")
        }
    }

    var isNil: Bool {
        switch self {
        case .plan(let r): return r == nil
        case .ministry(let r): return r == nil
        case .commitment(let r): return r == nil
        case .progress(let r): return r == nil
        case .participation(let r): return r == nil
        }
    }

    /// The record written canonically (nil when it could not be read).
    var canonicalYAML: String? {
        switch self {
        case .plan(let r): return r?.canonicalYAML
        case .ministry(let r): return r?.canonicalYAML
        case .commitment(let r): return r?.canonicalYAML
        case .progress(let r): return r?.canonicalYAML
        case .participation(let r): return r
        }
    }
}

/// Lines removed and added between two texts, as multisets (order-insensitive line diff).
func lineDiff(_ old: String, _ new: String) -> (removed: [String], added: [String]) {
    var counts: [String: Int] = [:]
    for line in old.split(separator: "\n", omittingEmptySubsequences: false) { counts[String(line), default: 0] += 1 }
    for line in new.split(separator: "\n", omittingEmptySubsequences: false) { counts[String(line), default: 0] -= 1 }
    var removed: [String] = [], added: [String] = []
    for (line, n) in counts.sorted(by: { $0.key < $1.key }) {
        if n > 0 { removed += Array(repeating: line, count: n) }
        if n < 0 { added += Array(repeating: line, count: -n) }
    }
    return (removed, added)
}
