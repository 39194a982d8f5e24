import Foundation
import Git
import Messages
import Records

/// `carnet hub authorized-keys`: one authorized_keys line per member key in the plan at the
/// hub's main, each forced to run `carnet hub serve` with that member's identity, and
/// `restrict` (no shell, no forwarding, no pty): a key opens the hub and nothing else.
public enum AuthorizedKeys {
    public struct Output: Sendable {
        public var lines: [String]
        /// Keys left out, and why (printed on stderr by the CLI).
        public var warnings: [String]
        public var text: String { lines.map { $0 + "\n" }.joined() }
    }

    public static func generate(hub path: String, carnet: String = HubSetup.currentExecutable) throws -> Output {
        let repository = try HubHooks.openHub(path)
        guard repository.isBare else { throw HubError.notAHub(Catalogue.text("hub.keys.working-copy", ["path": .text(path)])) }
        guard let head = try HubSetup.gitCall({ try repository.referenceTarget(RefUpdate.mainBranch) }) else {
            throw HubError.notAHub(Catalogue.text("hub.status.no-main", ["hub": .text(path)]))
        }
        let members = try HubSetup.gitCall { try RecordReader(repository: repository).members(at: head) }
        let hub = URL(fileURLWithPath: repository.gitDirectory).resolvingSymlinksInPath().path
        return lines(members: members, hub: hub, carnet: carnet)
    }

    /// A key is written only for an identity that is safe to write (HubIdentity.isSafe), and
    /// only when it names one identity: a key listed for two people is left out for both (it
    /// would let one act as the other). Every key is checked with Records' SSHPublicKey.
    static func lines(members: PlanMembers, hub: String, carnet: String) -> Output {
        var out = Output(lines: [], warnings: [])
        var keys: [(identity: HubIdentity, key: SSHPublicKey)] = []
        for member in members.members {
            if member.identity.ministryID == HubIdentity.pointOfContactRole {
                out.warnings.append(Catalogue.text("hub.keys.reserved-ministry", ["ministry": .text(HubIdentity.pointOfContactRole)]))
                continue
            }
            guard member.identity.isSafe else {
                // Never repeat the unsafe text: it may hold a line break or a terminal escape.
                let whose = member.identity.ministryID.map {
                    RecordID.isValid($0) ? Catalogue.text("hub.keys.member-of", ["ministry": .text($0)]) : Catalogue.text("hub.keys.member-of-bad-id")
                } ?? Catalogue.text("hub.keys.member-of-point-of-contact")
                let why = EmailAddress.problem(member.identity.email) ?? Catalogue.text("hub.keys.bad-ministry-id")
                out.warnings.append(Catalogue.text("hub.keys.member-left-out", ["who": .text(whose), "reason": .text(why)]))
                continue
            }
            for raw in member.keys {
                switch SSHPublicKey.parse(raw) {
                case .failure(let problem):
                    out.warnings.append(Catalogue.text("hub.keys.key-left-out", ["who": member.identity.argument, "reason": .text("\(problem)")]))
                case .success(let key):
                    keys.append((member.identity, key))
                }
            }
        }
        var owners: [String: Set<String>] = [:]   // "type base64" → tokens (lowercased)
        for (identity, key) in keys { owners[key.material, default: []].insert(identity.token.lowercased()) }
        var written: Set<String> = []
        for (identity, key) in keys {
            let holders = owners[key.material] ?? []
            if holders.count > 1 {
                let others = holders.subtracting([identity.token.lowercased()]).sorted().joined(separator: ", ")
                out.warnings.append(Catalogue.text("hub.keys.shared-key", ["who": .text("\(identity)"), "key": .text("\(key.type) …\(key.base64.suffix(8))"),
                                                                          "others": .text("\(others)")]))
                continue
            }
            guard written.insert(key.material).inserted else { continue }
            out.lines.append(line(key: key, identity: identity, hub: hub, carnet: carnet))
        }
        return out
    }

    /// `restrict,command="carnet hub serve --hub HUB --identity TOKEN --key BASE64" KEY`: sshd
    /// hands the command to the user's shell, so every argument is shell-quoted, then its double
    /// quotes escaped for the option. `--key` names the key so that `hub serve` can check, at each
    /// request, that the plan still lists it (a session kept open outlives authorized_keys).
    static func line(key: SSHPublicKey, identity: HubIdentity, hub: String, carnet: String) -> String {
        let command = [carnet, "hub", "serve", "--hub", hub, "--identity", identity.token, "--key", key.base64]
            .map(ShellQuote.quote).joined(separator: " ")
        // sshd unescapes only \" inside command="…"; any other backslash is kept as written.
        let escaped = command.replacingOccurrences(of: "\"", with: "\\\"")
        return "restrict,command=\"\(escaped)\" \(key)"
    }
}
