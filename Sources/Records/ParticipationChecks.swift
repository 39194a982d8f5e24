import Messages

/// The participation records' references to other records (docs/RECORDS.md, "Participation"):
/// the forum's organisation, the documents named as minutes and response reports, the
/// organisation and commitment of a review, the files of the documents. Errors keep a commit out;
/// the calendar rules (a quarter without a meeting…) are ParticipationRules, shown by status.
struct ParticipationChecks {
    var today: PlanDate

    func check(_ snapshot: PlanSnapshot) -> [Diagnostic] {
        let records = snapshot.participation
        var out: [Diagnostic] = []
        func error(_ source: RecordSource, _ field: String, _ message: Said) {
            out.append(Diagnostic(source.location(of: field), .error, message))
        }
        if let entry = records.process, let forum = entry.record?.forum, !snapshot.ministryIDs.contains(forum) {
            error(entry.source, "forum", Said("part.forum-unknown", ["id": .text(forum)]))
        }
        func needDocument(_ id: String?, _ source: RecordSource, _ field: String) {
            guard let id, records.documents[id] == nil else { return }
            error(source, field, Said("part.document-unknown", ["id": .text(id), "folder": .text(PlanLayout.participationDir + "/documents/")]))
        }
        for (_, entry) in records.meetings { needDocument(entry.record?.minutes, entry.source, "minutes") }
        for (_, entry) in records.consultations { needDocument(entry.record?.responseReport, entry.source, "response_report") }
        for (_, entry) in records.documents {
            guard let file = entry.record?.file else { continue }
            let files = PlanLayout.participationFilesDir + "/"
            switch DocumentPath.problem(file, base: PlanLayout.participationDir, inside: "files", in: snapshot) {
            case nil: break
            case .refused(let problem)?: error(entry.source, "file", Said("part.file-refused", ["file": .text(file), "problem": .text(problem), "folder": .text(files)]))
            case .outside?: error(entry.source, "file", Said("part.file-outside", ["file": .text(file), "folder": .text(files)]))
            case .missing?: error(entry.source, "file", Said("part.file-missing", ["file": .text(file), "folder": .text(PlanLayout.participationDir + "/")]))
            case .notPlain(let kind)?: error(entry.source, "file", Said("records.evidence-not-plain", ["file": .text(file), "kind": .text(kind)]))
            case .tooLarge(let size)?:
                error(entry.source, "file", Said("records.evidence-too-large", ["file": .text(file), "size": .number(size >> 20), "limit": .number(PlanLayout.maxEvidenceBytes >> 20)]))
            }
        }
        for org in records.reviews.keys.sorted() {
            for (commitment, entry) in records.reviews[org]! {
                if !snapshot.ministryIDs.contains(org) {
                    error(entry.source, "", Said("part.review-organisation-unknown", ["id": .text(org)]))
                } else if let kind = snapshot.ministries[org]?.record?.kind, kind != .cso {
                    error(entry.source, "", Said("part.review-not-cso", ["id": .text(org), "kind": .text(kind.rawValue)]))
                }
                if !snapshot.hasCommitment(commitment) {
                    error(entry.source, "", Said("part.review-commitment-unknown", ["id": .text(commitment)]))
                }
                if let date = entry.record?.date, date.firstDay > today.lastDay {
                    out.append(Diagnostic(entry.source.location(of: "date"), .warning, Said("part.review-in-future", ["date": .text(date.description)])))
                }
            }
        }
        return out
    }
}
