import Foundation
import Messages
import Records

/// A refused push as the hub sends it to the pusher's carnet, so that the refusal reaches the
/// ministry in the ministry's language.
///
/// The pre-receive hook's words reach the pusher only as text on git's side band ("remote: …").
/// The hook writes the refusal in the plan's first language for any git client, then one line
/// `carnet-verdict: {json}` holding the same refusal as message keys and arguments. The pusher's
/// carnet finds that line, checks it (a hub is not trusted: bounded, known keys only, `hub.`
/// and `records.`), and writes the refusal in its person's language; a plain git client shows
/// the line as it is. (libgit2 1.5, which carnet pushes with, cannot send git push options:
/// the language could not travel the other way. docs/HUB.md.)
public struct VerdictWire: Codable, Sendable, Equatable {
    public static let marker = "carnet-verdict: "
    /// What a carnet reads of a verdict line at most: a hub's side band is not trusted.
    public static let maxBytes = 256 << 10
    public static let maxRefusals = 25

    public struct Line: Codable, Sendable, Equatable {
        public var commit: String?
        public var summary: String?
        public var path: String?
        public var rule: StoredMessage
    }

    public var pusher: StoredMessage?
    public var refusals: [Line]
    /// How many refusals there were in all (only the first `maxRefusals` are sent).
    public var total: Int

    public init(_ verdict: Verdict) {
        // What the pushed commits say (a subject, a record's value) is typed by the pusher: the
        // line shows escape sequences as the words do (TerminalText.safe), even JSON-escaped.
        let safe = { (text: String) in TerminalText.oneLine(TerminalText.safe(text)) }
        refusals = verdict.refusals.prefix(Self.maxRefusals).map {
            Line(commit: $0.commit?.short, summary: $0.summary.map(safe), path: $0.path.map(safe), rule: $0.rule.mapTexts(safe))
        }
        if case let .message(key, arguments)? = verdict.pusher?.argument { pusher = StoredMessage(key, arguments).mapTexts(safe) }
        total = verdict.refusals.count
    }

    /// The text the pusher reads, in `language`.
    public func report(limit: Int = 25, in language: String) -> String {
        guard total > 0 else {
            return Catalogue.text("hub.verdict.accepted", in: language, ["pusher": pusher?.argument ?? .text("?")])
        }
        var lines = [pusher.map { Catalogue.text("hub.verdict.refused-for", in: language, ["pusher": $0.argument]) }
            ?? Catalogue.text("hub.verdict.refused", in: language)]
        lines += refusals.prefix(limit).map {
            "  " + Refusal.line(commit: $0.commit, summary: $0.summary, path: $0.path, rule: $0.rule.text(in: language), in: language)
        }
        let shown = min(limit, refusals.count)
        if total > shown { lines.append("  " + Catalogue.text("hub.verdict.more", in: language, ["count": .number(total - shown)])) }
        lines.append(Catalogue.text("hub.verdict.advice", in: language))
        return lines.joined(separator: "\n")
    }

    /// The one line the hook writes after the text: JSON has no raw line break or control character.
    public var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "" }
        return Self.marker + String(decoding: data, as: UTF8.self)
    }

    /// The verdict in what a hub printed, when it holds one a carnet may show: well formed,
    /// bounded, every key known. nil otherwise (the hub's text is then shown as it is).
    public static func find(in serverText: String) -> VerdictWire? {
        guard serverText.utf8.count <= maxBytes * 4 else { return nil }
        for line in serverText.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).reversed() {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix(marker) else { continue }
            let json = trimmed.dropFirst(marker.count)
            guard json.utf8.count <= maxBytes,
                  let wire = try? JSONDecoder().decode(VerdictWire.self, from: Data(json.utf8)) else { return nil }
            let known = ["hub.", "records."]
            // The hook writes the line for a refused push only: a verdict refusing nothing is not one.
            guard wire.refusals.count <= maxRefusals, !wire.refusals.isEmpty, wire.total >= wire.refusals.count, wire.total < 1_000_000_000,
                  wire.pusher?.isKnown(prefixes: known) ?? true,
                  wire.refusals.allSatisfy({ $0.rule.isKnown(prefixes: known) }) else { return nil }
            return wire
        }
        return nil
    }

    /// What the hub printed, without the verdict line (a person does not read JSON).
    public static func withoutLine(_ serverText: String) -> String {
        serverText.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.drop { $0 == " " }.hasPrefix(marker) }
            .joined(separator: "\n")
    }
}
