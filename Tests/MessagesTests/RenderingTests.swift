import XCTest
@testable import Messages

/// Placeholders, plural forms, numbers, dates and French typography.
final class RenderingTests: XCTestCase {
    let catalogue = Catalogue(files: [
        ("en.txt", """
        @language en
        @plural-one 1
        @thousands ,
        conflicts[one] = {count} conflict
        conflicts[other] = {count} conflicts
        label = {label}: {value}
        quote = "{name}"
        long = one
          two\\nthree
        braces = {{literal}} {x}
        only-en = only here
        format.date = {day} {month} {year}
        format.month-year = {month} {year}
        format.month.9 = September
        format.seconds = {count} s
        format.minutes = {count} min
        format.hours = {count} h
        format.days[one] = {count} day
        format.days[other] = {count} days
        """),
        ("fr.txt", """
        @language fr
        @plural-one 0 1
        @thousands U+202F
        @space-before-colon U+00A0
        @space-before-marks U+202F
        @space-inside-quotes U+202F
        conflicts[one] = {count} conflit
        conflicts[other] = {count} conflits
        label = {label} : {value}
        quote = « {name} » ? Oui ; non !
        url = voir https://example.org : ok
        format.date = {day} {month} {year}
        format.day.1 = 1er
        format.month-year = {month} {year}
        format.month.9 = septembre
        format.days[one] = {count} jour
        format.days[other] = {count} jours
        """),
    ])

    func testPluralFormsFollowEachLanguagesRule() {
        XCTAssertEqual(catalogue.text("conflicts", in: "en", ["count": 0]), "0 conflicts")
        XCTAssertEqual(catalogue.text("conflicts", in: "en", ["count": 1]), "1 conflict")
        XCTAssertEqual(catalogue.text("conflicts", in: "fr", ["count": 0]), "0 conflit")
        XCTAssertEqual(catalogue.text("conflicts", in: "fr", ["count": 1]), "1 conflit")
        XCTAssertEqual(catalogue.text("conflicts", in: "fr", ["count": 2]), "2 conflits")
    }

    func testNumbersHaveEachLanguagesThousandsSeparator() {
        XCTAssertEqual(catalogue.text("conflicts", in: "en", ["count": 1234567]), "1,234,567 conflicts")
        XCTAssertEqual(catalogue.text("conflicts", in: "fr", ["count": 12345]), "12\u{202F}345 conflits")
        XCTAssertEqual(catalogue.text("conflicts", in: "fr", ["count": 999]), "999 conflits")
    }

    /// The daemon's "sync ok in 0,13 s": the shipped catalogue's `@decimal` lines, and the
    /// default mark where a language states none.
    func testDecimalsHaveEachLanguagesMark() {
        XCTAssertEqual(Catalogue.shared.written(.decimal(0.13), in: "fr"), "0,13")
        XCTAssertEqual(Catalogue.shared.written(.decimal(0.13), in: "en"), "0.13")
        XCTAssertEqual(Catalogue.shared.written(.decimal(1234.5), in: "fr"), "1\u{202F}234,50")
        XCTAssertEqual(catalogue.written(.decimal(1.345), in: "en"), "1.35", "no @decimal: a point")
        XCTAssertEqual(catalogue.written(.decimal(-2), in: "en"), "0.00", "a measure is never negative")
        XCTAssertTrue(Catalogue.shared.text("daemon.log.sync", in: "fr", ["result": "ok", "seconds": .decimal(0.13),
                                                                          "summary": "rien", "next": 900]).contains("0,13"))
    }

    /// Sizes on slow links ("2,5 Mio"): one decimal, the same mark and digit groups; places are
    /// bounded whatever a stored message says.
    func testDecimalsWithOtherPlaces() {
        XCTAssertEqual(Catalogue.shared.written(.decimal(2.54, places: 1), in: "fr"), "2,5")
        XCTAssertEqual(Catalogue.shared.written(.decimal(2.56, places: 1), in: "en"), "2.6")
        XCTAssertEqual(Catalogue.shared.written(.decimal(1023.96, places: 1), in: "fr"), "1\u{202F}024,0")
        XCTAssertEqual(Catalogue.shared.written(.decimal(7.5, places: 0), in: "en"), "8")
        XCTAssertEqual(Catalogue.shared.written(.decimal(0.05, places: 3), in: "en"), "0.050")
        XCTAssertEqual(Catalogue.shared.written(.decimal(1, places: 40), in: "en"), "1.000000", "at most six places")
        XCTAssertEqual(Catalogue.shared.written(.decimal(1, places: -3), in: "en"), "1")
        XCTAssertEqual(Catalogue.shared.written(.decimal(.nan, places: 1), in: "en"), "0.0")
        XCTAssertEqual(MessageArgument.decimal(0.13), .decimal(0.13, places: 2), "two places unless said")
    }

    func testFrenchTypographyOnTheCataloguesTextOnly() {
        XCTAssertEqual(catalogue.text("label", in: "fr", ["label": "Statut", "value": "a : b"]), "Statut\u{00A0}: a : b")
        XCTAssertEqual(catalogue.text("quote", in: "fr", ["name": "x"]), "«\u{202F}x\u{202F}»\u{202F}? Oui\u{202F}; non\u{202F}!")
        XCTAssertEqual(catalogue.text("url", in: "fr"), "voir https://example.org\u{00A0}: ok")
        XCTAssertEqual(catalogue.text("label", in: "en", ["label": "Status", "value": "x"]), "Status: x")
    }

    func testDatesAndDurations() {
        XCTAssertEqual(catalogue.render(.day(year: 2026, month: 9, day: 1), in: catalogue.languages["fr"]), "1er septembre 2026")
        XCTAssertEqual(catalogue.render(.day(year: 2026, month: 9, day: 1), in: catalogue.languages["en"]), "1 September 2026")
        XCTAssertEqual(catalogue.render(.month(year: 2026, month: 9), in: catalogue.languages["fr"]), "septembre 2026")
        XCTAssertEqual(catalogue.render(.duration(3 * 86400), in: catalogue.languages["fr"]), "3 jours")
        XCTAssertEqual(catalogue.render(.duration(45), in: catalogue.languages["en"]), "45 s")
    }

    func testContinuationEscapesBracesAndFallback() {
        XCTAssertEqual(catalogue.text("long", in: "en"), "one two\nthree")
        XCTAssertEqual(catalogue.text("braces", in: "en", ["x": "y"]), "{literal} y")
        XCTAssertEqual(catalogue.text("only-en", in: "fr"), "only here")
        XCTAssertEqual(catalogue.text("no.such.key", in: "fr", ["a": "b"]), "no.such.key a=b")
        XCTAssertEqual(catalogue.text("conflicts", in: "xx", ["count": 2]), "2 conflicts")
    }

    func testBrokenFilesAreReportedWithTheirLine() {
        let broken = Catalogue(files: [("es.txt", "@language es\nclave sin igual\nuno = 1\nuno = otra vez\n"), ("de.txt", "a = b\n")])
        XCTAssertEqual(broken.problems.map(\.description).sorted(),
                       ["de.txt:1: no '@language CODE' line", "es.txt:2: expected 'key = text'", "es.txt:4: 'uno' is given twice"])
        // A bad line costs that line, never the language: the first of two duplicates stays.
        XCTAssertEqual(broken.codes, ["es"])
        XCTAssertEqual(broken.text("uno", in: "es"), "1")
    }

    func testLanguageChoiceOrder() {
        let all = Catalogue.shared
        XCTAssertEqual(LanguageChoice(flag: "en", environment: ["CARNET_LANG": "fr", "LANG": "fr_FR.UTF-8"]).resolve(in: all), "en")
        XCTAssertEqual(LanguageChoice(environment: ["CARNET_LANG": "fr", "LANG": "en_GB.UTF-8"]).resolve(in: all), "fr")
        XCTAssertEqual(LanguageChoice(environment: ["LANG": "en_GB.UTF-8"], copySetting: "fr").resolve(in: all), "fr")
        XCTAssertEqual(LanguageChoice(environment: ["LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"]).resolve(in: all), "fr")
        XCTAssertEqual(LanguageChoice(environment: ["LC_MESSAGES": "fr_FR", "LANG": "en_US.UTF-8"]).resolve(in: all), "fr")
        XCTAssertEqual(LanguageChoice(environment: ["LANG": "C.UTF-8"], planLanguages: ["fr", "en"]).resolve(in: all), "fr")
        XCTAssertEqual(LanguageChoice(environment: ["LANG": "de_DE.UTF-8"], planLanguages: ["fr"]).resolve(in: all), "fr")
        XCTAssertEqual(LanguageChoice(environment: [:]).resolve(in: all), "en")
        XCTAssertEqual(LanguageChoice(flag: "../etc", environment: [:]).resolve(in: all), "en")
    }
}
