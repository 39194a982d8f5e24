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

/// How the Sync page reads and runs the sync: given by `carnet web`, which owns the last-sync
/// record and the daemon's state (`carnet sync --help`).
public struct SyncPort: Sendable {
    public var read: @Sendable () -> SyncView
    public var syncNow: @Sendable () -> SyncView
    /// `carnet rescue`: for a copy whose changes the hub refused.
    public var rescue: @Sendable () -> SyncView

    public init(read: @escaping @Sendable () -> SyncView, syncNow: @escaping @Sendable () -> SyncView,
                rescue: @escaping @Sendable () -> SyncView) {
        self.read = read
        self.syncNow = syncNow
        self.rescue = rescue
    }

    /// A copy with no hub: nothing to read, nothing to run.
    public static let none = SyncPort(
        read: { SyncView(hub: nil, commitsWaiting: 0, lastAt: nil, lastExitCode: nil, lastSummary: nil, refused: false, daemonRunning: false) },
        syncNow: { SyncView(hub: nil, commitsWaiting: 0, lastAt: nil, lastExitCode: 78, lastSummary: nil, refused: false, daemonRunning: false) },
        rescue: { SyncView(hub: nil, commitsWaiting: 0, lastAt: nil, lastExitCode: 78, lastSummary: nil, refused: false, daemonRunning: false) })
}

/// The app that `carnet web` runs, and tests run on a free port: the copy at `root` served on
/// 127.0.0.1 only, to whoever holds `secret` (docs/WEB.md). `onRunning` gets the port once bound.
public func buildApplication(
    copy root: String, secret: String, port: Int = 0, language: String = Catalogue.language,
    sync: SyncPort = .none, today: @escaping @Sendable () -> PlanDate = { .today() },
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let copy = try WorkingCopy(at: root)
    let desk = Desk(root: copy.root.path, language: language, csrf: WebSecret.fresh(), sync: sync, today: today)
    let bound = BoundPort()
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: WebGuard(secret: secret, session: WebSecret.fresh(), csrf: desk.csrf, port: bound, language: language))
    router.get("/") { _, _ in desk.html(desk.myCommitments()) }
    router.get("/style.css") { _, _ in
        var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: WebStyle.css)))
        response.headers[.contentType] = "text/css; charset=utf-8"
        return response
    }
    router.get("/c/:id") { request, context in
        let id = try context.parameters.require("id")
        // Only a milestone id is echoed back (the notice of a save), never arbitrary text from an address.
        let saved = request.uri.queryParameters["saved"].map(String.init)
            .flatMap { id in id.count <= 32 && id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) ? id : nil }
            .map { desk.t("web.save.done", ["id": .text($0)]) }
        let unchanged = request.uri.queryParameters["unchanged"].map { _ in desk.t("web.save.nothing") }
        let added = request.uri.queryParameters["added"].map { _ in desk.t("web.evidence.added") }
        let removed = request.uri.queryParameters["removed"].map { _ in desk.t("web.evidence.removed") }
        let progress = request.uri.queryParameters["progress"].map { _ in desk.t("web.commitment.saved") }
        return desk.html(desk.commitmentPage(id, notice: saved ?? unchanged ?? added ?? removed ?? progress))
    }
    router.post("/c/:id/m/:milestone") { request, context in
        var request = request
        let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
        let form = FormData(String(buffer: body))
        return desk.saveMilestone(try context.parameters.require("id"), try context.parameters.require("milestone"), form)
    }
    router.post("/c/:id/evidence") { request, context in
        var request = request
        let contentType = request.headers[.contentType] ?? ""
        let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxUploadBytes)
        let fields: EvidenceFields
        if let boundary = MultipartForm.boundary(of: contentType), let form = MultipartForm(Array(buffer: body), boundary: boundary) {
            fields = EvidenceFields(file: form.file("file").map { ($0.filename ?? "", $0.bytes) }, url: form.value("url"),
                                    milestone: form.value("milestone"), title: form.value("title"))
        } else {
            let form = FormData(String(buffer: body))
            fields = EvidenceFields(file: nil, url: form.value("url"), milestone: form.value("milestone"), title: form.value("title"))
        }
        return desk.addEvidence(try context.parameters.require("id"), fields)
    }
    router.post("/c/:id/progress") { request, context in
        var request = request
        let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
        return desk.saveCommitment(try context.parameters.require("id"), FormData(String(buffer: body)))
    }
    router.get("/c/:id/evidence/:evidence/remove") { _, context in
        desk.html(desk.removalPage(try context.parameters.require("id"), try context.parameters.require("evidence")))
    }
    router.post("/c/:id/evidence/:evidence/remove") { _, context in
        desk.removeEvidence(try context.parameters.require("id"), try context.parameters.require("evidence"))
    }
    router.get("/conflicts") { request, _ in
        let settled = request.uri.queryParameters["settled"] != nil
        return desk.html(desk.conflictsPage(notice: settled ? desk.t("web.conflicts.settled") : nil))
    }
    router.post("/conflicts/settle") { request, _ in
        var request = request
        let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
        return desk.settle(FormData(String(buffer: body)))
    }
    router.get("/sync") { request, _ in
        let notice = request.uri.queryParameters["done"].map { _ in desk.t("web.sync.done") }
            ?? request.uri.queryParameters["rescued"].map { _ in desk.t("web.sync.rescued") }
        return desk.html((200, Page.sync(language, view: sync.read(), csrf: desk.csrf, notice: notice)))
    }
    router.post("/sync") { _, _ in
        _ = await withCheckedContinuation { continuation in
            // Not under the desk's lock: a sync may wait minutes for the network, and the engine has
            // its own lock (a second sync is told another one runs) and takes edits made meanwhile.
            DispatchQueue.global().async { continuation.resume(returning: sync.syncNow()) }
        }
        return Response.redirect(to: "/sync?done=1", type: .normal)
    }
    router.post("/rescue") { _, _ in
        _ = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: sync.rescue()) }
        }
        return Response.redirect(to: "/sync?rescued=1", type: .normal)
    }
    let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil)
    var logger = Logger(label: "carnet-web")
    logger.logLevel = .error
    return Application(router: router, configuration: configuration, onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        bound.set(port)
        await onRunning(port)
    }, logger: logger)
}

/// Where the pages meet the engine: one operation at a time on the copy (a save and a sync never
/// run together), each with a fresh view of the files.
final class Desk: @unchecked Sendable {
    let root: String
    let language: String
    let csrf: String
    let sync: SyncPort
    let today: @Sendable () -> PlanDate
    private let lock = NSLock()

    init(root: String, language: String, csrf: String, sync: SyncPort, today: @escaping @Sendable () -> PlanDate) {
        self.root = root
        self.language = language
        self.csrf = csrf
        self.sync = sync
        self.today = today
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        Catalogue.text(key, in: language, arguments)
    }

    func html(_ page: (Int, [UInt8])) -> Response {
        var response = Response(status: HTTPResponse.Status(code: page.0), body: ResponseBody(byteBuffer: ByteBuffer(bytes: page.1)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        return response
    }

    private func problem(_ message: String) -> (Int, [UInt8]) {
        (404, Page.refusal(title: t("web.problem.title"), message: message, language: language))
    }

    // MARK: My commitments

    func myCommitments() -> (Int, [UInt8]) {
        locked {
            do {
                let copy = try WorkingCopy(at: root)
                let ministry = try copy.writer()?.ministryID
                let today = today()
                let snapshot = copy.snapshot()
                let planLanguage = snapshot.plan?.record?.language
                let name = ministry.flatMap { id in
                    PlanSnapshot(root: copy.root, only: [], alsoMinistries: [id]).ministries[id]?.record?.name
                        .anyValue(preferring: language)
                }
                let items = snapshot.sortedCommitments.compactMap { folder -> CommitmentSummary? in
                    guard let c = folder.commitment?.record else { return nil }
                    if let ministry, c.leadAgency != ministry, !c.milestoneLeads.contains(ministry) { return nil }
                    let p = folder.progress?.record
                    let schedules = c.milestones.map { ($0.id, MilestoneSchedule($0, progress: p, today: today)) }
                    return CommitmentSummary(
                        id: folder.id, number: c.number,
                        title: c.title.value(in: language, planLanguage: planLanguage) ?? c.title.anyValue(preferring: planLanguage),
                        completion: (p?.completion ?? .notStarted).rawValue,
                        milestonesComplete: c.milestones.filter { p?.milestone($0.id)?.completion == .complete }.count,
                        milestones: c.milestones.count,
                        overdue: schedules.filter { $0.1.state == .overdue }.map(\.0),
                        due: schedules.filter { $0.1.state == .due }.map(\.0),
                        missingReasons: schedules.filter { $0.1.delayReasonMissing }.map(\.0))
                }
                // A ministry's own commitments with no change for longer than the plan asks (its
                // `stale_after_days`, 60 by default, as the dashboard's freshness): one history walk each.
                let staleAfter = snapshot.plan?.record?.staleAfterDays ?? 60
                var listed = items
                if ministry != nil, !listed.isEmpty, let now = Desk.date(of: today) {
                    // One walk of the history, newest first, until every listed commitment's last change is found.
                    var last: [String: Date] = [:]
                    let wanted = Dictionary(uniqueKeysWithValues: listed.map { (PlanLayout.commitmentDir($0.id) + "/", $0.id) })
                    for change in try copy.log() {
                        for file in change.files {
                            guard let slash = file.dropFirst(PlanLayout.commitmentsDir.count + 1).firstIndex(of: "/"),
                                  let id = wanted[String(file[..<file.index(after: slash)])], last[id] == nil else { continue }
                            last[id] = change.date
                        }
                        if last.count == wanted.count { break }
                    }
                    for i in listed.indices {
                        guard let date = last[listed[i].id] else { continue }
                        let days = Int(now.timeIntervalSince(date) / 86_400)
                        if days > staleAfter { listed[i].staleDays = days }
                    }
                }
                return (200, Page.commitments(language, ministry: ministry, ministryName: name, items: listed, staleAfter: staleAfter))
            } catch {
                return problem(describe(error))
            }
        }
    }

    /// Noon UTC of a day (a month: its first day).
    static func date(of day: PlanDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let n = day.firstDay
        return calendar.date(from: DateComponents(year: n / 10000, month: n / 100 % 100, day: n % 100, hour: 12))
    }

    // MARK: A commitment

    /// The version of a commitment's progress file as the form saw it: git's blob id of its
    /// bytes on disk (`none` when there is no file yet). Any change by anyone changes it.
    func version(_ copy: WorkingCopy, _ id: String) -> String {
        guard let data = FileManager.default.contents(atPath: copy.path(PlanLayout.progressFile(id))) else { return "none" }
        return (try? Repository.blobID(of: data).description) ?? "unreadable"
    }

    func commitmentPage(_ given: String, notice: String?, forms: [String: MilestoneForm] = [:], evidenceProblems: [String] = [],
                        status: Int = 200) -> (Int, [UInt8]) {
        locked {
            do {
                let copy = try WorkingCopy(at: root)
                let sheet = try copy.commitmentSheet(given, today: today())
                return (status, Page.commitment(language, sheet: sheet, version: version(copy, sheet.id), csrf: csrf,
                                                notice: notice, forms: forms, evidenceProblems: evidenceProblems,
                                                history: try copy.log(commitment: sheet.id, limit: 10),
                                                stale: ((try? copy.staleTranslations()) ?? [])
                                                    .filter { $0.path.hasPrefix(PlanLayout.commitmentDir(sheet.id) + "/") }))
            } catch {
                return problem(describe(error))
            }
        }
    }

    func saveMilestone(_ given: String, _ milestoneID: String, _ form: FormData) -> Response {
        // A field the form did not send is left as it is; one sent empty asks to empty it.
        var typed: [String: String] = [:]
        for name in Page.milestoneFields { typed[name] = form.value(name) }
        let outcome: Result<(id: String, changed: Bool), SaveProblem> = locked {
            do {
                let copy = try WorkingCopy(at: root)
                let sheet = try copy.commitmentSheet(given, today: today())
                guard let current = sheet.milestones.first(where: { $0.id == milestoneID }) else {
                    return .failure(.missing(t("web.problem.no-milestone", ["id": .text(milestoneID)])))
                }
                guard let seen = form.value("version"), seen == version(copy, sheet.id) else {
                    return .failure(.changed(sheet.id))
                }
                let before = Page.values(of: current)
                var errors: [String: String] = [:]
                var change = WorkingCopy.MilestoneChange()
                if let completion = typed["completion"], completion != before["completion"] {
                    if let level = CompletionLevel(rawValue: completion) { change.completion = level }
                    else { errors["completion"] = t("web.field.completion.invalid") }
                }
                for (name, apply) in [("actual-start", { (d: PlanDate) in change.actualStart = d }),
                                      ("actual-end", { (d: PlanDate) in change.actualEnd = d })] as [(String, (PlanDate) -> Void)] {
                    guard let value = typed[name]?.trimmingCharacters(in: .whitespaces), value != before[name] else { continue }
                    if value.isEmpty { errors[name] = t("web.field.cannot-clear"); continue }
                    guard let date = PlanDate(value) else { errors[name] = t("web.field.date.invalid", ["value": .text(value)]); continue }
                    apply(date)
                }
                for name in ["note", "delay-reason"] {
                    guard let value = typed[name]?.replacingOccurrences(of: "\r\n", with: "\n"),
                          value.trimmingCharacters(in: .whitespacesAndNewlines) != before[name]!.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
                    if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors[name] = t("web.field.cannot-clear"); continue }
                    if name == "note" { change.note = value } else { change.delayReason = value }
                }
                if !errors.isEmpty { return .failure(.fields(errors, [])) }
                if change.completion == nil && change.actualStart == nil && change.actualEnd == nil && change.note == nil && change.delayReason == nil {
                    return .success((sheet.id, false))
                }
                do {
                    try copy.setMilestone(sheet.id, milestoneID, change)
                } catch let error as WorkspaceError {
                    // The validator's problems go next to the field they name; the rest above the form.
                    var general = [error.description]
                    for d in error.diagnostics {
                        if let field = Desk.field(of: d, milestone: milestoneID), errors[field] == nil { errors[field] = d.message }
                        else { general.append(d.message) }
                    }
                    return .failure(.fields(errors, general))
                }
                return .success((sheet.id, true))
            } catch {
                return .failure(.missing(describe(error)))
            }
        }
        switch outcome {
        case .success(let saved):
            // Post, redirect, get: reloading the page does not send the form again.
            let key = saved.changed ? "saved" : "unchanged"
            return Response.redirect(to: "/c/\(percent(saved.id))?\(key)=\(percent(milestoneID))#milestone-\(percent(milestoneID))", type: .normal)
        case .failure(.missing(let message)):
            return html(problem(message))
        case .failure(.changed(let id)):
            var form = MilestoneForm()
            form.unsaved = typed
            // The form shows what is saved now; what the person typed is shown beside it.
            return html(commitmentPage(id, notice: t("web.save.changed"), forms: [milestoneID: formWithCurrentValues(id, milestoneID, form)], status: 409))
        case .failure(.fields(let errors, let general)):
            let form = MilestoneForm(values: typed, errors: errors, general: general)
            return html(commitmentPage(given, notice: t("web.save.not-saved"), forms: [milestoneID: form], status: 422))
        }
    }

    /// The commitment's own progress, through the engine of `carnet commitment set`, with the
    /// same checks as a milestone's form (the file's version, fields emptied, the validator).
    func saveCommitment(_ given: String, _ form: FormData) -> Response {
        var typed: [String: String] = [:]
        for name in Page.commitmentFields { typed[name] = form.value(name) }
        let outcome: Result<(id: String, changed: Bool), SaveProblem> = locked {
            do {
                let copy = try WorkingCopy(at: root)
                let sheet = try copy.commitmentSheet(given, today: today())
                guard let seen = form.value("version"), seen == version(copy, sheet.id) else {
                    return .failure(.changed(sheet.id))
                }
                let before = Page.values(of: sheet)
                var errors: [String: String] = [:]
                var change = WorkingCopy.CommitmentChange()
                if let completion = typed["completion"], completion != before["completion"] {
                    if let level = CompletionLevel(rawValue: completion) { change.completion = level }
                    else { errors["completion"] = t("web.field.completion.invalid") }
                }
                for name in ["results", "next-steps", "delay-reason"] {
                    guard let value = typed[name]?.replacingOccurrences(of: "\r\n", with: "\n"),
                          value.trimmingCharacters(in: .whitespacesAndNewlines) != before[name]!.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
                    if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors[name] = t("web.field.cannot-clear"); continue }
                    switch name {
                    case "results": change.results = value
                    case "next-steps": change.nextSteps = value
                    default: change.delayReason = value
                    }
                }
                if !errors.isEmpty { return .failure(.fields(errors, [])) }
                if change.completion == nil && change.results == nil && change.nextSteps == nil && change.delayReason == nil {
                    return .success((sheet.id, false))
                }
                do {
                    try copy.setCommitment(sheet.id, change)
                } catch let error as WorkspaceError {
                    var general = [error.description]
                    let names = [("delay_reason", "delay-reason"), ("next_steps", "next-steps"), ("results", "results"), ("completion", "completion")]
                    for d in error.diagnostics {
                        if let field = names.first(where: { d.message.contains("'\($0.0)") })?.1, errors[field] == nil { errors[field] = d.message }
                        else { general.append(d.message) }
                    }
                    return .failure(.fields(errors, general))
                }
                return .success((sheet.id, true))
            } catch {
                return .failure(.missing(describe(error)))
            }
        }
        switch outcome {
        case .success(let saved):
            return Response.redirect(to: "/c/\(percent(saved.id))?\(saved.changed ? "progress" : "unchanged")=1#progress", type: .normal)
        case .failure(.missing(let message)):
            return html(problem(message))
        case .failure(.changed(let id)):
            var form = MilestoneForm()
            form.unsaved = typed
            if let copy = try? WorkingCopy(at: root), let sheet = try? copy.commitmentSheet(id, today: today()) {
                form.values = Page.values(of: sheet)
            }
            return html(commitmentPage(id, notice: t("web.save.changed"), forms: [Page.commitmentFormKey: form], status: 409))
        case .failure(.fields(let errors, let general)):
            return html(commitmentPage(given, notice: t("web.save.not-saved"),
                                       forms: [Page.commitmentFormKey: MilestoneForm(values: typed.compactMapValues { $0 }, errors: errors, general: general)],
                                       status: 422))
        }
    }

    // MARK: Conflicts

    func conflictViews(_ copy: WorkingCopy) throws -> [ConflictView] {
        try ConflictList.load(at: copy.root.path).map { c in
            let parts = c.path.split(separator: "/")
            let commitment = parts.count == 3 && parts[0] == "commitments" ? String(parts[1]) : nil
            return ConflictView(path: c.path, field: c.field, commitment: commitment, kept: c.kept, keptBy: c.keptBy, keptAt: c.keptAt,
                                lost: c.lost, lostBy: c.lostBy, lostAt: c.lostAt)
        }
    }

    func conflictsPage(notice: String?, failed: (path: String, field: String, message: String, value: String)? = nil,
                       status: Int = 200) -> (Int, [UInt8]) {
        locked {
            do {
                let copy = try WorkingCopy(at: root)
                return (status, Page.conflicts(language, items: try conflictViews(copy), csrf: csrf, notice: notice, problem: failed))
            } catch {
                return problem(describe(error))
            }
        }
    }

    /// Settles one conflict through the engine of `carnet resolve`: one commit. The file and
    /// field must be a conflict the copy lists now (what the form names is never trusted as a path).
    func settle(_ form: FormData) -> Response {
        guard let path = form.value("path"), let field = form.value("field"), let choice = form.value("choice") else {
            return html(problem(t("web.conflicts.unknown")))
        }
        let value = form.value("value") ?? ""
        let outcome: Result<Void, SaveProblem> = locked {
            do {
                let copy = try WorkingCopy(at: root)
                guard try ConflictList.load(at: copy.root.path).contains(where: { $0.path == path && $0.field == field }) else {
                    return .failure(.missing(t("web.conflicts.unknown")))
                }
                let file = copy.path(path)
                switch choice {
                case "keep": try ConflictResolver.resolve(in: copy.root.path, file: file, field: field, choice: .keep)
                case "take-lost": try ConflictResolver.resolve(in: copy.root.path, file: file, field: field, choice: .takeLost)
                case "value":
                    guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                        return .failure(.fields([:], [t("web.conflicts.empty")]))
                    }
                    try ConflictResolver.resolve(in: copy.root.path, file: file, field: field,
                                                 value: value.replacingOccurrences(of: "\r\n", with: "\n"))
                default: return .failure(.missing(t("web.conflicts.unknown")))
                }
                return .success(())
            } catch let failure as ConflictResolver.Failure {
                return .failure(.fields([:], [failure.message]))
            } catch {
                return .failure(.fields([:], [describe(error)]))
            }
        }
        switch outcome {
        case .success:
            return Response.redirect(to: "/conflicts?settled=1", type: .normal)
        case .failure(.fields(_, let problems)):
            return html(conflictsPage(notice: t("web.save.not-saved"),
                                      failed: (path, field, problems.joined(separator: " "), value), status: 422))
        case .failure(.missing(let message)), .failure(.changed(let message)):
            return html(problem(message))
        }
    }

    // MARK: Evidence

    /// A document (uploaded) or a link, added by the engine of `carnet evidence add`: its size
    /// limit, duplicate check, safe name in evidence/ and title from the name; one commit.
    func addEvidence(_ given: String, _ fields: EvidenceFields) -> Response {
        let milestone = fields.milestone.flatMap { $0.isEmpty ? nil : $0 }
        let title = fields.title.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let url = fields.url.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        let outcome: Result<String, SaveProblem> = locked {
            do {
                let copy = try WorkingCopy(at: root)
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
                    try copy.addEvidence(id, .file(path), milestone: milestone, title: title)
                case (nil, let address?):
                    try copy.addEvidence(id, .url(address), milestone: milestone, title: title)
                default:
                    return .failure(.fields([:], [t("web.evidence.choose")]))
                }
                return .success(id)
            } catch let error as WorkspaceError {
                return .failure(.fields([:], [error.description] + error.diagnostics.map(\.message)))
            } catch {
                return .failure(.missing(describe(error)))
            }
        }
        return evidenceAnswer(outcome, given, done: "added")
    }

    /// The form field a validation problem of this milestone is about: by the message's code,
    /// or by the record field it names (`milestones.m4.note`).
    static func field(of d: Diagnostic, milestone: String) -> String? {
        if d.code == "records.milestone-actually-ends-before-start" { return "actual-end" }
        let names = [("delay_reason", "delay-reason"), ("actual_start", "actual-start"), ("actual_end", "actual-end"),
                     ("note", "note"), ("completion", "completion")]
        for (record, form) in names where d.message.contains("milestones.\(milestone).\(record)") { return form }
        return nil
    }

    /// Asks before removing (pages work without script, so the question is a page).
    func removalPage(_ given: String, _ evidenceID: String) -> (Int, [UInt8]) {
        locked {
            do {
                let copy = try WorkingCopy(at: root)
                let sheet = try copy.commitmentSheet(given, today: today())
                guard let entry = sheet.evidence.first(where: { $0.id == evidenceID }) else {
                    return problem(t("web.evidence.no-such", ["id": .text(evidenceID)]))
                }
                return (200, Page.removal(language, sheet: sheet, entry: entry, csrf: csrf))
            } catch {
                return problem(describe(error))
            }
        }
    }

    /// Removes the entry and its document, through the engine of `carnet evidence remove`: one commit.
    func removeEvidence(_ given: String, _ evidenceID: String) -> Response {
        let outcome: Result<String, SaveProblem> = locked {
            do {
                let copy = try WorkingCopy(at: root)
                let id = try copy.commitmentID(for: given)
                try copy.removeEvidence(id, evidenceID)
                return .success(id)
            } catch let error as WorkspaceError {
                return .failure(.fields([:], [error.description] + error.diagnostics.map(\.message)))
            } catch {
                return .failure(.missing(describe(error)))
            }
        }
        return evidenceAnswer(outcome, given, done: "removed")
    }

    /// After adding or removing evidence: back to the commitment's evidence, or its page with the
    /// problems, nothing written.
    private func evidenceAnswer(_ outcome: Result<String, SaveProblem>, _ given: String, done: String) -> Response {
        switch outcome {
        case .success(let id):
            return Response.redirect(to: "/c/\(percent(id))?\(done)=1#evidence", type: .normal)
        case .failure(.fields(_, let problems)):
            return html(commitmentPage(given, notice: t("web.save.not-saved"), evidenceProblems: problems, status: 422))
        case .failure(.missing(let message)), .failure(.changed(let message)):
            return html(problem(message))
        }
    }

    private func formWithCurrentValues(_ id: String, _ milestoneID: String, _ form: MilestoneForm) -> MilestoneForm {
        var form = form
        if let copy = try? WorkingCopy(at: root), let sheet = try? copy.commitmentSheet(id, today: today()),
           let m = sheet.milestones.first(where: { $0.id == milestoneID }) {
            form.values = Page.values(of: m)
        }
        return form
    }

    private func percent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    func describe(_ error: Error) -> String {
        if let error = error as? WorkspaceError { return error.description }
        return t("web.problem.unexpected")
    }
}

/// What an evidence form sent: a document (the name the browser gave, and the bytes) or an address.
struct EvidenceFields {
    var file: (name: String, bytes: [UInt8])?
    var url: String?
    var milestone: String?
    var title: String?
}

enum SaveProblem: Error {
    case missing(String)
    case changed(String)
    case fields([String: String], [String])
}
