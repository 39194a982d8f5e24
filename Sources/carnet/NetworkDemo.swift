import Foundation
import Git
import Hub
import LocalSSH
import Messages
import Records
import Report
import Sync
import Workspace

/// Part two of the demo: the point of contact's guarded hub on a private sshd (127.0.0.1 only),
/// three ministry laptops editing offline (two of them the same field), syncs, one mistaken edit
/// kept back before it could strand a copy,
/// the conflict kept, and the reports the point of contact publishes.
struct NetworkDemo {
    let base: URL
    let sample: URL

    struct Person {
        let name: String
        let email: String
        let ministry: String?     // nil: the point of contact
        let folder: String
    }

    let poc = Person(name: "Amélie Dufresne-Kotto", email: "amelie.dufresne-kotto@gouv.valdoria.example", ministry: nil, folder: "point-de-contact")
    let gonzalo = Person(name: "Gonzalo Vega", email: "g.vega@terres.gouv.valdoria.example", ministry: "autorite-terres", folder: "terres-bureau-tapir")
    let rosine = Person(name: "Rosine Abessolo", email: "r.abessolo@terres.gouv.valdoria.example", ministry: "autorite-terres", folder: "terres-siege")
    let kofi = Person(name: "Kofi Mensah", email: "k.mensah@finances.gouv.valdoria.example", ministry: "min-finances", folder: "finances")

    func say(_ text: String) { Console.line("\n== \(text)") }
    func path(_ person: Person) -> String { base.appendingPathComponent(person.folder).path }
    func key(_ person: Person) -> String { base.appendingPathComponent("keys/\(person.folder)").path }

    /// Runs the demo; returns the hub's sshd, which serves as long as it is kept (`demo --web`).
    @discardableResult
    func run() throws -> SSHServer {
        say(Catalogue.text("cli.demo.hub.setup"))
        try FileManager.default.createDirectory(at: base.appendingPathComponent("keys"), withIntermediateDirectories: true)
        let pocCopy = try WorkingCopy.create(at: path(poc), sample: sample, author: Signature(name: poc.name, email: poc.email))
        try pocCopy.setAuthor(name: poc.name, email: poc.email)
        for person in [poc, gonzalo, rosine, kofi] {
            try SSHServer.keygen(key(person), comment: person.email)
            let publicKey = try String(contentsOfFile: key(person) + ".pub", encoding: .utf8)
            let target: WorkingCopy.MemberTarget = person.ministry.map { .ministry($0) } ?? .pointOfContact
            Console.line("  carnet member add \(person.ministry ?? "--point-of-contact") --name \"\(person.name)\" … → "
                         + (try EditConfirmation.line(pocCopy) {
                             try pocCopy.addMember(target, name: person.name, email: person.email, key: publicKey)
                         }))
        }
        let hubPath = base.appendingPathComponent("hub.git").path
        let hub = try HubSetup.create(at: hubPath, from: path(poc))
        Console.line("  carnet hub init \(hubPath) → " + Catalogue.text("cli.demo.hub.created", ["count": .number(hub.keys)]))
        let authorized = base.appendingPathComponent("authorized_keys").path
        try AuthorizedKeys.generate(hub: hubPath).text.write(toFile: authorized, atomically: true, encoding: .utf8)
        let server = try SSHServer(in: base, authorizedKeys: authorized)
        let url = server.url(hubPath)
        Console.line("  " + Catalogue.text("cli.demo.hub.sshd", ["port": .text(String(server.port))]))
        try attach(poc, url: url, knownHosts: server.knownHosts)

        say(Catalogue.text("cli.demo.clones", ["url": .text(url)]))
        for person in [gonzalo, rosine, kofi] {
            let outcome = SyncEngine.clone(settings(person, url: url, knownHosts: server.knownHosts), into: path(person))
            guard outcome.exitCode == 0 else {
                throw WorkspaceError.io(Catalogue.text("cli.demo.clone-failed", ["name": .text(person.name), "reason": .text(outcome.summary)]))
            }
            try WorkingCopy(at: path(person)).setAuthor(name: person.name, email: person.email)
            Console.line("  \(person.folder): \(person.name), \(person.ministry!)")
        }

        say(Catalogue.text("cli.demo.offline-edits"))
        var change = WorkingCopy.MilestoneChange()
        change.completion = .substantial
        change.note = "1 200 titres remis dans la seconde zone."
        Console.line("  Gonzalo: " + (try recorded(gonzalo) { try $0.setMilestone("05", "m4", change) }))
        change.completion = .complete
        change.note = nil
        Console.line("  Rosine:  " + (try recorded(rosine) { try $0.setMilestone("05", "m4", change) }))
        Console.line("  Rosine:  " + (try recorded(rosine) {
            try $0.addEvidence("05", .url("https://terres.gouv.valdoria.example/zone-2"), milestone: "m4", title: "Registre de la zone 2")
        }))
        change = WorkingCopy.MilestoneChange()
        change.completion = .complete
        change.actualEnd = PlanDate("2026-11")
        Console.line("  Kofi:    " + (try recorded(kofi) { try $0.setMilestone("01", "m4", change) }))
        // Kofi, by mistake, edits a commitment his ministry does not lead, in a text editor.
        let other = path(kofi) + "/" + PlanLayout.progressFile("05")
        let text = try String(contentsOfFile: other, encoding: .utf8)
        try text.replacingOccurrences(of: "\"05\"\ncompletion: substantial", with: "\"05\"\ncompletion: complete")
            .write(toFile: other, atomically: true, encoding: .utf8)
        Console.line("  Kofi:    " + Catalogue.text("cli.demo.kofi-hand-edit"))

        for person in [gonzalo, rosine, kofi] {
            say("carnet sync — \(person.name) (\(person.folder))")
            let engine = try SyncEngine(at: path(person))
            let outcome = engine.sync()
            LastSync.save(outcome, gitDirectory: engine.copy.gitDirectory)
            Console.line("  " + Catalogue.text("cli.demo.sync-outcome", ["code": .text(String(outcome.exitCode)),
                                                                 "summary": .text(outcome.summary.replacingOccurrences(of: "\n", with: "\n  "))]))
        }

        say(Catalogue.text("cli.demo.conflicts"))
        for c in try ConflictList.load(at: path(rosine)) {
            Console.line("  " + Catalogue.text("cli.demo.conflict", ["path": .text(c.path), "field": .text(c.field), "kept": .text(c.kept),
                                                             "lost": .text(c.lost), "by": .text(c.lostBy ?? "?")]))
        }

        say(Catalogue.text("cli.demo.publish"))
        Console.line("  " + (try SyncEngine(at: path(poc)).sync()).summary.replacingOccurrences(of: "\n", with: "\n  "))
        for m in try HubStatus.load(hub: hubPath).ministries where !m.commitments.isEmpty && m.lastPush != nil {
            Console.line("  " + Catalogue.text("cli.demo.hub-status", ["ministry": .text(m.id), "when": .text(m.lastPush ?? "?"),
                                                               "by": .text(m.lastPushBy ?? "?")]))
        }
        try publish(from: path(poc))
        return server
    }

    /// The copy the browser opens on: Rosine's, which holds the conflict to settle.
    var webCopy: String { path(rosine) }

    /// An edit in a person's copy, said as the edit commands say it.
    private func recorded(_ person: Person, _ edit: (WorkingCopy) throws -> String) throws -> String {
        let copy = try WorkingCopy(at: path(person))
        return try EditConfirmation.line(copy) { try edit(copy) }
    }

    private func settings(_ person: Person, url: String, knownHosts: String) -> SyncSettings {
        SyncSettings(hub: url, ministry: person.ministry, identityFile: key(person), knownHostsFile: knownHosts, timeoutSeconds: 30)
    }

    private func attach(_ person: Person, url: String, knownHosts: String) throws {
        let engine = try SyncEngine(at: path(person))
        try engine.configure(settings(person, url: url, knownHosts: knownHosts))
        let outcome = engine.sync()
        guard outcome.exitCode == 0 else { throw WorkspaceError.io(Catalogue.text("cli.demo.first-sync-failed", ["reason": .text(outcome.summary)])) }
    }

    private func publish(from plan: String) throws {
        let snapshot = PlanSnapshot(root: URL(fileURLWithPath: plan))
        let today = PlanDate.today()
        let out = base.appendingPathComponent("publication")
        let history = (try? ChangeHistory.read(for: snapshot, asOf: today)) ?? .unavailable
        let site = try Dashboard(snapshot: snapshot, history: history, language: .fr, asOf: today)
            .write(to: out.appendingPathComponent("tableau-de-bord"))
        Console.line("  carnet report dashboard → " + Catalogue.text("cli.demo.open", ["path": .text(site.index.path)]))
        for (format, language) in [(SelfAssessment.Format.docx, ReportLanguage.en), (.md, .fr)] {
            let file = out.appendingPathComponent("auto-evaluation-mi-parcours-\(language.rawValue).\(format.rawValue)")
            try SelfAssessment(snapshot: snapshot, term: .midTerm, language: language, asOf: today).render(format: format)
                .write(to: file)
            Console.line("  carnet report self-assessment --term mid --lang \(language.rawValue) → \(file.path)")
        }
    }
}
