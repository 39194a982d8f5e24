import Foundation

extension CommitmentProgress {
    /// Reads commitments/<id>/progress.yaml; `expectedID` is the folder name.
    public static func read(_ source: RecordSource, expectedID: String?) -> CommitmentProgress? {
        guard let map = source.rootMap() else { return nil }
        let commitment = map.id("commitment", required: true)
        if let commitment, let expectedID, commitment != expectedID {
            source.report(map.value("commitment"), "commitment '\(commitment)' differs from the folder name '\(expectedID)'; make them the same")
        }
        let completion = map.choice("completion", CompletionLevel.self, required: true)
        var progress = CommitmentProgress(commitment: commitment ?? expectedID ?? "", completion: completion ?? .notStarted)
        progress.results = map.text("results", rule: .prose)
        progress.nextSteps = map.text("next_steps", rule: .prose)
        progress.delayReason = map.text("delay_reason", rule: .prose)
        for (id, m) in map.identifiedItems("milestones", itemName: "milestone") {
            let level = m.choice("completion", CompletionLevel.self, required: true)
            var item = MilestoneProgress(id: id ?? "", completion: level ?? .notStarted)
            item.actualStart = m.date("actual_start")
            item.actualEnd = m.date("actual_end")
            item.note = m.text("note", rule: .prose)
            item.delayReason = m.text("delay_reason", rule: .prose)
            m.finish("a milestone's progress")
            if let s = item.actualStart, let e = item.actualEnd, e.lastDay < s.firstDay {
                source.report(at: source.location(of: m.path("actual_end")), "milestone '\(item.id)' actually ends (\(e)) before it starts (\(s))")
            }
            if id != nil && level != nil { progress.milestones.append(item) }
        }
        for (id, e) in map.identifiedItems("evidence", itemName: "evidence") {
            let title = e.text("title", required: true)
            let file = e.string("file")
            let url = e.string("url")
            if file == nil && url == nil {
                source.report(e.node, "evidence '\(id ?? "?")' needs a 'file' (in evidence/) or a 'url'")
            } else if file != nil && url != nil {
                source.report(e.value("url"), "evidence '\(id ?? "?")' has both 'file' and 'url': keep one, and add the other as its own evidence")
            }
            if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                source.report(e.value("url"), "'\(url)' is not a web address: it must start with https:// or http://")
            } else if let url, url.contains(where: \.isWhitespace) || (URLComponents(string: url)?.host ?? "").isEmpty {
                source.report(e.value("url"), "'\(url)' is not a web address: it needs a host name and no spaces (https://example.org/page)")
            }
            let milestone = e.id("milestone")
            let added = e.date("added")
            e.finish("an evidence entry")
            if let id, let title {
                progress.evidence.append(Evidence(id: id, title: title, file: file, url: url, milestone: milestone, added: added))
            }
        }
        progress.conflicts = map.conflicts()
        map.finish("progress.yaml")
        guard commitment != nil, completion != nil else { return nil }
        return progress
    }
}

extension MapNode {
    /// The `conflicts` list any record may hold: values that lost a concurrent edit in a sync.
    func conflicts() -> [FieldConflict] {
        var result: [FieldConflict] = []
        for (i, node) in (list("conflicts") ?? []).enumerated() {
            guard case .mapping = node else {
                source.report(node, "item \(i + 1) of 'conflicts' must be a mapping, not \(node.kindName)")
                continue
            }
            let c = MapNode(source: source, node: node, field: "conflicts[\(i)]")
            let field = c.string("field", required: true)
            let kept = c.string("kept", required: true, rule: .prose)
            let lost = c.string("lost", required: true, rule: .prose)
            let by = c.string("lost_by")
            let at = c.string("lost_at")
            c.finish("a conflict")
            if let field, let kept, let lost {
                result.append(FieldConflict(field: field, kept: kept, lost: lost, lostBy: by, lostAt: at))
            }
        }
        return result
    }
}
