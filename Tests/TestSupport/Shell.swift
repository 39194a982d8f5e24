import Foundation

/// Runs real programs (git as an oracle, the carnet binary) from tests.
public struct ShellResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum Shell {
    /// Runs `arguments[0]` found on PATH, with an optional working directory, environment
    /// additions and standard input. Never throws for a non-zero exit: tests check `status`.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                           input: String? = nil) throws -> ShellResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ShellResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                           stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs git with a fixed identity, so the oracle never depends on the machine's configuration.
    @discardableResult
    public static func git(_ arguments: [String], in directory: String) throws -> ShellResult {
        try run(["git", "-c", "user.name=Oracle", "-c", "user.email=oracle@test.example", "-c", "init.defaultBranch=main"] + arguments,
                in: directory)
    }
}

/// A fresh temporary folder, removed when the test object goes away.
public final class TemporaryDirectory {
    public let url: URL
    public var path: String { url.path }

    public init(_ prefix: String = "carnet-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
}

/// Paths inside this repository, found from the test file's location.
public enum RepositoryPaths {
    public static func root(_ file: String = #filePath) -> URL {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("Package.swift not found above \(file)")
    }

    public static var sample: URL { root().appendingPathComponent("Samples/valdoria") }

    /// The carnet binary built beside the tests (CARNET_BIN wins when set).
    public static var carnetBinary: String {
        if let env = ProcessInfo.processInfo.environment["CARNET_BIN"] { return env }
        // The test bundle lives in the build folder next to the binary.
        for bundle in Bundle.allBundles {
            let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("carnet").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return root().appendingPathComponent(".build/debug/carnet").path
    }
}
