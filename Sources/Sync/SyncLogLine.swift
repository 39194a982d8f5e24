import Foundation
import Messages

extension SyncOutcome {
    /// What the daemon writes to the journal for one sync: the summary's facts on one line, in
    /// the daemon's language (it runs each sync with its CARNET_LANG).
    public var logLine: String {
        var parts: [String] = []
        switch status {
        case .inSync:
            parts.append(head.map { Catalogue.text("sync.in-sync-at", ["commit": .text(String($0.prefix(8)))]) } ?? Catalogue.text("sync.in-sync"))
        case .invalidRecords:
            let files = refused.map { file in file.diagnostics.first { $0.severity == .error }.map(\.description) ?? file.path }
            parts.append(Catalogue.text("sync.log.invalid", ["files": .text(Self.list(files))]))
            if let message { parts.append(message) }
        default: parts.append(message ?? status.rawValue)
        }
        if let pid = recoveredFrom { parts.append(Catalogue.text("sync.log.recovered", ["pid": .text(String(pid))])) }
        parts += removedHubLocks ?? []
        if !committed.isEmpty { parts.append(Catalogue.text("sync.committed", ["paths": .text(Self.list(committed))])) }
        if fastForwarded { parts.append(Catalogue.text("sync.took-hub")) }
        if mergeCommit != nil { parts.append(Catalogue.text("sync.merged")) }
        if pushed { parts.append(Catalogue.text("sync.pushed")) }
        if !conflicts.isEmpty { parts.append(Catalogue.text("sync.log.conflicts", ["count": .number(conflicts.count)])) }
        if !keptBoth.isEmpty { parts.append(Catalogue.text("sync.log.kept-both", ["paths": .text(Self.list(keptBoth))])) }
        if !editedDuringSync.isEmpty { parts.append(Catalogue.text("sync.log.edited-during", ["paths": .text(Self.list(editedDuringSync))])) }
        if status == .refused, let serverMessage, !serverMessage.isEmpty {
            parts.append(Catalogue.text("sync.hub-said", ["text": .text(serverMessage)]))
        }
        return parts.joined(separator: "; ")
    }

    private static func list(_ items: [String]) -> String {
        items.count <= 3 ? items.joined(separator: ", ")
            : Catalogue.text("sync.log.list", ["first": .text(items.prefix(2).joined(separator: ", ")), "count": .number(items.count - 2)])
    }
}
