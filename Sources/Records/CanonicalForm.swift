extension PlanSnapshot {
    /// For every record that reads without error, its canonical text (path → text). Invalid
    /// records are left out: they are never rewritten.
    public func canonicalTexts() -> [(path: String, text: String)] {
        var out: [(String, String)] = []
        func add<R>(_ entry: Entry<R>?, _ write: (R) -> String) {
            guard let entry, let record = entry.record, !entry.source.diagnostics.hasErrors else { return }
            out.append((entry.source.path, write(record)))
        }
        add(plan) { $0.canonicalYAML }
        for id in ministries.keys.sorted() { add(ministries[id]) { $0.canonicalYAML } }
        for folder in sortedCommitments {
            add(folder.commitment) { $0.canonicalYAML }
            add(folder.progress) { $0.canonicalYAML }
        }
        out += participation.canonicalTexts()
        return out
    }
}
