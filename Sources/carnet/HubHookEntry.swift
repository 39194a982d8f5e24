/// The hub's four hook commands (`hub serve`, `verify`, `record`, `merge`) run several times for
/// every sync, each in a fresh process: building ArgumentParser's tree of all of carnet's
/// commands costs such a process more than a quarter of its start (Benchmarks/hub.sh, perf),
/// and reads the message catalogue for help no one will see. An invocation exactly as the hub
/// writes them (HubSetup's hooks, authorized_keys' forced command) goes straight to the
/// command's body; anything else (help, --lang, a typo, an unknown option) goes through the
/// full parser as before, so its errors and help stay ArgumentParser's.
enum HubHookEntry {
    /// The command to run, if `arguments` (without the program name) is one of the hub's own
    /// invocations: `hub verify|record|merge [--hub DIR]`, `hub serve --hub DIR --identity TOKEN
    /// [--key BASE64]`.
    static func match(_ arguments: [String]) -> (() throws -> Void)? {
        guard arguments.count >= 2, arguments[0] == "hub" else { return nil }
        guard let options = options(Array(arguments.dropFirst(2))) else { return nil }
        switch arguments[1] {
        case "verify" where options.identity == nil && options.key == nil: return { try HubVerifyCommand.verify(hub: options.hub) }
        case "record" where options.identity == nil && options.key == nil: return { try HubRecordCommand.record(hub: options.hub) }
        case "merge" where options.identity == nil && options.key == nil: return { try HubMergeCommand.merge(hub: options.hub) }
        case "serve":
            guard let hub = options.hub, let identity = options.identity else { return nil }
            return { try HubServeCommand.serve(hub: hub, identity: identity, key: options.key) }
        default: return nil
        }
    }

    /// `--hub`, `--identity` and `--key`, each at most once, as `--name value` or `--name=value`, with a
    /// value that is not itself an option; nil for anything else.
    static func options(_ arguments: [String]) -> (hub: String?, identity: String?, key: String?)? {
        var found: [String: String] = [:]
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            let name: String, value: String
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard let next = rest.popFirst() else { return nil }
                name = argument
                value = next
            }
            guard ["--hub", "--identity", "--key"].contains(name), found[name] == nil, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            found[name] = value
        }
        return (found["--hub"], found["--identity"], found["--key"])
    }
}
