import Records

// The participation records (docs/RECORDS.md, "Participation"), field by field. Each is one file,
// so two copies adding different meetings never meet here; these merge the same record edited
// on both sides (a secretary adds the attendance while the point of contact fixes the title).

extension ParticipationProcess: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> ParticipationProcess? { read(source) }

    static func mergeFields(_ m: inout FieldMerge, base b: ParticipationProcess?, ours o: ParticipationProcess,
                            theirs t: ParticipationProcess) -> ParticipationProcess {
        var r = t
        r.forum = m.optional("forum", base: b?.forum, ours: o.forum, theirs: t.forum, render: ConflictText.string)
        r.holidays = m.set("holidays", base: b?.holidays, ours: o.holidays, theirs: t.holidays, render: ConflictText.date)
        return r
    }
}

extension ForumMeeting: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> ForumMeeting? { read(source, id: expectedID ?? "") }

    static func mergeFields(_ m: inout FieldMerge, base b: ForumMeeting?, ours o: ForumMeeting, theirs t: ForumMeeting) -> ForumMeeting {
        var r = t
        r.date = m.value("date", base: b?.date, ours: o.date, theirs: t.date, render: ConflictText.date)
        r.kind = m.value("kind", base: b?.kind, ours: o.kind, theirs: t.kind) { $0.rawValue }
        r.title = m.requiredText("title", base: b?.title, ours: o.title, theirs: t.title)
        r.remote = m.optional("remote", base: b?.remote, ours: o.remote, theirs: t.remote) { String($0) }
        if o.attendance != nil || t.attendance != nil {
            let (ba, oa, ta) = (b?.attendance, o.attendance ?? .init(), t.attendance ?? .init())
            var a = ForumMeeting.Attendance()
            let count: (Int) -> String = { String($0) }
            a.government = m.optional("attendance.government", base: ba?.government, ours: oa.government, theirs: ta.government, render: count)
            a.civilSociety = m.optional("attendance.civil_society", base: ba?.civilSociety, ours: oa.civilSociety, theirs: ta.civilSociety, render: count)
            a.privateSector = m.optional("attendance.private_sector", base: ba?.privateSector, ours: oa.privateSector, theirs: ta.privateSector, render: count)
            a.academia = m.optional("attendance.academia", base: ba?.academia, ours: oa.academia, theirs: ta.academia, render: count)
            a.other = m.optional("attendance.other", base: ba?.other, ours: oa.other, theirs: ta.other, render: count)
            r.attendance = a.isEmpty && (o.attendance == nil || t.attendance == nil) ? nil : a
        }
        r.agenda = m.text("agenda", base: b?.agenda, ours: o.agenda, theirs: t.agenda)
        r.decisions = m.text("decisions", base: b?.decisions, ours: o.decisions, theirs: t.decisions)
        r.minutes = m.optional("minutes", base: b?.minutes, ours: o.minutes, theirs: t.minutes, render: ConflictText.string)
        return r
    }
}

extension Consultation: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> Consultation? { read(source, id: expectedID ?? "") }

    static func mergeFields(_ m: inout FieldMerge, base b: Consultation?, ours o: Consultation, theirs t: Consultation) -> Consultation {
        var r = t
        r.subject = m.value("subject", base: b?.subject, ours: o.subject, theirs: t.subject) { $0.rawValue }
        r.title = m.requiredText("title", base: b?.title, ours: o.title, theirs: t.title)
        r.opens = m.value("opens", base: b?.opens, ours: o.opens, theirs: t.opens, render: ConflictText.date)
        r.closes = m.value("closes", base: b?.closes, ours: o.closes, theirs: t.closes, render: ConflictText.date)
        r.channels = m.set("channels", base: b?.channels, ours: o.channels, theirs: t.channels) { $0.rawValue }
        r.contributions = m.optional("contributions", base: b?.contributions, ours: o.contributions, theirs: t.contributions) { String($0) }
        r.responseReport = m.optional("response_report", base: b?.responseReport, ours: o.responseReport, theirs: t.responseReport,
                                      render: ConflictText.string)
        return r
    }
}

extension Communication: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> Communication? { read(source, id: expectedID ?? "") }

    static func mergeFields(_ m: inout FieldMerge, base b: Communication?, ours o: Communication, theirs t: Communication) -> Communication {
        var r = t
        r.received = m.value("received", base: b?.received, ours: o.received, theirs: t.received, render: ConflictText.date)
        r.from = m.value("from", base: b?.from, ours: o.from, theirs: t.from, render: ConflictText.string)
        r.fromPublic = m.value("from_public", base: b?.fromPublic, ours: o.fromPublic, theirs: t.fromPublic) { String($0) }
        r.channel = m.value("channel", base: b?.channel, ours: o.channel, theirs: t.channel) { $0.rawValue }
        r.question = m.requiredText("question", base: b?.question, ours: o.question, theirs: t.question)
        r.answered = m.optional("answered", base: b?.answered, ours: o.answered, theirs: t.answered, render: ConflictText.date)
        r.answer = m.text("answer", base: b?.answer, ours: o.answer, theirs: t.answer)
        r.answeredBy = m.optional("answered_by", base: b?.answeredBy, ours: o.answeredBy, theirs: t.answeredBy, render: ConflictText.string)
        return r
    }
}

extension CivilSocietyReview: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> CivilSocietyReview? {
        let parts = (expectedID ?? "/").split(separator: "/", maxSplits: 1).map(String.init)
        return read(source, organisation: parts.first ?? "", commitment: parts.count > 1 ? parts[1] : "")
    }

    static func mergeFields(_ m: inout FieldMerge, base b: CivilSocietyReview?, ours o: CivilSocietyReview,
                            theirs t: CivilSocietyReview) -> CivilSocietyReview {
        var r = t
        r.completion = m.value("completion", base: b?.completion, ours: o.completion, theirs: t.completion) { $0.rawValue }
        r.date = m.value("date", base: b?.date, ours: o.date, theirs: t.date, render: ConflictText.date)
        r.comments = m.text("comments", base: b?.comments, ours: o.comments, theirs: t.comments)
        r.evidence = m.set("evidence", base: b?.evidence, ours: o.evidence, theirs: t.evidence) { "\(ConflictText.text($0.title)) <\($0.url)>" }
        return r
    }
}

extension ProcessDocument: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> ProcessDocument? { read(source, id: expectedID ?? "") }

    static func mergeFields(_ m: inout FieldMerge, base b: ProcessDocument?, ours o: ProcessDocument, theirs t: ProcessDocument) -> ProcessDocument {
        var r = t
        r.title = m.requiredText("title", base: b?.title, ours: o.title, theirs: t.title)
        r.kind = m.value("kind", base: b?.kind, ours: o.kind, theirs: t.kind) { $0.rawValue }
        r.date = m.optional("date", base: b?.date, ours: o.date, theirs: t.date, render: ConflictText.date)
        // `file` and `url` are one choice (exactly one is allowed): merged as a pair.
        let pair = m.value("file", base: b.map { [$0.file, $0.url] }, ours: [o.file, o.url], theirs: [t.file, t.url]) {
            $0[0].map { "file: \($0)" } ?? $0[1].map { "url: \($0)" } ?? FieldMerge.absent
        }
        (r.file, r.url) = (pair[0], pair[1])
        r.published = m.value("published", base: b?.published, ours: o.published, theirs: t.published) { String($0) }
        return r
    }
}
