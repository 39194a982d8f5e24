import Foundation
import TestSupport
import XCTest

/// A deflated part whose stream does not end within the entry's bytes: ZIPFoundation's own
/// extraction read on past the entry to the end of the file and then looped forever (a hang of
/// `carnet import progress`, found by fuzzing). Each part here starts with a stored block that
/// claims 65,535 bytes the entry does not have. The import must end with 65 and write nothing.
final class ZipStreamTests: SheetsTestCase {
    func testAPartWhoseStreamNeverEndsIsRefusedNotAHang() throws {
        let plan = try samplePlan()
        let before = try head(plan)
        for format in ["xlsx", "ods"] {
            let file = work.path + "/p.\(format)"
            let e = try carnet("export", "progress", "--ministry", "autorite-terres", "--format", format, "-o", file, "-C", plan)
            XCTAssertEqual(e.status, 0, e.stderr)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            var damaged = 0
            var i = 0
            while i + 30 <= bytes.count {
                if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x03, bytes[i + 3] == 0x04,
                   bytes[i + 8] == 8, bytes[i + 9] == 0 {   // a local header, deflated
                    let compressed = Int(bytes[i + 18]) | Int(bytes[i + 19]) << 8 | Int(bytes[i + 20]) << 16 | Int(bytes[i + 21]) << 24
                    let data = i + 30 + (Int(bytes[i + 26]) | Int(bytes[i + 27]) << 8) + (Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8)
                    if compressed >= 5, data + 5 <= bytes.count {
                        bytes.replaceSubrange(data ..< data + 5, with: [0x00, 0xFF, 0xFF, 0x00, 0x00])
                        damaged += 1
                    }
                }
                i += 1
            }
            XCTAssertGreaterThan(damaged, 0, format)
            let broken = work.path + "/broken.\(format)"
            try Data(bytes).write(to: URL(fileURLWithPath: broken))
            let r = try Shell.run(["timeout", "120", RepositoryPaths.carnetBinary, "import", "progress", broken, "-C", plan],
                                  environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "CARNET_TODAY": "2026-11-27"])
            XCTAssertEqual(r.status, 65, "\(format): \(r.stderr)")   // 124: the import hung
            XCTAssertTrue(r.stderr.contains("cannot be read"), r.stderr)
        }
        XCTAssertEqual(try head(plan), before, "nothing written")
    }
}
