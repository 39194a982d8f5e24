import Foundation
import Messages
import Records

/// What the point of contact (or a forum secretary) and civil society organisations record of
/// participation (docs/RECORDS.md, "Participation") without editing YAML by hand: a meeting, a
/// consultation, a communication and its answer, a review, a document of the process. Each is
/// one record file: the access rule is asked before anything is written (a ministry's copy is
/// refused as the hub would refuse it), the validator judges the record as it would be, with what
/// it refers to (ValidationScope), and a valid change is one commit. Commit subjects stay in
/// English (the plan's shared history, EvidenceMessage).
extension WorkingCopy {
    /// The plan's first language: the language of a text given without `--lang`.
    public func planLanguage() -> String {
        snapshot(only: []).plan?.record?.language ?? "fr"
    }

    /// Records a meeting; an empty id is made from its day and kind (`2026-03-12-forum`).
    @discardableResult
    public func addMeeting(_ meeting: ForumMeeting) throws -> String {
        var m = meeting
        m.id = try newRecordID(m.id, base: "\(m.date)-\(m.kind.rawValue)") { .meeting($0) }
        let people = m.attendance.map { $0.total } ?? 0
        return try writeParticipation(.meeting(m.id), m.canonicalYAML,
                                      message: "Participation: meeting \(m.id) recorded (\(m.kind.rawValue), \(m.date)"
                                        + (people > 0 ? ", \(people) attending)" : ")"))
    }

    /// Records a consultation; an empty id is made from its title.
    @discardableResult
    public func addConsultation(_ consultation: Consultation) throws -> String {
        var c = consultation
        c.id = try newRecordID(c.id, base: Self.slug(c.title.anyValue(), words: 5, or: "consultation-\(c.opens)")) { .consultation($0) }
        return try writeParticipation(.consultation(c.id), c.canonicalYAML,
                                      message: "Participation: consultation \(c.id) recorded (\(c.subject.rawValue), \(c.opens) to \(c.closes))")
    }

    /// Logs a communication received; an empty id is made from its day and first words. The
    /// sender stays out of the commit subject: it is private unless `fromPublic`.
    @discardableResult
    public func addCommunication(_ communication: Communication) throws -> String {
        var c = communication
        c.id = try newRecordID(c.id, base: "\(c.received)-" + Self.slug(c.question.anyValue(), words: 3, or: "question")) { .communication($0) }
        return try writeParticipation(.communication(c.id), c.canonicalYAML,
                                      message: "Participation: communication \(c.id) logged (\(c.channel.rawValue), received \(c.received))")
    }

    /// Records the answer to a communication: sent on `answered`, by `by` (nil: this copy's author).
    @discardableResult
    public func answerCommunication(_ typedID: String, answered: PlanDate, answer: String, by: String?, language: String?) throws -> String {
        let id = PeopleInput.recordID(typedID) ?? typedID
        let record = PlanLayout.Participation.communication(id)
        let path = PlanLayout.participationFile(record)
        try requireWriteAccess(path)
        guard RecordID.isValid(id), FileManager.default.fileExists(atPath: self.path(path)) else {
            throw WorkspaceError.usage(Catalogue.text("part2.communication.unknown", ["id": .text(typedID), "folder": .text(PlanLayout.participationDir + "/communications/")]))
        }
        var c = try readRecord(path) { Communication.read($0, id: id) }
        let planLanguage = planLanguage()
        c.answered = answered
        c.answer = c.answer.map { $0.setting(answer, language: language, planLanguage: planLanguage) }
            ?? Text.make(answer, language: language, planLanguage: planLanguage)
        c.answeredBy = try by ?? author().name
        return try writeParticipation(record, c.canonicalYAML, message: "Participation: communication \(id) answered on \(answered)")
    }

    public struct ReviewChange: Sendable {
        public var completion: CompletionLevel?
        /// The day of the review (nil: today).
        public var date: PlanDate?
        public var comments: String?
        /// A link to the organisation's own evidence, added to the review's list.
        public var evidence: CivilSocietyReview.Link?
        public var language: String?
        public init() {}
    }

    /// Writes an organisation's review of a commitment: its own, new or updated. `organisation`
    /// nil is this copy's ministry (a civil society organisation's own copy).
    @discardableResult
    public func setReview(organisation given: String?, commitment typed: String, _ change: ReviewChange) throws -> String {
        guard let organisation = try given.map({ PeopleInput.recordID($0) ?? $0 }) ?? writer()?.ministryID else {
            throw WorkspaceError.usage(Catalogue.text("part2.review.organisation-needed"))
        }
        guard RecordID.isValid(organisation) else {
            throw WorkspaceError.usage(Catalogue.text("part2.review.no-organisation", ["id": .text(organisation)]))
        }
        let commitment = try commitmentID(for: typed)
        let record = PlanLayout.Participation.review(organisation: organisation, commitment: commitment)
        let path = PlanLayout.participationFile(record)
        try requireWriteAccess(path)
        let planLanguage = planLanguage()
        var review: CivilSocietyReview
        if FileManager.default.fileExists(atPath: self.path(path)) {
            review = try readRecord(path) { CivilSocietyReview.read($0, organisation: organisation, commitment: commitment) }
        } else {
            guard let completion = change.completion else {
                throw WorkspaceError.usage(Catalogue.text("part2.review.completion-needed", ["organisation": .text(organisation), "commitment": .text(commitment)]))
            }
            review = CivilSocietyReview(organisation: organisation, commitment: commitment, completion: completion, date: .today())
        }
        let before = review
        if let completion = change.completion { review.completion = completion }
        if let comments = change.comments {
            review.comments = review.comments.map { $0.setting(comments, language: change.language, planLanguage: planLanguage) }
                ?? Text.make(comments, language: change.language, planLanguage: planLanguage)
        }
        if let link = change.evidence {
            if review.evidence.contains(where: { $0.url == link.url }) {
                throw WorkspaceError.usage(Catalogue.text("part2.review.duplicate-url", ["url": .text(link.url)]))
            }
            review.evidence.append(link)
        }
        // A review says when the organisation judged: changed today unless another day is given.
        if review != before || change.date != nil { review.date = change.date ?? .today() }
        return try writeParticipation(record, review.canonicalYAML,
                                      message: "Participation: review of commitment \(commitment) by \(organisation) (\(review.completion.rawValue))")
    }

    /// Adds a document of the process: `file` is copied into participation/files/ (or `document.url`
    /// is its web address). An empty id is made from its title.
    @discardableResult
    public func addDocument(_ document: ProcessDocument, file: String?) throws -> String {
        var d = document
        d.id = try newRecordID(d.id, base: Self.slug(d.title.anyValue(), words: 5, or: "document")) { .document($0) }
        let record = PlanLayout.Participation.document(d.id)
        // Before anything is copied: a copy that may not write the forum's records.
        try requireWriteAccess(PlanLayout.participationFile(record))
        guard let file else {
            return try writeParticipation(record, d.canonicalYAML, message: "Participation: document \(d.id) added (\(d.url ?? ""))")
        }
        let read = try readDocument(file)
        let name = try placeDocument(read.bytes, named: read.name, inFolder: PlanLayout.participationFilesDir)
        let copied = PlanLayout.participationFilesDir + "/" + name
        d.file = "files/" + name
        do {
            return try writeParticipation(record, d.canonicalYAML, message: "Participation: document \(d.id) added (\(d.file!))", extraPaths: [copied])
        } catch {
            // Nothing is written when the document is refused: take the copied file back out.
            try? FileManager.default.removeItem(atPath: self.path(copied))
            throw error
        }
    }

    // MARK: One way to write a participation record

    /// The id a new record gets: the one given (refused when not an id, or taken), else `base`
    /// made free with `-2`, `-3`… (two meetings the same day keep both).
    private func newRecordID(_ given: String, base: String, _ record: (String) -> PlanLayout.Participation) throws -> String {
        func taken(_ id: String) -> Bool { FileManager.default.fileExists(atPath: path(PlanLayout.participationFile(record(id)))) }
        if !given.isEmpty {
            guard let id = PeopleInput.recordID(given) else {
                throw WorkspaceError.usage(Catalogue.text("part2.edit.bad-id", ["id": .text(given)]))
            }
            if taken(id) {
                throw WorkspaceError.cannotCreate(Catalogue.text("part2.edit.exists", ["id": .text(id), "path": .text(PlanLayout.participationFile(record(id)))]))
            }
            return id
        }
        let stem = String(base.prefix(56))
        return (1...).lazy.map { $0 == 1 ? stem : "\(stem)-\($0)" }.first { !taken($0) }!
    }

    /// A record id from a title: its first `words` words, lowercase, accents and punctuation
    /// left out (`Forum multipartite : bilan` → `forum-multipartite-bilan`); `fallback` when none is left.
    static func slug(_ text: String, words: Int, or fallback: String) -> String {
        var parts: [String] = [], current = ""
        for scalar in PeopleInput.fold(text).unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { current.unicodeScalars.append(scalar); continue }
            if !current.isEmpty { parts.append(current); current = "" }
        }
        if !current.isEmpty { parts.append(current) }
        let slug = parts.prefix(words).joined(separator: "-")
        return RecordID.isValid(slug) ? String(slug.prefix(48)) : fallback
    }

    /// An existing record read for an update: refused when the file is invalid (fix it first).
    private func readRecord<R>(_ path: String, _ read: (RecordSource) -> R?) throws -> R {
        let bytes = FileManager.default.contents(atPath: self.path(path)).map { [UInt8]($0) } ?? []
        let source = RecordSource(bytes: bytes, path: path)
        guard let record = read(source), !source.diagnostics.hasErrors else {
            throw WorkspaceError.invalid(source.diagnostics, Catalogue.text("part2.edit.invalid-record", ["path": .text(path)]))
        }
        return record
    }

    /// Asks the access rule, validates the record as it would be with `text` at its path
    /// (and `extraPaths`, already on disk), then writes it and commits it alone. A refused record
    /// leaves nothing behind, not even its new folder.
    private func writeParticipation(_ record: PlanLayout.Participation, _ text: String, message: String, extraPaths: [String] = []) throws -> String {
        let path = PlanLayout.participationFile(record)
        try requireWriteAccess(path)
        // ReplacedFiles lists a new file only in a folder that exists: make it first.
        let folder = URL(fileURLWithPath: self.path(path)).deletingLastPathComponent()
        var made: [URL] = []
        var walk = folder
        while !FileManager.default.fileExists(atPath: walk.path), walk.path.hasPrefix(root.path + "/") {
            made.insert(walk, at: 0)
            walk = walk.deletingLastPathComponent()
        }
        func takeBackFolders() { for url in made.reversed() { try? FileManager.default.removeItem(at: url) } }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError.io(Catalogue.text("workspace.cannot-write", ["path": .text(path), "reason": .text(Catalogue.reason(for: error))]))
        }
        // What the record can be wrong about, not the whole plan (ValidationScope, as hand edits
        // and the hub judge it): the participation records and the organisations, not the 1,000
        // commitments (a review's commitment is looked up by its folder's name).
        let scope = ValidationScope([path] + extraPaths)
        let planned = PlanSnapshot(source: ReplacedFiles(FolderSource(root), [path: Array(text.utf8)]),
                                   only: scope.commitments, alsoMinistries: scope.ministries, participation: scope.participation)
        let errors = PlanValidator().validate(planned).filter { $0.severity == .error && ($0.path == path || extraPaths.contains($0.path)) }
        if !errors.isEmpty {
            takeBackFolders()
            throw WorkspaceError.invalid(errors, Catalogue.text("workspace.would-be-invalid", ["path": .text(path)]))
        }
        try writeAtomically(text, to: path)
        try commit([path] + extraPaths, message: message)
        return message
    }
}
