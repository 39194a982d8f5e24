import Foundation
import Git
import Hub
import HTTPTypes
import Hummingbird
import Logging
import Messages
import NIOCore
import Records
import Report
import Sync
import Workspace

/// Where the pages meet the engine: pages that read the copy together, one change at a time with
/// nothing reading meanwhile (DeskAccess), each with a fresh view of the files.
final class Desk: @unchecked Sendable {
    let root: String
    let language: String
    let csrf: String
    let sync: SyncPort
    let today: @Sendable () -> PlanDate
    /// A copy that is not a ministry's: the point of contact's pages are served (read once: a
    /// copy's role is set when it is cloned).
    let isContactCopy: Bool
    let leadIndex = LeadIndex()
    /// The records every page reads, parsed once per content (by blob id: never stale).
    let records = ParsedRecords.byBlobID()
    /// When each commitment last changed, kept for the last HEAD seen.
    let lastChanges = LastChanges()
    /// The whole plan's summaries, kept by commitment folder (the point of contact's pages).
    let wholePlan = WholePlan()
    /// Each commitment page's last changes, kept for the last HEAD seen.
    let recentChanges = RecentChanges()
    /// Each change of a commitment's history in people's words, kept by commit.
    let historyWords = HistoryWords()
    /// What the Ministries page read of the plan at the hub's main last fetched (by commit).
    let hubReading = Guarded<HubStatus.Reading?>(nil)
    private let access = DeskAccess()

    /// A date typed in a form, read as the command line reads one (PeopleInput: "30/11/2026",
    /// "30 novembre 2026", "novembre 2026", "2026-11"); its problem in the page's language.
    func typedDate(_ value: String) -> Result<PlanDate, InputProblem> {
        PeopleInput.date(value, language: language)
    }

    init(root: String, language: String, csrf: String, sync: SyncPort, today: @escaping @Sendable () -> PlanDate) {
        self.root = root
        self.language = language
        self.csrf = csrf
        self.sync = sync
        self.today = today
        let writer = (try? WorkingCopy(at: root)).flatMap { try? $0.writer() }
        isContactCopy = writer?.ministryID == nil
    }

    /// A fresh view of the copy (its files as they are now), reading records through the
    /// pages' shared parsed records.
    func view() throws -> WorkingCopy {
        let copy = try WorkingCopy(at: root)
        copy.parsedRecords = records
        return copy
    }

    /// A change to the copy (or to what is written beside it): alone, nothing reading meanwhile.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        try access.changing(body)
    }

    /// A reading of the copy that is not a page (a download): beside pages, never during a change.
    func reading<T>(_ body: () throws -> T) rethrows -> T {
        try access.reading(body)
    }

    func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        Catalogue.text(key, in: language, arguments)
    }

    func html(_ page: (Int, [UInt8])) -> Response {
        var response = Response(status: HTTPResponse.Status(code: page.0), body: ResponseBody(byteBuffer: ByteBuffer(bytes: page.1)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        return response
    }

    func problem(_ message: String) -> (Int, [UInt8]) {
        (404, Page.refusal(title: t("web.problem.title"), message: message, language: language))
    }

    /// A page made from a fresh view of the copy, beside other pages but never during a change;
    /// what stops it becomes the problem page (a commitment that does not exist, a copy that
    /// cannot be read).
    func page(_ body: (WorkingCopy) throws -> (Int, [UInt8])) -> (Int, [UInt8]) {
        access.reading {
            do { return try body(try view()) } catch { return problem(describe(error)) }
        }
    }

    /// One change under the lock, on a fresh view of the copy: the engine's refusal becomes the
    /// problems shown above the form (nothing was written), anything else the problem page.
    func change<T>(_ body: (WorkingCopy) throws -> Result<T, SaveProblem>) -> Result<T, SaveProblem> {
        locked {
            do {
                return try body(try view())
            } catch let error as WorkspaceError {
                return .failure(.fields([:], [error.description] + error.diagnostics.map(\.message)))
            } catch let failure as ConflictResolver.Failure {
                return .failure(.fields([:], [failure.message]))
            } catch {
                return .failure(.missing(describe(error)))
            }
        }
    }

    func percent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    func describe(_ error: Error) -> String {
        if let error = error as? WorkspaceError { return error.description }
        if let error = error as? HubError { return error.description }
        return t("web.problem.unexpected")
    }
}

enum SaveProblem: Error {
    case missing(String)
    case changed(String)
    case fields([String: String], [String])
}
