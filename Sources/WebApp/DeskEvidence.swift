import Foundation
import Git
import HTTPTypes
import Hummingbird
import Logging
import Messages
import NIOCore
import Records
import Report
import Sync
import Workspace

extension Desk {
    /// A document (uploaded) or a link, added by the engine of `carnet evidence add`: its size
    /// limit, duplicate check, safe name in evidence/ and title from the name; one commit.
    func addEvidence(_ given: String, _ fields: EvidenceFields) -> Response {
        let milestone = fields.milestone.flatMap { $0.isEmpty ? nil : $0 }
        let title = fields.title.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let url = fields.url.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        let outcome: Result<String, SaveProblem> = change { copy in
            let id = try copy.commitmentID(for: given)
            switch (fields.file, url) {
            case (let file?, nil):
                guard file.bytes.count <= PlanLayout.maxEvidenceBytes else {
                    return .failure(.fields([:], [t("web.evidence.too-large", ["limit": .number(PlanLayout.maxEvidenceBytes >> 20)])]))
                }
                // A private folder of ours, and a name made here: what the browser called the file is only a hint.
                var template = Array((FileManager.default.temporaryDirectory.path + "/carnet-web-XXXXXX").utf8CString)
                guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
                    return .failure(.missing(t("web.problem.unexpected")))
                }
                defer { try? FileManager.default.removeItem(atPath: folder) }
                let path = folder + "/" + EvidenceUpload.safeName(file.name)
                guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes), attributes: [.posixPermissions: 0o600]) else {
                    return .failure(.missing(t("web.problem.unexpected")))
                }
                try copy.addEvidence(id, .file(path), milestone: milestone, title: title, language: textLanguage(copy).chosen)
            case (nil, let address?):
                try copy.addEvidence(id, .url(address), milestone: milestone, title: title, language: textLanguage(copy).chosen)
            default:
                return .failure(.fields([:], [t("web.evidence.choose")]))
            }
            return .success(id)
        }
        return evidenceAnswer(outcome, given, done: "added")
    }


    /// Asks before removing (pages work without script, so the question is a page).
    func removalPage(_ given: String, _ evidenceID: String) -> (Int, [UInt8]) {
        page { copy in
            let sheet = try copy.commitmentSheet(given, today: today())
            guard let entry = sheet.evidence.first(where: { $0.id == evidenceID }) else {
                return problem(t("web.evidence.no-such", ["id": .text(evidenceID)]))
            }
            return (200, Page.removal(language, sheet: sheet, entry: entry, csrf: csrf))
        }
    }

    /// Removes the entry and its document, through the engine of `carnet evidence remove`: one commit.
    func removeEvidence(_ given: String, _ evidenceID: String) -> Response {
        let outcome: Result<String, SaveProblem> = change { copy in
            let id = try copy.commitmentID(for: given)
            try copy.removeEvidence(id, evidenceID)
            return .success(id)
        }
        return evidenceAnswer(outcome, given, done: "removed")
    }

    /// After adding or removing evidence: back to the commitment's evidence, or its page with the
    /// problems, nothing written.
    func evidenceAnswer(_ outcome: Result<String, SaveProblem>, _ given: String, done: String) -> Response {
        switch outcome {
        case .success(let id):
            return Response.redirect(to: "/c/\(percent(id))?\(done)=1\(TextLanguage.query)#evidence", type: .normal)
        case .failure(.fields(_, let problems)):
            return html(commitmentPage(given, notice: t("web.save.not-saved"), evidenceProblems: problems, status: 422))
        case .failure(.missing(let message)), .failure(.changed(let message)):
            return html(problem(message))
        }
    }

}

/// What an evidence form sent: a document (the name the browser gave, and the bytes) or an address.
struct EvidenceFields {
    var file: (name: String, bytes: [UInt8])?
    var url: String?
    var milestone: String?
    var title: String?
}
