import Messages

/// periods/<id>.yaml: a reporting period the point of contact closed (`carnet period close`).
/// Each commitment's and milestone's completion and notes as the records stood at the end of the
/// period, derived from history, and never changed afterwards: the hub refuses any change to
/// the file once it exists (docs/RECORDS.md, "Reporting periods").
public struct ClosedPeriod: Sendable, Equatable {
    public struct MilestoneState: Sendable, Equatable {
        public var id: String
        public var completion: CompletionLevel
        public var note: Text?
        public var delayReason: Text?

        public init(id: String, completion: CompletionLevel, note: Text? = nil, delayReason: Text? = nil) {
            self.id = id
            self.completion = completion
            self.note = note
            self.delayReason = delayReason
        }
    }

    public struct CommitmentState: Sendable, Equatable {
        public var id: String
        public var completion: CompletionLevel
        public var results: Text?
        public var delayReason: Text?
        /// What the lead planned next, as published with the period (the six-monthly update
        /// names next steps: manual §6). Absent from files closed before it was kept.
        public var nextSteps: Text?
        public var milestones: [MilestoneState]

        public init(id: String, completion: CompletionLevel, results: Text? = nil, delayReason: Text? = nil, milestones: [MilestoneState],
                    nextSteps: Text? = nil) {
            self.id = id
            self.completion = completion
            self.results = results
            self.delayReason = delayReason
            self.nextSteps = nextSteps
            self.milestones = milestones
        }

        public func milestone(_ id: String) -> MilestoneState? { milestones.first { $0.id == id } }
    }

    public var period: String
    public var start: PlanDate
    public var end: PlanDate
    /// The day it was closed, and by whom (the point of contact's name).
    public var closedOn: PlanDate
    public var closedBy: String
    /// The commit whose records it holds: the last one dated on or before `end`.
    public var fromCommit: String?
    public var commitments: [CommitmentState]

    public init(period: String, start: PlanDate, end: PlanDate, closedOn: PlanDate, closedBy: String,
                fromCommit: String?, commitments: [CommitmentState]) {
        self.period = period
        self.start = start
        self.end = end
        self.closedOn = closedOn
        self.closedBy = closedBy
        self.fromCommit = fromCommit
        self.commitments = commitments
    }

    public func commitment(_ id: String) -> CommitmentState? { commitments.first { $0.id == id } }

    /// The state of every commitment of a plan snapshot (taken at the period's end).
    public static func states(of snapshot: PlanSnapshot) -> [CommitmentState] {
        snapshot.sortedCommitments.compactMap { folder in
            guard let commitment = folder.commitment?.record else { return nil }
            let progress = folder.progress?.record
            return CommitmentState(
                id: folder.id, completion: progress?.completion ?? .notStarted,
                results: progress?.results, delayReason: progress?.delayReason,
                milestones: commitment.milestones.map { m in
                    let p = progress?.milestone(m.id)
                    return MilestoneState(id: m.id, completion: p?.completion ?? .notStarted, note: p?.note, delayReason: p?.delayReason)
                }, nextSteps: progress?.nextSteps)
        }
    }

    public var canonicalYAML: String {
        func opt(_ key: String, _ v: YAMLValue?) -> [(String, YAMLValue)] { v.map { [(key, $0)] } ?? [] }
        var e: [(String, YAMLValue)] = [
            ("period", .token(period)), ("start", .token(start.description)), ("end", .token(end.description)),
            ("closed_on", .token(closedOn.description)), ("closed_by", .text(closedBy)),
        ]
        e += opt("from_commit", fromCommit.map(YAMLValue.token))
        e.append(("commitments", .list(commitments.map { c in
            var ce: [(String, YAMLValue)] = [("id", CanonicalYAML.id(c.id)), ("completion", .token(c.completion.rawValue))]
            ce += opt("results", c.results?.yaml)
            ce += opt("delay_reason", c.delayReason?.yaml)
            ce += opt("next_steps", c.nextSteps?.yaml)
            ce.append(("milestones", .list(c.milestones.map { m in
                var me: [(String, YAMLValue)] = [("id", CanonicalYAML.id(m.id)), ("completion", .token(m.completion.rawValue))]
                me += opt("note", m.note?.yaml)
                me += opt("delay_reason", m.delayReason?.yaml)
                return .map(me)
            })))
            return .map(ce)
        })))
        return CanonicalYAML.write(e)
    }

    /// Reads periods/<id>.yaml; `expectedID` is the file name without `.yaml`.
    public static func read(_ source: RecordSource, expectedID: String?) -> ClosedPeriod? {
        guard let map = source.rootMap() else { return nil }
        let period = map.id("period", required: true)
        if let period, let expectedID, period != expectedID {
            source.report(map.value("period"), Said("records.id-differs-file", ["id": .text(period), "file": .text(expectedID + ".yaml")]))
        }
        let start = map.date("start", required: true)
        let end = map.date("end", required: true)
        let closedOn = map.date("closed_on", required: true)
        let closedBy = map.string("closed_by", required: true)
        let fromCommit = map.string("from_commit")
        var states: [CommitmentState] = []
        for (id, c) in map.identifiedItems("commitments", itemName: Catalogue.text("periods.records.item-commitment")) {
            let level = c.choice("completion", CompletionLevel.self, required: true)
            let results = c.text("results", rule: .prose)
            let delay = c.text("delay_reason", rule: .prose)
            let next = c.text("next_steps", rule: .prose)
            var milestones: [MilestoneState] = []
            for (mid, m) in c.identifiedItems("milestones", itemName: Catalogue.text("records.item.milestone")) {
                let mlevel = m.choice("completion", CompletionLevel.self, required: true)
                let note = m.text("note", rule: .prose)
                let mdelay = m.text("delay_reason", rule: .prose)
                m.finish(Catalogue.text("records.place.milestone-progress"))
                if let mid, let mlevel { milestones.append(MilestoneState(id: mid, completion: mlevel, note: note, delayReason: mdelay)) }
            }
            c.finish(Catalogue.text("periods.records.item-commitment"))
            if let id, let level { states.append(CommitmentState(id: id, completion: level, results: results, delayReason: delay, milestones: milestones, nextSteps: next)) }
        }
        map.finish(PlanLayout.periodsDir + "/")
        guard let period, let start, let end, let closedOn, let closedBy else { return nil }
        return ClosedPeriod(period: period, start: start, end: end, closedOn: closedOn, closedBy: closedBy,
                            fromCommit: fromCommit, commitments: states)
    }
}

extension PlanSnapshot {
    /// The closed periods of a plan read from a folder (periods/*.yaml), by period id. Files
    /// that do not parse are left out: the validator names them (closedPeriodFiles).
    public func closedPeriods() -> [String: ClosedPeriod] {
        var out: [String: ClosedPeriod] = [:]
        for file in closedPeriodFiles() { if let record = file.record { out[file.id] = record } }
        return out
    }

    /// Every periods/*.yaml as read: its id (the name without `.yaml`), its source with the
    /// problems found while reading, and the record when it parsed. A file too big to read is
    /// reported on its source like any record.
    public func closedPeriodFiles() -> [(id: String, source: RecordSource, record: ClosedPeriod?)] {
        guard let entries = source.entries(in: PlanLayout.periodsDir) else { return [] }
        var out: [(id: String, source: RecordSource, record: ClosedPeriod?)] = []
        for entry in entries where entry.kind == .file && entry.name.hasSuffix(".yaml") && PathRules.problem(inName: entry.name) == nil {
            let id = String(entry.name.dropLast(5))
            let file = PlanLayout.periodFile(id)
            guard let bytes = source.read(file, limit: YAMLGuard.maxRecordBytes + 1) else { continue }
            let recordSource = RecordSource(bytes: bytes, path: file)
            let record = ClosedPeriod.read(recordSource, expectedID: id)
            out.append((id, recordSource, record))
        }
        return out.sorted { $0.id < $1.id }
    }
}
