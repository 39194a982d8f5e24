import Foundation
import Glibc
import Records
@testable import Report
import XCTest

/// `--out DIR`: Carnet rewrites a folder it wrote (pages of removed commitments go away),
/// never touches files it did not write, and refuses a non-empty folder that is not its own.
final class SiteFolderTests: XCTestCase {
    @discardableResult
    func write(_ plan: URL, to site: URL) throws -> Dashboard.Result {
        try Dashboard(snapshot: Fixtures.snapshot(plan), language: .en, asOf: Fixtures.asOf).write(to: site)
    }

    func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    func testRewritesItsOwnFolderRemovingWhatItNoLongerWritesAndKeepingOtherFiles() throws {
        let plan = try Fixtures.sampleCopy(self)
        let site = try Fixtures.temporaryDirectory(self, "site").appendingPathComponent("out")
        try write(plan, to: site)  // a folder that does not exist yet
        XCTAssertTrue(exists(site.appendingPathComponent(SiteFolder.markerName)))
        XCTAssertTrue(exists(site.appendingPathComponent("commitment-05.html")))
        XCTAssertTrue(exists(site.appendingPathComponent("evidence/05/compte-rendu-atelier.md.zip")))
        // Someone publishes the folder with files of their own.
        try Data("ogp.valdoria.example\n".utf8).write(to: site.appendingPathComponent("CNAME"))
        try FileManager.default.createDirectory(at: site.appendingPathComponent("evidence/extra"), withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: site.appendingPathComponent("evidence/extra/note.txt"))

        // Commitment 05 (the one with an evidence file) leaves the plan.
        try FileManager.default.removeItem(at: plan.appendingPathComponent("commitments/05"))
        let result = try write(plan, to: site)

        XCTAssertFalse(exists(site.appendingPathComponent("commitment-05.html")), "stale page left behind")
        XCTAssertFalse(exists(site.appendingPathComponent("evidence/05")), "stale evidence left behind")
        XCTAssertTrue(exists(site.appendingPathComponent("commitment-04.html")))
        XCTAssertTrue(exists(site.appendingPathComponent("evidence/04/synthese-audit-social.txt")))
        XCTAssertEqual(try Fixtures.read(site.appendingPathComponent("CNAME")), "ogp.valdoria.example\n")
        XCTAssertEqual(try Fixtures.read(site.appendingPathComponent("evidence/extra/note.txt")), "kept")
        XCTAssertFalse(result.files.contains("commitment-05.html"))
        XCTAssertEqual(try SiteLinks.brokenLinks(in: site), [])
        let marker = try Fixtures.read(site.appendingPathComponent(SiteFolder.markerName))
        XCTAssertTrue(marker.contains("\"commitment-04.html\""))
        XCTAssertFalse(marker.contains("commitment-05.html"))
        XCTAssertFalse(marker.contains("CNAME"))
    }

    /// Someone who can write into the published folder (a web server's, shared by a team) plants
    /// links where Carnet's next run writes: a page's name as a symbolic link and as a hard link
    /// to a file of the person who runs the report, the evidence folder as a link to a folder of
    /// theirs. The run writes its pages and evidence in the folder and nothing through the links.
    func testLinksPlantedInTheFolderAreNotWrittenThrough() throws {
        let plan = try Fixtures.sampleCopy(self)
        let work = try Fixtures.temporaryDirectory(self, "site")
        let site = work.appendingPathComponent("out")
        try write(plan, to: site)
        let fm = FileManager.default
        let precious = work.appendingPathComponent("bashrc"), other = work.appendingPathComponent("notes.txt")
        let theirs = work.appendingPathComponent("their-folder")
        try Data("precious\n".utf8).write(to: precious)
        try Data("other\n".utf8).write(to: other)
        try fm.createDirectory(at: theirs, withIntermediateDirectories: true)
        try fm.removeItem(at: site.appendingPathComponent("index.html"))
        try fm.createSymbolicLink(at: site.appendingPathComponent("index.html"), withDestinationURL: precious)
        try fm.removeItem(at: site.appendingPathComponent("calendar.html"))
        try fm.linkItem(at: other, to: site.appendingPathComponent("calendar.html"))
        try fm.removeItem(at: site.appendingPathComponent("evidence"))
        try fm.createSymbolicLink(at: site.appendingPathComponent("evidence"), withDestinationURL: theirs)
        try fm.removeItem(at: site.appendingPathComponent("participation"))
        try fm.createSymbolicLink(at: site.appendingPathComponent("participation"), withDestinationURL: theirs)
        // The marker (theirs to edit too) names a stale file behind a link: the run removes
        // nothing through it, and never a folder.
        let outside = work.appendingPathComponent("outside")
        try fm.createDirectory(at: outside.appendingPathComponent("Documents"), withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: outside.appendingPathComponent("old.html"))
        try Data("kept".utf8).write(to: outside.appendingPathComponent("Documents/thesis.odt"))
        try fm.createSymbolicLink(at: site.appendingPathComponent("x"), withDestinationURL: outside)
        let markerURL = site.appendingPathComponent(SiteFolder.markerName)
        var marker = try JSONSerialization.jsonObject(with: Data(contentsOf: markerURL)) as! [String: Any]
        marker["files"] = (marker["files"] as! [String]) + ["x/old.html", "x/Documents", "x/Documents/thesis.odt"]
        try JSONSerialization.data(withJSONObject: marker).write(to: markerURL)
        // A FIFO: opened for writing, it would wait for a reader for ever.
        try fm.removeItem(at: site.appendingPathComponent("ministries.html"))
        XCTAssertEqual(mkfifo(site.appendingPathComponent("ministries.html").path, 0o644), 0)
        // A link to a name not there yet: written through, it would create the file.
        try fm.removeItem(at: site.appendingPathComponent("timeline.html"))
        try fm.createSymbolicLink(at: site.appendingPathComponent("timeline.html"), withDestinationURL: work.appendingPathComponent("created"))

        let result = try write(plan, to: site)

        XCTAssertEqual(try Fixtures.read(precious), "precious\n", "a page was written through a symbolic link")
        XCTAssertEqual(try Fixtures.read(other), "other\n", "a page was written through a hard link")
        XCTAssertFalse(exists(work.appendingPathComponent("created")), "a page was created through a dangling link")
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: theirs.path), [], "evidence was copied through a linked folder")
        XCTAssertEqual(try Fixtures.read(outside.appendingPathComponent("old.html")), "kept")
        XCTAssertEqual(try Fixtures.read(outside.appendingPathComponent("Documents/thesis.odt")), "kept")
        for page in ["index.html", "calendar.html", "timeline.html", "ministries.html"] {
            let attributes = try fm.attributesOfItem(atPath: site.appendingPathComponent(page).path)
            XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeRegular, page)
            XCTAssertEqual((attributes[.referenceCount] as? NSNumber)?.intValue, 1, page)
            XCTAssertTrue(try Fixtures.read(site.appendingPathComponent(page)).hasPrefix("<!DOCTYPE html>"), page)
        }
        // The evidence that could not be copied is said, naming the link, not silently dropped.
        XCTAssertTrue(result.warnings.contains { $0.contains("compte-rendu-atelier.md") && $0.contains("evidence, in the site's folder, is a link") },
                      "\(result.warnings)")
        XCTAssertTrue(result.warnings.contains { $0.contains("rapport-consultation-2026-09.md") && $0.contains("participation, in the site's folder, is a link") },
                      "\(result.warnings)")
    }

    /// A rerun writes its pages over the files of the previous run, in place: the same files,
    /// their permissions kept. Unlinking and creating a thousand files at each run made ext4 look
    /// past every inode just freed (a second of system time on a large plan).
    func testARerunWritesOverItsOwnPagesInPlace() throws {
        let plan = try Fixtures.sampleCopy(self)
        let site = try Fixtures.temporaryDirectory(self, "site").appendingPathComponent("out")
        try write(plan, to: site)
        let fm = FileManager.default
        let index = site.appendingPathComponent("index.html").path
        try fm.setAttributes([.posixPermissions: 0o640], ofItemAtPath: index)
        let before = try fm.attributesOfItem(atPath: index)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: index))
        // A page is written in place only if it last changed before the write began (a change
        // during the run may be a planted link's other name going): let the clock tick past it.
        usleep(50_000)
        try write(plan, to: site)
        let after = try fm.attributesOfItem(atPath: index)
        XCTAssertEqual(after[.systemFileNumber] as? Int, before[.systemFileNumber] as? Int, "the page is a new file")
        XCTAssertEqual((after[.posixPermissions] as? NSNumber)?.intValue, 0o640)
        XCTAssertTrue(try Fixtures.read(URL(fileURLWithPath: index)).hasPrefix("<!DOCTYPE html>"))
    }

    /// The marker is read as a regular file of the folder only, within a size: a FIFO or a link
    /// to an endless device planted at its name must neither make the run wait for ever nor read
    /// until memory runs out. (Foundation's reading, used before, already refused both; a guard.)
    func testAPlantedMarkerNeitherHangsNorEndlesslyReads() throws {
        let plan = try Fixtures.sampleCopy(self)
        let work = try Fixtures.temporaryDirectory(self, "site")
        for (name, plant) in [("fifo", { (marker: URL) in XCTAssertEqual(mkfifo(marker.path, 0o644), 0) }),
                              ("zero", { (marker: URL) in try FileManager.default.createSymbolicLink(atPath: marker.path, withDestinationPath: "/dev/zero") })] {
            let site = work.appendingPathComponent(name)
            try write(plan, to: site)
            let marker = site.appendingPathComponent(SiteFolder.markerName)
            try FileManager.default.removeItem(at: marker)
            try plant(marker)
            let done = expectation(description: name)
            Thread.detachNewThread {
                if let snapshot = try? Fixtures.snapshot(plan) {
                    _ = try? Dashboard(snapshot: snapshot, language: .en, asOf: Fixtures.asOf).write(to: site)
                }
                done.fulfill()
            }
            wait(for: [done], timeout: 60)
            XCTAssertTrue(exists(site.appendingPathComponent("index.html")), name)
        }
    }

    func testRefusesANonEmptyFolderItDidNotWrite() throws {
        let site = try Fixtures.temporaryDirectory(self, "site")
        try Data("<h1>Our own site</h1>".utf8).write(to: site.appendingPathComponent("index.html"))
        XCTAssertThrowsError(try write(Fixtures.sample, to: site)) { error in
            guard case DashboardFolderError.notADashboard(let path)? = error as? DashboardFolderError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, site.path)
            XCTAssertTrue("\(error)".contains(".carnet-dashboard"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.path), ["index.html"], "nothing written")
        XCTAssertEqual(try Fixtures.read(site.appendingPathComponent("index.html")), "<h1>Our own site</h1>")
    }

    func testRefusesAFile() throws {
        let file = try Fixtures.temporaryDirectory(self, "site").appendingPathComponent("site.html")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try write(Fixtures.sample, to: file)) { error in
            guard case DashboardFolderError.notAFolder? = error as? DashboardFolderError else { return XCTFail("\(error)") }
        }
    }

    /// The marker is a file in a published folder: whatever it lists, only files inside the
    /// folder are ever removed.
    func testAMarkerNamingFilesOutsideTheFolderRemovesNothingThere() throws {
        let root = try Fixtures.temporaryDirectory(self, "site")
        let outside = root.appendingPathComponent("precious.txt")
        try Data("mine".utf8).write(to: outside)
        let site = root.appendingPathComponent("out")
        try write(Fixtures.sample, to: site)
        let marker = site.appendingPathComponent(SiteFolder.markerName)
        let tampered = #"{"files": ["../precious.txt", "/etc/hostname", "./CNAME", "a//b"], "note": ""}"#
        try Data(tampered.utf8).write(to: marker)
        try write(Fixtures.sample, to: site)
        XCTAssertEqual(try Fixtures.read(outside), "mine")
        // Nor through a link inside the folder to a folder outside it.
        try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("up"), withDestinationURL: root)
        try Data(#"{"files": ["up/precious.txt"], "note": ""}"#.utf8).write(to: marker)
        try write(Fixtures.sample, to: site)
        XCTAssertEqual(try Fixtures.read(outside), "mine")
        XCTAssertFalse(SiteFolder.isPlainRelative("../precious.txt"))
        XCTAssertFalse(SiteFolder.isPlainRelative("/etc/hostname"))
        XCTAssertFalse(SiteFolder.isPlainRelative("a//b"))
        XCTAssertTrue(SiteFolder.isPlainRelative("evidence/05/a.pdf"))
    }

    /// The command: a refused folder is exit 73 with a message saying what, where and what to do.
    func testCommandExitsWith73ForAFolderItDidNotWrite() throws {
        guard let carnet = ProcessInfo.processInfo.environment["CARNET_BIN"] else {
            throw XCTSkip("set CARNET_BIN to the carnet binary (scripts/test.sh does)")
        }
        let site = try Fixtures.temporaryDirectory(self, "site")
        try Data("notes".utf8).write(to: site.appendingPathComponent("notes.txt"))
        let refused = try Fixtures.run(carnet, ["report", "dashboard", "-C", Fixtures.sample.path, "--out", site.path,
                                                "--as-of", "2026-12-01"])
        XCTAssertEqual(refused.status, 73, refused.output)
        XCTAssertTrue(refused.output.contains(site.path), refused.output)
        XCTAssertTrue(refused.output.contains("new or empty folder"), refused.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.path), ["notes.txt"])
        let fresh = site.appendingPathComponent("dashboard")
        let written = try Fixtures.run(carnet, ["report", "dashboard", "-C", Fixtures.sample.path, "--out", fresh.path,
                                                "--as-of", "2026-12-01"])
        XCTAssertEqual(written.status, 0, written.output)
        let again = try Fixtures.run(carnet, ["report", "dashboard", "-C", Fixtures.sample.path, "--out", fresh.path,
                                              "--as-of", "2026-12-01"])
        XCTAssertEqual(again.status, 0, "its own folder is rewritten: \(again.output)")
    }
}
