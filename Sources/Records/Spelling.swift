/// Which of several spellings a person most likely meant: the one rule for every "did you mean"
/// (misspelt keys of a record, choices written almost right), so that they agree.
enum Spelling {
    /// The candidate closest to `text` by edit distance, when it is a slip: at most two slips,
    /// and at most one for a word of five letters or fewer (`evn` is `even`, `titel` is `title`,
    /// `ab` is nothing).
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

    /// Edit distance by characters, where swapping two neighbours counts as one slip (`titel`,
    /// `compelte`): the optimal string alignment distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            before = previous
            previous = current
        }
        return previous[b.count]
    }
}
