/// Where records live in a plan repository (docs/RECORDS.md).
public enum PlanLayout {
    public static let planFile = "plan.yaml"
    public static let ministriesDir = "ministries"
    public static let commitmentsDir = "commitments"
    public static let evidenceDirName = "evidence"
    /// Closed reporting periods (ClosedPeriod), one file each: periods/p1.yaml.
    public static let periodsDir = "periods"
    public static let maxEvidenceBytes = 25 << 20

    public static func ministryFile(_ id: String) -> String { "\(ministriesDir)/\(id).yaml" }
    public static func commitmentDir(_ id: String) -> String { "\(commitmentsDir)/\(id)" }
    public static func commitmentFile(_ id: String) -> String { "\(commitmentDir(id))/commitment.yaml" }
    public static func progressFile(_ id: String) -> String { "\(commitmentDir(id))/progress.yaml" }
    public static func evidenceDir(_ id: String) -> String { "\(commitmentDir(id))/\(evidenceDirName)" }
    public static func periodFile(_ id: String) -> String { "\(periodsDir)/\(id).yaml" }

    // Participation (docs/RECORDS.md, "Participation"): one file per record.
    public static let participationDir = "participation"
    public static let participationProcessFile = "participation/process.yaml"
    public static let participationFilesDir = "participation/files"
    public static func participationFile(_ record: Participation) -> String {
        switch record {
        case .process: return participationProcessFile
        case .meeting(let id): return "\(participationDir)/meetings/\(id).yaml"
        case .consultation(let id): return "\(participationDir)/consultations/\(id).yaml"
        case .communication(let id): return "\(participationDir)/communications/\(id).yaml"
        case .document(let id): return "\(participationDir)/documents/\(id).yaml"
        case .review(let organisation, let commitment): return "\(participationDir)/reviews/\(organisation)/\(commitment).yaml"
        case .file(let name): return "\(participationFilesDir)/\(name)"
        }
    }

    /// A path under participation/: a record, or a document of the process (`file`).
    public enum Participation: Equatable, Sendable {
        case process
        case meeting(String)
        case consultation(String)
        case communication(String)
        case document(String)
        case review(organisation: String, commitment: String)
        case file(String)

        /// The folders of one-file records, by name.
        public static let folders = ["meetings", "consultations", "communications", "documents"]

        static func of(_ parts: [String]) -> Participation? {
            guard parts.count >= 2, parts[0] == participationDir else { return nil }
            if parts.count >= 3, parts[1] == "files" { return .file(parts[2...].joined(separator: "/")) }
            if parts == [participationDir, "process.yaml"] { return .process }
            if parts.count == 4, parts[1] == "reviews", parts[3].hasSuffix(".yaml"), parts[3].count > 5 {
                return .review(organisation: parts[2], commitment: String(parts[3].dropLast(5)))
            }
            guard parts.count == 3, parts[2].hasSuffix(".yaml"), parts[2].count > 5 else { return nil }
            let id = String(parts[2].dropLast(5))
            switch parts[1] {
            case "meetings": return .meeting(id)
            case "consultations": return .consultation(id)
            case "communications": return .communication(id)
            case "documents": return .document(id)
            default: return nil
            }
        }

        public var isRecord: Bool {
            if case .file = self { return false }
            return true
        }
    }

    /// What a repository path is, for ownership and validation.
    public enum Kind: Equatable, Sendable {
        case plan
        case ministry(String)
        case commitment(String)
        case progress(String)
        case evidence(commitment: String, file: String)
        /// A closed period's snapshot: written once by the point of contact, never changed.
        case period(String)
        case participation(Participation)
        case other
    }

    public static func kind(of path: String) -> Kind {
        let parts = path.split(separator: "/").map(String.init)
        if parts == [planFile] { return .plan }
        if parts.count == 2, parts[0] == ministriesDir, parts[1].hasSuffix(".yaml") {
            return .ministry(String(parts[1].dropLast(5)))
        }
        if parts.count == 3, parts[0] == commitmentsDir {
            if parts[2] == "commitment.yaml" { return .commitment(parts[1]) }
            if parts[2] == "progress.yaml" { return .progress(parts[1]) }
        }
        if parts.count == 2, parts[0] == periodsDir, parts[1].hasSuffix(".yaml") {
            return .period(String(parts[1].dropLast(5)))
        }
        if parts.count >= 4, parts[0] == commitmentsDir, parts[2] == evidenceDirName {
            return .evidence(commitment: parts[1], file: parts[3...].joined(separator: "/"))
        }
        if let record = Participation.of(parts) { return .participation(record) }
        return .other
    }

    /// What goes together when a change is kept back: a commitment's folder (its progress and
    /// evidence refer to each other), or the file itself elsewhere.
    public static func unit(of path: String) -> String {
        let parts = path.split(separator: "/", maxSplits: 2)
        return parts.count >= 2 && parts[0] == Substring(commitmentsDir) ? "\(parts[0])/\(parts[1])" : path
    }

    /// Whether a path holds a YAML record (as opposed to evidence or other files).
    public static func isRecord(_ path: String) -> Bool {
        switch kind(of: path) {
        case .plan, .ministry, .commitment, .progress: return true
        case .participation(let p): return p.isRecord
        default: return false
        }
    }
}
