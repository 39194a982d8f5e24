import ArgumentParser
import Foundation
import Git
import LocalSSH
import Messages
import Records
import Workspace

/// The whole system on the bundled sample, narrated: what a new user runs first.
struct DemoCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "demo", abstract: Catalogue.text("help.demo.abstract"),
            discussion: HelpText.discussion(Catalogue.text("help.demo.discussion"), example: Catalogue.text("help.demo.example")))
    }()

    @Option(help: ArgumentHelp(Catalogue.text("help.demo.directory"))) var directory: String?
    @Flag(name: .customLong("web"), help: ArgumentHelp(Catalogue.text("wpoc.help.demo-web"))) var web = false
    @OptionGroup var language: LanguageOption

    func run() throws {
        let base = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("carnet-demo-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        guard let sample = Samples.locate(Samples.defaultName) else {
            Console.error(Catalogue.text("cli.demo.no-sample"))
            throw ExitCode(66)
        }
        try Failure.guarded { try OfflineDemo(base: base, sample: sample).run() }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            Console.line("\n" + Catalogue.text("cli.demo.no-sshd"))
            return
        }
        let demo = NetworkDemo(base: base, sample: sample)
        let hub: SSHServer
        do {
            hub = try Failure.guarded { try demo.run() }
        } catch let failure as SetupFailure {
            Console.error(Catalogue.text("cli.demo.sshd-failed", ["reason": .text("\(failure)")]))
            throw ExitCode(69)
        }
        Console.line("\n" + Catalogue.text("cli.demo.everything-in", ["path": .text(base.path)]))
        guard web else {
            Console.line("\n" + Catalogue.text("wpoc.demo.how-to-open", ["path": .text(demo.webCopy)]))
            return
        }
        // The app runs as its own `carnet web` while this process keeps the hub's sshd serving,
        // so that "Sync now" reaches it; Ctrl+C stops both.
        Console.line("\n" + Catalogue.text("wpoc.demo.web", ["path": .text(demo.webCopy)]))
        fflush(nil)
        let app = Process()
        app.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: app.executableURL!.path) {
            app.executableURL = Bundle.main.executableURL
        }
        app.arguments = ["web", "-C", demo.webCopy, "--no-open"]
        // Stopped (Ctrl+C reaches both; a SIGTERM to this process alone is passed on), the app
        // ends first, then the hub's sshd with this process: nothing is left running.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let stops = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { if app.isRunning { app.terminate() } }
            source.resume()
            return source
        }
        try app.run()
        app.waitUntilExit()
        stops.forEach { $0.cancel() }
        withExtendedLifetime(hub) {}
        if app.terminationReason == .exit && app.terminationStatus != 0 { throw ExitCode(app.terminationStatus) }
    }
}

/// Part one of the demo: a ministry working with no network at all.
struct OfflineDemo {
    let base: URL
    let sample: URL

    func say(_ text: String) { Console.line("\n== \(text)") }

    func run() throws {
        let dir = base.appendingPathComponent("ministere-terres").path
        say(Catalogue.text("cli.demo.offline.plan", ["path": .text(dir)]))
        let author = Signature(name: "Awa Diallo", email: "awa.diallo@terres.gouv.valdoria.example")
        let copy = try WorkingCopy.create(at: dir, sample: sample, author: author)
        try copy.setAuthor(name: author.name, email: author.email)

        say("carnet milestone set 05 m3 --completion complete --actual-end 2026-11")
        var milestone = WorkingCopy.MilestoneChange()
        milestone.completion = .complete
        milestone.actualEnd = PlanDate("2026-11")
        Console.line(try EditConfirmation.line(copy) { try copy.setMilestone("05", "m3", milestone) })

        say("carnet commitment set 05 --lang en --results …")
        var commitment = WorkingCopy.CommitmentChange()
        commitment.results = "3,000 land titles handed out in the Tapir River region; the registry is online."
        commitment.language = "en"
        Console.line(try EditConfirmation.line(copy) { try copy.setCommitment("05", commitment) })

        say("carnet evidence add 05 --url … --milestone m3")
        Console.line(try EditConfirmation.line(copy) {
            try copy.addEvidence("05", .url("https://terres.gouv.valdoria.example/titres-2026"), milestone: "m3",
                                 title: "Registre des titres remis (2026)")
        })

        say(Catalogue.text("cli.demo.offline.hand-edit"))
        let file = copy.path(PlanLayout.progressFile("09"))
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "completion: limited", with: "completion: substantial")
            .write(toFile: file, atomically: true, encoding: .utf8)
        for pending in try copy.pendingFiles() {
            Console.line("  " + Catalogue.text("cli.demo.offline.waiting", ["path": .text(pending.path)]))
        }

        say(Catalogue.text("cli.demo.offline.mistake"))
        let planFile = copy.path(PlanLayout.progressFile("02"))
        let good = try String(contentsOfFile: planFile, encoding: .utf8)
        try good.replacingOccurrences(of: "completion: limited", with: "completion: almost-done")
            .write(toFile: planFile, atomically: true, encoding: .utf8)
        let outcome = try copy.commitPending()
        Console.line("  " + Catalogue.text("cli.demo.offline.committed", ["paths": .text(outcome.committed.joined(separator: ", "))]))
        for refused in outcome.refused {
            for d in refused.diagnostics where d.severity == .error {
                Console.line("  " + Catalogue.text("cli.demo.offline.refused", ["diagnostic": .text(d.description)]))
            }
        }
        try good.write(toFile: planFile, atomically: true, encoding: .utf8)
        Console.line("  " + Catalogue.text("cli.demo.offline.put-back"))

        say("carnet validate")
        let diagnostics = PlanValidator().validate(copy.snapshot())
        for d in diagnostics { Console.line("  \(d)") }
        Console.line("  " + Catalogue.text("cli.demo.offline.validated", [
            "errors": .message(key: "cli.demo.errors", arguments: ["count": .number(diagnostics.filter { $0.severity == .error }.count)]),
            "warnings": .message(key: "cli.demo.warnings", arguments: ["count": .number(diagnostics.filter { $0.severity == .warning }.count)])]))

        say("carnet log --limit 5")
        for change in try copy.log(limit: 5) {
            Console.line("  \(change.commit.prefix(8)) \(change.author): \(change.message.split(separator: "\n").first ?? "")")
        }
        Console.line("\n" + Catalogue.text("cli.demo.offline.done", ["path": .text(dir)]))
    }
}
