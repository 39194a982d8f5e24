import ArgumentParser
import Foundation
import Git
import LocalSSH
import Records
import Workspace

/// The whole system on the bundled sample, narrated: what a new user runs first.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run Carnet on the bundled sample plan in a temporary folder, and narrate.")

    @Option(help: "Where to work (default: a new temporary folder).") var directory: String?

    func run() throws {
        let base = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("carnet-demo-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        guard let sample = Samples.locate(Samples.defaultName) else {
            Console.error("the sample plan is missing: set CARNET_SAMPLES to the repository's Samples folder")
            throw ExitCode(66)
        }
        try Failure.guarded { try OfflineDemo(base: base, sample: sample).run() }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            Console.line("\n(The hub, sync and reports part needs OpenSSH's server: apt-get install openssh-server openssh-client; scripts/demo.sh installs it.)")
            return
        }
        do {
            try Failure.guarded { try NetworkDemo(base: base, sample: sample).run() }
        } catch let failure as SetupFailure {
            Console.error("the demo could not start its private SSH server: \(failure)")
            throw ExitCode(69)
        }
        Console.line("\nEverything is in \(base.path).")
    }
}

/// Part one of the demo: a ministry working with no network at all.
struct OfflineDemo {
    let base: URL
    let sample: URL

    func say(_ text: String) { Console.line("\n== \(text)") }

    func run() throws {
        let dir = base.appendingPathComponent("ministere-terres").path
        say("A plan repository from the sample (Valdoria, 9 commitments), offline: \(dir)")
        let author = Signature(name: "Awa Diallo", email: "awa.diallo@terres.gouv.valdoria.example")
        let copy = try WorkingCopy.create(at: dir, sample: sample, author: author)
        try copy.setAuthor(name: author.name, email: author.email)

        say("carnet milestone set 05 m3 --completion complete --actual-end 2026-11")
        var milestone = WorkingCopy.MilestoneChange()
        milestone.completion = .complete
        milestone.actualEnd = PlanDate("2026-11")
        Console.line(try copy.setMilestone("05", "m3", milestone))

        say("carnet commitment set 05 --lang en --results …")
        var commitment = WorkingCopy.CommitmentChange()
        commitment.results = "3,000 land titles handed out in the Tapir River region; the registry is online."
        commitment.language = "en"
        Console.line(try copy.setCommitment("05", commitment))

        say("carnet evidence add 05 --url … --milestone m3")
        Console.line(try copy.addEvidence("05", .url("https://terres.gouv.valdoria.example/titres-2026"), milestone: "m3",
                                          title: "Registre des titres remis (2026)"))

        say("A hand edit in a text editor (commitment 09's progress), then carnet status")
        let file = copy.path(PlanLayout.progressFile("09"))
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "completion: limited", with: "completion: substantial")
            .write(toFile: file, atomically: true, encoding: .utf8)
        for pending in try copy.pendingFiles() { Console.line("  waiting: \(pending.change) \(pending.path)") }

        say("A mistaken hand edit (completion: almost-done) is refused by carnet commit, and left as typed")
        let planFile = copy.path(PlanLayout.progressFile("02"))
        let good = try String(contentsOfFile: planFile, encoding: .utf8)
        try good.replacingOccurrences(of: "completion: limited", with: "completion: almost-done")
            .write(toFile: planFile, atomically: true, encoding: .utf8)
        let outcome = try copy.commitPending()
        Console.line("  committed: \(outcome.committed.joined(separator: ", "))")
        for refused in outcome.refused {
            for d in refused.diagnostics where d.severity == .error { Console.line("  refused: \(d)") }
        }
        try good.write(toFile: planFile, atomically: true, encoding: .utf8)
        Console.line("  (the file is put back as it was)")

        say("carnet validate")
        let diagnostics = PlanValidator().validate(copy.snapshot())
        for d in diagnostics { Console.line("  \(d)") }
        Console.line("  \(diagnostics.filter { $0.severity == .error }.count) errors, \(diagnostics.filter { $0.severity == .warning }.count) warnings")

        say("carnet log --limit 5")
        for change in try copy.log(limit: 5) {
            Console.line("  \(change.commit.prefix(8)) \(change.author): \(change.message.split(separator: "\n").first ?? "")")
        }
        Console.line("\nThis plan is in \(dir): open it with any text editor, or run `carnet status -C \(dir)`.")
    }
}
