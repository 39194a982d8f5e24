import Foundation
import Messages
import Yams

/// Reads one YAML mapping as a record's map: every accessor checks the value's type, records its
/// location, and marks its key as known; `finish()` reports the keys nobody asked for.
final class MapNode {
    let source: RecordSource
    let node: Node
    let field: String
    private var entries: [(key: String, keyNode: Node, value: Node)] = []
    private var known: Set<String> = []

    init(source: RecordSource, node: Node, field: String) {
        self.source = source
        self.node = node
        self.field = field
        guard case .mapping(let mapping) = node else { return }
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                source.report(keyNode, "a key must be a plain name, not \(keyNode.kindName)")
                continue
            }
            if let problem = TextRule.line.problem(in: key.string, field: field.isEmpty ? "a key" : "a key in \(field)") {
                source.report(keyNode, problem)
                continue
            }
            entries.append((key.string, keyNode, value))
        }
    }

    func path(_ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }
    var location: Location { source.location(node) }

    /// The value node for a key (nil when absent or null); reports a missing required key.
    func value(_ key: String, required: Bool = false) -> Node? {
        known.insert(key)
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else {
            if required {
                let fieldName = path(key)
                source.report(node, "missing required key '\(key)'\(field.isEmpty ? "" : " in \(field)")"
                              + (fieldName.isEmpty ? "" : ""))
            }
            return nil
        }
        source.remember(path(key), entry.value)
        return entry.value
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// A scalar's text, or a type error. Every scalar of a record is read here or in
    /// `scalarList` / `TextReader`: `rule` (TextRule) is checked once, for every field. A value
    /// that breaks it is reported; it is still returned when `keepInvalid` (strings, so that an
    /// edit can show it), and nil otherwise (ids, dates, choices: they would be refused anyway).
    func scalar(_ key: String, required: Bool = false, what: String, rule: TextRule = .line, keepInvalid: Bool = false) -> String? {
        guard let node = value(key, required: required) else { return nil }
        guard case .scalar(let s) = node else {
            source.report(node, "'\(key)' must be \(what), not \(node.kindName)")
            return nil
        }
        if let problem = rule.problem(in: s.string, field: path(key)) {
            source.report(node, problem)
            if !keepInvalid { return nil }
        }
        return s.string
    }

    /// A one-line string unless `rule` says `.prose`.
    func string(_ key: String, required: Bool = false, rule: TextRule = .line) -> String? {
        guard let s = scalar(key, required: required, what: "a string", rule: rule, keepInvalid: true) else { return nil }
        if s.trimmingCharacters(in: .whitespaces).isEmpty, required, let node = value(key) {
            source.report(node, "'\(key)' is empty")
        }
        return s
    }

    func integer(_ key: String, required: Bool = false) -> Int? {
        guard let s = scalar(key, required: required, what: "a whole number") else { return nil }
        guard let n = Int(s) else {
            source.report(value(key), "'\(key)' must be a whole number, not '\(s)'")
            return nil
        }
        return n
    }

    func id(_ key: String, required: Bool = false) -> String? {
        guard let s = scalar(key, required: required, what: "an id") else { return nil }
        guard RecordID.isValid(s) else {
            source.report(value(key), "'\(s)' is not a valid id for '\(key)': use lowercase letters, digits and '-' (at most 64)")
            return nil
        }
        return s
    }

    func date(_ key: String, required: Bool = false) -> PlanDate? {
        guard let s = scalar(key, required: required, what: "a date") else { return nil }
        if let date = PlanDate(s) { return date }
        if PlanDate.looksLikeDate(s) {
            source.report(value(key), "'\(s)' is not a real date for '\(key)'")
        } else {
            source.report(value(key), "'\(key)' must be a date (YYYY-MM-DD, or YYYY-MM for a month), not '\(s)'")
        }
        return nil
    }

    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = false) -> E?
    where E.RawValue == String {
        guard let s = scalar(key, required: required, what: "one of \(E.allCases.map(\.rawValue).joined(separator: ", "))") else { return nil }
        if let v = E(rawValue: s) { return v }
        source.report(value(key), "'\(s)' is not a valid \(key.replacingOccurrences(of: "_", with: " ")): use one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        return nil
    }

    /// A text (one string or translations): one line unless `rule` says `.prose`.
    func text(_ key: String, required: Bool = false, rule: TextRule = .line) -> Text? {
        guard let node = value(key, required: required) else { return nil }
        return TextReader.read(node, field: path(key), source: source, rule: rule)
    }

    func map(_ key: String, required: Bool = false) -> MapNode? {
        guard let node = value(key, required: required) else { return nil }
        guard case .mapping = node else {
            source.report(node, "'\(key)' must be a mapping of keys to values, not \(node.kindName)")
            return nil
        }
        return MapNode(source: source, node: node, field: path(key))
    }

    func list(_ key: String, required: Bool = false) -> [Node]? {
        guard let node = value(key, required: required) else { return nil }
        guard case .sequence(let sequence) = node else {
            source.report(node, "'\(key)' must be a list, not \(node.kindName)")
            return nil
        }
        return Array(sequence)
    }

    /// A list of scalars (ids, keys, language codes).
    func scalarList(_ key: String, required: Bool = false) -> [(String, Node)]? {
        guard let items = list(key, required: required) else { return nil }
        var result: [(String, Node)] = []
        for (i, item) in items.enumerated() {
            guard case .scalar(let s) = item, !item.isNull else {
                source.report(item, "item \(i + 1) of '\(key)' must be a single value, not \(item.kindName)")
                continue
            }
            source.remember("\(path(key))[\(i)]", item)
            if let problem = TextRule.line.problem(in: s.string, field: "\(path(key))[\(i)]") {
                source.report(item, problem)
                continue
            }
            result.append((s.string, item))
        }
        return result
    }

    /// Reports every key no accessor asked for.
    func finish(_ what: String) {
        for entry in entries where !known.contains(entry.key) {
            let suggestion = known.min { editDistance($0, entry.key) < editDistance($1, entry.key) }
            var message = "unknown key '\(entry.key)' in \(what)"
            if let suggestion, editDistance(suggestion, entry.key) <= 2 { message += "; did you mean '\(suggestion)'?" }
            source.report(entry.keyNode, message)
        }
    }
}

/// Maps of a list, keyed by their `id`: each gets its field path `list.<id>`.
extension MapNode {
    func identifiedItems(_ key: String, required: Bool = false, itemName: String) -> [(String?, MapNode)] {
        guard let items = list(key, required: required) else { return [] }
        var result: [(String?, MapNode)] = []
        var seen: [String: Node] = [:]
        for (i, item) in items.enumerated() {
            guard case .mapping = item else {
                source.report(item, "item \(i + 1) of '\(key)' must be a mapping (\(itemName) with an id), not \(item.kindName)")
                continue
            }
            let probe = MapNode(source: source, node: item, field: "\(path(key))[\(i)]")
            let id = probe.id("id", required: true)
            let map = MapNode(source: source, node: item, field: id.map { "\(path(key)).\($0)" } ?? "\(path(key))[\(i)]")
            if let id {
                if let first = seen[id] {
                    source.report(probe.value("id"), "duplicate \(itemName) id '\(id)' (first at line \(first.mark?.line ?? 0))")
                } else {
                    seen[id] = item
                    source.remember(map.field, item)   // `milestones.m2` is m2's entry, not the list
                }
                _ = map.id("id")
            }
            result.append((id, map))
        }
        return result
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

enum TextReader {
    static func read(_ node: Node, field: String, source: RecordSource, rule: TextRule = .line) -> Text? {
        switch node {
        case .scalar(let s):
            if let problem = rule.problem(in: s.string, field: field) { source.report(node, problem) }
            return .plain(s.string)
        case .mapping(let mapping):
            var items: [Text.Translation] = []
            var stamps: [String: String] = [:]
            for (keyNode, value) in mapping {
                if case .scalar(let key) = keyNode, let language = TranslationStamp.language(ofKey: key.string) {
                    // Written by Carnet (TranslationStamp); a damaged one is set aside, not an error:
                    // Carnet writes it again when the translation is next edited.
                    if case .scalar(let stamp) = value, TranslationStamp.isValid(stamp.string) {
                        stamps[language] = stamp.string
                    } else {
                        source.report(value, Catalogue.text("report.damagedFingerprint", ["field": .text("\(field).\(key.string)")]),
                                      severity: .warning)
                    }
                    continue
                }
                guard case .scalar(let key) = keyNode, LanguageCode.isValid(key.string) else {
                    source.report(keyNode, "'\(keyNode.scalar?.string ?? "?")' is not a language code in '\(field)': use two or three lowercase letters (fr, en)")
                    continue
                }
                guard case .scalar(let text) = value else {
                    source.report(value, "the \(key.string) text of '\(field)' must be a string, not \(value.kindName)")
                    continue
                }
                source.remember("\(field).\(key.string)", value)
                if let problem = rule.problem(in: text.string, field: "\(field).\(key.string)") { source.report(value, problem) }
                items.append(Text.Translation(key.string, text.string))
            }
            if items.isEmpty {
                source.report(node, "'\(field)' has no text: write a string, or a map of language to string")
                return nil
            }
            // A fingerprint without its translation means nothing and is not kept.
            for i in items.indices { items[i].from = stamps[items[i].language] }
            return .translated(items)
        default:
            source.report(node, "'\(field)' must be a string or a map of language to string, not \(node.kindName)")
            return nil
        }
    }
}

public enum RecordID {
    public static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= 64, let first = s.unicodeScalars.first,
              ("0"..."9").contains(first) || ("a"..."z").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

public enum LanguageCode {
    public static func isValid(_ s: String) -> Bool {
        (2...3).contains(s.count) && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }
}
