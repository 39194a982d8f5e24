import Git
import Messages
import Records

/// The one rule for a raw tree entry, as a tree object stores it: what a plan may hold, judged
/// before anything of the tree is written (sync, clone) or taken (the hub's verify). PathRules
/// on the joined path, and what a joined path hides: a name that is not UTF-8 (read as U+FFFD),
/// a name holding a `/`, a link or a submodule.
public enum TreeEntryRule {
    public static func problem(_ entry: TreeEntry) -> String? {
        if !entry.nameIsUTF8 { return Catalogue.text("workspace.entry.not-utf8") }
        if let problem = PathRules.problem(in: entry.path) { return problem }
        // A raw tree may hold a name with a '/', which the joined path above hides.
        if entry.name.contains("/") { return Catalogue.text("workspace.entry.slash") }
        switch entry.kind {
        case .file, .executable, .folder: return nil
        case .symbolicLink: return Catalogue.text("workspace.entry.symbolic-link")
        case .submodule: return Catalogue.text("workspace.entry.submodule")
        }
    }
}
