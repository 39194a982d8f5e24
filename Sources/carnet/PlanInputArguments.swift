import Foundation
import Messages
import Records
import Workspace

/// How people write a plan's values on the command line: each kind of argument goes through
/// one function here. Levels and dates go to Records' one parser of people's input
/// (`PeopleInput`: French and English words, accents or not, `30/11/2026`, `novembre 2026`,
/// an ambiguous `03/04/2026` refused with both readings), read in the language of this run;
/// a commitment by its folder or number and a milestone in any case need the plan's ids, so
/// they are looked up in the working copy. A value refused is a usage error (exit 64) naming
/// the option, what was written and what to write instead.
enum PlanInput {
    /// A completion level given to `option` (e.g. `--completion`), in either language.
    static func completion(_ text: String, option: String) throws -> CompletionLevel {
        switch PeopleInput.completion(text, language: Catalogue.language) {
        case .success(let level): return level
        case .failure(let problem): throw refused(option, problem.message)
        }
    }

    /// A day or a month given to `option` (e.g. `--actual-end`), as people write it.
    static func date(_ text: String, option: String) throws -> PlanDate {
        switch PeopleInput.date(text, language: Catalogue.language) {
        case .success(let date): return date
        case .failure(let problem): throw refused(option, problem.message)
        }
    }

    /// A day, not a month, given to `option`: meetings, consultations and answers happen on days.
    static func day(_ text: String, option: String) throws -> PlanDate {
        let date = try date(text, option: option)
        guard date.isDay else { throw refused(option, Catalogue.text("part2.input.day-needed", ["value": .text(text)])) }
        return date
    }

    /// One of a record's choices given to `option` (a meeting's kind, a channel…), in either language.
    static func choice<E: SpokenChoice>(_ text: String, _ type: E.Type, option: String) throws -> E {
        switch PeopleInput.choice(text, type, language: Catalogue.language) {
        case .success(let value): return value
        case .failure(let problem): throw refused(option, problem.message)
        }
    }

    /// The commitment's folder name for what a person typed: `05`, or its number `5`.
    static func commitment(_ given: String, in copy: WorkingCopy) throws -> String {
        try copy.commitmentID(for: given)
    }

    /// The milestone's id for what a person typed: `m3` or `M3`.
    static func milestone(_ given: String, of commitment: String, in copy: WorkingCopy) -> String {
        copy.milestoneID(for: given, in: commitment)
    }

    /// An evidence entry's id for what a person typed: `e3` or `E3`.
    static func evidence(_ given: String) -> String {
        PeopleInput.recordID(given) ?? given
    }

    /// The error for a value refused: where it was given, then what is wrong and what to write.
    static func refused(_ option: String, _ problem: String) -> WorkspaceError {
        .usage(Catalogue.text("cli.input.refused", ["option": .text(option), "problem": .text(problem)]))
    }
}
