import Messages
import Yams

/// A draft commitment (`draft: true`) may leave out its dates, its OGP values and its contact:
/// they are listed "to complete" (warnings), not errors. So that every report still reads a
/// whole commitment, the reader fills a missing date from what the record does say (the
/// commitment's from its milestones, a milestone's from the commitment) and a missing contact
/// with an empty one; `toComplete` names what was filled, and the writer leaves it out again.
public enum DraftGaps {
    /// The commitment's dates, a missing one taken from its milestones, then from the other end.
    /// Nothing at all to take them from: nil, and the reader says the draft needs one date.
    static func commitmentDates(_ start: PlanDate?, _ end: PlanDate?, _ map: MapNode) -> (PlanDate?, PlanDate?) {
        guard start == nil || end == nil else { return (start, end) }
        var starts: [PlanDate] = [], ends: [PlanDate] = []
        for item in map.rawDates("milestones") {
            if let s = item.start.flatMap(PlanDate.init) { starts.append(s) }
            if let e = item.end.flatMap(PlanDate.init) { ends.append(e) }
        }
        let s = start ?? starts.min { $0.firstDay < $1.firstDay } ?? end ?? ends.min { $0.firstDay < $1.firstDay }
        let e = end ?? ends.max { $0.lastDay < $1.lastDay } ?? start ?? s
        if s == nil || e == nil {
            map.source.report(map.node, Said("shapes.draft-no-date"))
        }
        return (s, e)
    }

    public static func missing(start: PlanDate?, end: PlanDate?, contact: Person?, values: [OGPValue]) -> [String] {
        var gaps: [String] = []
        if start == nil { gaps.append("start") }
        if end == nil { gaps.append("end") }
        if values.isEmpty { gaps.append("description.values") }
        if contact == nil { gaps.append("contact") }
        return gaps
    }
}

extension MapNode {
    /// An official code (`US0113`, `C01.1.1`, `AR0090`): 1 to 32 ASCII letters, digits and
    /// `. - _ /`, starting with a letter or digit. People type it where Carnet takes an id.
    func officialCode(_ key: String) -> String? {
        guard let s = scalar(key, what: Catalogue.text("records.what.string")) else { return nil }
        guard OfficialCode.isValid(s) else {
            source.report(value(key), Said("shapes.code-invalid", ["key": .text(path(key)), "value": .text(s)]))
            return nil
        }
        return s
    }

    /// The `start` and `end` written in each item of a list, without reporting anything (the
    /// items are read, and reported on, as milestones).
    func rawDates(_ key: String) -> [(start: String?, end: String?)] {
        guard let entry = entries.first(where: { $0.key == key }), case .sequence(let items) = entry.value else { return [] }
        return items.compactMap { item in
            guard case .mapping(let pairs) = item else { return nil }
            func scalar(_ name: String) -> String? {
                for (k, v) in pairs { if case .scalar(let ks) = k, ks.string == name, case .scalar(let vs) = v { return vs.string } }
                return nil
            }
            return (scalar("start"), scalar("end"))
        }
    }
}

public enum OfficialCode {
    public static func isValid(_ s: String) -> Bool {
        guard (1...32).contains(s.count), let first = s.unicodeScalars.first,
              first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_/".unicodeScalars.contains($0)) }
    }

    /// The same code, as people type it: case and surrounding spaces aside.
    public static func matches(_ code: String?, _ typed: String) -> Bool {
        guard let code else { return false }
        return code.lowercased() == typed.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
