import ArgumentParser
import Foundation
import Mail
import Messages
import Records
import Report

/// `carnet remind`: per person, what is due, overdue and missing, as email messages (.eml) in a
/// folder, sent when asked (docs/REMINDERS.md).
struct RemindCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "remind", abstract: Catalogue.text("remind.help.abstract"),
            usage: "carnet remind --out <out> [--as-of <day>] [--weeks <n>] [--send] [--smtp <host:port> [--smtp-tls] [--smtp-ca-file <file>] [--smtp-user <user>]] [--json]",
            discussion: HelpText.discussion(Catalogue.text("remind.help.discussion"),
                                            example: "carnet remind --out rappels --send"))
    }()

    @OptionGroup var plan: PlanFolderOption
    @Option(help: ArgumentHelp(Catalogue.text("remind.help.out"))) var out: String
    @Option(help: ArgumentHelp(Catalogue.text("remind.help.weeks"))) var weeks: Int = Reminders.defaultWeeks
    @Flag(help: ArgumentHelp(Catalogue.text("remind.help.send"))) var send = false
    @Option(help: ArgumentHelp(Catalogue.text("remind.help.smtp"))) var smtp: String?
    @Flag(name: .customLong("smtp-tls"), help: ArgumentHelp(Catalogue.text("part2.remind.help.tls"))) var smtpTLS = false
    @Option(name: .customLong("smtp-ca-file"), help: ArgumentHelp(Catalogue.text("part2.remind.help.ca-file"))) var smtpCAFile: String?
    @Option(name: .customLong("smtp-user"), help: ArgumentHelp(Catalogue.text("part2.remind.help.user"))) var smtpUser: String?
    @Option(help: ArgumentHelp(Catalogue.text("remind.help.from"))) var from: String?
    @OptionGroup var output: JSONOption

    /// What `--json` says: language-neutral.
    struct Report: Encodable {
        struct Message: Encodable {
            var to: String
            var language: String
            var file: String
            var ministries: [String]
            var pointOfContact: Bool
            var sent: Bool
            var items: [ReminderItem]
        }
        struct Skipped: Encodable {
            var name: String
            var ministries: [String]
            /// `no-address`, `refused`.
            var reason: String
            var field: String?
        }
        var asOf: String
        var weeks: Int
        var messages: [Message] = []
        var skipped: [Skipped] = []
    }

    func run() throws {
        guard (1...52).contains(weeks) else {
            Console.error(Catalogue.text("remind.weeks-range", ["min": .number(1), "max": .number(52)]))
            throw ExitCode(64)
        }
        let delivery = try chooseDelivery()
        let today = try plan.asOf()
        let root = try plan.root()
        let snapshot = try plan.load(root)
        guard let record = snapshot.plan?.record else {
            Console.error(Catalogue.text("part.report.no-plan"))
            throw ExitCode(65)
        }
        let sender = MailMessage.Mailbox(name: record.pointOfContact.name, address: from ?? record.pointOfContact.email ?? "")
        if let problem = EmailAddress.problem(sender.address) {
            Console.error(Catalogue.text("remind.no-sender", ["problem": .text(problem)]))
            throw ExitCode(from == nil ? 65 : 64)
        }
        let history = (try? ChangeHistory.read(for: snapshot, asOf: today, cut: try plan.isPast())) ?? .unavailable
        let digests = Reminders(snapshot: snapshot, today: today, weeks: weeks, history: history).digests()
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            Console.error(Catalogue.text("cli.cannot-write", ["path": .text(out), "reason": .text(Catalogue.reason(for: error))]))
            throw ExitCode(74)
        }
        var report = Report(asOf: today.description, weeks: weeks)
        var prepared: [(message: MailMessage, bytes: [UInt8], index: Int)] = []
        var refused = false
        for digest in digests {
            let person = digest.person
            guard let address = person.email, EmailAddress.isValid(address) else {
                report.skipped.append(.init(name: person.name, ministries: digest.ministries, reason: "no-address"))
                if !output.json { Console.line(Catalogue.text("remind.no-address", ["name": .text(TerminalText.oneLine(person.name)), "ministries": .text(digest.ministries.joined(separator: ", "))]), toError: true) }
                continue
            }
            let language = ReminderText.language(for: person, plan: record)
            let text = ReminderText(digest, snapshot: snapshot, plan: record, today: today, weeks: weeks)
            let message = MailMessage(from: sender, to: .init(name: person.name, address: address), subject: text.subject,
                                      plain: text.plain, html: text.html, language: language)
            let bytes: [UInt8]
            do {
                bytes = try message.encoded()
            } catch let refusal as MailMessage.Refusal {
                refused = true
                let field: String, words: String
                switch refusal {
                case .unsafeHeader(let f, let character):
                    (field, words) = (f, Catalogue.text("remind.refused-character", ["field": .text(f), "character": .text(character)]))
                case .badAddress(let f, let problem):
                    (field, words) = (f, Catalogue.text("remind.refused-address", ["field": .text(f), "problem": .text(problem)]))
                }
                report.skipped.append(.init(name: TextRule.visible(person.name), ministries: digest.ministries, reason: "refused", field: field))
                if !output.json { Console.error(Catalogue.text("remind.refused", ["address": .text(address), "reason": .text(words)])) }
                continue
            }
            let name = address.lowercased() + ".eml"
            do {
                try Data(bytes).write(to: folder.appendingPathComponent(name), options: .atomic)
            } catch {
                Console.error(Catalogue.text("cli.cannot-write", ["path": .text(folder.appendingPathComponent(name).path), "reason": .text(Catalogue.reason(for: error))]))
                throw ExitCode(74)
            }
            report.messages.append(.init(to: address, language: language, file: name, ministries: digest.ministries,
                                         pointOfContact: digest.isPointOfContact, sent: false, items: digest.items))
            prepared.append((message, bytes, report.messages.count - 1))
        }
        if !output.json {
            Console.line(Catalogue.text("remind.written", ["count": .number(report.messages.count), "path": .text(out)]))
        }
        var failure: Error?
        if let delivery, !prepared.isEmpty {
            do {
                try deliver(prepared.map { ($0.bytes, sender.address, $0.message.to.address) }, by: delivery) { sent in
                    report.messages[prepared[sent].index].sent = true
                }
            } catch { failure = error }
            if !output.json {
                let count = report.messages.filter(\.sent).count
                Console.line(Catalogue.text("remind.sent", ["count": .number(count)]))
            }
        }
        if output.json { Console.json(report) }
        if let failure { try explain(failure) }
        if refused { throw ExitCode(65) }
    }

    enum Delivery {
        case sendmail(String)
        case smtp(SMTPClient.Server, SMTPClient.Security)
    }

    /// The environment variable that holds `--smtp-user`'s password: never on the command line,
    /// where every process of the machine can read it.
    static let passwordVariable = "CARNET_SMTP_PASSWORD"

    /// `--smtp` when given (checked before anything is read), else the machine's sendmail.
    func chooseDelivery() throws -> Delivery? {
        if let smtp {
            guard let server = SMTPClient.Server(smtp) else {
                Console.error(Catalogue.text("remind.smtp-syntax", ["value": .text(TextRule.visible(smtp))]))
                throw ExitCode(64)
            }
            guard send else {
                Console.error(Catalogue.text("remind.smtp-without-send"))
                throw ExitCode(64)
            }
            var security = SMTPClient.Security()
            security.requireTLS = smtpTLS
            if let smtpCAFile {
                guard FileManager.default.isReadableFile(atPath: smtpCAFile) else {
                    Console.error(Catalogue.text("part2.remind.no-ca-file", ["path": .text(smtpCAFile)]))
                    throw ExitCode(66)
                }
                security.caFile = smtpCAFile
            }
            if let smtpUser {
                guard let password = ProcessInfo.processInfo.environment[Self.passwordVariable], !password.isEmpty else {
                    Console.error(Catalogue.text("part2.remind.no-password", ["variable": .text(Self.passwordVariable)]))
                    throw ExitCode(64)
                }
                security.user = smtpUser
                security.password = password
            }
            return .smtp(server, security)
        }
        guard send else { return nil }
        guard let program = Sendmail.path else {
            Console.error(Catalogue.text("remind.no-sendmail"))
            throw ExitCode(64)
        }
        return .sendmail(program)
    }

    /// Sends in order and stops at the first failure: the messages stay in the folder either way.
    func deliver(_ messages: [(bytes: [UInt8], from: String, to: String)], by delivery: Delivery, sent: (Int) -> Void) throws {
        switch delivery {
        case .sendmail(let program):
            for (i, m) in messages.enumerated() {
                try Sendmail.send(m.bytes, to: m.to, program: program)
                sent(i)
            }
        case .smtp(let server, let security):
            let client = try SMTPClient(server: server, security: security)
            defer { client.quit() }
            for (i, m) in messages.enumerated() {
                try client.send(m.bytes, from: m.from, to: m.to)
                sent(i)
            }
        }
    }

    /// A delivery failure in words, and its exit code.
    func explain(_ error: Error) throws -> Never {
        switch error {
        case SMTPClient.Failure.notLoopback(let host):
            Console.error(Catalogue.text("remind.smtp-not-loopback", ["host": .text(host)]))
            throw ExitCode(64)
        case SMTPClient.Failure.noTLS(let host):
            Console.error(Catalogue.text("part2.remind.no-tls", ["host": .text(host), "path": .text(out)]))
            throw ExitCode(64)
        case SMTPClient.Failure.tls(let words):
            Console.error(Catalogue.text("part2.remind.tls-failed", ["server": .text(smtp ?? ""), "reason": .text(words), "path": .text(out)]))
        case SMTPClient.Failure.unreachable(let words):
            Console.error(Catalogue.text("remind.smtp-unreachable", ["server": .text(smtp ?? ""), "reason": .text(words), "path": .text(out)]))
        case SMTPClient.Failure.refused(let step, let reply):
            Console.error(Catalogue.text("remind.smtp-refused", ["step": .text(step), "reply": .text(reply), "path": .text(out)]))
        case SMTPClient.Failure.broken(let words):
            Console.error(Catalogue.text("remind.smtp-broken", ["reason": .text(words), "path": .text(out)]))
        case Sendmail.Failure.failed(let status, let words):
            Console.error(Catalogue.text("remind.sendmail-failed", ["status": .number(Int(status)), "reason": .text(words), "path": .text(out)]))
        default:
            Console.error(Catalogue.text("remind.sendmail-failed", ["status": .number(-1), "reason": .text(Catalogue.reason(for: error)), "path": .text(out)]))
        }
        throw ExitCode(75)
    }
}
