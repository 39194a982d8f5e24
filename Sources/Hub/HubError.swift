import Records

/// What can go wrong on the hub, each with the exit code the CLI documents (sysexits.h).
public enum HubError: Error, CustomStringConvertible {
    /// Bad arguments. Exit 64.
    case usage(String)
    /// The plan given to `hub init` is invalid. Exit 65.
    case invalid([Diagnostic], String)
    /// No hub (or plan) where one was named. Exit 66.
    case notAHub(String)
    /// The target of `hub init` exists and is not empty. Exit 73.
    case cannotCreate(String)
    /// A file or git operation failed. Exit 74.
    case io(String)
    /// Refused: a push the pusher may not make, a command `hub serve` does not run. Exit 77.
    case refused(String)

    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .invalid: return 65
        case .notAHub: return 66
        case .cannotCreate: return 73
        case .io: return 74
        case .refused: return 77
        }
    }

    public var description: String {
        switch self {
        case .usage(let m), .invalid(_, let m), .notAHub(let m), .cannotCreate(let m), .io(let m), .refused(let m): return m
        }
    }
}
