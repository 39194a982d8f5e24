import Foundation
import Messages
import Records

/// What a change did, written for people in the report's language from the files it
/// touched (progress, the commitment's text, an evidence file): public pages never show a
/// commit's subject ("Hand edits: commitments/05/…"), which is plumbing, not news.
enum ChangeDescription {
    /// `milestoneName`: a milestone's name as people read it (its official code, else its id).
    static func describe(_ change: Change, commitment id: String, _ l: Localizer,
                         milestoneName: (String) -> String = { $0 }) -> [String] {
        var said: [String] = []
        var evidence: [String] = []
        for path in change.paths(inCommitment: id) {
            switch PlanLayout.kind(of: path) {
            case .commitment(id): said.append(l[DashPhrase.changeCommitment])
            case .progress(id):
                // From the records' own change where it was read ("Milestone m3: Complete…").
                if let facts = change.progressFacts[id], !facts.isEmpty {
                    said += facts.map { l.describe($0, milestoneName: milestoneName) }
                } else {
                    said.append(l[DashPhrase.changeProgress])
                }
            case .evidence(id, let file): evidence.append((file as NSString).lastPathComponent)
            default: break
            }
        }
        if !evidence.isEmpty {
            said.append(l.format(DashPhrase.changeEvidence, ["count": .number(evidence.count), "name": .text(evidence.sorted().joined(separator: ", "))]))
        }
        return said.isEmpty ? [l[DashPhrase.changePlan]] : said
    }
}

/// The internal site's "who changed what": each person seen in the history read, their last
/// change and what they touched, for the point of contact's team (never on the public site).
struct DashboardActivity {
    let site: SiteContext

    struct PersonActivity {
        var name: String
        var last: Date
        var changes: Int
        var commitments: Set<String>
    }

    /// People by latest change first; a change listed under several commitments counts once.
    func people() -> [PersonActivity] {
        var seen: Set<String> = []
        var byName: [String: PersonActivity] = [:]
        for (id, changes) in site.history.byCommitment {
            for change in changes {
                var entry = byName[change.author] ?? PersonActivity(name: change.author, last: change.date, changes: 0, commitments: [])
                let key = "\(change.date.timeIntervalSince1970)|\(change.author)|\(change.summary)"
                if seen.insert(key).inserted { entry.changes += 1 }
                entry.last = max(entry.last, change.date)
                entry.commitments.insert(id)
                byName[change.author] = entry
            }
        }
        return byName.values.sorted { ($0.last, $1.name) > ($1.last, $0.name) }
    }

    func section() -> BodyNode {
        let l = site.l
        let list = people()
        let numbers = Dictionary(uniqueKeysWithValues: site.overview.commitments.map { ($0.id, $0.commitment.number) })
        return .group(
            .h2(.id("activity"), .txt(l[DashPhrase.whoChangedHeading])),
            list.isEmpty ? .p(.txt(l[.noHistory])) : table(caption: nil,
                header: [l[DashPhrase.person], l[DashPhrase.lastSeen], l[DashPhrase.changesCount], l[.commitments]],
                rows: list.map { p in [
                    .txt(p.name),
                    .txt("\(l.date(CalendarDay(p.last))) (\(l.ago(days: max(0, CalendarDay(p.last).days(to: site.overview.asOf)))))"),
                    .txt(l.number(p.changes)),
                    .group(p.commitments.sorted { (numbers[$0] ?? 0, $0) < (numbers[$1] ?? 0, $1) }.enumerated().map { i, id in
                        .group(.if(i > 0, .txt(", ")), .a(.href(SiteContext.commitmentPage(id)), .txt(numbers[id].map(String.init) ?? id)))
                    }),
                ] }))
    }
}
