import Foundation
import TestSupport
import XCTest

extension PlanReimportTests {
    /// A plan whose commitment folder was replaced by a symbolic link to a folder outside it:
    /// the import is refused, naming the link, and nothing is written through it. (The import
    /// used to stage the plan on disk, copying the link, and wrote the workbook's file through
    /// it before the validator refused the plan.)
    func testALinkInThePlanIsRefusedAndNothingIsWrittenThroughIt() throws {
        let file = try northmereWorkbook()
        let plan = work.path + "/plan"
        let r = try importInto(plan, file)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        let outside = work.path + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: plan + "/commitments/02")
        try FileManager.default.createSymbolicLink(atPath: plan + "/commitments/02", withDestinationPath: outside)

        let refused = try importInto(plan, file)
        XCTAssertEqual(refused.status, 65, refused.stderr + refused.stdout)
        XCTAssertTrue(refused.stderr.contains("commitments/02"), refused.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
        XCTAssertEqual(try commits(plan), 1)
    }
}
