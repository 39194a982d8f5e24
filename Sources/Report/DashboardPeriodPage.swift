import Messages
import Records

/// The words of the per-period pages: catalogue keys `pp.<case>` (that work's own block).
enum PeriodPhrase: String, CaseIterable {
    case title, heading, intro, sourceClosed, sourceHistory, sourceUnderWay, sourceUnknown
    case sincePrevious, sinceStart, previousUnknown, planStart, changedCount, completedCount
    case otherPeriods, completion, unchanged, noChange, noMilestone, notYet, indexHeading, indexNote
    case pageLinks, periodUnderWay, periodEnded

    var key: String {
        // camelCase → kebab-case: sourceClosed → pp.source-closed
        "pp." + rawValue.reduce(into: "") { out, c in
            if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
        }
    }
}

extension Localizer {
    subscript(_ phrase: PeriodPhrase) -> String { periodWords[phrase] ?? Catalogue.text(phrase.key, in: code) }
    func format(_ phrase: PeriodPhrase, _ arguments: [String: MessageArgument]) -> String {
        Catalogue.text(phrase.key, in: code, arguments)
    }
}

/// period-<id>.html: the update the manual asks to publish at least every six months, ready to
/// publish as it is — for each commitment, its completion and each milestone's at the start and
/// at the end of the period, the results, reasons for delay and next steps as the records held
/// them then. Public by default like every page: record texts and levels only, no plumbing.
struct DashboardPeriodPage {
    let site: SiteContext
    let update: PeriodUpdate

    private var l: Localizer { site.l }
    private var o: PlanOverview { site.overview }
    private var p: ReportingPeriod { update.period }

    func render() -> [UInt8] {
        let title = l.dash2("period.title", ["span": .text(l.span(p))])
        return site.page(title: title, current: "", [
            .h1(.txt(title)),
            .p(.cls("status"), .txt(l.format(.intro, ["start": .text(l.date(p.start)), "end": .text(l.date(p.end))]))),
            .p(.txt(source())),
            .if(update.isKnown, .p(.txt(comparedWith()))),
            .if(update.isKnown, figures()),
            others(),
            .if(update.isKnown, .group(commitments())),
        ])
    }

    /// Every commitment's section; the words every section shares are written once.
    private func commitments() -> [BodyNode] {
        let name = l.span(p)
        let startLabel = update.previous.map { l.dash2("period.column-on", ["date": .text(l.date($0.end))]) } ?? l[.planStart]
        let endLabel = update.endDay < p.end
            ? l.format(.periodsNow, ["date": .text(l.date(update.endDay))])
            : l.dash2("period.column-on", ["date": .text(l.date(p.end))])
        let unchanged = Dictionary(uniqueKeysWithValues: CompletionLevel.allCases.map { ($0, l.format(.unchanged, ["level": .text(l.completion($0))])) })
        return o.commitments.map { commitment($0, name: name, header: [l[.milestone], startLabel, endLabel, l[.note]], unchanged: unchanged) }
    }

    private func source() -> String {
        switch update.source {
        case .closed(let on, _): return l.format(.sourceClosed, ["date": .text(l.date(on))])
        case .history: return l.format(.sourceHistory, ["date": .text(l.date(p.end))])
        case .underWay: return l.format(.sourceUnderWay, ["date": .text(l.date(update.endDay)), "end": .text(l.date(p.end))])
        case .unknown: return l[.sourceUnknown]
        }
    }

    private func comparedWith() -> String {
        guard let previous = update.previous else { return l.format(.sinceStart, ["date": .text(l.date(p.start))]) }
        guard update.start != nil else { return l.dash2("period.previous-unknown", ["span": .text(l.span(previous))]) }
        return l.dash2("period.since-previous", ["span": .text(l.span(previous)), "date": .text(l.date(previous.end))])
    }

    private func figures() -> BodyNode {
        // Without the state at the period's start nothing can be counted as changed: no "0" guessed.
        guard update.start != nil else { return .empty }
        // Counted, not filtered: a filter copies every status it keeps.
        let moved = o.commitments.reduce(0) { $0 + (changed($1) ? 1 : 0) }
        let completed = o.commitments.reduce(0) { total, s in
            s.milestones.reduce(total) { count, m in
                update.levelAtEnd(s.id, milestone: m.milestone.id) == .complete
                    && update.levelAtStart(s.id, milestone: m.milestone.id) != .complete
                    && update.start != nil ? count + 1 : count
            }
        }
        return .ul(.cls("cards"),
            .li(.strong(.txt(l.number(moved))), .txt(l.format(.changedCount, ["count": .number(moved)]))),
            .li(.strong(.txt(l.number(completed))), .txt(l.format(.completedCount, ["count": .number(completed)]))))
    }

    /// Links to the other periods' pages.
    private func others() -> BodyNode {
        let all = site.periodUpdates.filter { $0.period != p }
        guard !all.isEmpty else { return .empty }
        return .nav(.attr("aria-label", l[.otherPeriods]), .p(.txt(l.label(.period)),
            .forEach(Array(all.enumerated())) { i, u in
                .group(.if(i > 0, .txt(", ")), link(PeriodUpdate.page(u.period), l.span(u.period)))
            }))
    }

    private func changed(_ s: CommitmentStatus) -> Bool {
        guard update.start != nil else { return false }
        if update.levelAtEnd(s.id) != update.levelAtStart(s.id) { return true }
        return s.milestones.contains { update.levelAtEnd(s.id, milestone: $0.milestone.id) != update.levelAtStart(s.id, milestone: $0.milestone.id) }
    }

    private func levelText(_ level: CompletionLevel?) -> String { level.map { l.completion($0) } ?? "—" }

    private func commitment(_ s: CommitmentStatus, name: String, header: [String], unchanged: [CompletionLevel: String]) -> BodyNode {
        let state = update.end[s.id]
        let before = update.levelAtStart(s.id), after = update.levelAtEnd(s.id)
        let completion: String
        if state == nil {
            completion = l[.notYet]
        } else if update.start == nil {
            completion = levelText(after)  // nothing to compare with: no "unchanged" guessed
        } else if before == after {
            completion = after.flatMap { unchanged[$0] } ?? l.format(.unchanged, ["level": .text(levelText(after))])
        } else {
            completion = "\(levelText(before)) → \(levelText(after))"
        }
        let rows: [[BodyNode]] = s.milestones.map { m in
            let id = m.milestone.id
            let was = update.levelAtStart(s.id, milestone: id), now = update.levelAtEnd(s.id, milestone: id)
            let ms = state?.milestone(id)
            let moved = update.start != nil && was != now && now != nil
            return [
                .group(.strong(.txt(l.milestoneName(m.milestone))), .txt(" "), inline(l.text(m.milestone.activity), l)),
                .txt(update.start == nil ? "—" : levelText(was)),
                moved ? .strong(.txt(levelText(now))) : .txt(levelText(now)),
                .group(.unwrap(l.text(ms?.note)) { block($0, l) },
                       .unwrap(l.text(ms?.delayReason)) { .p(.strong(.txt(l.label(.delayReason))), inline($0, l)) }),
            ]
        }
        return .group(
            .h2(.id("c-\(s.id)"), site.commitmentLink(s)),
            .p(.txt(l.labelled(l[.completion], completion)),
               .if(state != nil && !changed(s) && update.start != nil, .group(.txt(" — "), .txt(l[.noChange])))),
            rows.isEmpty ? .p(.txt(l[.noMilestone]))
                : table(caption: name + " — " + l.plain(s.commitment.title), header: header, rows: rows),
            .if(state != nil, fields([
                (l[.results], text(state?.results)),
                (l[.delayReason], text(state?.delayReason)),
                (l[.nextSteps], text(state?.nextSteps)),
            ])))
    }

    private func text(_ t: RecordText?) -> BodyNode {
        l.text(t) == nil ? .span(.cls("empty"), .txt("—")) : block(l.text(t), l)
    }
}

extension SiteContext {
    /// "Six-monthly updates: p1, p2, p3 (under way)": links to every period page, for the index
    /// and each commitment page (`anchor`: the commitment's section on those pages).
    func periodLinks(anchor: String? = nil) -> BodyNode {
        guard !periodUpdates.isEmpty else { return .empty }
        return .p(.txt(l.label(PeriodPhrase.pageLinks)),
            .forEach(Array(periodUpdates.enumerated())) { i, u in
                let name = u.period.end >= overview.asOf
                    ? l.dash2("period.under-way", ["span": .text(l.span(u.period))])
                    : l.span(u.period)
                // A period whose state is not known has no commitment sections to point into.
                let target = u.isKnown ? anchor.map { "#" + $0 } ?? "" : ""
                return .group(.if(i > 0, .txt(", ")), link(PeriodUpdate.page(u.period) + target, name))
            })
    }
}

extension Localizer {
    /// "Label: " for a period phrase.
    func label(_ phrase: PeriodPhrase) -> String { labelled(self[phrase], "") }
}
