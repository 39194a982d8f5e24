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

    /// Builds a zip with python's zipfile (an independent writer) from parts given as text, in
    /// the order given; `@BOMB@` in a part stands for 300 MiB of zeros.
    func zip(_ parts: [String: String], name: String, order: [String] = []) throws -> Data {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parts), as: UTF8.self)
        let path = work.path + "/" + name
        let script = "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\n"
            + "parts=json.loads(sys.argv[2]); keys=json.loads(sys.argv[3]); keys += [k for k in parts if k not in keys]\n"
            + "for k in keys:\n  v=parts[k]\n  z.writestr(k, v.replace('@BOMB@', '0'*(300<<20)) if '@BOMB@' in v else v)\nz.close()"
        let keys = String(decoding: try JSONSerialization.data(withJSONObject: order), as: UTF8.self)
        let r = try Shell.run(["python3", "-c", script, path, json, keys])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

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

    /// LibreOffice converts `file` to `format` in a folder of its own; the converted file's path.
    func libreOffice(_ file: String, to format: String) throws -> String {
        let out = work.path + "/lo-" + format + "-" + UUID().uuidString.prefix(6)
        let r = try Shell.run(["soffice", "-env:UserInstallation=file://" + work.path + "/lo-profile", "--headless",
                               "--convert-to", format, "--outdir", out, file], environment: ["HOME": home.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + "." + format
        return out + "/" + name
    }

    func requireLibreOffice() throws {
        try XCTSkipIf(try Shell.run(["sh", "-c", "command -v soffice"]).status != 0, "LibreOffice is missing: run scripts/install-deps.sh --test")
    }

    static var odsPeer: String { RepositoryPaths.root().appendingPathComponent("Tests/SheetsTests/ods_peer.py").path }

    /// What odfpy sees in an .ods: sheet name → cell (`G3`) → type and value.
    func odsDump(_ file: String) throws -> [String: [String: [String: String]]] {
        let r = try Shell.run(["python3", Self.odsPeer, "dump", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        let d = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        var out: [String: [String: [String: String]]] = [:]
        for s in d["sheets"] as? [[String: Any]] ?? [] {
            out[s["name"] as? String ?? ""] = s["cells"] as? [String: [String: String]] ?? [:]
        }
        return out
    }

    /// odfpy opens `file`, types the values a person would, saves `out`.
    func odsEdit(_ file: String, _ out: String, _ ops: [[String: String]]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ops), as: UTF8.self)
        let r = try Shell.run(["python3", Self.odsPeer, "edit", file, out, json])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// openpyxl opens `file`, applies the edits a person would make, saves `out`.
    func edit(_ file: String, _ out: String, _ ops: [[String: Any]]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ops), as: UTF8.self)
        let r = try Shell.run(["python3", Self.peer, "edit", file, out, json])
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}
