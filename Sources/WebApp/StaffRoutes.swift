import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The routes of the pages every copy has (docs/WEB.md): each hands the request to the desk,
/// which reads or changes the copy; the guard (WebGuard) has checked it before.
enum StaffRoutes {
    static func add(to router: Router<BasicRequestContext>, _ desk: Desk) {
        commitments(router, desk)
        conflicts(router, desk)
        sync(router, desk)
    }

    /// My commitments, a commitment and its forms, its evidence.
    static func commitments(_ router: Router<BasicRequestContext>, _ desk: Desk) {
        router.get("/") { request, _ in
            let query = request.uri.queryParameters
            return desk.html(desk.myCommitments { query[Substring($0)].map(String.init) })
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
            let title = request.uri.queryParameters["title"].map { _ in desk.t("wcache.evidence.title-saved") }
            return TextLanguage.$asked.withValue(TextLanguage.code(request.uri.queryParameters["text"])) {
                desk.html(desk.commitmentPage(id, notice: saved ?? unchanged ?? added ?? removed ?? progress ?? title))
            }
        }
        router.get("/c/:id/history") { _, context in
            desk.html(desk.historyPage(try context.parameters.require("id")))
        }
        router.post("/c/:id/m/:milestone") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
            let form = FormData(String(buffer: body))
            let (id, milestone) = (try context.parameters.require("id"), try context.parameters.require("milestone"))
            return TextLanguage.$asked.withValue(TextLanguage.code(form.value("text-language").map { Substring($0) })) {
                desk.saveMilestone(id, milestone, form)
            }
        }
        router.post("/c/:id/evidence") { request, context in
            var request = request
            let contentType = request.headers[.contentType] ?? ""
            let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxUploadBytes)
            let fields: EvidenceFields
            let language: String?
            if let boundary = MultipartForm.boundary(of: contentType), let form = MultipartForm(Array(buffer: body), boundary: boundary) {
                fields = EvidenceFields(file: form.file("file").map { ($0.filename ?? "", $0.bytes) }, url: form.value("url"),
                                        milestone: form.value("milestone"), title: form.value("title"))
                language = form.value("text-language")
            } else {
                let form = FormData(String(buffer: body))
                fields = EvidenceFields(file: nil, url: form.value("url"), milestone: form.value("milestone"), title: form.value("title"))
                language = form.value("text-language")
            }
            let id = try context.parameters.require("id")
            // A title given is written in the language the page shows its texts in.
            return TextLanguage.$asked.withValue(TextLanguage.code(language.map { Substring($0) })) {
                desk.addEvidence(id, fields)
            }
        }
        router.post("/c/:id/progress") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
            let form = FormData(String(buffer: body))
            let id = try context.parameters.require("id")
            return TextLanguage.$asked.withValue(TextLanguage.code(form.value("text-language").map { Substring($0) })) {
                desk.saveCommitment(id, form)
            }
        }
        router.post("/c/:id/evidence/:evidence/title") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
            let form = FormData(String(buffer: body))
            let (id, evidence) = (try context.parameters.require("id"), try context.parameters.require("evidence"))
            return TextLanguage.$asked.withValue(TextLanguage.code(form.value("text-language").map { Substring($0) })) {
                desk.saveEvidenceTitle(id, evidence, form)
            }
        }
        router.get("/c/:id/evidence/:evidence/remove") { _, context in
            desk.html(desk.removalPage(try context.parameters.require("id"), try context.parameters.require("evidence")))
        }
        router.post("/c/:id/evidence/:evidence/remove") { _, context in
            desk.removeEvidence(try context.parameters.require("id"), try context.parameters.require("evidence"))
        }
    }

    static func conflicts(_ router: Router<BasicRequestContext>, _ desk: Desk) {
        router.get("/conflicts") { request, _ in
            let settled = request.uri.queryParameters["settled"] != nil
            return desk.html(desk.conflictsPage(notice: settled ? desk.t("web.conflicts.settled") : nil))
        }
        router.post("/conflicts/settle") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
            return desk.settle(FormData(String(buffer: body)))
        }
    }

    static func sync(_ router: Router<BasicRequestContext>, _ desk: Desk) {
        router.get("/sync") { request, _ in
            let notice = request.uri.queryParameters["done"].map { _ in desk.t("web.sync.done") }
                ?? request.uri.queryParameters["rescued"].map { _ in desk.t("web.sync.rescued") }
            return desk.html((200, Page.sync(desk.language, view: desk.sync.read(), csrf: desk.csrf, notice: notice)))
        }
        router.post("/sync") { _, _ in
            _ = await withCheckedContinuation { continuation in
                // Not under the desk's lock: a sync may wait minutes for the network, and the engine has
                // its own lock (a second sync is told another one runs) and takes edits made meanwhile.
                DispatchQueue.global().async { continuation.resume(returning: desk.sync.syncNow()) }
            }
            return Response.redirect(to: "/sync?done=1", type: .normal)
        }
        router.post("/rescue") { _, _ in
            _ = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: desk.sync.rescue()) }
            }
            return Response.redirect(to: "/sync?rescued=1", type: .normal)
        }
    }
}
