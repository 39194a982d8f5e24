import Foundation
import Messages
import Records
import Workspace

/// How people write a plan's values on the command line: each kind of argument goes through
/// one function here, so that when Records' parser of people's input (French and English
/// words, accents or not, `30/11/2026`, `novembre 2026`) is merged, it is wired in one place.
/// Today they accept the canonical spellings, a commitment by number and a milestone in any case.
/// A value refused is a usage error (exit 64) naming the option and the accepted forms.
enum PlanInput {
    /// A completion level given to `option` (e.g. `--completion`).
    static func completion(_ text: String, option: String) throws -> CompletionLevel {
        if let level = CompletionLevel(rawValue: text) { return level }
        throw WorkspaceError.usage(Catalogue.text("cli.input.completion", [
            "option": .text(option), "given": .text(text), "levels": .text(CompletionLevel.spelled)]))
    }

    /// A day or a month given to `option` (e.g. `--actual-end`).
    static func date(_ text: String, option: String) throws -> PlanDate {
        if let date = PlanDate(text) { return date }
        throw WorkspaceError.usage(Catalogue.text("cli.input.date", ["option": .text(option), "given": .text(text)]))
    }

    /// The commitment's folder name for what a person typed: `05`, or its number `5`.
    static func commitment(_ given: String, in copy: WorkingCopy) throws -> String {
        try copy.commitmentID(for: given)
    }

    /// The milestone's id for what a person typed: `m3` or `M3`.
    static func milestone(_ given: String, of commitment: String, in copy: WorkingCopy) -> String {
        copy.milestoneID(for: given, in: commitment)
    }
}
