import Foundation
import Git
import Records
import Workspace

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
        guard repository.isBare else { throw HubError.notAHub("\(path) is a working copy, not a hub: give the hub's folder (`carnet hub init`)") }
        guard let head = try HubSetup.gitCall({ try repository.referenceTarget(RefUpdate.mainBranch) }) else {
            throw HubError.notAHub("the hub \(path) has no main branch yet")
        }
        let members = try HubSetup.gitCall { try RecordReader(repository: repository).members(at: head) }
        let hub = URL(fileURLWithPath: repository.gitDirectory).resolvingSymlinksInPath().path
        return lines(members: members, hub: hub, carnet: carnet)
    }

    static func lines(members: PlanMembers, hub: String, carnet: String) -> Output {
        var out = Output(lines: [], warnings: [])
        var seen: [String: HubIdentity] = [:]  // "type base64" → owner
        for member in members.members {
            if member.identity.ministryID == HubIdentity.pointOfContactRole {
                out.warnings.append("ministry '\(HubIdentity.pointOfContactRole)' cannot have members on a hub (its id is the point of contact's role): rename it")
                continue
            }
            for raw in member.keys {
                switch SSHPublicKey.parse(raw) {
                case .failure(let problem):
                    out.warnings.append("\(member.identity): key left out: \(problem)")
                case .success(let key):
                    let plain = "\(key.type) \(key.base64)"
                    if let other = seen[plain], other != member.identity {
                        out.warnings.append("\(member.identity): key left out: it is also the key of \(other), and a key must name one person")
                        continue
                    }
                    if seen[plain] != nil { continue }
                    seen[plain] = member.identity
                    out.lines.append(line(key: key, identity: member.identity, hub: hub, carnet: carnet))
                }
            }
        }
        return out
    }

    /// `restrict,command="carnet hub serve --hub HUB --identity TOKEN" KEY`: sshd hands the
    /// command to the user's shell, so every argument is shell-quoted, then its double quotes
    /// escaped for the option.
    static func line(key: SSHPublicKey, identity: HubIdentity, hub: String, carnet: String) -> String {
        let command = [carnet, "hub", "serve", "--hub", hub, "--identity", identity.token].map(ShellQuote.quote).joined(separator: " ")
        // sshd unescapes only \" inside command="…"; any other backslash is kept as written.
        let escaped = command.replacingOccurrences(of: "\"", with: "\\\"")
        return "restrict,command=\"\(escaped)\" \(key)"
    }
}
