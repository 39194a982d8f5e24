import Messages

/// The participation records of a snapshot (docs/RECORDS.md, "Participation"), by id.
public struct ParticipationRecords {
    public typealias Entry = PlanSnapshot.Entry
    public var process: Entry<ParticipationProcess>?
    public var meetings: [String: Entry<ForumMeeting>] = [:]
    public var consultations: [String: Entry<Consultation>] = [:]
    public var communications: [String: Entry<Communication>] = [:]
    public var documents: [String: Entry<ProcessDocument>] = [:]
    /// By organisation, then commitment.
    public var reviews: [String: [String: Entry<CivilSocietyReview>]] = [:]

    public init() {}

    public var isEmpty: Bool {
        process == nil && meetings.isEmpty && consultations.isEmpty && communications.isEmpty && documents.isEmpty && reviews.isEmpty
    }

    /// Records read without being nil, sorted as people read them: by date, then id.
    public var sortedMeetings: [ForumMeeting] {
        meetings.values.compactMap(\.record).sorted { ($0.date.firstDay, $0.id) < ($1.date.firstDay, $1.id) }
    }
    public var sortedConsultations: [Consultation] {
        consultations.values.compactMap(\.record).sorted { ($0.opens.firstDay, $0.id) < ($1.opens.firstDay, $1.id) }
    }
    public var sortedCommunications: [Communication] {
        communications.values.compactMap(\.record).sorted { ($0.received.firstDay, $0.id) < ($1.received.firstDay, $1.id) }
    }
    public var sortedDocuments: [ProcessDocument] {
        documents.values.compactMap(\.record).sorted { ($0.date?.firstDay ?? 0, $0.id) < ($1.date?.firstDay ?? 0, $1.id) }
    }
    /// Every review of one commitment, by organisation id.
    public func reviews(of commitment: String) -> [CivilSocietyReview] {
        reviews.keys.sorted().compactMap { reviews[$0]?[commitment]?.record }
    }

    var sources: [RecordSource] {
        var out: [RecordSource] = []
        if let process { out.append(process.source) }
        for group in [meetings.keys.sorted().compactMap { meetings[$0]?.source },
                      consultations.keys.sorted().compactMap { consultations[$0]?.source },
                      communications.keys.sorted().compactMap { communications[$0]?.source },
                      documents.keys.sorted().compactMap { documents[$0]?.source }] { out += group }
        for org in reviews.keys.sorted() { out += reviews[org]!.keys.sorted().compactMap { reviews[org]![$0]?.source } }
        return out
    }

    func canonicalTexts() -> [(path: String, text: String)] {
        var out: [(String, String)] = []
        func add<R>(_ entry: Entry<R>?, _ write: (R) -> String) {
            guard let entry, let record = entry.record, !entry.source.diagnostics.hasErrors else { return }
            out.append((entry.source.path, write(record)))
        }
        add(process) { $0.canonicalYAML }
        for id in meetings.keys.sorted() { add(meetings[id]) { $0.canonicalYAML } }
        for id in consultations.keys.sorted() { add(consultations[id]) { $0.canonicalYAML } }
        for id in communications.keys.sorted() { add(communications[id]) { $0.canonicalYAML } }
        for id in documents.keys.sorted() { add(documents[id]) { $0.canonicalYAML } }
        for org in reviews.keys.sorted() { for c in reviews[org]!.keys.sorted() { add(reviews[org]![c]) { $0.canonicalYAML } } }
        return out
    }

    /// One parsed participation file.
    enum Parsed {
        case process(ParticipationProcess?), meeting(ForumMeeting?), consultation(Consultation?), communication(Communication?),
             document(ProcessDocument?), review(CivilSocietyReview?)

        init?(_ record: PlanLayout.Participation, _ source: RecordSource) {
            switch record {
            case .process: self = .process(ParticipationProcess.read(source))
            case .meeting(let id): self = .meeting(ForumMeeting.read(source, id: id))
            case .consultation(let id): self = .consultation(Consultation.read(source, id: id))
            case .communication(let id): self = .communication(Communication.read(source, id: id))
            case .document(let id): self = .document(ProcessDocument.read(source, id: id))
            case .review(let o, let c): self = .review(CivilSocietyReview.read(source, organisation: o, commitment: c))
            case .file: return nil
            }
        }
    }

    mutating func store(_ parsed: Parsed, at record: PlanLayout.Participation, source: RecordSource) {
        switch (parsed, record) {
        case (.process(let r), _): process = Entry(source: source, record: r)
        case (.meeting(let r), .meeting(let id)): meetings[id] = Entry(source: source, record: r)
        case (.consultation(let r), .consultation(let id)): consultations[id] = Entry(source: source, record: r)
        case (.communication(let r), .communication(let id)): communications[id] = Entry(source: source, record: r)
        case (.document(let r), .document(let id)): documents[id] = Entry(source: source, record: r)
        case (.review(let r), .review(let o, let c)): reviews[o, default: [:]][c] = Entry(source: source, record: r)
        default: break
        }
    }

    /// The participation files to read, with the layout's rules: every name safe, plain files
    /// only, records named `<id>.yaml` with a valid id; documents of the process at any depth
    /// of participation/files/.
    static func listing(_ source: any PlanSource, usable: (String, String) -> Bool,
                        notPlain: (String, PlanSourceEntry.Kind) -> Void, warning: (String, Said) -> Void) -> [String] {
        let root = PlanLayout.participationDir
        guard let top = source.entry(at: root) else { return [] }
        guard top.kind == .folder else {
            if top.kind != .file { notPlain(root, top.kind) } else { warning(root, Said("part.not-a-folder", ["path": .text(root)])) }
            return []
        }
        var files: [String] = []
        /// A `<id>.yaml` record in `folder`, or a warning naming what is expected there.
        func records(in folder: String) -> [String] {
            var out: [String] = []
            for entry in source.entries(in: folder) ?? [] where usable(entry.name, folder) {
                let path = folder + "/" + entry.name
                guard entry.kind == .file else {
                    if entry.kind == .folder { warning(path, Said("part.unexpected-file", ["path": .text(path)])) } else { notPlain(path, entry.kind) }
                    continue
                }
                guard entry.name.hasSuffix(".yaml"), RecordID.isValid(String(entry.name.dropLast(5))) else {
                    warning(path, Said("part.record-name", ["path": .text(path)]))
                    continue
                }
                out.append(path)
            }
            return out
        }
        func documents(in folder: String) {
            for entry in source.entries(in: folder) ?? [] where usable(entry.name, folder) || PathRules.problem(inName: entry.name) == nil {
                let path = folder + "/" + entry.name
                switch entry.kind {
                case .file: break
                case .folder: documents(in: path)
                case .symbolicLink, .submodule, .other: notPlain(path, entry.kind)
                }
            }
        }
        for entry in source.entries(in: root) ?? [] where usable(entry.name, root) {
            let path = root + "/" + entry.name
            switch (entry.name, entry.kind) {
            case ("process.yaml", .file): files.append(path)
            case ("files", .folder): documents(in: path)
            case ("reviews", .folder):
                for org in source.entries(in: path) ?? [] where usable(org.name, path) {
                    let folder = path + "/" + org.name
                    if org.kind == .folder, RecordID.isValid(org.name) { files += records(in: folder) }
                    else if org.kind == .folder || org.kind == .file { warning(folder, Said("part.unexpected-file", ["path": .text(folder)])) }
                    else { notPlain(folder, org.kind) }
                }
            case (let name, .folder) where PlanLayout.Participation.folders.contains(name): files += records(in: path)
            case (_, .file), (_, .folder): warning(path, Said("part.unexpected-file", ["path": .text(path)]))
            default: notPlain(path, entry.kind)
            }
        }
        return files
    }
}
