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
        // Tests read carnet's messages in English unless they choose otherwise: without this the
        // machine's locale or a French plan would decide. A test passes CARNET_LANG "" to let
        // the locale and the plan choose.
        env["CARNET_LANG"] = "en"
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

    public func write(_ relative: String, _ bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    public func write(_ relative: String, _ text: String) throws { try write(relative, Array(text.utf8)) }

    /// Copies every file under `source` into this folder (merging folders, replacing files).
    public func overlay(_ source: URL, skipping skip: Set<String> = []) throws {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: source.path) else { return }
        while let relative = walker.nextObject() as? String {
            if skip.contains(relative) { continue }
            let from = source.appendingPathComponent(relative)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: from.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            try write(relative, [UInt8](try Data(contentsOf: from)))
        }
    }
}

/// A small deterministic generator (SplitMix64), so random tests are the same on every run.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
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
