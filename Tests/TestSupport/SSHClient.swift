import LocalSSH

extension SSHServer {
    /// ssh itself, for commands other than git's.
    public func ssh(key: String, command: String) throws -> ShellResult {
        try Shell.run(["ssh", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
                       "-o", "UserKnownHostsFile=\(knownHosts)", "-o", "StrictHostKeyChecking=yes", "-p", String(port),
                       "\(user)@127.0.0.1", command])
    }
}
