import Records

/// The Red-Amber-Green rating of a commitment (the manual's §6 case study, Italy's tracker).
/// The rule is stated on the dashboard in these words (Phrase.ragRule); keep the two together.
///
/// - Red: the commitment's end date has passed and it is not complete, or one of its milestones
///   is more than `redAfterDays` past its planned end without being complete.
/// - Amber: a milestone is past its planned end without being complete, or the commitment has
///   not started although its start date has passed.
/// - Green: otherwise (a complete commitment is always green).
public enum RAGRating: String, Sendable, CaseIterable, Codable, Comparable {
    case red, amber, green

    public static let redAfterDays = 90

    public static func < (a: RAGRating, b: RAGRating) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// `maxDaysOverdue`: the most days any milestone is past its planned end while not complete
    /// (nil when none is).
    static func rate(completion: CompletionLevel, start: CalendarDay, end: CalendarDay,
                     maxDaysOverdue: Int?, asOf: CalendarDay) -> RAGRating {
        if completion == .complete { return .green }
        if end < asOf { return .red }
        if let days = maxDaysOverdue, days > redAfterDays { return .red }
        if maxDaysOverdue != nil { return .amber }
        if completion == .notStarted && start < asOf { return .amber }
        return .green
    }
}

extension RAGRating {
    /// A commitment's rating on `today` as the dashboard gives it (PlanOverview.status, judged on
    /// the plan's last day once it is over): for the web app's lists, which keep no overview.
    public static func of(_ commitment: Commitment, progress: CommitmentProgress?, plan: Plan?, today: PlanDate) -> RAGRating {
        PlanOverview.status(of: commitment, progress: progress, asOf: CalendarDay(first: plan?.judgingDay(today) ?? today)).rating
    }
}
