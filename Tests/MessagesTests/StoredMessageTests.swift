import Foundation
import Messages
import XCTest

/// A message kept as key and arguments (the hub's refusals, the push log, the daemon's state)
/// reads back as it was written, and is written in words in the reader's language.
final class StoredMessageTests: XCTestCase {
    func testEveryKindOfArgumentSurvivesJSON() throws {
        let message = StoredMessage("format.label", [
            "label": .text("Échéance"),
            "value": .message(key: "format.days", arguments: ["count": .number(3)]),
            "day": .day(year: 2026, month: 9, day: 1), "month": .month(year: 2026, month: 11), "age": .duration(90),
            "seconds": .decimal(0.13), "size": .decimal(2.5, places: 1),
        ])
        let data = try JSONEncoder().encode(message)
        XCTAssertEqual(try JSONDecoder().decode(StoredMessage.self, from: data), message)
        XCTAssertEqual(message.text(in: "en"), "Échéance: 3 days")
        XCTAssertEqual(message.text(in: "fr"), "Échéance\u{00A0}: 3 jours")
    }

    func testMapTextsReachesNestedArgumentsOnly() {
        let message = StoredMessage("format.label", ["label": .text("a\u{1B}b"), "value": .message(key: "format.days-ago", arguments: ["count": .number(2), "x": .text("\u{1B}")])])
        let mapped = message.mapTexts { $0.replacingOccurrences(of: "\u{1B}", with: "?") }
        XCTAssertEqual(mapped.arguments["label"], .text("a?b"))
        XCTAssertEqual(mapped.arguments["value"], .message(key: "format.days-ago", arguments: ["count": .number(2), "x": .text("?")]))
    }

    func testOnlyKnownKeysUnderTheGivenAreasAreKnown() {
        XCTAssertTrue(StoredMessage("format.label", ["value": .message(key: "format.today", arguments: [:])]).isKnown(prefixes: ["format."]))
        XCTAssertFalse(StoredMessage("format.label").isKnown(prefixes: ["hub."]))
        XCTAssertFalse(StoredMessage("format.no-such-key").isKnown(prefixes: ["format."]))
        XCTAssertFalse(StoredMessage("format.label", ["value": .message(key: "language.set", arguments: [:])]).isKnown(prefixes: ["format."]))
        var deep = MessageArgument.text("x")
        for _ in 0..<6 { deep = .message(key: "format.label", arguments: ["value": deep]) }
        XCTAssertFalse(StoredMessage("format.label", ["value": deep]).isKnown(prefixes: ["format."]), "nesting is bounded")
    }

    func testAnArgumentThatWouldTrapIsRefusedWhenRead() {
        XCTAssertThrowsError(try JSONDecoder().decode(MessageArgument.self, from: Data(#"{"duration":1e300}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(MessageArgument.self, from: Data(#"{"day":[2026,1]}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(MessageArgument.self, from: Data(#"{}"#.utf8)))
        // Places out of bounds or not a number: held to 0…6, or two.
        XCTAssertEqual(try JSONDecoder().decode(MessageArgument.self, from: Data(#"{"decimal":1.5,"places":99}"#.utf8)), .decimal(1.5, places: 6))
        XCTAssertEqual(try JSONDecoder().decode(MessageArgument.self, from: Data(#"{"decimal":1.5,"places":1e40}"#.utf8)), .decimal(1.5))
        XCTAssertEqual(try JSONDecoder().decode(MessageArgument.self, from: Data(#"{"decimal":1.5}"#.utf8)), .decimal(1.5, places: 2))
    }
}

/// A message read from a file or a hub nests as deep as its JSON (a hub's verdict line is decoded
/// before its nesting is judged): reading one must not exhaust the stack, on a thread smaller
/// than the main one either. (A nesting of 100 crashed a 512 KiB thread, 150 a 1 MiB one.)
final class StoredMessageDepthTests: XCTestCase {
    func testADeeplyNestedMessageIsRefusedOrReadWithoutCrashing() throws {
        for depth in [12, 15, 20, 100, 150, 169, 170, 5_000] {
            let json = String(repeating: #"{"key":"format.label","arguments":{"value":{"message":"#, count: depth)
                + #"{"key":"format.today","arguments":{}}"# + String(repeating: "}}}", count: depth)
            let done = expectation(description: "read on a small stack")
            let thread = Thread {
                if let message = try? JSONDecoder().decode(StoredMessage.self, from: Data(json.utf8)) {
                    _ = message.text(in: "en")
                    _ = message.isKnown(prefixes: ["format."])
                }
                done.fulfill()
            }
            thread.stackSize = 512 << 10
            thread.start()
            wait(for: [done], timeout: 60)
        }
    }
}
