import Foundation
import Records
import XCTest

/// Test inputs: the Valdoria sample plan (9 commitments, fr + en), copied when a test edits it.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = repositoryRoot.appendingPathComponent("Samples/valdoria")
    /// Screenshots and documents kept for people to look at (gitignored).
    static let artifacts = repositoryRoot.appendingPathComponent("test-artifacts/report")
    /// The report date used throughout: the sample's data is as of late November 2026.
    static let asOf = PlanDate("2026-12-01")!

    static func snapshot(_ root: URL = sample) -> PlanSnapshot { PlanSnapshot(root: root) }

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(_ test: XCTestCase, _ name: String = "report") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("carnet-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A copy of the sample plan that a test may edit.
    static func sampleCopy(_ test: XCTestCase) throws -> URL {
        let dir = try temporaryDirectory(test, "plan").appendingPathComponent("valdoria")
        try FileManager.default.copyItem(at: sample, to: dir)
        return dir
    }

    /// Replaces text in a file of a plan copy (the test fails if the text is not there).
    static func edit(_ root: URL, _ path: String, replacing old: String, with new: String,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "\(path) does not contain \(old)", file: file, line: line)
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// Runs a program, returning its exit status and output (stdout + stderr).
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The path of an installed program, or nil.
    static func which(_ names: String...) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for dir in paths where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    /// A tool the test needs: in CI its absence is a failure (the CI script must install it),
    /// elsewhere the test is skipped with the package to install.
    static func requireTool(_ names: String..., package: String) throws -> String {
        for name in names { if let path = which(name) { return path } }
        let message = "\(names[0]) is not installed: apt-get install -y \(package)"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail(message)
            throw XCTSkip(message)
        }
        throw XCTSkip(message)
    }
}
