import Foundation
import Git

/// git's proc-receive protocol (git 2.29+, `githooks(5)`): pkt-lines on stdin and stdout.
/// git sends `version=1`, then one `old new ref` line per reference the hook takes; the hook
/// answers `ok <ref>` (with `option refname/old-oid/new-oid` when it moved another reference:
/// post-receive then sees that one) or `ng <ref> <reason>`. Only the framing lives here; what to
/// do with each reference is `decide`'s.
public enum ProcReceive {
    public enum Answer: Equatable {
        /// `ref` moved from `old` to `new` (post-receive logs it as such).
        case moved(ref: String, old: ObjectID, new: ObjectID)
        /// Accepted, nothing moved (what was pushed is already there).
        case nothingNew
        case refused(String)
    }

    struct ProtocolError: Error, CustomStringConvertible {
        let description: String
    }

    /// A pkt-line is at most 65520 bytes; git sends short lines here, and more is refused.
    static let maxLine = 65520

    public static func serve(input: FileHandle, output: FileHandle, decide: ([RefUpdate]) throws -> [Answer]) throws {
        var reader = PacketReader(handle: input)
        // Version negotiation: git's lines up to a flush; we speak version 1, no capabilities.
        var version: String?
        while let line = try reader.next() {
            let text = String(decoding: line.prefix { $0 != 0 }, as: UTF8.self)
            if text.hasPrefix("version=") { version = String(text.dropFirst(8)).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        guard version == "1" else { throw ProtocolError(description: "proc-receive: git speaks version \(version ?? "none"), Carnet speaks 1") }
        var out = Data()
        out += packet("version=1\n") + flush
        output.write(out)
        var updates: [RefUpdate] = []
        while let line = try reader.next() {
            let text = String(decoding: line, as: UTF8.self)
            updates += try RefUpdate.parse(text)
        }
        out = Data()
        let answers = try decide(updates)
        for (update, answer) in zip(updates, answers) {
            switch answer {
            case .moved(let ref, let old, let new):
                out += packet("ok \(update.ref)\n")
                out += packet("option refname \(ref)\n") + packet("option old-oid \(old)\n") + packet("option new-oid \(new)\n")
            case .nothingNew:
                out += packet("ok \(update.ref)\n")
            case .refused(let reason):
                // One line: git puts it in the pusher's "[remote rejected]".
                let line = reason.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.map(String.init).joined()
                out += packet("ng \(update.ref) \(line.prefix(200))\n")
            }
        }
        out += flush
        output.write(out)
    }

    static let flush = Data("0000".utf8)

    static func packet(_ text: String) -> Data {
        let body = Data(text.utf8)
        return Data(String(format: "%04x", body.count + 4).utf8) + body
    }

    struct PacketReader {
        let handle: FileHandle

        /// The next line's bytes without its newline; nil at a flush packet.
        mutating func next() throws -> Data? {
            let header = try read(4)
            guard let length = Int(String(decoding: header, as: UTF8.self), radix: 16) else {
                throw ProtocolError(description: "proc-receive: bad packet header")
            }
            if length == 0 { return nil }
            guard length > 4, length <= ProcReceive.maxLine else { throw ProtocolError(description: "proc-receive: bad packet length \(length)") }
            var body = try read(length - 4)
            if body.last == 0x0a { body.removeLast() }
            return body
        }

        private func read(_ count: Int) throws -> Data {
            var data = Data()
            while data.count < count {
                guard let chunk = try handle.read(upToCount: count - data.count), !chunk.isEmpty else {
                    throw ProtocolError(description: "proc-receive: git closed the pipe")
                }
                data += chunk
            }
            return data
        }
    }
}
