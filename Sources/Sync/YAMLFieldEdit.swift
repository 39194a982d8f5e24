import Foundation
import Messages
import Yams

/// Puts a conflict's lost value back at its dotted field path in a YAML tree.
///
/// Paths are those the merge writes (`milestones.m2.completion`, `title.fr`,
/// `contacts.Awa Diallo.email`): map keys, and list items by `id` or, for persons, by `name`
/// (`name#2` for a second person of the same name). Names may hold dots, so at each level the
/// longest key that prefixes the rest of the path wins.
enum YAMLFieldEdit {
    static func set(_ field: String, in root: Node, lost: String) throws -> Node {
        try edit(root, rest: field, field: field, lost: lost, literal: false)
    }

    /// Writes a person's own text at the field, as one string (never read as YAML): `--value`.
    static func set(_ field: String, in root: Node, text: String) throws -> Node {
        try edit(root, rest: field, field: field, lost: text, literal: true)
    }

    private static func failure(_ field: String) -> ConflictResolver.Failure {
        ConflictResolver.Failure(message: Catalogue.text("sync.resolve.field-not-found", ["field": .text(field)]), exitCode: 65)
    }

    private static func edit(_ node: Node, rest: String, field: String, lost: String, literal: Bool) throws -> Node {
        func value(_ lost: String, replacing current: Node?) throws -> Node? {
            guard literal else { return Self.value(lost, replacing: current) }
            // One string replaces one value, never a whole translation map, list or item.
            if let current, current.scalar == nil {
                throw ConflictResolver.Failure(message: ResolveMessage.notOneValue(field), exitCode: 64)
            }
            return Node(lost)
        }
        if var pairs = ConflictResolver.pairsOf(node) {
            let keys = pairs.map { $0.0.string ?? "" }
            guard let key = longest(keys, rest) else {
                // A key the record does not have (the value was deleted on the winning side).
                guard !rest.contains("."), let value = try value(lost, replacing: nil) else {
                    if lost == "~" { return node }
                    throw failure(field)
                }
                pairs.append((Node(rest), value))
                return Node(pairs)
            }
            let i = keys.firstIndex(of: key)!
            if key == rest {
                if let value = try value(lost, replacing: pairs[i].1) { pairs[i].1 = value } else { pairs.remove(at: i) }
            } else {
                pairs[i].1 = try edit(pairs[i].1, rest: String(rest.dropFirst(key.count + 1)), field: field, lost: lost, literal: literal)
            }
            return Node(pairs)
        }
        if var items: [Node] = node.sequence.map({ Array($0) }) {
            let keys = itemKeys(items)
            guard let key = longest(keys, rest) else {
                guard !rest.contains("."), let value = try value(lost, replacing: nil) else {
                    if lost == "~" { return node }
                    throw failure(field)
                }
                items.append(value)
                return Node(items)
            }
            let i = keys.firstIndex(of: key)!
            if key == rest {
                if let value = try value(lost, replacing: items[i]) { items[i] = value } else { items.remove(at: i) }
            } else {
                items[i] = try edit(items[i], rest: String(rest.dropFirst(key.count + 1)), field: field, lost: lost, literal: literal)
            }
            return Node(items)
        }
        throw failure(field)
    }

    /// The longest candidate equal to `rest` or followed in it by a dot.
    private static func longest(_ candidates: [String], _ rest: String) -> String? {
        candidates.filter { !$0.isEmpty && (rest == $0 || rest.hasPrefix($0 + ".")) }.max { $0.count < $1.count }
    }

    /// Items are keyed by `id`, else by `name` with `#n` for repeats (as the merge keys persons).
    private static func itemKeys(_ items: [Node]) -> [String] {
        var seen: [String: Int] = [:]
        return items.map { item in
            if let id = item.mapping?["id"]?.string { return id }
            guard let name = item.mapping?["name"]?.string else { return "" }
            let n = (seen[name] ?? 0) + 1
            seen[name] = n
            return n == 1 ? name : "\(name)#\(n)"
        }
    }

    /// The node for a lost value; nil when the lost value is "absent" (`~`).
    /// A single value is written as it reads (`value from b`, `2026-06-30`), so where the record
    /// holds a scalar the text is taken literally unless it is quoted; a map, a list or an item is
    /// YAML (flow or block) and is parsed.
    private static func value(_ lost: String, replacing current: Node?) -> Node? {
        if lost == "~" { return nil }
        let quoted = lost.hasPrefix("\"") || lost.hasPrefix("'")
        if current?.scalar != nil && !quoted { return Node(lost) }
        if let parsed = try? Yams.compose(yaml: lost) { return parsed }
        return Node(lost)
    }
}
