import Messages
import Foundation

extension CommitmentProgress {
    /// Reads commitments/<id>/progress.yaml; `expectedID` is the folder name.
    public static func read(_ source: RecordSource, expectedID: String?) -> CommitmentProgress? {
        guard let map = source.rootMap() else { return nil }
        let commitment = map.id("commitment", required: true)
        if let commitment, let expectedID, commitment != expectedID {
            source.report(map.value("commitment"), Said("records.commitment-differs-folder", ["commitment": .text(commitment), "folder": .text(expectedID)]))
        }
        let completion = map.choice("completion", CompletionLevel.self, required: true)
        var progress = CommitmentProgress(commitment: commitment ?? expectedID ?? "", completion: completion ?? .notStarted)
        progress.results = map.text("results", rule: .prose)
        progress.nextSteps = map.text("next_steps", rule: .prose)
        progress.delayReason = map.text("delay_reason", rule: .prose)
        for (id, m) in map.identifiedItems("milestones", itemName: Catalogue.text("records.item.milestone")) {
            let level = m.choice("completion", CompletionLevel.self, required: true)
            var item = MilestoneProgress(id: id ?? "", completion: level ?? .notStarted)
            item.actualStart = m.date("actual_start")
            item.actualEnd = m.date("actual_end")
            item.note = m.text("note", rule: .prose)
            item.delayReason = m.text("delay_reason", rule: .prose)
            m.finish(Catalogue.text("records.place.milestone-progress"))
            if let s = item.actualStart, let e = item.actualEnd, e.lastDay < s.firstDay {
                source.report(at: source.location(of: m.path("actual_end")), Said("records.milestone-actually-ends-before-start", ["id": .text(item.id), "end": .text(e.description), "start": .text(s.description)]))
            }
            if id != nil && level != nil { progress.milestones.append(item) }
        }
        for (id, e) in map.identifiedItems("evidence", itemName: Catalogue.text("records.item.evidence")) {
            let title = e.text("title", required: true)
            let file = e.string("file")
            let url = e.webAddress("url")
            if file == nil && url == nil {
                source.report(e.node, Said("records.evidence-no-file-or-url", ["id": .text(id ?? "?")]))
            } else if file != nil && url != nil {
                source.report(e.value("url"), Said("records.evidence-file-and-url", ["id": .text(id ?? "?")]))
            }
            let milestone = e.id("milestone")
            let added = e.date("added")
            e.finish(Catalogue.text("records.place.evidence"))
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
    /// A web address (http or https, with a host); one that is not is reported, and still
    /// returned (so that an edit can show it).
    func webAddress(_ key: String, required: Bool = false) -> String? {
        let url = string(key, required: required)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            source.report(value(key), Said("records.url-scheme", ["url": .text(url)]))
        } else if let url, url.contains(where: \.isWhitespace) || (URLComponents(string: url)?.host ?? "").isEmpty {
            source.report(value(key), Said("records.url-host", ["url": .text(url)]))
        }
        return url
    }

    /// The `conflicts` list any record may hold: values that lost a concurrent edit in a sync.
    func conflicts() -> [FieldConflict] {
        var result: [FieldConflict] = []
        for (i, node) in (list("conflicts") ?? []).enumerated() {
            guard case .mapping = node else {
                source.report(node, Said("records.conflict-not-mapping", ["number": .number(i + 1), "kind": .text(node.kindName)]))
                continue
            }
            let c = MapNode(source: source, node: node, field: "conflicts[\(i)]")
            let field = c.string("field", required: true)
            let kept = c.string("kept", required: true, rule: .prose)
            let lost = c.string("lost", required: true, rule: .prose)
            let by = c.string("lost_by")
            let at = c.string("lost_at")
            c.finish(Catalogue.text("records.place.conflict"))
            if let field, let kept, let lost {
                result.append(FieldConflict(field: field, kept: kept, lost: lost, lostBy: by, lostAt: at))
            }
        }
        return result
    }
}
