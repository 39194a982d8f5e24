import Messages

extension PlanValidator {
    /// periods/*.yaml: a closed period that does not read (damaged YAML, a missing field, a
    /// wrong level) is named with its location instead of being left out of the reports
    /// silently; one the plan has no period for, or whose dates are not its period's, is a
    /// warning (the plan's periods were changed after it was closed).
    func checkClosedPeriods(_ snapshot: PlanSnapshot) -> [Diagnostic] {
        let periods = snapshot.plan?.record.map { ReportingPeriods.of($0) }
        var out: [Diagnostic] = []
        for file in snapshot.closedPeriodFiles() {
            out += file.source.diagnostics
            guard let record = file.record, let periods else { continue }
            guard let period = periods.periods.first(where: { $0.id == file.id }) else {
                out.append(Diagnostic(Location(path: file.source.path), .warning, Said("pp.records.unknown-period", [
                    "period": .text(file.id), "periods": .text(periods.periods.map(\.id).joined(separator: ", "))])))
                continue
            }
            if CalendarDay(first: record.start) != period.start || CalendarDay(last: record.end) != period.end {
                out.append(Diagnostic(file.source.location(of: "end"), .warning, Said("pp.records.dates-differ", [
                    "period": .text(file.id), "start": .text(period.start.description), "end": .text(period.end.description)])))
            }
        }
        return out
    }
}
