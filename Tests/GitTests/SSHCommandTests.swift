import Foundation
import XCTest
@testable import Git

/// The OpenSSH command line built from a hub address (hostile: invite files carry it), and the
/// multiplexing socket's folder and name.
final class SSHCommandTests: XCTestCase {
    private func command(_ url: String) throws -> SSHCommand {
        try SSHCommand(url: url, defaultUser: "git", identityFile: "/k/id", knownHostsFile: "/k/known")
    }

    /// A host or user beginning with "-" would be one of ssh's options (CVE-2017-1000117's class:
    /// `-oProxyCommand=…` runs a command here). Refused, in both URL forms.
    func testOptionLikeHostsAndUsersAreRefused() {
        for url in ["ssh://-oProxyCommand=touch%20/tmp/x/repo", "ssh://-oProxyCommand=x@hub.example/repo",
                    "-oProxyCommand=touch${IFS}x:repo", "ssh://git@-p2222/repo", "ssh://[-oProxyCommand=x]:22/repo"] {
            XCTAssertThrowsError(try command(url), url) { error in
                guard case SSHCommand.Refusal.optionLike = error else { return XCTFail("\(url): \(error)") }
            }
        }
        XCTAssertThrowsError(try command("ssh://hub.example/repo\nrm -rf ~")) { error in
            XCTAssertEqual(error as? SSHCommand.Refusal, .controlCharacter)
        }
    }

    /// ssh splits an `-o` value at spaces and expands `%h`-like tokens in key, known_hosts and
    /// control paths: a copy in "Mes documents" would trust a prefix path ("…/Mes") someone else
    /// may create, and a hostile host name could choose the file. Paths go quoted, `%` doubled.
    func testPathsReachSshAsTheyAre() throws {
        var c = try SSHCommand(url: "ssh://hub.example/srv/plan.git", defaultUser: "git",
                               identityFile: "/home/a/Mes documents/plan/.git/carnet/id_%h",
                               knownHostsFile: "/home/a/Mes documents/plan/.git/carnet/known \"hosts\" \\%d")
        c.controlPath = "/run/user/1000/carnet ssh/abc%C"
        let args = c.arguments("git-upload-pack")
        XCTAssertTrue(args.contains(#"UserKnownHostsFile="/home/a/Mes documents/plan/.git/carnet/known \"hosts\" \\%%d""#), "\(args)")
        XCTAssertTrue(args.contains(#"ControlPath="/run/user/1000/carnet ssh/abc%%C""#), "\(args)")
        XCTAssertEqual(args[args.firstIndex(of: "-i")! + 1], "/home/a/Mes documents/plan/.git/carnet/id_%%h")
        XCTAssertThrowsError(try SSHCommand(url: "ssh://hub.example:70000/p", defaultUser: "git", identityFile: nil, knownHostsFile: nil))
        XCTAssertNil(LinkSockets(host: "127.0.0.1", port: 70000))
    }

    /// The path goes to the hub as git's sq_quote writes it: one word whatever it holds.
    func testThePathIsQuotedAsGitQuotesIt() throws {
        XCTAssertEqual(SSHCommand.quoted("/srv/plan.git"), "'/srv/plan.git'")
        XCTAssertEqual(SSHCommand.quoted("/a'b"), "'/a'\\''b'")
        XCTAssertEqual(SSHCommand.quoted("x!y"), "'x'\\!'y'")
        XCTAssertEqual(SSHCommand.quoted("';touch /tmp/p;'"), "''\\'';touch /tmp/p;'\\'''")
        let c = try command("ssh://amina@hub.example:2222/srv/plan.git")
        XCTAssertEqual(c.remoteCommand("git-upload-pack"), "git-upload-pack '/srv/plan.git'")
        let args = c.arguments("git-upload-pack")
        XCTAssertEqual(args.first, "/usr/bin/ssh")
        XCTAssertEqual(Array(args.suffix(3)), ["--", "hub.example", "git-upload-pack '/srv/plan.git'"])
        XCTAssertTrue(args.contains("BatchMode=yes") && args.contains("StrictHostKeyChecking=yes"))
        XCTAssertTrue(args.contains(#"UserKnownHostsFile="/k/known""#) && args.contains("GlobalKnownHostsFile=/dev/null"))
        XCTAssertEqual(args[1...2], ["-F", "/dev/null"])
        XCTAssertTrue(args.joined(separator: " ").contains("-i /k/id") && args.contains("IdentitiesOnly=yes"))
        XCTAssertTrue(args.joined(separator: " ").contains("-p 2222 -l amina --"))
        XCTAssertEqual(try command("hub.example:plans/x.git").remoteCommand("git-receive-pack"), "git-receive-pack 'plans/x.git'")
        XCTAssertEqual(try command("ssh://hub.example/~/x.git").path, "~/x.git")
    }

    /// The socket's name covers who (user, key file and its content) and whom (host, port,
    /// known_hosts file and its content): two ministries' copies never share a master.
    func testTheSocketNameCoversWhoAndWhom() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mux-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["a", "b", "known"] { try "\(name)\n".write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        func name(user: String = "git", host: String = "hub", port: Int? = nil, key: String? = "a", known: String = "known") -> String {
            SSHControl.name(user: user, host: host, port: port, identityFile: key.map { dir + "/" + $0 },
                            knownHosts: dir + "/" + known, agentSocket: nil)
        }
        let base = name()
        XCTAssertEqual(base, name())
        XCTAssertEqual(base.count, SSHControl.nameLength)
        let others = [name(user: "other"), name(host: "hub2"), name(port: 2222), name(key: "b"), name(key: nil), name(known: "a")]
        XCTAssertEqual(Set(others + [base]).count, others.count + 1, "every difference gives another socket")
        try "a, replaced\n".write(toFile: dir + "/a", atomically: true, encoding: .utf8)
        XCTAssertNotEqual(name(), base, "another key in the same file is another identity")
    }

    /// The socket folder is ours alone: made 0700; a folder others may enter, a symbolic link or
    /// one whose parent is missing is refused (no multiplexing then, never someone else's socket).
    func testTheSocketFolderIsPrivate() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mux-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        XCTAssertTrue(SSHControl.ensurePrivate(root + "/mine"))
        let mode = try FileManager.default.attributesOfItem(atPath: root + "/mine")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o700)
        try FileManager.default.createDirectory(atPath: root + "/open", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        XCTAssertFalse(SSHControl.ensurePrivate(root + "/open"))
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/mine")
        XCTAssertFalse(SSHControl.ensurePrivate(root + "/link"), "a symbolic link, even to a private folder of ours")
        XCTAssertFalse(SSHControl.ensurePrivate(root + "/missing/deeper"))
        XCTAssertEqual(SSHControl.directory(environment: ["CARNET_SSH_CONTROL_DIR": root + "/open", "HOME": "/nonexistent"]),
                       "/tmp/carnet-ssh-\(getuid())", "the open folder is passed over")
        let long = root + "/" + String(repeating: "x", count: 90)
        XCTAssertNotEqual(SSHControl.directory(environment: ["CARNET_SSH_CONTROL_DIR": long]), long, "too long for a socket's path")
    }

    /// What ssh says on stderr (LC_ALL=C), sorted as the libssh2 path sorts its failures.
    func testStderrIsSortedAsTheLibssh2PathSortsFailures() {
        let key = "debug1: Server host key: ssh-ed25519 SHA256:abc\r\n"
        XCTAssertEqual(SSHStderr.classify(key + "No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n"),
                       .hostUnknown(type: "ssh-ed25519", fingerprint: "SHA256:abc"))
        XCTAssertEqual(SSHStderr.classify(key + "@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\r\nHost key verification failed.\r\n"),
                       .hostChanged(type: "ssh-ed25519", fingerprint: "SHA256:abc"))
        XCTAssertEqual(SSHStderr.classify("root@127.0.0.1: Permission denied (publickey).\r\n"), .authentication)
        XCTAssertEqual(SSHStderr.classify("ssh: connect to host 127.0.0.1 port 9: Connection refused\r\n"),
                       .other("ssh: connect to host 127.0.0.1 port 9: Connection refused"))
    }
}
