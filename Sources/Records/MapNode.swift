import Foundation
import Messages
import Yams

/// Reads one YAML mapping as a record's map: every accessor checks the value's type, records its
/// location, and marks its key as known; `finish()` reports the keys nobody asked for.
final class MapNode {
    /// One key of the mapping and its value (a struct, not a tuple: tuples of Yams nodes are
    /// copied through the runtime's generic witnesses, a tenth of reading a record).
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    let source: RecordSource
    let node: Node
    /// The map's field path ("" at the file's top): set once its id is known (identifiedItems).
    private(set) var field: String
    private(set) var entries: [Entry] = []
    /// Every key an accessor asked for, present or not, in asking order (repeats allowed: as
    /// many as the reading code asks, whatever the file holds): a list, not a set — a dozen
    /// keys per map, hashed for every value read or in every `finish()`, cost more than the
    /// scan `finish()` makes.
    private var asked: [String] = []

    init(source: RecordSource, node: Node, field: String) {
        self.source = source
        self.node = node
        self.field = field
        guard case .mapping(let mapping) = node else { return }
        entries.reserveCapacity(mapping.count)
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                source.report(keyNode, Said("records.key-not-plain", ["kind": .text(keyNode.kindName)]))
                continue
            }
            if let problem = TextRule.line.said(in: key.string, field: field.isEmpty ? Catalogue.text("records.field.a-key")
                                                 : Catalogue.text("records.field.a-key-in", ["field": .text(field)])) {
                source.report(keyNode, problem)
                continue
            }
            entries.append(Entry(key: key.string, keyNode: keyNode, value: value))
        }
    }

    func path(_ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }
    var location: Location { source.location(node) }

    /// The value node for a key (nil when absent or null); reports a missing required key.
    func value(_ key: String, required: Bool = false) -> Node? {
        asked.append(key)
        guard let i = entries.firstIndex(where: { $0.key == key }), !entries[i].value.isNull else {
            if required {
                source.report(node, field.isEmpty ? Said("records.missing-key", ["key": .text(key)])
                                                  : Said("records.missing-key-in", ["key": .text(key), "field": .text(field)]))
            }
            return nil
        }
        let value = entries[i].value
        source.remember(in: field, key, value)
        return value
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// A scalar's text, or a type error. Every scalar of a record is read here or in
    /// `scalarList` / `TextReader`: `rule` (TextRule) is checked once, for every field. A value
    /// that breaks it is reported; it is still returned when `keepInvalid` (strings, so that an
    /// edit can show it), and nil otherwise (ids, dates, choices: they would be refused anyway).
    /// `what` (the kind of value expected, in words) is built only when the value is of the wrong
    /// type: building catalogue text for every field read was most of the cost of loading a plan.
    func scalar(_ key: String, required: Bool = false, what: @autoclosure () -> String, rule: TextRule = .line, keepInvalid: Bool = false) -> String? {
        guard let node = value(key, required: required) else { return nil }
        guard case .scalar(let s) = node else {
            source.report(node, Said("records.wrong-type", ["key": .text(key), "what": .text(what()), "kind": .text(node.kindName)]))
            return nil
        }
        // The rule is checked on the text alone; the field's path is built only for a message.
        if let problem = rule.said(in: s.string, field: path(key)) {
            source.report(node, problem)
            if !keepInvalid { return nil }
        }
        return s.string
    }

    /// A one-line string unless `rule` says `.prose`.
    func string(_ key: String, required: Bool = false, rule: TextRule = .line) -> String? {
        guard let s = scalar(key, required: required, what: Catalogue.text("records.what.string"), rule: rule, keepInvalid: true) else { return nil }
        if PeopleInput.isBlank(s), required, let node = value(key) {
            source.report(node, Said("records.empty", ["key": .text(key)]))
        }
        return s
    }

    func integer(_ key: String, required: Bool = false) -> Int? {
        guard let s = scalar(key, required: required, what: Catalogue.text("records.what.number")) else { return nil }
        guard let n = Int(s) else {
            source.report(value(key), Said("records.not-a-number", ["key": .text(key), "value": .text(s)]))
            return nil
        }
        return n
    }

    /// `true` or `false` (YAML's words; `yes`/`no` are refused so a file reads the same everywhere).
    func flag(_ key: String) -> Bool? {
        guard let s = scalar(key, what: Catalogue.text("dash.what-flag")) else { return nil }
        switch s {
        case "true": return true
        case "false": return false
        default:
            source.report(value(key), Said("dash.flag-invalid", ["key": .text(key), "value": .text(s)]))
            return nil
        }
    }

    func id(_ key: String, required: Bool = false) -> String? {
        guard let s = scalar(key, required: required, what: Catalogue.text("records.what.id")) else { return nil }
        guard RecordID.isValid(s) else {
            source.report(value(key), Said("records.id-invalid", ["value": .text(s), "key": .text(key)]))
            return nil
        }
        return s
    }

    func date(_ key: String, required: Bool = false) -> PlanDate? {
        guard let s = scalar(key, required: required, what: Catalogue.text("records.what.date")) else { return nil }
        if let date = PlanDate(s) { return date }
        if PlanDate.looksLikeDate(s) {
            source.report(value(key), Said("records.date-impossible", ["value": .text(s), "key": .text(key)]))
        } else if case .success(let meant) = PeopleInput.date(s, language: Catalogue.language) {
            // The file keeps the canonical form; the person is shown it for what they wrote.
            source.report(value(key), Said("records.date-malformed-suggest",
                                                     ["key": .text(key), "value": .text(s), "suggestion": .text(meant.description)]))
        } else {
            source.report(value(key), Said("records.date-malformed", ["key": .text(key), "value": .text(s)]))
        }
        return nil
    }

    /// One of a choice's canonical values. A hand-edited file must hold the canonical spelling;
    /// when the value is a person's word for one (`terminé`) or a slip (`compelte`), the
    /// message names it, in the reader's language (PeopleInput).
    func choice<E: SpokenChoice>(_ key: String, _ type: E.Type, required: Bool = false) -> E? {
        let choices = { E.allCases.map(\.rawValue).joined(separator: ", ") }   // for messages only
        guard let s = scalar(key, required: required,
                             what: Catalogue.text("records.what.one-of", ["choices": .text(choices())])) else { return nil }
        if let v = E(rawValue: s) { return v }
        let field = key.replacingOccurrences(of: "_", with: " ")
        if let suggestion = PeopleInput.suggestion(for: s, type, language: Catalogue.language) {
            source.report(value(key), Said("records.choice-invalid-suggest", [
                "value": .text(s), "field": .text(field), "suggestion": .text(suggestion.rawValue), "choices": .text(choices())]))
        } else {
            source.report(value(key), Said("records.choice-invalid",
                                                     ["value": .text(s), "field": .text(field), "choices": .text(choices())]))
        }
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
            source.report(node, Said("records.not-a-mapping", ["key": .text(key), "kind": .text(node.kindName)]))
            return nil
        }
        return MapNode(source: source, node: node, field: path(key))
    }

    func list(_ key: String, required: Bool = false) -> [Node]? {
        guard let node = value(key, required: required) else { return nil }
        guard case .sequence(let sequence) = node else {
            source.report(node, Said("records.not-a-list", ["key": .text(key), "kind": .text(node.kindName)]))
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
                source.report(item, Said("records.item-not-single", ["number": .number(i + 1), "key": .text(key), "kind": .text(item.kindName)]))
                continue
            }
            source.remember(in: field, "\(key)[\(i)]", item)
            if let problem = TextRule.line.said(in: s.string, field: "\(path(key))[\(i)]") {
                source.report(item, problem)
                continue
            }
            result.append((s.string, item))
        }
        return result
    }

    /// Reports every key no accessor asked for, with the known key it is a slip for (`lead_agncy`).
    /// `what` (the place, in words) is built only when a key is unknown.
    func finish(_ what: @autoclosure () -> String) {
        let unknown = entries.filter { !asked.contains($0.key) }
        guard !unknown.isEmpty else { return }
        let knownKeys = Array(Set(asked)).sorted()
        for entry in unknown {
            let folded = PeopleInput.fold(entry.key)
            let suggestion = Spelling.closest(to: folded, among: knownKeys.map(PeopleInput.fold))
                .flatMap { match in knownKeys.first { PeopleInput.fold($0) == match } }
            if let suggestion {
                source.report(entry.keyNode, Said("records.unknown-key-suggest",
                                                            ["key": .text(entry.key), "place": .text(what()), "suggestion": .text(suggestion)]))
            } else {
                source.report(entry.keyNode, Said("records.unknown-key", ["key": .text(entry.key), "place": .text(what())]))
            }
        }
    }
}

/// Maps of a list, keyed by their `id`: each gets its field path `list.<id>`.
extension MapNode {
    /// `itemName` is built only when an item is reported.
    func identifiedItems(_ key: String, required: Bool = false, itemName: @autoclosure () -> String) -> [(String?, MapNode)] {
        guard let items = list(key, required: required) else { return [] }
        var result: [(String?, MapNode)] = []
        var seen: [String: Node] = [:]
        let listPath = path(key)
        for (i, item) in items.enumerated() {
            guard case .mapping = item else {
                source.report(item, Said("records.item-not-mapping", ["number": .number(i + 1), "key": .text(key),
                                                                                 "item": .text(itemName()), "kind": .text(item.kindName)]))
                continue
            }
            // One map per item: its id is read under `list[i]`, then the map is named `list.<id>`.
            let map = MapNode(source: source, node: item, field: "\(listPath)[\(i)]")
            let id = map.id("id", required: true)
            if let id {
                if let first = seen[id] {
                    source.report(map.value("id"), Said("records.duplicate-id",
                        ["item": .text(itemName()), "id": .text(id), "line": .text(String(first.mark?.line ?? 0))]))
                } else {
                    seen[id] = item
                    source.remember(in: listPath, id, item)   // `milestones.m2` is m2's entry, not the list
                }
                map.field = "\(listPath).\(id)"
                _ = map.id("id")
            }
            result.append((id, map))
        }
        return result
    }
}

enum TextReader {
    static func read(_ node: Node, field: String, source: RecordSource, rule: TextRule = .line) -> Text? {
        switch node {
        case .scalar(let s):
            if let problem = rule.said(in: s.string, field: field) { source.report(node, problem) }
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
                        source.report(value, Said("records.damaged-fingerprint", ["field": .text("\(field).\(key.string)")]),
                                      severity: .warning)
                    }
                    continue
                }
                guard case .scalar(let key) = keyNode, LanguageCode.isValid(key.string) else {
                    source.report(keyNode, Said("records.language-code-key", ["value": .text(keyNode.scalar?.string ?? "?"), "field": .text(field)]))
                    continue
                }
                guard case .scalar(let text) = value else {
                    source.report(value, Said("records.translation-not-string",
                                                        ["language": .text(key.string), "field": .text(field), "kind": .text(value.kindName)]))
                    continue
                }
                source.remember(in: field, key.string, value)
                if let problem = rule.said(in: text.string, field: "\(field).\(key.string)") {
                    source.report(value, problem)
                }
                items.append(Text.Translation(key.string, text.string))
            }
            if items.isEmpty {
                source.report(node, Said("records.text-empty", ["field": .text(field)]))
                return nil
            }
            // A fingerprint without its translation means nothing and is not kept.
            for i in items.indices { items[i].from = stamps[items[i].language] }
            return .translated(items)
        default:
            source.report(node, Said("records.text-wrong-type", ["field": .text(field), "kind": .text(node.kindName)]))
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
