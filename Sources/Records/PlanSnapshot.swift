import Foundation

/// The records of a plan directory as read from disk, each with its source (for locations).
public final class PlanSnapshot {
    public struct Entry<Record> {
        public let source: RecordSource
        public let record: Record?
    }

    public struct CommitmentFolder {
        public let id: String
        public var commitment: Entry<Commitment>?
        public var progress: Entry<CommitmentProgress>?
    }

    public let root: URL
    public private(set) var plan: Entry<Plan>?
    public private(set) var ministries: [String: Entry<Ministry>] = [:]
    /// Ministry ids known from file names, parsed or not.
    public private(set) var ministryIDs: Set<String> = []
    public private(set) var commitments: [String: CommitmentFolder] = [:]
    /// Problems with the layout itself (stray files), found while loading.
    public private(set) var layoutDiagnostics: [Diagnostic] = []

    public var sortedCommitments: [CommitmentFolder] {
        commitments.values.sorted {
            ($0.commitment?.record?.number ?? Int.max, $0.id) < ($1.commitment?.record?.number ?? Int.max, $1.id)
        }
    }

    /// Loads a plan. `only` limits the commitments read (an edit needs its own, not a thousand);
    /// ministries are then known by file name only, which is all cross-checks of one commitment need.
    public init(root: URL, only: Set<String>? = nil) {
        self.root = root.standardizedFileURL
        let fm = FileManager.default
        if fm.fileExists(atPath: path(PlanLayout.planFile)) {
            let source = read(PlanLayout.planFile)
            plan = Entry(source: source, record: Plan.read(source))
        } else {
            layoutDiagnostics.append(Diagnostic(Location(path: PlanLayout.planFile), .error,
                "no plan.yaml here: run carnet in a plan repository, or create one with `carnet plan init DIR`"))
        }
        for name in (try? fm.contentsOfDirectory(atPath: path(PlanLayout.ministriesDir))) ?? [] where !name.hasPrefix(".") {
            let file = "\(PlanLayout.ministriesDir)/\(name)"
            guard name.hasSuffix(".yaml") else {
                layoutDiagnostics.append(Diagnostic(Location(path: file), .warning, "not a ministry record (ministries/ holds <id>.yaml files); move it elsewhere"))
                continue
            }
            let id = String(name.dropLast(5))
            ministryIDs.insert(id)
            if only == nil {
                let source = read(file)
                ministries[id] = Entry(source: source, record: Ministry.read(source, expectedID: id))
            }
        }
        let folders = ((try? fm.contentsOfDirectory(atPath: path(PlanLayout.commitmentsDir))) ?? []).filter { !$0.hasPrefix(".") }
        for id in folders where only == nil || only!.contains(id) {
            let dir = PlanLayout.commitmentDir(id)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path(dir), isDirectory: &isDir), isDir.boolValue else {
                layoutDiagnostics.append(Diagnostic(Location(path: dir), .warning, "not a commitment folder (commitments/ holds <id>/ folders); move it elsewhere"))
                continue
            }
            var folder = CommitmentFolder(id: id)
            if fm.fileExists(atPath: path(PlanLayout.commitmentFile(id))) {
                let source = read(PlanLayout.commitmentFile(id))
                folder.commitment = Entry(source: source, record: Commitment.read(source, expectedID: id))
            }
            if fm.fileExists(atPath: path(PlanLayout.progressFile(id))) {
                let source = read(PlanLayout.progressFile(id))
                folder.progress = Entry(source: source, record: CommitmentProgress.read(source, expectedID: id))
            }
            for name in (try? fm.contentsOfDirectory(atPath: path(dir))) ?? [] where !name.hasPrefix(".") {
                if !["commitment.yaml", "progress.yaml", PlanLayout.evidenceDirName].contains(name) {
                    layoutDiagnostics.append(Diagnostic(Location(path: "\(dir)/\(name)"), .warning,
                        "unexpected file in a commitment folder: documents go in \(dir)/evidence/"))
                }
            }
            commitments[id] = folder
        }
    }

    public func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    private func read(_ relative: String) -> RecordSource {
        guard let handle = FileHandle(forReadingAtPath: path(relative)) else {
            return RecordSource(path: relative, failure: "cannot read the file: check that it is a file and that you may read it")
        }
        defer { try? handle.close() }
        // Read one byte past the limit: enough to know the file is too big, without loading it.
        let data = (try? handle.read(upToCount: YAMLGuard.maxRecordBytes + 1)) ?? nil
        return RecordSource(bytes: [UInt8](data ?? Data()), path: relative)
    }

    /// Every source read, for reporting.
    public var sources: [RecordSource] {
        var result: [RecordSource] = []
        if let plan { result.append(plan.source) }
        result += ministries.keys.sorted().compactMap { ministries[$0]?.source }
        for folder in sortedCommitments {
            if let c = folder.commitment { result.append(c.source) }
            if let p = folder.progress { result.append(p.source) }
        }
        return result
    }
}

