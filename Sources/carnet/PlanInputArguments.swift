import Foundation
import Messages
import Records
import Workspace

/// How people write a plan's values on the command line: each kind of argument goes through
/// one function here, so that Records' parser of people's input (`PeopleInput`: French and
/// English words, accents or not, `30/11/2026`, `novembre 2026`, ambiguous days refused) is
/// wired in one place once it is merged. Each body then becomes (tried on a merge of the
/// records branch; `cli.input.completion` and `cli.input.date` then go):
///
///     switch PeopleInput.completion(text, language: Catalogue.language) {   // or .date
///     case .success(let level): return level
///     case .failure(let problem): throw refused(option, problem.message)
///     }
///
/// Today they accept the canonical spellings, a commitment by its number and a milestone in
/// any case. A value refused is a usage error (exit 64) naming the option, what was written
/// and what to write instead.
enum PlanInput {
    /// A completion level given to `option` (e.g. `--completion`).
    static func completion(_ text: String, option: String) throws -> CompletionLevel {
        if let level = CompletionLevel(rawValue: text) { return level }
        throw refused(option, Catalogue.text("cli.input.completion", ["given": .text(shown(text)), "levels": .text(CompletionLevel.spelled)]))
    }

    /// A day or a month given to `option` (e.g. `--actual-end`).
    static func date(_ text: String, option: String) throws -> PlanDate {
        if let date = PlanDate(text) { return date }
        throw refused(option, Catalogue.text("cli.input.date", ["given": .text(shown(text))]))
    }

    /// The commitment's folder name for what a person typed: `05`, or its number `5`.
    static func commitment(_ given: String, in copy: WorkingCopy) throws -> String {
        try copy.commitmentID(for: given)
    }

    /// The milestone's id for what a person typed: `m3` or `M3`.
    static func milestone(_ given: String, of commitment: String, in copy: WorkingCopy) -> String {
        copy.milestoneID(for: given, in: commitment)
    }

    /// What the person wrote, as a message quotes it: at most a line's worth.
    static func shown(_ text: String) -> String { text.count > 80 ? text.prefix(80) + "…" : text }

    /// The error for a value refused: where it was given, then what is wrong and what to write.
    static func refused(_ option: String, _ problem: String) -> WorkspaceError {
        .usage(Catalogue.text("cli.input.refused", ["option": .text(option), "problem": .text(problem)]))
    }
}
