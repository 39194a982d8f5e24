import Foundation
import TestSupport
import XCTest

/// Runs the real carnet binary and openpyxl (PyPI) as an independent peer, offline, in
/// temporary folders.
class SheetsTestCase: XCTestCase {
    var home: TemporaryDirectory!
    var work: TemporaryDirectory!

    override func setUpWithError() throws {
        home = TemporaryDirectory("carnet-home")
        work = TemporaryDirectory("carnet-sheets")
        let probe = try Shell.run(["python3", "-c", "import openpyxl"])
        try XCTSkipIf(probe.status != 0, "openpyxl is missing: run scripts/install-deps.sh --test")
    }

    @discardableResult
    func carnet(_ arguments: String..., in directory: String? = nil, environment: [String: String] = [:]) throws -> ShellResult {
        var env = ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1",
                   "CARNET_SAMPLES": RepositoryPaths.root().appendingPathComponent("Samples").path, "CARNET_TODAY": "2026-11-27"]
        for (k, v) in environment { env[k] = v }
        return try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: directory ?? work.path, environment: env)
    }

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

    static var peer: String { RepositoryPaths.root().appendingPathComponent("Tests/SheetsTests/workbook_peer.py").path }

    /// What openpyxl sees in a workbook.
    func dump(_ file: String) throws -> [String: Any] {
        let r = try Shell.run(["python3", Self.peer, "dump", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    func sheet(_ dump: [String: Any], _ name: String) -> [String: Any] {
        (dump["sheets"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name } ?? [:]
    }

    func cells(_ dump: [String: Any], _ name: String) -> [String: [String: Any]] {
        sheet(dump, name)["cells"] as? [String: [String: Any]] ?? [:]
    }

    /// openpyxl opens `file`, applies the edits a person would make, saves `out`.
    func edit(_ file: String, _ out: String, _ ops: [[String: Any]]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ops), as: UTF8.self)
        let r = try Shell.run(["python3", Self.peer, "edit", file, out, json])
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}
