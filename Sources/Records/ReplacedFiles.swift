import Foundation

/// A plan source with some files replaced by new bytes: an edit is validated as the plan would be
/// once written, before a single byte reaches the disk (DefinitionEdits). Only existing files or
/// new files in existing folders are replaced; listings show a new file once.
public struct ReplacedFiles: PlanSource {
    public let base: any PlanSource
    public let files: [String: [UInt8]]

    public init(_ base: any PlanSource, _ files: [String: [UInt8]]) {
        self.base = base
        self.files = files
    }

    public func entries(in path: String) -> [PlanSourceEntry]? {
        guard var listed = base.entries(in: path) else { return nil }
        for (file, bytes) in files {
            let folder = file.split(separator: "/").dropLast().joined(separator: "/")
            let name = String(file.split(separator: "/").last ?? "")
            guard folder == path else { continue }
            listed.removeAll { $0.name == name }
            listed.append(PlanSourceEntry(name: name, kind: .file, size: bytes.count))
        }
        return listed
    }

    public func entry(at path: String) -> PlanSourceEntry? {
        if let bytes = files[path] {
            return PlanSourceEntry(name: String(path.split(separator: "/").last ?? ""), kind: .file, size: bytes.count)
        }
        return base.entry(at: path)
    }

    public func read(_ path: String, limit: Int) -> [UInt8]? {
        if let bytes = files[path] { return Array(bytes.prefix(limit)) }
        return base.read(path, limit: limit)
    }

    public var failure: (any Error)? { base.failure }
}

extension Commitment.Milestone {
    /// A new milestone, as the point of contact adds one to a commitment.
    public init(id: String, activity: Text, start: PlanDate, end: PlanDate, code: String? = nil, leadAgency: String? = nil) {
        self.init(id: id, activity: activity, deliverable: nil, budget: nil, start: start, end: end, code: code, leadAgency: leadAgency)
    }
}
