import Foundation
import Records

/// The log of communications with stakeholders, as a CSV file for the IRM researcher (manual:
/// "keep a log of communications"): one row per question, its deadline (20 working days) and
/// whether it was answered in time. The sender is left out unless they agreed to be named
/// (`from_public`) or `includePrivate` is asked for. Column names are language-neutral (the
/// records' own keys): the file is data, read by people of any language and by scripts. Cells
/// are written by OpenData's one CSV writer (quoting, no formula).
public struct CommunicationsLog {
    public static let header = ["id", "received", "from", "from_public", "channel", "question", "answered", "answer",
                                "answered_by", "deadline", "working_days", "state"]

    let plan: Plan
    let records: ParticipationRecords
    let asOf: PlanDate

    public init(plan: Plan, records: ParticipationRecords, asOf: PlanDate) {
        self.plan = plan
        self.records = records
        self.asOf = asOf
    }

    /// Texts in the plan's first language (the others in their own columns would multiply them).
    private func text(_ t: Text?) -> String { t?.anyValue(preferring: plan.language) ?? "" }

    public func csv(includePrivate: Bool = false) -> Data {
        let answers = Dictionary(uniqueKeysWithValues: ParticipationRules(plan: plan, records: records, today: asOf).answers().map { ($0.communication, $0) })
        let rows: [[String]] = records.sortedCommunications.map { c in
            let a = answers[c.id]
            return [c.id, c.received.description, c.fromPublic || includePrivate ? c.from : "", c.fromPublic ? "true" : "false",
                    c.channel.rawValue, text(c.question), c.answered?.description ?? "", text(c.answer), c.answeredBy ?? "",
                    a?.deadline.description ?? "", a.map { String($0.workingDays) } ?? "", a?.state.rawValue ?? ""]
        }
        return OpenData.csv(Self.header, rows)
    }
}
