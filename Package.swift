// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Carnet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "carnet", targets: ["carnet"]),
        // The resident part of `carnet daemon` (which execs it): install it beside carnet.
        .executable(name: "carnet-daemon", targets: ["carnet-daemon"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libgit2 from Debian (libgit2-dev), found through pkg-config.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2",
                       providers: [.apt(["libgit2-dev"])]),
        // The only importer of CGit2.
        .target(name: "Git", dependencies: ["CGit2", "Messages"]),
        // Every sentence shown to a person, in every language (Catalogue/*.txt, embedded at build).
        // Standard library and FoundationEssentials only: the daemon uses it too.
        .target(name: "Messages", exclude: ["Catalogue"], plugins: ["EmbedCatalogues"]),
        .executableTarget(name: "CatalogueEmbedder"),
        .plugin(name: "EmbedCatalogues", capability: .buildTool(), dependencies: ["CatalogueEmbedder"]),
        // The records: model, YAML reading with locations, canonical writing, validation.
        .target(name: "Records", dependencies: ["Yams", "Messages"]),
        // A working copy of a plan: edits, commits of hand edits, history. command → engine → git.
        .target(name: "Workspace", dependencies: ["Records", "Git", "Messages"]),
        // Fetch, field-level merge, push: a working copy and the hub agree.
        .target(name: "Sync", dependencies: ["Records", "Git", "Workspace", "Hub", "Yams", "Messages"]),
        // The dashboard (static site + open data) and the self-assessment draft (md, html, docx).
        .target(name: "Report", dependencies: [
            "Records", "Git", "Messages", "Spreadsheet",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Spreadsheets (Office Open XML) written and read by Carnet itself: no formula ever, every
        // file read as hostile (docs/SPREADSHEETS.md).
        .target(name: "Spreadsheet", dependencies: [
            "Messages",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The progress workbook: export, and import merged like a sync (docs/SPREADSHEETS.md).
        .target(name: "Sheets", dependencies: ["Spreadsheet", "Records", "Workspace", "Sync", "Git", "Messages"]),
        // Background sync: interval, file watching, backoff, systemd notification, state.
        // FoundationEssentials only, and none of the modules above: the daemon stays small.
        .target(name: "Daemon", dependencies: [
            "Messages",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `carnet daemon` execs it: the daemon without libgit2, YAML, ICU (its syncs are carnet children).
        .executableTarget(name: "carnet-daemon", dependencies: [
            "Daemon", "Messages",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Email: standard messages (RFC 5322, MIME) and their delivery (SMTP on loopback, sendmail).
        // OpenSSL from Debian (libssl-dev): TLS for the SMTP client's STARTTLS. Only Mail imports it.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .target(name: "Mail", dependencies: ["Records", "Messages", "COpenSSL"]),
        // The guarded hub: access rules, verify (pre-receive), serve (SSH forced command), push log.
        .target(name: "Hub", dependencies: ["Records", "Git", "Workspace", "Messages"]),
        // `carnet web`: the copy in the browser, on 127.0.0.1 only (docs/WEB.md).
        .target(name: "WebApp", dependencies: [
            "Workspace", "Records", "Git", "Sync", "Hub", "Report", "Messages",
            .product(name: "Hummingbird", package: "hummingbird"),
            // Socket activation: Hummingbird's HTTP/1 channel on a socket NIO takes from systemd.
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "carnet", dependencies: [
            "Workspace", "Records", "Git", "Sync", "Hub", "Report", "Daemon", "LocalSSH", "Messages", "WebApp",
            "Spreadsheet", "Sheets", "Mail",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // A private sshd on 127.0.0.1: the hub's real transport, for tests and `carnet demo`.
        .target(name: "LocalSSH"),
        // Real peers for tests: running git and carnet, temporary folders, repository paths.
        .target(name: "TestSupport", dependencies: ["LocalSSH"], path: "Tests/TestSupport"),
        .testTarget(name: "MessagesTests", dependencies: ["Messages"]),
        .testTarget(name: "RecordsTests", dependencies: ["Records", "Messages", "TestSupport"],
                    resources: [.copy("Corpus")]),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Workspace", "Records", "Git", "TestSupport", "LocalSSH"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Records"]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "TestSupport", "LocalSSH"]),
        .testTarget(name: "HubTests", dependencies: ["Hub", "Records", "Git", "Workspace", "TestSupport", "LocalSSH"]),
        .testTarget(name: "CLITests", dependencies: ["Records", "Mail", "TestSupport"],
                    exclude: ["smtp_peer.py"]),
        .testTarget(name: "SheetsTests", dependencies: ["Spreadsheet", "Records", "TestSupport"],
                    exclude: ["workbook_peer.py", "ods_peer.py"]),
        .testTarget(name: "WebTests", dependencies: ["WebApp", "Workspace", "Records", "Messages", "TestSupport", "LocalSSH"],
                    exclude: ["Browser"]),
    ],
    swiftLanguageModes: [.v6]
)
