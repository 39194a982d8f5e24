import Messages
import Records

/// What can go wrong in a working copy, each with the exit code the CLI documents (sysexits.h).
public enum WorkspaceError: Error, CustomStringConvertible {
    /// Bad arguments: an unknown commitment or milestone, a malformed date. Exit 64.
    case usage(String)
    /// Records that are (or would become) invalid. Exit 65.
    case invalid([Diagnostic], String)
    /// No plan repository here. Exit 66.
    case notAPlan(String)
    /// A target that exists already. Exit 73.
    case cannotCreate(String)
    /// Nobody configured as author. Exit 78.
    case noAuthor
    /// A git or file system failure. Exit 74.
    case io(String)
    /// Refused by the access rules: this copy's ministry may not write it (the hub would refuse). Exit 77.
    case refused(String)

    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .invalid: return 65
        case .notAPlan: return 66
        case .cannotCreate: return 73
        case .io: return 74
        case .refused: return 77
        case .noAuthor: return 78
        }
    }

    public var description: String {
        switch self {
        case .usage(let m), .notAPlan(let m), .cannotCreate(let m), .io(let m), .refused(let m): return m
        case .invalid(_, let m): return m
        case .noAuthor:
            return Catalogue.text("workspace.no-author")
        }
    }

    public var diagnostics: [Diagnostic] {
        if case .invalid(let d, _) = self { return d }
        return []
    }
}
