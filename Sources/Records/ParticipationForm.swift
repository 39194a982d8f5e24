/// The participation records in canonical YAML (key order as in docs/RECORDS.md), the words
/// people may write for their choices, and one reader for any participation file.

private func optional(_ key: String, _ value: YAMLValue?) -> [(String, YAMLValue)] {
    value.map { [(key, $0)] } ?? []
}

private func day(_ d: PlanDate) -> YAMLValue { .token(d.description) }
private func flag(_ b: Bool) -> YAMLValue { .token(b ? "true" : "false") }

extension ParticipationProcess {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = optional("forum", forum.map(CanonicalYAML.id))
        e.append(("holidays", .list(holidays.map(day))))
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension ForumMeeting {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = [("date", day(date)), ("kind", .token(kind.rawValue)), ("title", title.yaml)]
        e += optional("remote", remote.map(flag))
        if let a = attendance {
            var ae: [(String, YAMLValue)] = []
            ae += optional("government", a.government.map { .token(String($0)) })
            ae += optional("civil_society", a.civilSociety.map { .token(String($0)) })
            ae += optional("private_sector", a.privateSector.map { .token(String($0)) })
            ae += optional("academia", a.academia.map { .token(String($0)) })
            ae += optional("other", a.other.map { .token(String($0)) })
            e.append(("attendance", .map(ae)))
        }
        e += optional("agenda", agenda?.yaml)
        e += optional("decisions", decisions?.yaml)
        e += optional("minutes", minutes.map(CanonicalYAML.id))
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension Consultation {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = [("subject", .token(subject.rawValue)), ("title", title.yaml),
                                        ("opens", day(opens)), ("closes", day(closes)),
                                        ("channels", .list(channels.map { .token($0.rawValue) }))]
        e += optional("contributions", contributions.map { .token(String($0)) })
        e += optional("response_report", responseReport.map(CanonicalYAML.id))
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension Communication {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = [("received", day(received)), ("from", .text(from)), ("from_public", flag(fromPublic)),
                                        ("channel", .token(channel.rawValue)), ("question", question.yaml)]
        e += optional("answered", answered.map(day))
        e += optional("answer", answer?.yaml)
        e += optional("answered_by", answeredBy.map(YAMLValue.text))
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension CivilSocietyReview {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = [("completion", .token(completion.rawValue)), ("date", day(date))]
        e += optional("comments", comments?.yaml)
        e.append(("evidence", .list(evidence.map { .map([("title", $0.title.yaml), ("url", .text($0.url))]) })))
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension ProcessDocument {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = [("title", title.yaml), ("kind", .token(kind.rawValue))]
        e += optional("date", date.map(day))
        e += optional("file", file.map(YAMLValue.text))
        e += optional("url", url.map(YAMLValue.text))
        e.append(("published", flag(published)))
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension PlanLayout.Participation {
    /// Reads a participation record of this path: its canonical text and its `conflicts` list,
    /// or nil (the source holds why). For the code that handles any record file alike
    /// (resolve, conflict origins); a document file is not a record.
    public func read(_ source: RecordSource) -> (canonicalYAML: String, conflicts: [FieldConflict])? {
        func pair<R>(_ r: R?, _ text: (R) -> String, _ conflicts: (R) -> [FieldConflict]) -> (String, [FieldConflict])? {
            r.map { (text($0), conflicts($0)) }
        }
        switch self {
        case .process: return pair(ParticipationProcess.read(source), \.canonicalYAML, \.conflicts)
        case .meeting(let id): return pair(ForumMeeting.read(source, id: id), \.canonicalYAML, \.conflicts)
        case .consultation(let id): return pair(Consultation.read(source, id: id), \.canonicalYAML, \.conflicts)
        case .communication(let id): return pair(Communication.read(source, id: id), \.canonicalYAML, \.conflicts)
        case .document(let id): return pair(ProcessDocument.read(source, id: id), \.canonicalYAML, \.conflicts)
        case .review(let o, let c): return pair(CivilSocietyReview.read(source, organisation: o, commitment: c), \.canonicalYAML, \.conflicts)
        case .file: return nil
        }
    }
}

extension PlanDate {
    /// A day, not a month: meetings, answers and consultations happen on days.
    public var isDay: Bool {
        if case .day = self { return true }
        return false
    }
}

extension ForumMeeting.Kind: SpokenChoice {
    public var inputWordsKey: String { "part.input.meeting-kind.\(rawValue)" }
}
extension Consultation.Subject: SpokenChoice {
    public var inputWordsKey: String { "part.input.subject.\(rawValue)" }
}
extension Communication.Channel: SpokenChoice {
    public var inputWordsKey: String { "part.input.channel.\(rawValue)" }
}
extension ProcessDocument.Kind: SpokenChoice {
    public var inputWordsKey: String { "part.input.document-kind.\(rawValue)" }
}
extension Consultation.Channel: SpokenChoice {
    public var inputWordsKey: String { "part2.input.consultation-channel.\(rawValue)" }
}
