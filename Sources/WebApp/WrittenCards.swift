import Foundation
import Records
import Report

/// Commitment cards as written, kept by everything a card shows (its commitment's summary, the
/// staleness, the lead's name, the language, the heading level): a card whose facts are the same
/// is the same markup, so the lists write it again instead of filling its sentences again (most
/// of making a page of fifty cards was the catalogue filling each milestone's words). What is
/// kept is never stale: any fact that changes is another key. Bounded: when full, forgotten at
/// once (a page lists fifty; the point of contact's pages a few hundred in all).
final class WrittenCards: @unchecked Sendable {
    struct Key: Hashable {
        var language: String
        var nested: Bool
        var staleAfter: Int
        /// The lead's name as the card says it; nil when the card does not say who leads.
        var lead: String?
        var id: String
        var number: Int?
        var title: String
        var completion: String
        var milestonesComplete: Int
        var milestones: Int
        var overdue: [String]
        var due: [String]
        var missingReasons: [String]
        var staleDays: Int?
        /// The name and planned end of each milestone the card names, in its order.
        var named: [String?]
        var ends: [PlanDate?]

        init(_ c: CommitmentSummary, language: String, staleAfter: Int, nested: Bool, lead: String?) {
            (self.language, self.nested, self.staleAfter, self.lead) = (language, nested, staleAfter, lead)
            (id, number, title, completion) = (c.id, c.number, c.title, c.completion)
            (milestonesComplete, milestones, staleDays) = (c.milestonesComplete, c.milestones, c.staleDays)
            (overdue, due, missingReasons) = (c.overdue, c.due, c.missingReasons)
            let shown = c.overdue + c.due + c.missingReasons
            named = shown.map { c.named[$0]?.name }
            ends = shown.map { c.named[$0]?.end }
        }
    }

    private let lock = NSLock()
    private var cards: [Key: WrittenHTML] = [:]
    private var bytes = 0
    let budget: Int

    init(budget: Int = 1 << 20) { self.budget = budget }

    func card(_ key: Key) -> WrittenHTML? {
        lock.withLock { cards[key] }
    }

    func keep(_ card: WrittenHTML, for key: Key) {
        // The key holds the card's texts again (title, names): counted too. A card bigger than
        // an eighth of the budget (a title of megabytes) is written each time, never kept.
        let size = card.count + key.title.utf8.count + (key.lead?.utf8.count ?? 0)
            + key.named.reduce(0) { $0 + ($1?.utf8.count ?? 0) } + key.id.utf8.count
        guard size <= budget / 8 else { return }
        lock.withLock {
            if bytes + size > budget { (cards, bytes) = ([:], 0) }
            if cards.updateValue(card, forKey: key) == nil { bytes += size }
        }
    }
}
