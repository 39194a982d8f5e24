// carnet-daemon: the resident part of `carnet daemon`, as small as it can be. Started by
// `carnet daemon` (which execs it, keeping its pid), never by hand; each sync runs as a child
// of the full `carnet` binary. Links the Daemon module alone: no libgit2, no YAML, no ICU.
import Daemon
import Logging
import Messages
#if canImport(Glibc)
import Glibc
#endif

DaemonLaunch.bootstrapLogging()
let logger = Logger(label: DaemonLaunch.logLabel)
let launch: DaemonLaunch
do {
    launch = try DaemonLaunch(arguments: Array(CommandLine.arguments.dropFirst()))
} catch let error as DaemonLaunch.BadArguments {
    logger.critical("\(Catalogue.text("daemon.log.cannot-start", ["reason": .text(error.description)]))")
    exit(error.exitCode)
} catch {
    logger.critical("\(Catalogue.text("daemon.log.cannot-start", ["reason": .text("\(error)")]))")
    exit(64)
}
do {
    try await launch.run(logger: logger)
} catch {
    logger.critical("\(error)")
    exit(1)
}
