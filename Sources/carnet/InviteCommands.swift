import ArgumentParser
import Foundation
import Messages
import Records
import Sync
import Workspace

/// Reads a file an outsider gave us (invitation, answer), at most `limit` bytes: exit 66 when it
/// cannot be read, 65 when it is larger than any file Carnet writes.
enum HostileFile {
    static func read(_ path: String, limit: Int = Invitation.maxFileBytes) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            Console.error(Catalogue.text("cli.join.cannot-read", ["path": .text(path)]))
            throw ExitCode(66)
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        return [UInt8](data ?? Data())
    }

    /// Runs `body`, printing a refused or malformed invitation/answer with its exit code
    /// (65 malformed, 77 refused: expired, used, altered, unknown).
    static func guarded<T>(root: URL? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try Failure.guarded(root: root, body)
        } catch let malformed as Invitation.Malformed {
            Console.error(malformed.description)
            throw ExitCode(65)
        } catch let refusal as WorkingCopy.InvitationRefusal {
            Console.error(refusal.description)
            throw ExitCode(77)
        }
    }
}

extension MemberCommand {
    /// `carnet member invite MINISTRY --name … --email …`: an invitation file (docs/JOINING.md).
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Catalogue.text("help.member.invite.abstract"),
            discussion: Catalogue.text("help.member.invite.discussion"))

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.member.invite.ministry"))) var ministry: String
        @Option(help: ArgumentHelp(Catalogue.text("help.member.invite.name"))) var name: String
        @Option(help: ArgumentHelp(Catalogue.text("help.member.invite.email"))) var email: String
        @Option(help: ArgumentHelp(Catalogue.text("help.member.invite.hub"))) var hub: String?
        @Option(name: .customLong("host-key"), help: ArgumentHelp(Catalogue.text("help.member.invite.host-key")))
        var hostKeys: [String] = []
        @Option(help: ArgumentHelp(Catalogue.text("help.member.invite.days"))) var days: Int = WorkingCopy.defaultInvitationDays
        @Option(help: ArgumentHelp(Catalogue.text("help.member.invite.out"))) var out: String?
        @OptionGroup var output: JSONOption

        func run() throws {
            let copy = try repository.open()
            let settings = try Failure.guarded { try copy.hubSettings() }
            guard let hub = hub ?? settings.hub.flatMap({ Invitation.hubProblem($0) == nil ? $0 : nil }) else {
                Console.error(Catalogue.text("cli.join.invite.no-hub"))
                throw ExitCode(64)
            }
            var lines: [String] = []
            if hostKeys.isEmpty {
                // The host keys this copy itself checks the hub against.
                if let file = settings.knownHosts, let text = try? String(contentsOfFile: file, encoding: .utf8),
                   let (host, port) = Invitation.endpoint(of: hub) {
                    let name = port == 22 ? host : "[\(host)]:\(port)"
                    lines = text.split(separator: "\n").map(String.init).filter { line in
                        line.split(separator: " ").first.map { $0.split(separator: ",").contains(Substring(name)) } ?? false
                    }
                }
            } else {
                for file in hostKeys {
                    let bytes = try HostileFile.read(file, limit: 64 * 1024)
                    lines += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
                }
            }
            let invitation = try Failure.guarded {
                try copy.invite(ministry: ministry, name: name, email: email, hub: hub, hostKeys: lines, days: days)
            }
            let path = out ?? "carnet-invitation-\(invitation.id.prefix(8)).txt"
            do { try Data(invitation.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                Console.error(Catalogue.text("cli.join.cannot-write", ["path": .text(path)]))
                throw ExitCode(74)
            }
            if output.json {
                return Console.json(["id": invitation.id, "file": path, "ministry": invitation.ministry,
                                     "email": invitation.email, "expires": Invitation.format(invitation.expires)])
            }
            Console.line(Catalogue.text("cli.join.invite.written", [
                "path": .text(path), "name": .text(invitation.name), "ministry": .text(invitation.ministry),
                "date": .text(Invitation.format(invitation.expires))]))
        }
    }

    /// `carnet member accept ANSWER`: the new member's key enters the plan (one commit).
    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Catalogue.text("help.member.accept.abstract"),
            discussion: Catalogue.text("help.member.accept.discussion"))

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.member.accept.answer"))) var answer: String
        @OptionGroup var output: JSONOption

        func run() throws {
            let copy = try repository.open()
            let bytes = try HostileFile.read(answer)
            let (parsed, message) = try HostileFile.guarded(root: copy.root) { () throws -> (InvitationAnswer, String) in
                let parsed = try InvitationAnswer.parse(bytes)
                return (parsed, try copy.accept(parsed))
            }
            let hub = (try? copy.hubSettings().hub) ?? nil
            if output.json {
                return Console.json(["id": parsed.invitation.id, "ministry": parsed.invitation.ministry,
                                     "email": parsed.invitation.email, "fingerprint": Join.fingerprint(parsed.key), "commit": message])
            }
            Console.line(message)
            Console.line(Catalogue.text("cli.join.accept.done", [
                "fingerprint": .text(Join.fingerprint(parsed.key)), "hub": .text(hub ?? "HUB")]))
        }
    }

    /// `carnet member remove MINISTRY --email …[--key FILE]`: access taken back (one commit).
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Catalogue.text("help.member.remove.abstract"),
            discussion: Catalogue.text("help.member.remove.discussion"))

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.member.remove.ministry"))) var ministry: String?
        @Flag(name: .customLong("point-of-contact"), help: ArgumentHelp(Catalogue.text("help.member.remove.poc")))
        var pointOfContact = false
        @Option(help: ArgumentHelp(Catalogue.text("help.member.remove.email"))) var email: String
        @Option(help: ArgumentHelp(Catalogue.text("help.member.remove.key"))) var key: String?

        func validate() throws {
            if (ministry == nil) == !pointOfContact {
                throw ValidationError(Catalogue.text("cli.join.remove.target"))
            }
        }

        func run() throws {
            let copy = try repository.open()
            var line: String?
            if let key {
                let bytes = try HostileFile.read(key, limit: 64 * 1024)
                line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            }
            let target: WorkingCopy.MemberTarget = ministry.map { .ministry($0) } ?? .pointOfContact
            let message = try Failure.guarded(root: copy.root) { try copy.removeMember(target, email: email, key: line) }
            Console.line(message)
            let hub = (try? copy.hubSettings().hub) ?? nil
            Console.line(Catalogue.text("cli.join.remove.done", ["hub": .text(hub ?? "HUB")]))
        }
    }
}
