import Foundation
import Mail
import TestSupport
import XCTest

/// `carnet remind`: one message per person, in their language, as standard MIME that Python's
/// email package reads back (both parts, headers decoded, accents intact), delivered to a real
/// SMTP server on 127.0.0.1 (aiosmtpd), with hostile record values kept out of the headers.
final class RemindTests: CLITestCase {
    static var peer: String { RepositoryPaths.root().appendingPathComponent("Tests/CLITests/smtp_peer.py").path }

    private func requireAiosmtpd() throws {
        let probe = try Shell.run(["python3", "-c", "import aiosmtpd"])
        guard probe.status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("aiosmtpd is missing: scripts/install-deps.sh --test installs it") }
            throw XCTSkip("aiosmtpd not installed (scripts/install-deps.sh --test)")
        }
    }

    /// Python's reading of .eml files.
    private func parse(_ files: [String]) throws -> [[String: Any]] {
        let out = work.path + "/parsed.json"
        let run = try Shell.run(["python3", Self.peer, "parse", out] + files)
        XCTAssertEqual(run.status, 0, run.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        return try XCTUnwrap(object?["messages"] as? [[String: Any]])
    }

    private func emlFiles(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".eml") }.sorted().map { folder + "/" + $0 }
    }

    private func parts(_ message: [String: Any]) -> [[String: Any]] { message["parts"] as? [[String: Any]] ?? [] }

    private func plainText(_ message: [String: Any]) -> String { parts(message).first { $0["type"] as? String == "text/plain" }?["text"] as? String ?? "" }

    /// Every message is valid MIME: no defect, multipart/alternative with plain text then HTML in
    /// UTF-8, the same words in both, no remote resource, header lines within RFC 5322's limit.
    private func assertWellFormed(_ message: [String: Any], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(message["defects"] as? [String], [], file: file, line: line)
        XCTAssertEqual(message["content_type"] as? String, "multipart/alternative", file: file, line: line)
        XCTAssertEqual(parts(message).map { $0["type"] as? String }, ["text/plain", "text/html"], file: file, line: line)
        XCTAssertEqual(parts(message).map { $0["charset"] as? String }, ["utf-8", "utf-8"], file: file, line: line)
        for part in parts(message) { XCTAssertEqual(part["defects"] as? [String], [], file: file, line: line) }
        XCTAssertEqual(message["raw_ascii"] as? Bool, true, "8-bit bytes in the raw message", file: file, line: line)
        XCTAssertLessThanOrEqual(message["max_line"] as? Int ?? 999, 78, file: file, line: line)
        XCTAssertFalse((message["date"] as? String ?? "None") == "None", file: file, line: line)
        XCTAssertTrue((message["message_id"] as? String ?? "").trimmingCharacters(in: .whitespaces).hasPrefix("<"), file: file, line: line)
        let html = parts(message).last?["text"] as? String ?? ""
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), file: file, line: line)
        for remote in ["<img", "<script", "src=", "http://", "https://", "<link"] {
            XCTAssertFalse(html.contains(remote), "HTML holds \(remote)", file: file, line: line)
        }
    }

    /// The sample, with one contact who reads English: the point of contact's and the ministries'
    /// digests in French, that contact's in English.
    func testDigestsInEachPersonsLanguageForTheSample() throws {
        let plan = try samplePlan()
        let ministry = plan + "/ministries/min-justice.yaml"
        let text = try String(contentsOfFile: ministry, encoding: .utf8)
        let english = text.components(separatedBy: "\n").first { $0.contains("email:") }!
        try text.replacingOccurrences(of: english, with: english + "\n    language: en").write(toFile: ministry, atomically: true, encoding: .utf8)
        let englishAddress = english.components(separatedBy: "\"")[1]

        let result = try carnet("remind", "--out", "out", "--json", in: plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let listed = try XCTUnwrap(report["messages"] as? [[String: Any]])
        XCTAssertFalse(listed.isEmpty)
        XCTAssertEqual(report["asOf"] as? String, "2026-11-27")

        let messages = try parse(try emlFiles(plan + "/out"))
        XCTAssertEqual(messages.count, listed.count)
        for m in messages { assertWellFormed(m) }
        func message(to address: String) -> [String: Any]? { messages.first { ($0["to"] as? String ?? "").contains(address) } }

        // The point of contact: her duties, in the plan's language (French), her name decoded.
        let contact = try XCTUnwrap(message(to: "amelie.dufresne-kotto@gouv.valdoria.example"), "\(messages.map { $0["to"] })")
        XCTAssertEqual(contact["to"] as? String, "Amélie Dufresne-Kotto <amelie.dufresne-kotto@gouv.valdoria.example>")
        XCTAssertEqual(contact["content_language"] as? String, "fr")
        let contactText = plainText(contact)
        XCTAssertTrue(contactText.contains("Bonjour Amélie Dufresne-Kotto,"), contactText)
        XCTAssertTrue(contactText.contains("Vos tâches de point de contact"), contactText)
        // The sample's question received on 2026-11-06 is due 7 December 2026 (ParticipationRules).
        XCTAssertTrue(contactText.contains("réponse attendue au plus tard le 7 décembre 2026"), contactText)
        XCTAssertTrue((contact["subject"] as? String ?? "").hasPrefix("Plan pour un gouvernement ouvert"), "\(contact["subject"] ?? "")")
        XCTAssertTrue((parts(contact).last?["text"] as? String ?? "").contains("<html lang=\"fr\">"))

        // The contact who reads English.
        let reader = try XCTUnwrap(message(to: englishAddress), "no message to \(englishAddress)")
        XCTAssertEqual(reader["content_language"] as? String, "en")
        let readerText = plainText(reader)
        XCTAssertTrue(readerText.hasPrefix("Hello "), readerText)
        XCTAssertTrue(readerText.contains("milestone"), readerText)
        XCTAssertFalse(readerText.contains("étape clé"), readerText)

        // A ministry contact in French: milestones named with the manual's words.
        let french = messages.filter { $0["content_language"] as? String == "fr" && !($0["to"] as? String ?? "").contains("amelie") }
        XCTAssertFalse(french.isEmpty)
        XCTAssertTrue(french.contains { plainText($0).contains("étape clé") }, french.map(plainText).joined(separator: "\n---\n"))
        // --json is language-neutral: kinds and ids, no sentence.
        let kinds = Set(listed.flatMap { ($0["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } })
        XCTAssertTrue(kinds.contains("answer-due"), "\(kinds)")
        XCTAssertTrue(kinds.isSubset(of: ["milestone-due", "milestone-overdue", "delay-reason-missing", "evidence-missing", "update-missing",
                                          "forum-meeting-due", "answer-due", "answer-overdue", "publication-overdue", "self-assessment-due",
                                          "self-assessment-overdue", "self-assessment-consultation"]), "\(kinds)")
    }

    /// A commitment with no progress update in the period about to end: the period is named by
    /// its months (ReportingPeriod.spoken, as the period pages), not by its id; --json keeps the id.
    func testAMissingUpdateNamesThePeriodByItsMonths() throws {
        let plan = try samplePlan()
        // The sample's only commit dated before p3 (September 2026 – February 2027) began.
        XCTAssertEqual(try git("rev-list", "--count", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines), "1")
        let amend = try Shell.run(["git", "-c", "user.name=Awa Diallo", "-c", "user.email=awa@terres.example", "commit", "-q", "--amend",
                                   "--no-edit", "--date", "2026-01-10T10:00:00Z"], in: plan, environment: ["GIT_CONFIG_NOSYSTEM": "1"])
        XCTAssertEqual(amend.status, 0, amend.stderr)
        let json = try carnet("remind", "--out", "out", "--json", in: plan, today: "2027-02-20")
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertTrue(json.stdout.contains("\"update-missing\""), json.stdout)
        XCTAssertTrue(json.stdout.contains("\"p3\""), json.stdout)
        let texts = try parse(try emlFiles(plan + "/out")).map(plainText).joined(separator: "\n")
        XCTAssertTrue(texts.contains("depuis le début de la période de rapport septembre 2026 – février 2027"), texts)
        XCTAssertFalse(texts.contains("période p3"), texts)
    }

    /// Nothing to remind: no message. After the plan's end nothing is due any more.
    func testNothingToRemindWritesNothing() throws {
        let plan = try samplePlan()
        let result = try carnet("remind", "--out", "out", "--as-of", "2027-12-01", in: plan, today: "2027-12-01")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try emlFiles(plan + "/out"), [])
        XCTAssertTrue(result.stdout.contains("0 reminders written"), result.stdout)
    }

    /// Delivered over SMTP to aiosmtpd on 127.0.0.1, and read back as valid MIME by Python.
    func testRemindersDeliveredToARealSMTPServer() throws {
        try requireAiosmtpd()
        let plan = try samplePlan()
        let out = work.path + "/smtp.json"
        let run = try Shell.run(["python3", Self.peer, "serve-and-run", out, "--", RepositoryPaths.carnetBinary,
                                 "remind", "--out", "sent", "--send", "--smtp", "127.0.0.1:{port}"], in: plan, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "CARNET_TODAY": "2026-11-27", "CARNET_LANG": "",
            "LANG": "fr_FR.UTF-8"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        XCTAssertEqual(result["status"] as? Int, 0, "\(result["stderr"] ?? "")")
        let received = try XCTUnwrap(result["messages"] as? [[String: Any]])
        let written = try emlFiles(plan + "/sent")
        XCTAssertEqual(received.count, written.count)
        XCTAssertGreaterThan(received.count, 1)
        XCTAssertTrue((result["stdout"] as? String ?? "").contains("\(received.count) rappels envoyés"), "\(result["stdout"] ?? "")")
        for m in received {
            assertWellFormed(m)
            let envelope = m["envelope"] as? [String: Any]
            XCTAssertEqual(envelope?["mail_from"] as? String, "amelie.dufresne-kotto@gouv.valdoria.example")
            let to = (envelope?["rcpt_tos"] as? [String]) ?? []
            XCTAssertEqual(to.count, 1)
            XCTAssertTrue((m["to"] as? String ?? "").hasSuffix("<\(to.first ?? "?")>"), "\(m["to"] ?? "") vs \(to)")
        }
        XCTAssertTrue(received.contains { plainText($0).contains("étape clé") || plainText($0).contains("réponse attendue") })
    }

    /// No SMTP server listening: exit 75, the messages kept in the folder. A server elsewhere
    /// than this machine is refused (plain SMTP stays on loopback).
    func testUnreachableOrRemoteServer() throws {
        let plan = try samplePlan()
        let probe = try Shell.run(["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"])
        let port = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let down = try carnet("remind", "--out", "kept", "--send", "--smtp", "127.0.0.1:\(port)", in: plan)
        XCTAssertEqual(down.status, 75, down.stdout + down.stderr)
        XCTAssertTrue(down.stderr.contains("Cannot reach the SMTP server"), down.stderr)
        XCTAssertFalse(try emlFiles(plan + "/kept").isEmpty)
        let remote = try carnet("remind", "--out", "kept2", "--send", "--smtp", "192.0.2.1:25", in: plan)
        XCTAssertEqual(remote.status, 64, remote.stdout + remote.stderr)
        XCTAssertTrue(remote.stderr.contains("is not this machine"), remote.stderr)
        let bad = try carnet("remind", "--out", "kept3", "--send", "--smtp", "host:25\r\nRCPT", in: plan)
        XCTAssertEqual(bad.status, 64, bad.stderr)
    }

    /// A name written with YAML escapes to smuggle a header in (`Eve\r\nBcc: …`): the records'
    /// text rule refuses it where it is read, and no message carries it; the others are written.
    func testHeaderInjectionFromARecordIsRefused() throws {
        let plan = try samplePlan()
        let ministry = plan + "/ministries/min-justice.yaml"
        let text = try String(contentsOfFile: ministry, encoding: .utf8)
        let name = try XCTUnwrap(text.components(separatedBy: "\n").first { $0.contains("- name:") })
        try text.replacingOccurrences(of: name, with: "  - name: \"Eve\\r\\nBcc: victim@evil.example\"")
            .write(toFile: ministry, atomically: true, encoding: .utf8)
        let result = try carnet("remind", "--out", "out", in: plan)
        XCTAssertTrue([0, 65].contains(result.status), result.stderr)
        let files = try emlFiles(plan + "/out")
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let raw = try String(contentsOfFile: file, encoding: .utf8)
            XCTAssertFalse(raw.contains("Bcc"), file)
            XCTAssertFalse(raw.contains("evil.example"), file)
        }
        for m in try parse(files) {
            assertWellFormed(m)
            XCTAssertEqual((m["headers"] as? [[String]] ?? []).filter { ["to", "cc", "bcc"].contains($0.first?.lowercased() ?? "") }.count, 1)
        }
    }

    /// The message writer itself, given hostile values directly: CR, LF, NUL or a bidi override
    /// in a name or subject is refused, a bad address too; accents become encoded words.
    func testMessageWriterRefusesHeaderInjection() throws {
        let from = MailMessage.Mailbox(name: "Point de contact", address: "pdc@gouv.example")
        func message(to name: String, address: String = "eve@example.org", subject: String = "Rappel") -> MailMessage {
            MailMessage(from: from, to: .init(name: name, address: address), subject: subject, plain: "é", html: "<!DOCTYPE html><p>é</p>", language: "fr")
        }
        for hostile in ["Eve\r\nBcc: x@evil.example", "Eve\nBcc: x@evil.example", "Eve\rX", "Eve\u{0}", "Eve\u{202E}", "Eve\u{85}Bcc"] {
            XCTAssertThrowsError(try message(to: hostile).encoded(), hostile.debugDescription) { error in
                guard case MailMessage.Refusal.unsafeHeader(let field, _)? = error as? MailMessage.Refusal else { return XCTFail("\(error)") }
                XCTAssertEqual(field, "To")
            }
            XCTAssertThrowsError(try message(to: "Eve", subject: hostile).encoded())
        }
        XCTAssertThrowsError(try message(to: "Eve", address: "eve@example.org>\r\nBcc: x@evil.example").encoded())
        XCTAssertThrowsError(try message(to: "Eve", address: "eve@example.org, x@evil.example").encoded())
        let bytes = try message(to: "Éloïse \"la\" N'Guessan", subject: String(repeating: "Échéances à venir ", count: 8)).encoded()
        let raw = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(raw.contains("To: =?UTF-8?B?"), raw)
        XCTAssertTrue(bytes.allSatisfy { $0 < 128 })
        let file = work.path + "/direct.eml"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let parsed = try XCTUnwrap(try parse([file]).first)
        assertWellFormed(parsed)
        XCTAssertEqual(parsed["to"] as? String, "\"Éloïse \\\"la\\\" N'Guessan\" <eve@example.org>")
        XCTAssertEqual(parsed["subject"] as? String, String(repeating: "Échéances à venir ", count: 8).trimmingCharacters(in: .whitespaces) + (" "))
    }
}
