import CGit2
import Foundation
import Messages

extension CallbackBox {
    /// libgit2 calls this again after each refusal, forever if we let it: count the attempts
    /// and give up past the bound. A fresh credential every call: libgit2 frees each one.
    func credential(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, _ userFromURL: String?, _ allowed: UInt32) -> Int32 {
        let user = userFromURL ?? settings.username ?? "git"
        // Asking for a user name alone (SSH without one in the URL) is not an attempt to log in.
        if allowed == GIT_CREDENTIAL_USERNAME.rawValue {
            return git_credential_username_new(out, user)
        }
        credentialAttempts += 1
        if credentialAttempts > settings.maxCredentialAttempts {
            let what = settings.identityFile.map { Catalogue.text("git.auth.the-key", ["path": .text($0)]) } ?? Catalogue.text("git.auth.the-token")
            return fail(TransportError.authentication(Catalogue.text("git.auth.refused", [
                "what": .text(what), "count": .number(settings.maxCredentialAttempts), "user": .text(user)])))
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, let key = settings.identityFile {
            guard FileManager.default.isReadableFile(atPath: key) else {
                return fail(TransportError.authentication(Catalogue.text("git.auth.unreadable-key", ["path": .text(key)])))
            }
            // A key with a passphrase: the session's ssh-agent first (where the daemon finds it),
            // then the passphrase typed once at a terminal; else say so, not "refused".
            if SSHKeyFile.isEncrypted(key) {
                if SSHKeyFile.agentSocket != nil, !triedAgent {
                    triedAgent = true
                    return git_credential_ssh_key_from_agent(out, user)
                }
                guard let passphrase = SSHKeyFile.passphrase(for: key) else {
                    return fail(TransportError.authentication(Catalogue.text("git.key.needs-passphrase", ["path": .text(key)])))
                }
                return git_credential_ssh_key_new(out, user, nil, key, passphrase)
            }
            // The public key is derived from the private one (libssh2 with OpenSSL does this).
            return git_credential_ssh_key_new(out, user, nil, key, nil)
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, settings.token == nil, SSHKeyFile.agentSocket != nil, !triedAgent {
            // No key file named: the keys of the session's ssh-agent.
            triedAgent = true
            return git_credential_ssh_key_from_agent(out, user)
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let token = settings.token {
            return git_credential_userpass_plaintext_new(out, settings.username ?? "carnet", token)
        }
        return fail(TransportError.authentication(Catalogue.text("git.auth.none")))
    }

    /// Verifies an SSH host key against the known_hosts file we were given; TLS certificates
    /// keep libgit2's (mbedTLS) verdict.
    func certificate(_ cert: UnsafeMutablePointer<git_cert>?, _ valid: Bool, _ host: String) -> Int32 {
        if checkDeadline() != 0 { return GIT_EUSER.rawValue }
        guard let cert, cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            return GIT_PASSTHROUGH.rawValue
        }
        let port = endpoint.port ?? 22
        let name = port == 22 ? host : "[\(host)]:\(port)"
        guard let file = settings.knownHostsFile else {
            return valid ? 0 : fail(TransportError.hostKey(Catalogue.text("git.host.not-in-home", ["name": .text(name)])))
        }
        let hostkey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey else {
            return fail(TransportError.hostKey(Catalogue.text("git.host.none-given", ["name": .text(name)])))
        }
        let key = [UInt8](UnsafeRawBufferPointer(start: raw, count: hostkey.hostkey_len))
        let type = KnownHosts.keyType(of: key)
        var fingerprint = ""
        if hostkey.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 {
            let hash = withUnsafeBytes(of: hostkey.hash_sha256) { Data($0) }
            fingerprint = "SHA256:" + hash.base64EncodedString().replacingOccurrences(of: "=", with: "")
        }
        let known: KnownHosts
        do { known = try KnownHosts(path: file) } catch {
            return fail(TransportError.hostKey(Catalogue.text("git.host.unreadable-file", ["file": .text(file), "reason": .text(Catalogue.reason(for: error))])))
        }
        switch known.verify(host: host, port: port, key: key) {
        case .match:
            return 0
        case .unknown:
            return fail(TransportError.hostKey(Catalogue.text("git.host.unknown", [
                "name": .text(name), "type": .text(type), "fingerprint": .text(fingerprint), "file": .text(file),
                "command": .text("ssh-keyscan -p \(port) \(host) >> \(file)")])))
        case .changed:
            return fail(TransportError.hostKey(Catalogue.text("git.host.changed", [
                "name": .text(name), "type": .text(type), "fingerprint": .text(fingerprint), "file": .text(file)])))
        case .revoked:
            return fail(TransportError.hostKey(Catalogue.text("git.host.revoked", ["name": .text(name), "file": .text(file)])))
        }
    }
}
