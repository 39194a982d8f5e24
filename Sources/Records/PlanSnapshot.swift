import Foundation
import Messages

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

    /// Where the plan is read from: a folder or a commit.
    public let source: any PlanSource
    /// The folder read, for a snapshot of a folder (a working copy). A snapshot of a commit has
    /// no folder: this is then a path that names nothing on disk, and nothing may be read there.
    public var root: URL {
        (source as? FolderSource)?.root ?? URL(fileURLWithPath: "/nonexistent/carnet-plan-read-from-a-commit")
    }
    public private(set) var plan: Entry<Plan>?
    public private(set) var ministries: [String: Entry<Ministry>] = [:]
    /// Ministry ids known from file names, parsed or not.
    public private(set) var ministryIDs: Set<String> = []
    public private(set) var commitments: [String: CommitmentFolder] = [:]
    /// Forum meetings, consultations, communications, reviews, documents (read unless `only`).
    public private(set) var participation = ParticipationRecords()
    /// Problems with the layout itself (stray files, unsafe names, links), found while loading.
    public private(set) var layoutDiagnostics: [Diagnostic] = []

    public var sortedCommitments: [CommitmentFolder] {
        commitments.values.sorted {
            ($0.commitment?.record?.number ?? Int.max, $0.id) < ($1.commitment?.record?.number ?? Int.max, $1.id)
        }
    }

    /// Some commitments only were read (`only`): the others are known by name, not read.
    public let isPartial: Bool

    /// Loads the plan in a folder (see `init(source:only:alsoMinistries:participation:records:)`).
    public convenience init(root: URL, only: Set<String>? = nil, alsoMinistries: Set<String> = [], participation readParticipation: Bool = false,
                            records: ParsedRecords? = nil) {
        self.init(source: FolderSource(root), only: only, alsoMinistries: alsoMinistries, participation: readParticipation, records: records)
    }

    /// Loads a plan. `only` limits the commitments read (an edit needs its own, not a thousand);
    /// ministries are then known by file name only, which is all cross-checks of one commitment
    /// need, except those named in `alsoMinistries`, which are read (hand edits of those files).
    ///
    /// Layout rules, the same for a folder and a commit: every name listed under ministries/ and
    /// commitments/ must pass PathRules (no `..`, `.`, empty or `.git*` component: an error), and
    /// a plan holds only plain files and folders (a symbolic link, a submodule or a special file
    /// is an error: a link could point anywhere on the disk of whoever reads it). Names are
    /// checked before any path is built from them; nothing is resolved.
    ///
    /// The participation records are read with the whole plan, or when `participation` asks for
    /// them with some commitments only (ValidationScope: a change to one of them, or to a ministry).
    ///
    /// `records`: files already parsed, by their bytes' blob id (the web app's pages share one).
    public init(source: any PlanSource, only: Set<String>? = nil, alsoMinistries: Set<String> = [], participation readParticipation: Bool = false,
                records: ParsedRecords? = nil) {
        self.source = source
        isPartial = only != nil
        var layout: [Diagnostic] = []
        func error(_ path: String, _ message: Said) { layout.append(Diagnostic(Location(path: path), .error, message)) }
        func warning(_ path: String, _ message: Said) { layout.append(Diagnostic(Location(path: path), .warning, message)) }
        func notPlain(_ path: String, _ kind: PlanSourceEntry.Kind) {
            error(path, Said("records.not-plain-file", ["path": .text(path), "kind": .text(kind.spoken)]))
        }
        /// A listed name that is safe to build a path from; unsafe ones are refused, hidden ones skipped.
        func usable(_ name: String, in folder: String) -> Bool {
            if let problem = PathRules.problem(inName: name) {
                error(folder + "/" + name, Said("records.name-refused", ["name": .text(name), "folder": .text(folder + "/"), "problem": .text(problem)]))
                return false
            }
            return !name.hasPrefix(".")
        }
        /// The entries of a folder of the layout; a link in its place is refused.
        func listing(_ path: String) -> [PlanSourceEntry] {
            guard let entry = source.entry(at: path) else { return [] }
            guard entry.kind == .folder else {
                if entry.kind != .file { notPlain(path, entry.kind) }
                return []
            }
            return source.entries(in: path) ?? []
        }
        /// Evidence folders hold documents at any depth: every name and kind is checked.
        func checkEvidence(_ folder: String) {
            // Hidden documents are checked too (a hidden link is still a link).
            for entry in source.entries(in: folder) ?? [] where usable(entry.name, in: folder) || PathRules.problem(inName: entry.name) == nil {
                let path = folder + "/" + entry.name
                switch entry.kind {
                case .file: break
                case .folder: checkEvidence(path)
                case .symbolicLink, .submodule, .other: notPlain(path, entry.kind)
                }
            }
        }

        // First list the files, then read them and parse them on every core: parsing dominates.
        var jobs: [Job] = []
        switch source.entry(at: PlanLayout.planFile)?.kind {
        case nil:
            error(PlanLayout.planFile, Said("records.no-plan"))
        case .file?, .folder?: jobs.append(Job(kind: .plan, path: PlanLayout.planFile))
        case let kind?: notPlain(PlanLayout.planFile, kind)
        }
        for entry in listing(PlanLayout.ministriesDir) where usable(entry.name, in: PlanLayout.ministriesDir) {
            let file = "\(PlanLayout.ministriesDir)/\(entry.name)"
            switch entry.kind {
            case .symbolicLink, .submodule, .other: notPlain(file, entry.kind); continue
            case .file, .folder: break
            }
            guard entry.name.hasSuffix(".yaml") else {
                warning(file, Said("records.not-a-ministry-record"))
                continue
            }
            let id = String(entry.name.dropLast(5))
            ministryIDs.insert(id)
            if only == nil || alsoMinistries.contains(id) { jobs.append(Job(kind: .ministry(id), path: file)) }
        }
        // Some commitments only: those asked for are looked up by name, not found among the
        // thousand entries of the folder. A name asked for that is not a plain one is judged as
        // the listing judges it (the other names were judged when they came: scopes of partial
        // reads, ValidationScope, read the whole plan for any path that is not a commitment's).
        let commitmentEntries: [PlanSourceEntry]
        if let only, source.entry(at: PlanLayout.commitmentsDir)?.kind == .folder,
           only.allSatisfy({ PathRules.problem(inName: $0) == nil && !$0.hasPrefix(".") }) {
            commitmentEntries = only.sorted().compactMap { source.entry(at: PlanLayout.commitmentDir($0)) }
        } else if let only, source.entry(at: PlanLayout.commitmentsDir)?.kind == .folder,
                  let names = source.names(in: PlanLayout.commitmentsDir) {
            commitmentEntries = names.filter { only.contains($0) && usable($0, in: PlanLayout.commitmentsDir) }
                .compactMap { source.entry(at: PlanLayout.commitmentDir($0)) }
        } else {
            commitmentEntries = listing(PlanLayout.commitmentsDir)
        }
        for entry in commitmentEntries where usable(entry.name, in: PlanLayout.commitmentsDir) {
            let id = entry.name
            guard only == nil || only!.contains(id) else { continue }
            let dir = PlanLayout.commitmentDir(id)
            switch entry.kind {
            case .folder: break
            case .file:
                warning(dir, Said("records.not-a-commitment-folder"))
                continue
            case .symbolicLink, .submodule, .other: notPlain(dir, entry.kind); continue
            }
            commitments[id] = CommitmentFolder(id: id)
            for item in source.entries(in: dir) ?? [] where usable(item.name, in: dir) {
                let path = "\(dir)/\(item.name)"
                if item.kind != .file && item.kind != .folder {
                    notPlain(path, item.kind)
                    continue
                }
                switch item.name {
                case "commitment.yaml": jobs.append(Job(kind: .commitment(id), path: PlanLayout.commitmentFile(id)))
                case "progress.yaml": jobs.append(Job(kind: .progress(id), path: PlanLayout.progressFile(id)))
                case PlanLayout.evidenceDirName: if item.kind == .folder { checkEvidence(path) }
                default:
                    warning(path, Said("records.unexpected-file", ["folder": .text(dir + "/evidence/")]))
                }
            }
        }
        if only == nil || readParticipation {
            let paths = ParticipationRecords.listing(source, usable: usable(_:in:), notPlain: notPlain, warning: warning)
            for path in paths { if case .participation(let p) = PlanLayout.kind(of: path) { jobs.append(Job(kind: .participation(p), path: path)) } }
        }
        layoutDiagnostics = layout
        let contents = source.read(jobs.map(\.path), limit: YAMLGuard.maxRecordBytes + 1)
        let parsed = concurrentMap(Array(zip(jobs, contents).map { ReadJob(job: $0, bytes: $1) })) { read in
            records.map { $0.parsed(read) } ?? Parsed(read: read)
        }
        for item in parsed {
            switch item.job.kind {
            case .plan: plan = Entry(source: item.source, record: item.plan)
            case .ministry(let id): ministries[id] = Entry(source: item.source, record: item.ministry)
            case .commitment(let id): commitments[id]?.commitment = Entry(source: item.source, record: item.commitment)
            case .progress(let id): commitments[id]?.progress = Entry(source: item.source, record: item.progress)
            case .participation(let p): if let read = item.participation { participation.store(read, at: p, source: item.source) }
            default: break
            }
        }
    }

    struct Job: Sendable {
        let kind: PlanLayout.Kind
        let path: String
    }

    struct ReadJob: Sendable {
        let job: Job
        /// One byte past the record limit at most: enough to know a file is too big.
        let bytes: [UInt8]?
    }

    /// One file parsed; built on any thread (its source is its own, and never changes once the
    /// file is read: ParsedRecords hands the same one to later snapshots).
    struct Parsed {
        let job: Job
        let source: RecordSource
        var plan: Plan?
        var ministry: Ministry?
        var commitment: Commitment?
        var progress: CommitmentProgress?
        var participation: ParticipationRecords.Parsed?

        init(read: ReadJob) {
            job = read.job
            if let bytes = read.bytes {
                source = RecordSource(bytes: bytes, path: job.path)
            } else {
                source = RecordSource(path: job.path, failure: Said("records.file-unreadable"))
            }
            switch job.kind {
            case .plan: plan = Plan.read(source)
            case .ministry(let id): ministry = Ministry.read(source, expectedID: id)
            case .commitment(let id): commitment = Commitment.read(source, expectedID: id)
            case .progress(let id): progress = CommitmentProgress.read(source, expectedID: id)
            case .participation(let p): participation = ParticipationRecords.Parsed(p, source)
            default: break
            }
            source.releaseTree()
        }
    }

    public func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Whether the plan has the commitment folder `id`, as reading the whole plan would find it:
    /// read, or, when some commitments only were read, a folder of that name on the source.
    public func hasCommitment(_ id: String) -> Bool {
        if commitments[id] != nil { return true }
        guard isPartial, PathRules.problem(inName: id) == nil, !id.hasPrefix("."),
              source.entry(at: PlanLayout.commitmentsDir)?.kind == .folder else { return false }
        return source.entry(at: PlanLayout.commitmentDir(id))?.kind == .folder
    }

    /// Every diagnostic, or the source's own failure (a git object that could not be read):
    /// the verdict on a plan read only in part would be wrong.
    public func validated(by validator: PlanValidator) throws -> [Diagnostic] {
        let diagnostics = validator.validate(self)
        if let failure = source.failure { throw failure }
        return diagnostics
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
        result += participation.sources
        return result
    }
}


