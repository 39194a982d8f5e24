import Foundation
import Git
import Messages
import Records
import Workspace

/// `carnet join FILE DIR` (docs/JOINING.md): a new member's laptop, from an invitation file.
///
/// The first run makes DIR a copy waiting for the hub: a new repository whose `.git/carnet/`
/// (mode 0700) holds her ed25519 key (made by Debian's ssh-keygen, run by Carnet: she never
/// types it; 0600) and a known_hosts file pinning the invitation's host keys; the copy's
/// settings (hub, ministry, key, known_hosts) and author (her name and email) are written, and
/// an answer file is written for the point of contact. The next run, once the point of
/// contact has accepted the answer, fetches and checks out the hub's plan (as clone does).
public enum Join {
    public static let keyFile = "carnet/id_ed25519"
    public static let knownHostsFile = "carnet/known_hosts"
    public static let joinIDKey = "carnet.join.id"

    public enum State: Equatable {
        /// DIR is absent or empty: prepare it.
        case fresh
        /// Prepared for this invitation, the plan not fetched yet.
        case waiting
        /// Joined: the copy holds the plan.
        case joined
    }

    public struct Prepared: Sendable {
        public var answerPath: String
        public var keyPath: String
        public var fingerprint: String
    }

    /// What DIR is for this invitation; refuses a folder that is something else (exit 73).
    public static func state(of directory: String, for invitation: Invitation) throws -> State {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard fm.fileExists(atPath: root.path) else { return .fresh }
        let entries = (try? fm.contentsOfDirectory(atPath: root.path)) ?? ["?"]
        if entries.isEmpty { return .fresh }
        guard let repository = try? Repository.open(root.path, searchParents: false),
              let id = try? repository.configString(joinIDKey) else {
            throw WorkspaceError.cannotCreate(Catalogue.text("sync.join.folder-taken", ["path": .text(root.path)]))
        }
        guard id == invitation.id else {
            throw WorkspaceError.cannotCreate(Catalogue.text("sync.join.other-invitation", ["path": .text(root.path)]))
        }
        return (try? repository.headCommitID()) != nil ? .joined : .waiting
    }

    /// The first run: the copy waiting for the hub, and the answer file.
    public static func prepare(_ invitation: Invitation, in directory: String, answer answerPath: String,
                               passphrase: Bool) throws -> Prepared {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let existed = fm.fileExists(atPath: root.path)
        do {
            let repository = try Repository.create(root.path)
            let carnet = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("carnet")
            try fm.createDirectory(at: carnet, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: carnet.path)
            let key = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent(keyFile).path
            let known = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent(knownHostsFile).path
            try makeKey(at: key, comment: invitation.email, passphrase: passphrase)
            guard fm.createFile(atPath: known, contents: Data(invitation.knownHostsText.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw WorkspaceError.io(Catalogue.text("sync.join.cannot-write", ["path": .text(known)]))
            }
            let settings = SyncSettings(hub: invitation.hub, ministry: invitation.ministry, identityFile: key, knownHostsFile: known)
            try settings.write(to: repository)
            try repository.setConfigString("user.name", invitation.name)
            try repository.setConfigString("user.email", invitation.email)
            try repository.setConfigString(joinIDKey, invitation.id)
            let publicLine = (try? String(contentsOfFile: key + ".pub", encoding: .utf8)) ?? ""
            guard case .success(let publicKey) = SSHPublicKey.parse(publicLine) else {
                throw WorkspaceError.io(Catalogue.text("sync.join.no-public-key", ["path": .text(key + ".pub")]))
            }
            let answer = InvitationAnswer(answering: invitation, key: publicKey)
            do { try Data(answer.text.utf8).write(to: URL(fileURLWithPath: answerPath), options: .atomic) } catch {
                throw WorkspaceError.io(Catalogue.text("sync.join.cannot-write", ["path": .text(answerPath)]))
            }
            return Prepared(answerPath: answerPath, keyPath: key, fingerprint: fingerprint(publicKey))
        } catch {
            // Nothing half-made: the folder as it was (absent or empty).
            if existed {
                for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] { try? fm.removeItem(at: root.appendingPathComponent(name)) }
            } else {
                try? fm.removeItem(at: root)
            }
            if let error = error as? WorkspaceError { throw error }
            throw WorkspaceError.io(Catalogue.text("sync.join.failed", ["reason": .text(String(describing: error))]))
        }
    }

    /// The next runs: fetch and check out the hub's plan into the waiting copy. On failure the
    /// copy stays as it was (with its key), ready for another try.
    public static func finish(in directory: String) -> SyncOutcome {
        var outcome = SyncOutcome(status: .inSync)
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        do {
            let repository = try Repository.open(root.path, searchParents: false)
            guard let settings = try SyncSettings.read(from: repository) else {
                throw SyncFailure.notConfigured(Catalogue.text("sync.join.no-settings"))
            }
            try SyncEngine.checkOut(repository, settings: settings, root: root, outcome: &outcome)
        } catch {
            outcome.record(error)
        }
        return outcome
    }

    /// `SHA256:…` as ssh-keygen -l shows it: read out over the phone to the point of contact.
    public static func fingerprint(_ key: SSHPublicKey) -> String {
        let blob = [UInt8](Data(base64Encoded: key.base64) ?? Data())
        return "SHA256:" + Data(HMACSHA256.sha256(blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// ssh-keygen from Debian's openssh-client makes the pair: libgit2 cannot. With a
    /// passphrase, ssh-keygen asks her for it on the terminal (twice); Carnet never sees it.
    static func makeKey(at path: String, comment: String, passphrase: Bool) throws {
        let tool = ["/usr/bin/ssh-keygen", "/bin/ssh-keygen"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { throw WorkspaceError.io(Catalogue.text("sync.join.no-ssh-keygen")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-q", "-t", "ed25519", "-C", comment, "-f", path] + (passphrase ? [] : ["-N", ""])
        if !passphrase {
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
        }
        let errors = Pipe()
        process.standardError = passphrase ? FileHandle.standardError : errors
        do { try process.run() } catch { throw WorkspaceError.io(Catalogue.text("sync.join.no-ssh-keygen")) }
        let said = passphrase ? Data() : errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: path + ".pub") else {
            throw WorkspaceError.io(Catalogue.text("sync.join.keygen-failed", ["reason": .text(String(decoding: said.prefix(500), as: UTF8.self))]))
        }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
