import Foundation
import TestSupport
import XCTest

/// Runs the real carnet binary, offline, in temporary folders, with no user configuration.
class CLITestCase: XCTestCase {
    var home: TemporaryDirectory!
    var work: TemporaryDirectory!

    override func setUp() {
        home = TemporaryDirectory("carnet-home")
        work = TemporaryDirectory("carnet-work")
    }

    /// Runs carnet with HOME pointing to an empty folder, so no ~/.gitconfig leaks in.
    @discardableResult
    func carnet(_ arguments: String..., in directory: String? = nil, today: String = "2026-11-27") throws -> ShellResult {
        try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: directory ?? work.path, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1",
            "CARNET_SAMPLES": RepositoryPaths.root().appendingPathComponent("Samples").path,
            "CARNET_TODAY": today,
        ])
    }

    /// A plan made from the sample by `carnet plan init`, with an author.
    func samplePlan(_ name: String = "plan") throws -> String {
        let result = try carnet("plan", "init", name, "--sample", "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(result.status, 0, result.stderr)
        return work.path + "/" + name
    }

    func git(_ arguments: String..., in directory: String) throws -> String {
        let result = try Shell.git(arguments, in: directory)
        XCTAssertEqual(result.status, 0, "git \(arguments): \(result.stderr)")
        return result.stdout
    }

    func head(_ plan: String) throws -> String { try git("rev-parse", "HEAD", in: plan) }
}
