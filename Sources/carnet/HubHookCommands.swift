import ArgumentParser
import Foundation
import Hub

/// `carnet hub serve`: the forced command of every key in authorized_keys.
struct HubServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "SSH forced command: run git's server for this hub only, as the key's owner (SSH_ORIGINAL_COMMAND).")

    @Option(help: "The hub's folder.") var hub: String
    @Option(help: "Who the key belongs to: MINISTRY:EMAIL or point-of-contact:EMAIL.") var identity: String

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        guard let who = HubIdentity(token: identity) else {
            Console.error("the identity '\(identity)' is malformed: expected MINISTRY:EMAIL or point-of-contact:EMAIL")
            throw ExitCode(64)
        }
        switch GitServe.parse(env["SSH_ORIGINAL_COMMAND"], hub: hub, home: env["HOME"]) {
        case .failure(let error):
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        case .success(let program):
            let error = GitServe.exec(program, hub: hub, identity: who, environment: env)
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}

/// `carnet hub verify`: the pre-receive hook.
struct HubVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "pre-receive hook: refuse a push that writes what its pusher may not, or invalid records.",
        discussion: "Reads `old new ref` lines on stdin. The pusher comes from CARNET_PUSHER (carnet hub serve), GL_USERNAME (GitLab) or GITEA_PUSHER_NAME/GITEA_PUSHER_EMAIL (Gitea).")

    @Option(help: "The hub (default: GIT_DIR, as git sets it for hooks).") var hub: String?

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let verdict = try HubFailure.guarded {
            try HubHooks.verify(input: input, environment: ProcessInfo.processInfo.environment, hub: hub)
        }
        // stderr: git relays it to the pusher as `remote: …`.
        guard verdict.accepted else {
            Console.line(verdict.hookReport, toError: true)
            throw ExitCode(77)
        }
    }
}

/// `carnet hub record`: the post-receive hook.
struct HubRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "post-receive hook: append the push that landed to the hub's push log (carnet-push-log.jsonl).")

    @Option(help: "The hub (default: GIT_DIR, as git sets it for hooks).") var hub: String?

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        try HubFailure.guarded {
            _ = try HubHooks.record(input: input, environment: ProcessInfo.processInfo.environment, hub: hub)
        }
    }
}
