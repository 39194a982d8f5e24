import Messages

/// The one definition of a path Carnet will take into a plan, write to disk or read from a
/// tree: git's own rules (`verify_path` and fsck's `.git` checks, for every file system git
/// protects: NTFS short names and trailing dots or spaces, HFS+ ignorable code points), plus
/// Carnet's own: no `.git*` name at all (a `.gitattributes` or `.gitmodules` from one ministry
/// changes how every other copy reads its files; Carnet itself writes none), no control
/// characters or backslashes. Used by the hub (verify), sync and clone (a hostile hub's tree),
/// validation and the importers: a rule written twice would disagree.
public enum PathRules {
    /// Why `path` (relative, `/`-separated, as git stores it) is refused; nil when it is safe.
    /// Bytes of one name and of a whole path: file systems take 255 a name, and a copy lives
    /// some folders deep. git itself takes longer, which is why the limit is Carnet's own.
    public static let maxNameBytes = 200
    public static let maxPathBytes = 1000

    public static func problem(in path: String) -> String? {
        if path.isEmpty { return Catalogue.text("records.path.empty") }
        if path.utf8.count > maxPathBytes { return Catalogue.text("records.path.too-long", ["max": .number(maxPathBytes)]) }
        if path.hasPrefix("/") { return Catalogue.text("records.path.absolute") }
        if path.unicodeScalars.contains(where: isControl) {
            return Catalogue.text("records.path.control")
        }
        // A name that reads backwards (`…fdp.html` shown for `…html.pdf`) misleads whoever opens it.
        if path.unicodeScalars.contains(where: isBidiControl) {
            return Catalogue.text("records.path.bidi")
        }
        if path.contains("\\") { return Catalogue.text("records.path.backslash") }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if let problem = problem(inName: String(component)) { return problem }
        }
        return nil
    }

    /// Why one path component is refused; nil when it is safe. A name read from a tree entry is
    /// checked alone: it gets every rule a path gets (a raw tree may name an entry `a/b`).
    public static func problem(inName name: String) -> String? {
        if name.isEmpty { return Catalogue.text("records.path.empty-component") }
        if name.utf8.count > maxNameBytes { return Catalogue.text("records.path.name-too-long", ["max": .number(maxNameBytes)]) }
        if name.contains("/") { return Catalogue.text("records.path.slash") }
        if name.unicodeScalars.contains(where: isControl) { return Catalogue.text("records.path.control") }
        if name.contains("\\") { return Catalogue.text("records.path.backslash") }
        if name == "." || name == ".." { return Catalogue.text("records.path.dot-component", ["name": .text(name)]) }
        if isGitName(name) { return Catalogue.text("records.path.git-name", ["name": .text(name)]) }
        return nil
    }

    /// `.git` in any spelling a file system may take for it, and every `.git*` file.
    static func isGitName(_ name: String) -> Bool {
        // HFS+ ignores these code points when it compares names: ".g\u{200C}it" is ".git".
        let visible = String(String.UnicodeScalarView(name.unicodeScalars.filter { !isHFSIgnorable($0) }))
        let folded = visible.lowercased()
        // NTFS drops trailing dots and spaces: ".git. " is ".git".
        var trimmed = Substring(folded)
        while let last = trimmed.last, last == "." || last == " " { trimmed = trimmed.dropLast() }
        if trimmed.hasPrefix(".git") { return true }
        // NTFS 8.3 short name of ".git" (and of any name starting with "git": git~1 … git~9).
        if trimmed.count == 5, trimmed.hasPrefix("git~"), let digit = trimmed.last, digit.isNumber { return true }
        return false
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    static func isHFSIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200C...0x200F, 0x202A...0x202E, 0x206A...0x206F, 0xFEFF: return true
        default: return false
        }
    }
}
