import Foundation
import PackagePlugin

/// Puts every message catalogue (`Catalogue/*.txt` of the target) into the binary as Swift
/// source, so a new language is a file to add, and an installed `carnet` needs nothing beside it
/// (SwiftPM resource bundles must sit next to the executable on Linux).
@main
struct EmbedCatalogues: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = target.directoryURL.appending(path: "Catalogue")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let inputs = names.filter { $0.hasSuffix(".txt") }.sorted().map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedCatalogues.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) message catalogues",
            executable: try context.tool(named: "CatalogueEmbedder").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
