import XCTest
@testable import Git

/// Where a line of commits is cut into steps: shared by the hub's published fetch steps and a
/// sync's pushes in steps, so one set of cases holds both to the same rule.
final class HistoryStepCutterTests: XCTestCase {
    private func id(_ n: Int) -> ObjectID { ObjectID(hex: String(repeating: "0", count: 38) + String(format: "%02x", n))! }

    func testSmallCommitsCloseAStepBeforeTheOneThatWouldGoOver() {
        var cutter = HistoryStepCutter(bound: 100)
        XCTAssertEqual(cutter.add(id(1), weight: 40), [])
        XCTAssertEqual(cutter.add(id(2), weight: 40), [])
        XCTAssertEqual(cutter.add(id(3), weight: 40), [id(2)], "80 + 40 would be over 100: the step ends at 2")
        XCTAssertEqual(cutter.pending, 40)
    }

    func testACommitHeavierThanTheBoundIsAStepOfItsOwn() {
        var cutter = HistoryStepCutter(bound: 100)
        XCTAssertEqual(cutter.add(id(1), weight: 10), [])
        XCTAssertEqual(cutter.add(id(2), weight: 500), [id(1), id(2)])
        XCTAssertEqual(cutter.pending, 0)
        XCTAssertEqual(cutter.add(id(3), weight: 100), [id(3)], "exactly the bound closes a step")
    }

    func testCountingGoesOnFromASavedState() {
        var cutter = HistoryStepCutter(bound: 100, pending: 90, last: id(7))
        XCTAssertEqual(cutter.add(id(8), weight: 20), [id(7)])
        XCTAssertEqual(cutter.last, id(8))
    }
}
