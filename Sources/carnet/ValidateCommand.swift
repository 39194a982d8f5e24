import ArgumentParser
import Foundation
import Messages
import Records

struct ValidateCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "validate", abstract: Catalogue.text("help.validate.abstract"),
                             discussion: Catalogue.text("help.validate.discussion"))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("help.validate.paths"), valueName: Catalogue.text("help.value.path")))
    var paths: [String] = []

    @OptionGroup var output: JSONOption
    @OptionGroup var language: MessagesLanguageOption
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let day = try asOf.day()
        let past = try asOf.isPast()
        let targets = paths.isEmpty ? ["."] : paths
        var all: [String] = []
        var jsonItems: [Diagnostic] = []
        var errors = 0, warnings = 0, checked = 0
        for (root, wanted) in try group(targets) {
            let diagnostics: [Diagnostic]
            if let root {
                let snapshot = try PastRecords.snapshot(root: root, asOf: day, past: past)
                checked += snapshot.sources.count
                diagnostics = PlanValidator(today: day).validate(snapshot).filter { d in
                    wanted.contains { $0.isEmpty || d.path == $0 || d.path.hasPrefix($0 + "/") }
                }
                all += diagnostics.map { Console.display($0, root: root) }
            } else {
                diagnostics = wanted.flatMap(Self.validateAlone)
                checked += wanted.count
                all += diagnostics.map(\.description)
            }
            jsonItems += diagnostics
            errors += diagnostics.filter { $0.severity == .error }.count
            warnings += diagnostics.filter { $0.severity == .warning }.count
        }
        if output.json {
            Console.json(jsonItems)
        } else {
            for line in all { Console.line(line) }
            Console.line(Catalogue.text("cli.validate.summary", [
                "errors": .message(key: "cli.count.errors", arguments: ["count": .number(errors)]),
                "warnings": .message(key: "cli.count.warnings", arguments: ["count": .number(warnings)]),
                "records": .message(key: "cli.count.records", arguments: ["count": .number(checked)])]), toError: true)
        }
        if errors > 0 { throw ExitCode(65) }
    }

    /// Groups the paths by the plan that holds them (the nearest folder with plan.yaml above);
    /// paths relative to that root, "" for the whole plan. Files with no plan around: root nil.
    private func group(_ targets: [String]) throws -> [(URL?, [String])] {
        var groups: [(URL?, [String])] = []
        for target in targets {
            let url = URL(fileURLWithPath: target).standardizedFileURL
            guard FileManager.default.fileExists(atPath: url.path) else {
                Console.error(Catalogue.text("cli.validate.not-found", ["path": .text(target)]))
                throw ExitCode(66)
            }
            let root = Self.planRoot(above: url)
            let relative = root.map { url.path == $0.path ? "" : String(url.path.dropFirst($0.path.count + 1)) } ?? url.path
            if let i = groups.firstIndex(where: { $0.0 == root }) {
                groups[i].1.append(relative)
            } else {
                groups.append((root, [relative]))
            }
        }
        return groups
    }

    static func planRoot(above url: URL) -> URL? {
        var dir = url
        var isDir: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue) {
            dir = url.deletingLastPathComponent()
        }
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(PlanLayout.planFile).path) { return dir }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    /// A record file outside any plan: per-file checks only, its kind from its name.
    static func validateAlone(_ path: String) -> [Diagnostic] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)) ?? Data()
        let bytes = [UInt8](data.prefix(YAMLGuard.maxRecordBytes + 1))
        let source = RecordSource(bytes: bytes, path: path)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().lastPathComponent
        switch url.lastPathComponent {
        case PlanLayout.planFile: _ = Plan.read(source)
        case "commitment.yaml": _ = Commitment.read(source, expectedID: folder)
        case "progress.yaml": _ = CommitmentProgress.read(source, expectedID: folder)
        default:
            // A participation record is known by its path from the participation folder.
            let components = url.pathComponents
            let tail = components.lastIndex(of: PlanLayout.participationDir).map { components[$0...].joined(separator: "/") } ?? ""
            if folder == PlanLayout.ministriesDir && url.pathExtension == "yaml" {
                _ = Ministry.read(source, expectedID: url.deletingPathExtension().lastPathComponent)
            } else if case .participation(let record) = PlanLayout.kind(of: tail), record.isRecord {
                _ = record.read(source)
            } else {
                return [Diagnostic(Location(path: path), .warning, Catalogue.text("cli.validate.not-a-record"))]
            }
        }
        return source.diagnostics.sorted()
    }
}
