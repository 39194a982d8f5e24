#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A message kept as its key and arguments, to be written in words only where a person reads
/// it: a refusal the hub sends a ministry (rendered by the ministry's carnet, in its language),
/// a refusal kept in the hub's push log (rendered by `carnet hub status`), a daemon state.
/// Stored and sent as JSON: `{"key": "hub.refusal.not-lead", "arguments": {"commitment": {"text": "05"}}}`.
public struct StoredMessage: Sendable, Equatable, Codable {
    public var key: String
    public var arguments: [String: MessageArgument]

    public init(_ key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    /// The message in the process's language.
    public var text: String { Catalogue.text(key, arguments) }

    /// The message in a given language.
    public func text(in language: String) -> String { Catalogue.text(key, in: language, arguments) }

    /// As an argument of another message (a reason inside a sentence).
    public var argument: MessageArgument { .message(key: key, arguments: arguments) }

    /// The message with every text argument (nested ones included) passed through `transform`:
    /// what is sent or stored is made safe and bounded once, where it is written.
    public func mapTexts(_ transform: (String) -> String) -> StoredMessage {
        StoredMessage(key, arguments.mapValues { value in
            switch value {
            case .text(let t): return .text(transform(t))
            case let .message(key, arguments): return StoredMessage(key, arguments).mapTexts(transform).argument
            default: return value
            }
        })
    }

    /// Whether a message read from elsewhere (a hub, a file) can be shown: every key, nested
    /// ones included, is in the catalogue and starts with one of `prefixes`, and nesting is
    /// shallow. Anything else is someone else's text, not ours to render.
    public func isKnown(prefixes: [String], in catalogue: Catalogue = .shared) -> Bool {
        func known(_ key: String, _ arguments: [String: MessageArgument], depth: Int) -> Bool {
            guard depth < 4, prefixes.contains(where: key.hasPrefix), catalogue.has(key, in: "en"), arguments.count <= 16 else { return false }
            return arguments.values.allSatisfy { value in
                if case let .message(inner, innerArguments) = value { return known(inner, innerArguments, depth: depth + 1) }
                return true
            }
        }
        return known(key, arguments, depth: 0)
    }
}

/// Arguments as JSON: one key naming the kind (`text`, `number`, `day`, `month`, `span`, `quarter`, `duration`,
/// `decimal`, `message`), so that a number stays a number and a day is written the reader's way.
extension MessageArgument: Codable {
    private enum Kind: String, CodingKey { case text, number, day, month, span, quarter, duration, decimal, message }

    /// How deep in a JSON document an argument may be read: a nested message adds three levels
    /// (`arguments`, a name, `message`). Far more than any message carnet writes (isKnown allows
    /// four messages), far less than a thread's stack holds: a file or a hub nests as it likes,
    /// and is refused here before the recursion of decoding and rendering goes deep.
    static let maxCodingDepth = 48

    public init(from decoder: Decoder) throws {
        guard decoder.codingPath.count <= Self.maxCodingDepth else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a message nested too deep"))
        }
        let container = try decoder.container(keyedBy: Kind.self)
        if let s = try container.decodeIfPresent(String.self, forKey: .text) { self = .text(s); return }
        if let n = try container.decodeIfPresent(Int.self, forKey: .number) { self = .number(n); return }
        if let d = try container.decodeIfPresent([Int].self, forKey: .day), d.count == 3 {
            self = .day(year: d[0], month: d[1], day: d[2]); return
        }
        if let m = try container.decodeIfPresent([Int].self, forKey: .month), m.count == 2 {
            self = .month(year: m[0], month: m[1]); return
        }
        if let d = try container.decodeIfPresent([Int].self, forKey: .span), d.count == 2 {
            self = .span(first: d[0], last: d[1]); return
        }
        if let q = try container.decodeIfPresent([Int].self, forKey: .quarter), q.count == 2 {
            self = .quarter(year: q[0], number: q[1]); return
        }
        if let s = try container.decodeIfPresent(Double.self, forKey: .duration), s.isFinite, abs(s) < 1e12 { self = .duration(s); return }  // Int(s) must not trap
        if let s = try container.decodeIfPresent(Double.self, forKey: .decimal), s.isFinite, abs(s) < 1e12 { self = .decimal(s); return }
        if let m = try container.decodeIfPresent(StoredMessage.self, forKey: .message) {
            self = .message(key: m.key, arguments: m.arguments); return
        }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a message argument"))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .text(let s): try container.encode(s, forKey: .text)
        case .number(let n): try container.encode(n, forKey: .number)
        case let .day(year, month, day): try container.encode([year, month, day], forKey: .day)
        case let .month(year, month): try container.encode([year, month], forKey: .month)
        case let .span(first, last): try container.encode([first, last], forKey: .span)
        case let .quarter(year, number): try container.encode([year, number], forKey: .quarter)
        case .duration(let s): try container.encode(s, forKey: .duration)
        case .decimal(let s): try container.encode(s, forKey: .decimal)
        case let .message(key, arguments): try container.encode(StoredMessage(key, arguments), forKey: .message)
        }
    }
}
