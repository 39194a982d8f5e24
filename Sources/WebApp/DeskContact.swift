import Foundation
import Git
import Hub
import HTTPTypes
import Hummingbird
import Messages
import NIOCore
import Records
import Report
import Sync
import Workspace

/// The point of contact's pages: what `carnet hub status`, `carnet report dashboard` and
/// `carnet report self-assessment` give, read through the same engines.
extension Desk {
    /// Answered in a ministry's copy: these pages are the point of contact's.
    func notForThisCopy() -> (Int, [UInt8]) {
        (403, Page.refusal(title: t("web.problem.title"), message: t("web.contact.only"), language: language))
    }

    /// Every ministry's freshness and refusals, as the copy's last "ask the hub" (or `carnet hub
    /// status` in a terminal) fetched them: shown without the network.
    func ministriesPage(notice: String?, problem hubProblem: String? = nil, status: Int = 200) -> (Int, [UInt8]) {
        page { copy in
            // What was read at the fetched commit is kept; pages made together may each read it once.
            var reading = hubReading.withLock { $0 }
            let hubStatus = try HubStatusFromCopy.lastFetched(at: copy.root.path, kept: &reading)
            hubReading.withLock { $0 = reading }
            return (status, Page.ministries(language, status: hubStatus, csrf: csrf, notice: notice, problem: hubProblem))
        }
    }

    /// The commitments of the whole plan with something late or silent, by lead ministry.
    func attentionPage(_ query: @escaping (String) -> String?) -> (Int, [UInt8]) {
        page { copy in
            let plan = try summaries(copy, ministry: nil, withStaleness: true)
            let late = plan.items.filter(\.needsAttention)
            return (200, Page.attention(language, items: late, plan: plan, listing: plan.listing(query)))
        }
    }

    // MARK: The dashboard, previewed

    /// Where the preview is written: in the copy's git folder (private as the copy is, reused
    /// from one run to the next: the dashboard replaces what it wrote before).
    func previewFolder(_ copy: WorkingCopy) -> URL {
        URL(fileURLWithPath: copy.gitDirectory).appendingPathComponent("carnet-web-preview", isDirectory: true)
    }

    /// The dashboard as `carnet report dashboard` writes it (the same engine, as of today, in
    /// the plan's language), served from its folder under the same headers as every page. Its
    /// index is written afresh each time it is opened.
    func preview(_ components: [String], regenerate: Bool) -> Response {
        let outcome: Result<(Data, String), SaveProblem> = locked {
            do {
                let copy = try WorkingCopy(at: root)
                let folder = previewFolder(copy)
                if regenerate || !FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path) {
                    let day = today()
                    let history = (try? ChangeHistory.read(planAt: copy.root, asOf: day)) ?? .unavailable
                    try Dashboard(snapshot: PlanSnapshot(root: copy.root, records: records), history: history, asOf: day).write(to: folder)
                }
                let names = components.isEmpty ? ["index.html"] : components.map { $0.removingPercentEncoding ?? "" }
                let path = names.joined(separator: "/")
                // A path of the address is hostile: git's and Carnet's path rules, no hidden name,
                // and a regular file (never a link) inside the folder.
                guard PathRules.problem(in: path) == nil, !names.contains(where: { $0.hasPrefix(".") }) else {
                    return .failure(.missing(t("web.contact.preview.no-such")))
                }
                let file = folder.appendingPathComponent(path)
                var info = stat()
                guard lstat(file.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: file.path) else {
                    return .failure(.missing(t("web.contact.preview.no-such")))
                }
                return .success((data, path))
            } catch let error as DashboardFolderError {
                return .failure(.missing(error.description))
            } catch {
                return .failure(.missing(describe(error)))
            }
        }
        switch outcome {
        case .success(let (data, path)):
            let kind = Desk.previewType(path)
            var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            response.headers[.contentType] = kind.type
            if !kind.inline { response.headers[.contentDisposition] = Desk.attachment(path) }
            return response
        case .failure(.missing(let message)), .failure(.changed(let message)):
            return html(problem(message))
        case .failure(.fields(_, let messages)):
            return html(problem(messages.joined(separator: " ")))
        }
    }

    /// How a file of the preview is served. Only the pages the dashboard writes are shown in
    /// the browser; evidence (written by ministries, so hostile: an HTML file could carry a
    /// script of this origin) and anything else is only downloaded.
    static func previewType(_ path: String) -> (type: String, inline: Bool) {
        if path.hasPrefix("evidence/") { return ("application/octet-stream", false) }
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return ("text/html; charset=utf-8", true)
        case "css": return ("text/css; charset=utf-8", true)
        case "json": return ("application/json", true)
        case "csv": return ("text/csv; charset=utf-8", false)
        default: return ("application/octet-stream", false)
        }
    }

    /// `attachment` with a file name kept to plain letters, digits and `.-_` (a name from a
    /// record never reaches a header as it is).
    static func attachment(_ path: String) -> String {
        let name = String((path as NSString).lastPathComponent.unicodeScalars.map {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) ? Character($0) : "_"
        })
        return "attachment; filename=\"\(name.isEmpty ? "download" : name)\""
    }

    // MARK: The self-assessment draft

    func selfAssessmentPage() -> (Int, [UInt8]) {
        page { copy in
            let plan = PlanSnapshot(root: copy.root, only: []).plan?.record
            return (200, Page.selfAssessment(language, planLanguage: plan?.language))
        }
    }

    /// The draft as `carnet report self-assessment --format docx` writes it, downloaded.
    func selfAssessmentDraft(term given: String, language reportLanguage: String) -> Response {
        guard let term = SelfAssessmentTerm(argument: given) else {
            return html((400, Page.refusal(title: t("web.problem.title"), message: t("web.contact.draft.term"), language: language)))
        }
        // It only reads the copy: beside other pages, not alone (a draft takes seconds, and a
        // change holds every page that comes after it while it waits and runs).
        let outcome: Result<Data, SaveProblem> = reading {
            do {
                let copy = try WorkingCopy(at: root)
                let snapshot = PlanSnapshot(root: copy.root, records: records)
                return .success(try SelfAssessment(snapshot: snapshot, term: term, language: ReportLanguage(rawValue: reportLanguage),
                                                   asOf: today()).render(format: .docx))
            } catch {
                return .failure(.missing(describe(error)))
            }
        }
        switch outcome {
        case .success(let data):
            var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            response.headers[.contentType] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            response.headers[.contentDisposition] = Desk.attachment("self-assessment-\(term.rawValue).docx")
            return response
        case .failure(.missing(let message)), .failure(.changed(let message)):
            return html(problem(message))
        case .failure(.fields(_, let messages)):
            return html(problem(messages.joined(separator: " ")))
        }
    }
}
