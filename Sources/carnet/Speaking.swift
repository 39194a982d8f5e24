import Foundation
import Messages
import Workspace

/// Chooses the language of this run's messages before anything is parsed or printed, so that
/// help, errors and every message speak it (order: LanguageChoice).
enum Speaking {
    /// `consultingCopy: false` for the hub's hooks, which run in the hub or the hub account's
    /// home, never in a copy: opening one there only fails, and wording that failure read the
    /// catalogue for nothing.
    static func choose(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                       consultingCopy: Bool = true) {
        let flag = value(of: ["--lang"], in: arguments)
        let folder = value(of: ["-C", "--repo"], in: arguments) ?? "."
        var choice = LanguageChoice(flag: flag, environment: environment)
        // The copy is opened only when the flag and CARNET_LANG leave the choice open.
        let decided = [flag, environment["CARNET_LANG"]].compactMap { $0.flatMap(LanguageChoice.code) }
            .contains { Catalogue.shared.speaks($0) }
        if !decided, consultingCopy, let copy = try? WorkingCopy(at: folder) {
            choice.copySetting = copy.languageSetting
            let locale = LanguageChoice.localeLanguage(environment).flatMap(LanguageChoice.code)
            if choice.copySetting == nil, !(locale.map(Catalogue.shared.speaks) ?? false) {
                choice.planLanguages = copy.planLanguages
            }
        }
        Catalogue.language = choice.resolve()
    }

    /// Which source chose a language (`carnet language` says it): the first of the choice's
    /// sources that names a language Carnet speaks, in LanguageChoice's order.
    enum Source: String { case flag, environment, copy, locale, plan, fallback }

    static func source(of choice: LanguageChoice) -> Source {
        let singles: [(Source, LanguageChoice)] = [
            (.flag, LanguageChoice(flag: choice.flag)),
            (.environment, LanguageChoice(environment: choice.environment.filter { $0.key == "CARNET_LANG" })),
            (.copy, LanguageChoice(copySetting: choice.copySetting)),
            (.locale, LanguageChoice(environment: choice.environment.filter { $0.key != "CARNET_LANG" })),
            (.plan, LanguageChoice(planLanguages: choice.planLanguages)),
        ]
        return singles.first { $0.1.candidates.contains { Catalogue.shared.speaks($0) } }?.0 ?? .fallback
    }

    /// The value of an option given as `--name value` or `--name=value` (the last one wins, as
    /// in the parser); nothing after `--`.
    static func value(of names: [String], in arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if names.contains(argument), index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 2
                continue
            }
            for name in names where name.hasPrefix("--") && argument.hasPrefix(name + "=") {
                found = String(argument.dropFirst(name.count + 1))
            }
            index += 1
        }
        return found
    }
}
