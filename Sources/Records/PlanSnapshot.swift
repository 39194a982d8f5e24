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
    /// ministries are then known by file name only, which is all cross-checks of one commitment
    /// need, except those named in `alsoMinistries`, which are read (hand edits of those files).
    public init(root: URL, only: Set<String>? = nil, alsoMinistries: Set<String> = []) {
        self.root = root.standardizedFileURL
        let fm = FileManager.default
        // First list the files, then read and parse them on every core: parsing dominates.
        var jobs: [Job] = []
        if fm.fileExists(atPath: path(PlanLayout.planFile)) {
            jobs.append(Job(kind: .plan, path: PlanLayout.planFile))
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
            if only == nil || alsoMinistries.contains(id) { jobs.append(Job(kind: .ministry(id), path: file)) }
        }
        let folders = ((try? fm.contentsOfDirectory(atPath: path(PlanLayout.commitmentsDir))) ?? []).filter { !$0.hasPrefix(".") }
        for id in folders where only == nil || only!.contains(id) {
            let dir = PlanLayout.commitmentDir(id)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path(dir), isDirectory: &isDir), isDir.boolValue else {
                layoutDiagnostics.append(Diagnostic(Location(path: dir), .warning, "not a commitment folder (commitments/ holds <id>/ folders); move it elsewhere"))
                continue
            }
            commitments[id] = CommitmentFolder(id: id)
            for name in (try? fm.contentsOfDirectory(atPath: path(dir))) ?? [] where !name.hasPrefix(".") {
                switch name {
                case "commitment.yaml": jobs.append(Job(kind: .commitment(id), path: PlanLayout.commitmentFile(id)))
                case "progress.yaml": jobs.append(Job(kind: .progress(id), path: PlanLayout.progressFile(id)))
                case PlanLayout.evidenceDirName: break
                default:
                    layoutDiagnostics.append(Diagnostic(Location(path: "\(dir)/\(name)"), .warning,
                        "unexpected file in a commitment folder: documents go in \(dir)/evidence/"))
                }
            }
        }
        let rootURL = self.root
        let parsed = concurrentMap(jobs) { job in Parsed(job: job, rootURL: rootURL) }
        for item in parsed {
            switch item.job.kind {
            case .plan: plan = Entry(source: item.source, record: item.plan)
            case .ministry(let id): ministries[id] = Entry(source: item.source, record: item.ministry)
            case .commitment(let id): commitments[id]?.commitment = Entry(source: item.source, record: item.commitment)
            case .progress(let id): commitments[id]?.progress = Entry(source: item.source, record: item.progress)
            default: break
            }
        }
    }

    private struct Job: Sendable {
        let kind: PlanLayout.Kind
        let path: String
    }

    /// One file read and parsed; built on any thread (its source is its own).
    private struct Parsed {
        let job: Job
        let source: RecordSource
        var plan: Plan?
        var ministry: Ministry?
        var commitment: Commitment?
        var progress: CommitmentProgress?

        init(job: Job, rootURL: URL) {
            self.job = job
            source = PlanSnapshot.read(job.path, root: rootURL)
            switch job.kind {
            case .plan: plan = Plan.read(source)
            case .ministry(let id): ministry = Ministry.read(source, expectedID: id)
            case .commitment(let id): commitment = Commitment.read(source, expectedID: id)
            case .progress(let id): progress = CommitmentProgress.read(source, expectedID: id)
            default: break
            }
            source.releaseTree()
        }
    }

    public func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    private static func read(_ relative: String, root: URL) -> RecordSource {
        guard let handle = FileHandle(forReadingAtPath: root.appendingPathComponent(relative).path) else {
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


