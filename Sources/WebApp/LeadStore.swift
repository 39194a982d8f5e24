import Foundation
import Git

/// The leads LeadIndex read, kept between runs of `carnet web` in the copy's git folder: one line
/// per `commitment.yaml` blob id, its leads after it (`<id>\t<lead>\t<lead>`). Only a cache: a
/// blob id names the content, so an entry can be stale only if the file was altered by hand; a
/// file that is missing, too big, of another version or with a line that is not an id and names
/// is read as empty (everything is parsed again), and a failure to write it is ignored. It
/// decides nothing: what a copy may write is still checked by the access rule at each save.
enum LeadStore {
    static let header = "carnet web leads 1"
    /// Far above a 1,000-commitment plan's (some 60 KiB).
    static let maxBytes = 8 << 20

    static func read(_ file: URL) -> [ObjectID: Set<String>] {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return [:] }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maxBytes + 1), data.count <= maxBytes,
              let text = String(data: data, encoding: .utf8) else { return [:] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(header) else { return [:] }
        lines.removeFirst()
        var leads: [ObjectID: Set<String>] = [:]
        for line in lines where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, fields[0].count == 40, let id = ObjectID(hex: String(fields[0])),
                  fields.dropFirst().allSatisfy(usable) else { return [:] }
            leads[id] = Set(fields.dropFirst().map(String.init))
        }
        return leads
    }

    static func write(_ leads: [ObjectID: Set<String>], to file: URL) {
        var text = header + "\n"
        for (id, names) in leads.sorted(by: { $0.key.description < $1.key.description }) where !names.isEmpty && names.allSatisfy({ usable(Substring($0)) }) {
            text += id.description + "\t" + names.sorted().joined(separator: "\t") + "\n"
        }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: file, options: .atomic)
    }

    /// An organisation id as a record names it: no tab, line break or other control character.
    private static func usable(_ name: Substring) -> Bool {
        !name.isEmpty && name.count <= 200 && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
