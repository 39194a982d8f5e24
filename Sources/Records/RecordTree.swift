import CYaml
import Foundation
import Yams

/// A record file's YAML as a tree: what the readers (MapNode) walk. Built straight from
/// libyaml's events (the parser inside Yams), not through Yams' `Node`: Yams builds a class
/// instance per event and per tag, and a dictionary per mapping to look for repeated keys,
/// which made its tree three times the cost of libyaml's own parsing and the largest single
/// cost of a dashboard (thousands of progress versions). libyaml still does all of YAML.
///
/// Only the plain case is built here: a file whose events hold anything else (a parse error,
/// an anchor, an alias, a tag, a key that is not a scalar, a key written twice, a second
/// document) is handed to Yams whole, so its diagnostics and its tree are Yams' own, as before.
enum Node {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    struct Mark {
        /// From 1.
        let line: Int
        /// From 1, in Unicode scalars (libyaml's count).
        let column: Int
    }

    struct Scalar {
        let string: String
        /// Written without quotes or block indicator: only such a scalar can be YAML's null.
        let isPlain: Bool
        let mark: Mark
    }

    struct Mapping: Swift.Sequence {
        let pairs: [(Node, Node)]
        let mark: Mark
        var count: Int { pairs.count }
        func makeIterator() -> IndexingIterator<[(Node, Node)]> { pairs.makeIterator() }
    }

    struct Sequence: Swift.Sequence {
        let items: [Node]
        let mark: Mark
        func makeIterator() -> IndexingIterator<[Node]> { items.makeIterator() }
    }

    var mark: Mark? {
        switch self {
        case .scalar(let s): return s.mark
        case .mapping(let m): return m.mark
        case .sequence(let s): return s.mark
        }
    }

    var scalar: Scalar? {
        if case .scalar(let s) = self { return s }
        return nil
    }
}

extension Node {
    /// What a file's text parses to.
    enum Parsed {
        /// No document at all (an empty file, or only comments).
        case empty
        case root(Node)
    }

    /// The tree of `text`, one document; nil when it is not the plain case (see the type), for
    /// Yams to read instead.
    static func plainTree(_ text: String) -> Parsed? {
        var text = text
        return text.withUTF8 { bytes in EventReader(bytes)?.document() }
    }

    /// Yams' tree in this form (a file Yams read because it was not the plain case).
    init?(_ node: Yams.Node) {
        func mark(_ m: Yams.Mark?) -> Mark { Mark(line: m?.line ?? 1, column: m?.column ?? 1) }
        switch node {
        case .scalar(let s):
            self = .scalar(Scalar(string: s.string, isPlain: s.style == .plain, mark: mark(s.mark)))
        case .mapping(let m):
            var pairs: [(Node, Node)] = []
            for (k, v) in m {
                guard let key = Node(k), let value = Node(v) else { return nil }
                pairs.append((key, value))
            }
            self = .mapping(Mapping(pairs: pairs, mark: mark(m.mark)))
        case .sequence(let s):
            var items: [Node] = []
            for item in s {
                guard let n = Node(item) else { return nil }
                items.append(n)
            }
            self = .sequence(Sequence(items: items, mark: mark(s.mark)))
        case .alias:
            return nil   // Yams resolves aliases while loading; YAMLGuard refuses them before
        }
    }
}

/// libyaml's events over a buffer, for `Node.plainTree`. Any event outside the plain case
/// ends the read with nil.
private final class EventReader {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()
    private var holdsEvent = false

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
    }

    deinit {
        if holdsEvent { yaml_event_delete(&event) }
        yaml_parser_delete(&parser)
    }

    /// The next event's type, or nil on a parse error (Yams will word it).
    private func next() -> yaml_event_type_t? {
        if holdsEvent { yaml_event_delete(&event); holdsEvent = false }
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        holdsEvent = true
        return event.type
    }

    private var mark: Node.Mark {
        Node.Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    }

    func document() -> Node.Parsed? {
        guard next() == YAML_STREAM_START_EVENT else { return nil }
        switch next() {
        case YAML_STREAM_END_EVENT?:
            return .empty
        case YAML_DOCUMENT_START_EVENT?:
            guard let type = next(), let root = node(type), next() == YAML_DOCUMENT_END_EVENT,
                  next() == YAML_STREAM_END_EVENT else { return nil }
            return .root(root)
        default:
            return nil
        }
    }

    /// The node whose first event (of `type`) is the current one.
    private func node(_ type: yaml_event_type_t) -> Node? {
        switch type {
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            // An anchor or an explicit tag is Yams' (and YAMLGuard refuses both anyway).
            guard s.anchor == nil, s.tag == nil else { return nil }
            guard let string = Self.text(s.value, count: s.length) else { return nil }
            return .scalar(Node.Scalar(string: string, isPlain: s.style == YAML_PLAIN_SCALAR_STYLE, mark: mark))
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            guard start.anchor == nil, start.tag == nil else { return nil }
            let at = mark
            var items: [Node] = []
            while let type = next(), type != YAML_SEQUENCE_END_EVENT {
                guard let item = node(type) else { return nil }
                items.append(item)
            }
            guard holdsEvent, event.type == YAML_SEQUENCE_END_EVENT else { return nil }
            return .sequence(Node.Sequence(items: items, mark: at))
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            guard start.anchor == nil, start.tag == nil else { return nil }
            let at = mark
            var pairs: [(Node, Node)] = []
            // A set, not a scan of the keys before: a 1 MiB file of 140,000 keys would be
            // quadratic (minutes of the hub's time per file). Strings hash as they compare
            // (canonical equivalence), as Yams compares keys.
            var keys: Set<String> = []
            while let type = next(), type != YAML_MAPPING_END_EVENT {
                // A key is a scalar, written once: anything else is worded by Yams.
                guard case .scalar(let key)? = node(type), keys.insert(key.string).inserted,
                      let valueType = next(), let value = node(valueType) else { return nil }
                pairs.append((.scalar(key), value))
            }
            guard holdsEvent, event.type == YAML_MAPPING_END_EVENT else { return nil }
            return .mapping(Node.Mapping(pairs: pairs, mark: at))
        default:
            return nil   // an alias, or an event out of place
        }
    }

    /// A scalar's bytes as text, as Yams makes it (`String(bytes:encoding:.utf8)`); nil for
    /// what would not be valid UTF-8 (libyaml gives UTF-8 for UTF-8 input, YAMLGuard checks it).
    private static func text(_ value: UnsafeMutablePointer<yaml_char_t>?, count: Int) -> String? {
        guard count > 0, let value else { return "" }
        let buffer = UnsafeBufferPointer(start: value, count: count)
        // Foundation drops a leading byte order mark; the rare scalar that starts with one is
        // made the same way.
        if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            return String(bytes: buffer, encoding: .utf8)
        }
        return String(validating: buffer, as: UTF8.self)
    }
}

/// Holds the plain reader to Yams: the test suite runs it over every record it has and over
/// damaged variants of them. Two readers of one format disagree somewhere unless checked.
public enum RecordTreeCheck {
    /// nil when reading `text` the plain way gives what Yams gives (or hands it to Yams);
    /// otherwise what differs, in words for the test's failure.
    public static func disagreement(_ text: String) -> String? {
        guard let plain = Node.plainTree(text) else { return nil }
        let yams: Yams.Node?
        do {
            yams = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot()
        } catch {
            return "the plain reader accepted what Yams refuses: \(error)"
        }
        switch (plain, yams) {
        case (.empty, nil): return nil
        case (.empty, _?): return "the plain reader found no document, Yams one"
        case (.root, nil): return "the plain reader found a document, Yams none"
        case (.root(let mine), let theirs?):
            guard let theirs = Node(theirs) else { return "Yams' tree holds an alias" }
            return difference(mine, theirs, at: "")
        }
    }

    private static func difference(_ a: Node, _ b: Node, at path: String) -> String? {
        guard a.mark?.line == b.mark?.line, a.mark?.column == b.mark?.column else { return "\(path): marks differ" }
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            guard x.string == y.string, x.string.utf8.elementsEqual(y.string.utf8) else { return "\(path): \(x.string.debugDescription) ≠ \(y.string.debugDescription)" }
            return x.isPlain == y.isPlain ? nil : "\(path): styles differ"
        case (.sequence(let x), .sequence(let y)):
            guard x.items.count == y.items.count else { return "\(path): \(x.items.count) ≠ \(y.items.count) items" }
            for (i, (p, q)) in zip(x.items, y.items).enumerated() {
                if let d = difference(p, q, at: "\(path)[\(i)]") { return d }
            }
            return nil
        case (.mapping(let x), .mapping(let y)):
            guard x.count == y.count else { return "\(path): \(x.count) ≠ \(y.count) keys" }
            for ((k1, v1), (k2, v2)) in zip(x.pairs, y.pairs) {
                if let d = difference(k1, k2, at: "\(path)/key") ?? difference(v1, v2, at: "\(path).\(k1.scalar?.string ?? "?")") { return d }
            }
            return nil
        default:
            return "\(path): kinds differ"
        }
    }
}
