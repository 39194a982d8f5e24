import Messages

// Readers of the participation records (docs/RECORDS.md, "Participation"). A record's id is its
// file name (a review's organisation and commitment are its folder and file names): nothing
// inside repeats it, so nothing inside can disagree with it.

extension ParticipationProcess {
    public static func read(_ source: RecordSource) -> ParticipationProcess? {
        guard let map = source.rootMap() else { return nil }
        var process = ParticipationProcess(forum: map.id("forum"))
        for (i, (text, node)) in (map.scalarList("holidays") ?? []).enumerated() {
            source.remember("holidays[\(i)]", node)
            if let day = PlanDate(text), day.isDay { process.holidays.append(day) }
            else { source.report(node, Said("part.holiday-invalid", ["value": .text(text)])) }
        }
        process.conflicts = map.conflicts()
        map.finish(PlanLayout.participationProcessFile)
        return process
    }
}

extension ForumMeeting {
    public static func read(_ source: RecordSource, id: String) -> ForumMeeting? {
        guard let map = source.rootMap() else { return nil }
        let date = map.day("date", required: true)
        let kind = map.choice("kind", Kind.self, required: true)
        let title = map.text("title", required: true)
        let remote = map.flag("remote")
        var attendance: Attendance?
        if let a = map.map("attendance") {
            var counted = Attendance()
            counted.government = a.count("government")
            counted.civilSociety = a.count("civil_society")
            counted.privateSector = a.count("private_sector")
            counted.academia = a.count("academia")
            counted.other = a.count("other")
            a.finish("attendance")
            attendance = counted
        }
        let agenda = map.text("agenda", rule: .prose)
        let decisions = map.text("decisions", rule: .prose)
        let minutes = map.id("minutes")
        let conflicts = map.conflicts()
        map.finish(Catalogue.text("part.place.meeting"))
        guard let date, let kind, let title else { return nil }
        var meeting = ForumMeeting(id: id, date: date, kind: kind, title: title)
        meeting.remote = remote
        meeting.attendance = attendance
        meeting.agenda = agenda
        meeting.decisions = decisions
        meeting.minutes = minutes
        meeting.conflicts = conflicts
        return meeting
    }
}

extension Consultation {
    public static func read(_ source: RecordSource, id: String) -> Consultation? {
        guard let map = source.rootMap() else { return nil }
        let subject = map.choice("subject", Subject.self, required: true)
        let title = map.text("title", required: true)
        let opens = map.day("opens", required: true)
        let closes = map.day("closes", required: true)
        if let opens, let closes, closes.lastDay < opens.firstDay {
            source.report(at: source.location(of: "closes"), Said("part.closes-before-opens",
                ["closes": .text(closes.description), "opens": .text(opens.description)]))
        }
        var channels: [Channel] = []
        for (word, node) in map.scalarList("channels") ?? [] {
            if let channel = Channel(rawValue: word) { if !channels.contains(channel) { channels.append(channel) } }
            else {
                source.report(node, Said("records.choice-invalid", ["value": .text(word), "field": .text("channel"),
                    "choices": .text(Channel.allCases.map(\.rawValue).joined(separator: ", "))]))
            }
        }
        let contributions = map.count("contributions")
        let report = map.id("response_report")
        let conflicts = map.conflicts()
        map.finish(Catalogue.text("part.place.consultation"))
        guard let subject, let title, let opens, let closes else { return nil }
        var consultation = Consultation(id: id, subject: subject, title: title, opens: opens, closes: closes)
        consultation.channels = channels
        consultation.contributions = contributions
        consultation.responseReport = report
        consultation.conflicts = conflicts
        return consultation
    }
}

extension Communication {
    public static func read(_ source: RecordSource, id: String) -> Communication? {
        guard let map = source.rootMap() else { return nil }
        let received = map.day("received", required: true)
        let from = map.string("from", required: true)
        let fromPublic = map.flag("from_public")
        let channel = map.choice("channel", Channel.self, required: true)
        let question = map.text("question", required: true, rule: .prose)
        let answered = map.day("answered")
        let answer = map.text("answer", rule: .prose)
        let answeredBy = map.string("answered_by")
        if let received, let answered, answered.firstDay < received.firstDay {
            source.report(at: source.location(of: "answered"), Said("part.answered-before-received",
                ["answered": .text(answered.description), "received": .text(received.description)]))
        }
        if answer != nil, answered == nil {
            source.report(at: source.location(of: "answer"), Said("part.answer-undated"))
        }
        let conflicts = map.conflicts()
        map.finish(Catalogue.text("part.place.communication"))
        guard let received, let from, let channel, let question else { return nil }
        var communication = Communication(id: id, received: received, from: from, channel: channel, question: question)
        communication.fromPublic = fromPublic ?? false
        communication.answered = answered
        communication.answer = answer
        communication.answeredBy = answeredBy
        communication.conflicts = conflicts
        return communication
    }
}

extension CivilSocietyReview {
    public static func read(_ source: RecordSource, organisation: String, commitment: String) -> CivilSocietyReview? {
        guard let map = source.rootMap() else { return nil }
        let completion = map.choice("completion", CompletionLevel.self, required: true)
        let date = map.date("date", required: true)
        let comments = map.text("comments", rule: .prose)
        var links: [Link] = []
        for (i, node) in (map.list("evidence") ?? []).enumerated() {
            guard case .mapping = node else {
                source.report(node, Said("records.item-not-mapping", ["number": .number(i + 1), "key": .text("evidence"),
                    "item": .text(Catalogue.text("records.item.evidence")), "kind": .text(node.kindName)]))
                continue
            }
            let e = MapNode(source: source, node: node, field: "evidence[\(i)]")
            let title = e.text("title", required: true)
            let url = e.webAddress("url", required: true)
            e.finish(Catalogue.text("records.place.evidence"))
            if let title, let url { links.append(Link(title: title, url: url)) }
        }
        let conflicts = map.conflicts()
        map.finish(Catalogue.text("part.place.review"))
        guard let completion, let date else { return nil }
        var review = CivilSocietyReview(organisation: organisation, commitment: commitment, completion: completion, date: date)
        review.comments = comments
        review.evidence = links
        review.conflicts = conflicts
        return review
    }
}

extension ProcessDocument {
    public static func read(_ source: RecordSource, id: String) -> ProcessDocument? {
        guard let map = source.rootMap() else { return nil }
        let title = map.text("title", required: true)
        let kind = map.choice("kind", Kind.self, required: true)
        let date = map.date("date")
        let file = map.string("file")
        let url = map.webAddress("url")
        if file == nil && url == nil {
            source.report(map.node, Said("part.document-no-file-or-url"))
        } else if file != nil && url != nil {
            source.report(map.value("url"), Said("part.document-file-and-url"))
        }
        let published = map.flag("published")
        let conflicts = map.conflicts()
        map.finish(Catalogue.text("part.place.document"))
        guard let title, let kind else { return nil }
        var document = ProcessDocument(id: id, title: title, kind: kind)
        document.date = date
        document.file = file
        document.url = url
        document.published = published ?? true
        document.conflicts = conflicts
        return document
    }
}

extension MapNode {
    /// A date that must name one day (a meeting, a consultation's opening, a letter's arrival):
    /// a month or a year alone is reported where it stands (Diagnostics sort by place, so
    /// checking as it is read changes no listing).
    func day(_ key: String, required: Bool = false) -> PlanDate? {
        let date = self.date(key, required: required)
        if let date, !date.isDay { source.report(value(key), Said("part.day-needed", ["key": .text(key)])) }
        return date
    }

    /// A whole number of people or contributions: 0 or more.
    func count(_ key: String) -> Int? {
        guard let n = integer(key) else { return nil }
        guard n >= 0 else {
            source.report(value(key), Said("part.count-negative", ["key": .text(path(key)), "value": .number(n)]))
            return nil
        }
        return n
    }
}
