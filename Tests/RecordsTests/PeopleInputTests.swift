import XCTest
import Records

/// PeopleInput: every accepted form of completion level and date, in both languages, and every
/// refused one (ambiguous dates are refused with both readings, never guessed).
final class PeopleInputTests: XCTestCase {
    func testCompletionInEitherLanguageAnyCaseWithOrWithoutAccents() {
        let accepted: [(String, CompletionLevel)] = [
            ("complete", .complete), ("completed", .complete), ("done", .complete), ("Finished", .complete),
            ("complété", .complete), ("complete", .complete), ("terminé", .complete), ("termine", .complete),
            ("TERMINÉ", .complete), ("achevé", .complete), ("acheve", .complete), ("fini", .complete), ("complet", .complete),
            ("substantial", .substantial), ("Substantiel", .substantial), ("bien avancé", .substantial),
            ("limited", .limited), ("limité", .limited), ("limite", .limited), ("commencé", .limited),
            ("not started", .notStarted), ("not-started", .notStarted), ("Not_Started", .notStarted), ("  not   started ", .notStarted),
            ("non débuté", .notStarted), ("pas commencé", .notStarted), ("non commence", .notStarted), ("Pas encore commencé", .notStarted),
        ]
        for language in ["en", "fr"] {
            for (text, level) in accepted {
                XCTAssertEqual(try? PeopleInput.completion(text, language: language).get(), level, "\(text) in \(language)")
            }
        }
        // A language Carnet does not speak reads the words of those it does.
        XCTAssertEqual(try? PeopleInput.completion("terminé", language: "de").get(), .complete)
    }

    func testCompletionRefusedWithTheAcceptedWordsOfTheLanguage() {
        for text in ["50%", "", "   ", "presque", "in progress", "complete!", "not", String(repeating: "a", count: 10_000),
                     "complete" + String(repeating: " ", count: 300) + "not"] {
            guard case .failure(let problem) = PeopleInput.completion(text, language: "fr") else {
                return XCTFail("\(text) was accepted")
            }
            XCTAssertEqual(problem.kind, .unknownChoice)
        }
        guard case .failure(let fr) = PeopleInput.completion("presque", language: "fr"),
              case .failure(let en) = PeopleInput.completion("nearly", language: "en") else { return XCTFail() }
        XCTAssertEqual(fr.message, "«\u{202F}presque\u{202F}» ne fait pas partie des valeurs admises\u{202F}; "
                       + "écrivez l'une de celles-ci\u{00A0}: non débuté, limité, substantiel, complété")
        XCTAssertEqual(en.message, "'nearly' is not one of the accepted values: write one of not started, limited, substantial, complete")
    }

    func testASlipIsRefusedAndNamed() {
        guard case .failure(let en) = PeopleInput.completion("compelte", language: "en"),
              case .failure(let fr) = PeopleInput.completion("substantiell", language: "fr")
        else { return XCTFail("a slip was taken") }
        XCTAssertEqual(en.suggestion, "complete")
        XCTAssertEqual(en.message, "'compelte': did you mean complete? (write one of not started, limited, substantial, complete)")
        XCTAssertEqual(fr.message, "«\u{202F}substantiell\u{202F}»\u{00A0}: vouliez-vous dire substantiel\u{202F}? "
                       + "(écrivez l'une des valeurs non débuté, limité, substantiel, complété)")
    }

    func testOtherChoicesInPeoplesWords() {
        XCTAssertEqual(try? PeopleInput.choice("transparence", OGPValue.self, language: "fr").get(), .transparency)
        XCTAssertEqual(try? PeopleInput.choice("Participation citoyenne", OGPValue.self, language: "fr").get(), .civicParticipation)
        XCTAssertEqual(try? PeopleInput.choice("civic participation", OGPValue.self, language: "en").get(), .civicParticipation)
        XCTAssertEqual(try? PeopleInput.choice("impair", Plan.YearGroup.self, language: "fr").get(), .odd)
        XCTAssertEqual(try? PeopleInput.choice("Ministère", Ministry.Kind.self, language: "fr").get(), .ministry)
        XCTAssertEqual(try? PeopleInput.choice("working group", Ministry.Kind.self, language: "en").get(), .workingGroup)
    }

    func testSuggestionsForSlips() {
        XCTAssertEqual(PeopleInput.suggestion(for: "compelte", CompletionLevel.self, language: "en"), .complete)
        XCTAssertEqual(PeopleInput.suggestion(for: "substantiall", CompletionLevel.self, language: "en"), .substantial)
        XCTAssertEqual(PeopleInput.suggestion(for: "agnecy", Ministry.Kind.self, language: "en"), .agency)
        XCTAssertEqual(PeopleInput.suggestion(for: "evn", Plan.YearGroup.self, language: "en"), .even)
        XCTAssertEqual(PeopleInput.suggestion(for: "odd", Plan.YearGroup.self, language: "en"), .odd)
        XCTAssertEqual(PeopleInput.suggestion(for: "oud", Plan.YearGroup.self, language: "en"), .odd)
        XCTAssertEqual(PeopleInput.suggestion(for: "lmiited", CompletionLevel.self, language: "en"), .limited)
        XCTAssertNil(PeopleInput.suggestion(for: "50%", CompletionLevel.self, language: "en"))
        XCTAssertNil(PeopleInput.suggestion(for: "ab", Plan.YearGroup.self, language: "en"))
        XCTAssertNil(PeopleInput.suggestion(for: "", CompletionLevel.self, language: "en"))
    }

    // MARK: Dates

    static func day(_ y: Int, _ m: Int, _ d: Int) -> PlanDate { .day(year: y, month: m, day: d) }
    static func month(_ y: Int, _ m: Int) -> PlanDate { .month(year: y, month: m) }

    func testDatesAcceptedInFrench() {
        let accepted: [(String, PlanDate)] = [
            ("30/11/2026", Self.day(2026, 11, 30)), ("2026-11-30", Self.day(2026, 11, 30)), ("30.11.2026", Self.day(2026, 11, 30)),
            ("30-11-2026", Self.day(2026, 11, 30)), ("2026/11/30", Self.day(2026, 11, 30)), ("3/4/2026", Self.day(2026, 4, 3)),
            ("03/04/2026", Self.day(2026, 4, 3)), (" 30/11/2026 ", Self.day(2026, 11, 30)),
            ("novembre 2026", Self.month(2026, 11)), ("Novembre 2026", Self.month(2026, 11)), ("nov. 2026", Self.month(2026, 11)),
            ("nov 2026", Self.month(2026, 11)), ("Nov 2026", Self.month(2026, 11)), ("November 2026", Self.month(2026, 11)),
            ("févr. 2027", Self.month(2027, 2)), ("fevrier 2027", Self.month(2027, 2)), ("décembre 2026", Self.month(2026, 12)),
            ("août 2026", Self.month(2026, 8)), ("aout 2026", Self.month(2026, 8)), ("11/2026", Self.month(2026, 11)),
            ("2026-11", Self.month(2026, 11)),
            ("30 novembre 2026", Self.day(2026, 11, 30)), ("1er septembre 2026", Self.day(2026, 9, 1)),
            ("1ER SEPTEMBRE 2026", Self.day(2026, 9, 1)), ("1 septembre 2026", Self.day(2026, 9, 1)),
            ("29 février 2028", Self.day(2028, 2, 29)), ("2 mars 2026", Self.day(2026, 3, 2)),
        ]
        for (text, date) in accepted {
            XCTAssertEqual(try? PeopleInput.date(text, language: "fr").get(), date, text)
        }
    }

    func testDatesAcceptedInEnglish() {
        let accepted: [(String, PlanDate)] = [
            ("2026-11-30", Self.day(2026, 11, 30)), ("30 November 2026", Self.day(2026, 11, 30)),
            ("November 30, 2026", Self.day(2026, 11, 30)), ("Nov 30 2026", Self.day(2026, 11, 30)),
            ("30th Nov 2026", Self.day(2026, 11, 30)), ("1st September 2026", Self.day(2026, 9, 1)),
            ("Sept 2026", Self.month(2026, 9)), ("sep. 2026", Self.month(2026, 9)), ("November 2026", Self.month(2026, 11)),
            ("novembre 2026", Self.month(2026, 11)), ("30 novembre 2026", Self.day(2026, 11, 30)),
            // A number over 12 settles the order: both are 31 December.
            ("12/31/2026", Self.day(2026, 12, 31)), ("31/12/2026", Self.day(2026, 12, 31)),
            ("30/11/2026", Self.day(2026, 11, 30)), ("11/30/2026", Self.day(2026, 11, 30)),
            // Both readings are the same day.
            ("05/05/2026", Self.day(2026, 5, 5)),
            ("11/2026", Self.month(2026, 11)), ("2026/11/30", Self.day(2026, 11, 30)),
        ]
        for (text, date) in accepted {
            XCTAssertEqual(try? PeopleInput.date(text, language: "en").get(), date, text)
        }
    }

    func testAmbiguousDatesAreRefusedWithBothReadings() {
        for (text, language) in [("03/04/2026", "en"), ("12/11/2026", "en"), ("1.2.2027", "en"), ("03/04/2026", "de")] {
            guard case .failure(let problem) = PeopleInput.date(text, language: language) else {
                return XCTFail("\(text) in \(language) was guessed")
            }
            XCTAssertEqual(problem.kind, .ambiguousDate, text)
            XCTAssertEqual(problem.readings.count, 2, text)
        }
        guard case .failure(let problem) = PeopleInput.date("03/04/2026", language: "en") else { return XCTFail() }
        XCTAssertEqual(problem.readings, [Self.day(2026, 3, 4), Self.day(2026, 4, 3)])
        XCTAssertEqual(problem.message, "'03/04/2026' could be 4 March 2026 or 3 April 2026: write it so that it cannot be misread, "
                       + "as 2026-11-30, 30 November 2026, November 2026 or 2026-11")
        let french = InputProblem(.ambiguousDate, text: "03/04/2026", language: "fr", readings: problem.readings)
        XCTAssertTrue(french.message.contains("peut se lire 4 mars 2026 ou 3 avril 2026"), french.message)
    }

    func testImpossibleAndUnreadableDatesAreRefused() {
        let refused: [(String, String, InputProblem.Kind)] = [
            ("31/02/2026", "fr", .impossibleDate), ("30 février 2026", "fr", .impossibleDate),
            ("11/30/2026", "fr", .impossibleDate),   // day first in French: there is no month 30
            ("13/13/2026", "en", .impossibleDate), ("2026-02-30", "en", .impossibleDate), ("13/2026", "fr", .impossibleDate),
            ("29 février 2027", "fr", .impossibleDate), ("1er janvier 1800", "fr", .impossibleDate),
            ("", "fr", .notADate), ("soon", "en", .notADate), ("bientôt", "fr", .notADate), ("30/11/26", "fr", .notADate),
            ("2026", "fr", .notADate), ("30 novembre", "fr", .notADate), ("novembre", "fr", .notADate),
            ("30 foo 2026", "fr", .notADate), ("1x septembre 2026", "fr", .notADate), ("30//2026", "fr", .notADate),
            ("30/11/2026/1", "fr", .notADate), ("2026-04-01T09:00:00", "en", .notADate),
            (String(repeating: "30/", count: 5000) + "2026", "fr", .notADate),
        ]
        for (text, language, kind) in refused {
            guard case .failure(let problem) = PeopleInput.date(text, language: language) else {
                return XCTFail("'\(text)' was accepted in \(language)")
            }
            XCTAssertEqual(problem.kind, kind, "'\(text.prefix(40))' in \(language)")
        }
        guard case .failure(let fr) = PeopleInput.date("bientôt", language: "fr") else { return XCTFail() }
        XCTAssertEqual(fr.message, "«\u{202F}bientôt\u{202F}» n'est pas une date que Carnet sait lire\u{00A0}: écrivez-la sous la forme "
                       + "30/11/2026, 2026-11-30, 30 novembre 2026, novembre 2026 ou 2026-11")
    }

    func testWhatThePersonWroteIsQuotedVisibly() {
        guard case .failure(let problem) = PeopleInput.date("30/11/2026\u{1B}[2J", language: "en") else { return XCTFail() }
        XCTAssertFalse(problem.message.unicodeScalars.contains("\u{1B}"), problem.message)
        XCTAssertEqual(problem.kind.rawValue, "date-unknown")
    }

    func testRecordIDsInAnyCase() {
        XCTAssertEqual(PeopleInput.recordID("M3"), "m3")
        XCTAssertEqual(PeopleInput.recordID(" 05 "), "05")
        XCTAssertEqual(PeopleInput.recordID("Min-Terres"), "min-terres")
        XCTAssertNil(PeopleInput.recordID("m 3"))
        XCTAssertNil(PeopleInput.recordID("../05"))
        XCTAssertNil(PeopleInput.recordID(""))
    }

    func testFoldingIsOnePlace() {
        XCTAssertEqual(PeopleInput.fold("  Pas_encore-COMMENCÉ  "), "pas encore commence")
        XCTAssertEqual(PeopleInput.fold("Août"), "aout")
        XCTAssertEqual(PeopleInput.fold(""), "")
    }
}
