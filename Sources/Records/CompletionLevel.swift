/// The manual's four completion levels (section 7, "Modèle d'achèvement de l'engagement").
public enum CompletionLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case notStarted = "not-started"
    case limited
    case substantial
    case complete

    public var rank: Int { CompletionLevel.allCases.firstIndex(of: self)! }

    public static func < (a: CompletionLevel, b: CompletionLevel) -> Bool { a.rank < b.rank }

    public static var spelled: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// OGP values a commitment is relevant to.
public enum OGPValue: String, Sendable, CaseIterable, Codable {
    case transparency
    case accountability
    case civicParticipation = "civic-participation"
    case technologyInnovation = "technology-innovation"
}
