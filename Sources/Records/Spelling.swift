/// Which of several spellings a person most likely meant: the one rule for every "did you mean"
/// (misspelt keys of a record, choices written almost right), so that they agree.
enum Spelling {
    /// The candidate closest to `text` by edit distance, when it is a slip: at most two letters
    /// apart, and at most one for a word of five letters or fewer (`evn` is `even`, `ab` is nothing).
    /// Compare folded texts (PeopleInput.fold) so that case and accents are not counted as slips.
    static func closest(to text: String, among candidates: [String]) -> String? {
        guard !text.isEmpty, text.count <= 200 else { return nil }
        let allowed = min(2, max(1, text.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate.count <= 200 {
            let distance = editDistance(text, candidate)
            if distance <= allowed, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Levenshtein distance, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
