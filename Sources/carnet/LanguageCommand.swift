import ArgumentParser
import Foundation
import Messages
import Workspace

/// `carnet language [CODE]`: which language this copy's messages are in and why; with a code,
/// this person's choice for this copy (kept in .git/config, docs/LANGUAGES.md).
struct LanguageCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "language", abstract: Catalogue.text("help.language.abstract"),
                             discussion: Catalogue.text("help.language.discussion"))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("help.language.code", ["codes": .text(Wording.languageCodes)]), valueName: Catalogue.text("help.value.code")))
    var code: String?
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var language: MessagesLanguageOption

    func run() throws {
        guard let code else { return describe() }
        guard let wanted = LanguageChoice.code(code), Catalogue.shared.speaks(wanted) else {
            Console.error(Catalogue.text("language.unknown", ["code": .text(code), "available": .text(Wording.languageCodes)]))
            throw ExitCode.validationFailure
        }
        let copy = try repository.open()
        try Failure.guarded { try copy.setLanguageSetting(wanted) }
        // Said in the language just chosen: the person sees the choice at work.
        Console.line(Catalogue.text("language.set", in: wanted))
    }

    static func words(_ source: Speaking.Source) -> String {
        switch source {
        case .flag: Catalogue.text("cli.language.source.flag")
        case .environment: Catalogue.text("cli.language.source.environment")
        case .copy: Catalogue.text("cli.language.source.copy")
        case .locale: Catalogue.text("cli.language.source.locale")
        case .plan: Catalogue.text("cli.language.source.plan")
        case .fallback: Catalogue.text("cli.language.source.fallback")
        }
    }

    /// The language in use here, and the source that chose it.
    private func describe() {
        let copy = try? WorkingCopy(at: repository.repository)
        let choice = LanguageChoice(flag: language.language, environment: ProcessInfo.processInfo.environment,
                                    copySetting: copy?.languageSetting, planLanguages: copy?.planLanguages ?? [])
        let code = choice.resolve()
        let nameKey = "cli.language.name.\(code)"
        let name = Catalogue.shared.has(nameKey, in: Catalogue.language) ? Catalogue.text(nameKey)
            : Catalogue.shared.languages[code]?.conventions.name ?? code
        Console.line(Catalogue.text("language.current", [
            "name": .text(name), "code": .text(code),
            "source": .text(Self.words(Speaking.source(of: choice)))]))
    }
}
