import Foundation
import Messages
import Yams

/// One record file parsed into YAML nodes, with its diagnostics and the location of every field.
public final class RecordSource {
    public let path: String
    public private(set) var diagnostics: [Diagnostic] = []
    /// Where each field read is written, in reading order, as its parts: joined into a path
    /// (`milestones.m2.end`) only when a diagnostic asks (`location(of:)`). A plan of 1,000
    /// commitments reads hundreds of thousands of fields and reports a handful; building each
    /// field's path and hashing it into a dictionary was a fifth of the cost of reading a record.
    private var marks: [FieldMark] = []
    private(set) var root: Node?

    /// One remembered field: `parent.key` (or `key` at the top) is written at `line`, `column`.
    struct FieldMark {
        let parent: String
        let key: String
        let line: Int
        let column: Int

        /// The field's path: `parent.key`, or `key` at the top.
        var path: String { parent.isEmpty ? key : "\(parent).\(key)" }
    }

    /// Guards, then parses. `path` is how diagnostics name the file.
    public init(bytes: [UInt8], path: String, guard yamlGuard: YAMLGuard = YAMLGuard()) {
        self.path = path
        switch yamlGuard.check(bytes, path: path) {
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            root = nil
        case .success(let text):
            // The plain case (nearly every record) is read from libyaml's events; Yams reads
            // the rest and words its problems (RecordTree).
            switch Node.plainTree(text) {
            case .root(let node)?:
                root = node
                return
            case .empty?:
                diagnostics.append(Diagnostic(Location(path: path), .error, Said("records.file-empty")))
                root = nil
                return
            case nil:
                break
            }
            var parsed: Node? = nil
            do {
                let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
                if let tree = try parser.singleRoot() {
                    parsed = Node(tree)
                    if parsed == nil {
                        diagnostics.append(Diagnostic(Location(path: path), .error, Said("records.yaml-unreadable", ["reason": .text("alias")])))
                    }
                } else {
                    diagnostics.append(Diagnostic(Location(path: path), .error, Said("records.file-empty")))
                }
            } catch let error as YamlError {
                diagnostics.append(RecordSource.diagnostic(for: error, path: path))
            } catch {
                diagnostics.append(Diagnostic(Location(path: path), .error, Said("records.yaml-unreadable", ["reason": .text("\(error)")])))
            }
            root = parsed
        }
    }

    /// A source that could not be read at all.
    public init(path: String, failure: String) {
        self.path = path
        root = nil
        diagnostics = [Diagnostic(Location(path: path), .error, failure)]
    }

    public init(path: String, failure: Said) {
        self.path = path
        root = nil
        diagnostics = [Diagnostic(Location(path: path), .error, failure)]
    }

    /// Drops the parsed tree once the record is read: diagnostics and locations stay, and a
    /// thousand-commitment plan does not keep every YAML node in memory.
    func releaseTree() { root = nil }

    static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        func at(_ mark: Mark, _ message: Said) -> Diagnostic {
            Diagnostic(Location(path: path, line: mark.line, column: mark.column), .error, message)
        }
        switch error {
        case let .scanner(context?, problem, mark, _) where context.mark.line != mark.line:
            // An unclosed quote is found at the end of the file: say where it was opened.
            return at(mark, Said("records.yaml-syntax-opened", [
                "problem": .text(YAMLProblem.words(problem)), "context": .text(YAMLProblem.words(context.text)),
                "line": .text(String(context.mark.line)), "column": .text(String(context.mark.column))]))
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return at(mark, Said("records.yaml-syntax", ["problem": .text(YAMLProblem.words(problem))]))
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams marks the first occurrence; point at the repeated one, as for duplicate ids.
            let keys = MessageArgument.text(duplicates.joined(separator: ", "))
            guard let key = duplicates.first, let again = repeatedKey(key, after: context.mark, in: context.text) else {
                return at(context.mark, Said("records.duplicate-key", ["key": keys]))
            }
            return Diagnostic(Location(path: path, line: again, column: context.mark.column), .error,
                              Said("records.duplicate-key-again", ["key": keys, "line": .text(String(context.mark.line))]))
        case let .reader(problem, _, _, _):
            return Diagnostic(Location(path: path), .error, Said("records.yaml-reader", ["problem": .text(YAMLProblem.words(problem))]))
        default:
            return Diagnostic(Location(path: path), .error, Said("records.yaml-unreadable", ["reason": .text("\(error)")]))
        }
    }

    /// The next line of the same block mapping that writes `key` again, at the first one's column.
    static func repeatedKey(_ key: String, after mark: Mark, in text: String) -> Int? {
        let lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.column >= 1 else { return nil }
        for index in mark.line..<max(mark.line, lines.count) {
            let line = lines[index]
            let indent = line.prefix { $0 == 0x20 }.count
            guard indent < line.count, line[line.startIndex + indent] != UInt8(ascii: "#") else { continue }
            if indent + 1 < mark.column { return nil }   // the mapping has ended
            guard indent + 1 == mark.column else { continue }
            let rest = line.dropFirst(indent)
            if [key, "\"\(key)\"", "'\(key)'"].contains(where: { rest.starts(with: Array("\($0):".utf8)) }) {
                return index + 1
            }
        }
        return nil
    }

    func location(_ node: Node?) -> Location {
        guard let mark = node?.mark else { return Location(path: path) }
        return Location(path: path, line: mark.line, column: mark.column)
    }

    func report(_ node: Node?, _ message: Said, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(location(node), severity, message))
    }

    func report(at location: Location, _ message: Said, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(location, severity, message))
    }

    /// Remembers where field `key` of the map at field path `parent` ("" for the file's top) is
    /// written: its path is `parent.key`, or `key` at the top.
    func remember(in parent: String, _ key: String, _ node: Node) {
        let mark = node.mark
        marks.append(FieldMark(parent: parent, key: key, line: mark?.line ?? 1, column: mark?.column ?? 1))
    }

    func remember(_ field: String, _ node: Node) { remember(in: "", field, node) }

    /// Where a field is written, or the nearest enclosing field, or the top of the file. When a
    /// field was remembered twice, the last place counts. The paths are joined into a table the
    /// first time a diagnostic asks (a file with a problem per item asks thousands of times),
    /// and the table grows with what was remembered since. Marks are only added while the file
    /// is read, on the reading thread; the lock is for sources shared once read (ParsedRecords).
    public func location(of field: String) -> Location {
        placesLock.lock()
        defer { placesLock.unlock() }
        for i in placesIndexed..<marks.count { places[marks[i].path] = i }
        placesIndexed = marks.count
        var key = Substring(field)
        while true {
            if let i = places[String(key)] { return Location(path: path, line: marks[i].line, column: marks[i].column) }
            guard let dot = key.lastIndex(of: ".") else {
                return places[""].map { Location(path: path, line: marks[$0].line, column: marks[$0].column) } ?? Location(path: path)
            }
            key = key[..<dot]
        }
    }

    private let placesLock = NSLock()
    /// Field path → the index of its last mark, for `location(of:)`; covers `marks[..<placesIndexed]`.
    private var places: [String: Int] = [:]
    private var placesIndexed = 0

    /// The root as a mapping reader, or nil (with a diagnostic) when the file holds something else.
    func rootMap() -> MapNode? {
        guard let root else { return nil }
        remember("", root)
        guard case .mapping = root else {
            report(root, Said("records.not-a-record", ["kind": .text(root.kindName)]))
            return nil
        }
        return MapNode(source: self, node: root, field: "")
    }
}

extension Node {
    var kindName: String {
        switch self {
        case .scalar: return Catalogue.text("records.node.scalar")
        case .mapping: return Catalogue.text("records.node.mapping")
        case .sequence: return Catalogue.text("records.node.sequence")
        }
    }

    /// A plain, empty or `~`/`null` scalar: YAML's null.
    var isNull: Bool {
        guard case .scalar(let s) = self else { return false }
        guard s.isPlain else { return false }
        switch s.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}
