import Foundation
import Git
import Messages

/// An authorized_keys file the hub keeps current by itself: `carnet hub authorized-keys --write
/// FILE` writes it once and records where (in the hub's git config); from then on every push
/// that lands on main rewrites it (the post-receive hook), so a member added, accepted or
/// removed by the point of contact opens or stops opening the hub as soon as that change is
/// pushed, with nobody to remember a command on the server.
extension AuthorizedKeys {
    static let fileKey = "carnet.authorizedKeysFile"
    static let carnetKey = "carnet.authorizedKeysCarnet"

    /// Writes the file (0600, whole or not at all) and records it for the hook. Returns the warnings.
    public static func install(hub path: String, carnet: String, file: String) throws -> [String] {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let output = try generate(hub: path, carnet: carnet)
        try write(output.text, to: absolute)
        let repository = try HubHooks.openHub(path)
        try HubSetup.gitCall {
            try repository.setConfigString(fileKey, absolute)
            try repository.setConfigString(carnetKey, carnet)
        }
        return output.warnings
    }

    /// The hook's part: rewrites the recorded file when there is one. nil when none is recorded.
    public static func refreshIfInstalled(hub path: String?) throws -> [String]? {
        let repository = try HubHooks.openHub(path)
        guard let file = try? repository.configString(fileKey), !file.isEmpty else { return nil }
        let carnet = (try? repository.configString(carnetKey)).flatMap { $0 } ?? HubSetup.currentExecutable
        let output = try generate(hub: repository.gitDirectory, carnet: carnet)
        try write(output.text, to: file)
        return output.warnings
    }

    /// A temporary file beside it, then a rename: sshd reads the old keys or the new, never half.
    static func write(_ text: String, to file: String) throws {
        let folder = (file as NSString).deletingLastPathComponent
        let temporary = folder + "/.carnet-authorized-keys-\(getpid()).tmp"
        let created = FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8),
                                                     attributes: [.posixPermissions: 0o600])
        guard created else {
            throw HubError.io(Catalogue.text("hub.keys.cannot-write", ["file": .text(file), "reason": .text(String(cString: strerror(errno)))]))
        }
        guard rename(temporary, file) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw HubError.io(Catalogue.text("hub.keys.cannot-write", ["file": .text(file), "reason": .text(reason)]))
        }
    }
}
