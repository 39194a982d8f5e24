import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The routes of the point of contact's pages (docs/WEB.md): every ministry's freshness and
/// refusals, the commitments needing attention, the dashboard previewed, the self-assessment
/// draft. A ministry's copy is answered that they are the point of contact's.
enum ContactRoutes {
    static func add(to router: Router<BasicRequestContext>, _ desk: Desk) {
        router.get("/ministries") { request, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            let asked = request.uri.queryParameters["asked"].map { _ in desk.t("web.contact.ministries.asked") }
            return desk.html(desk.ministriesPage(notice: asked))
        }
        router.post("/ministries") { _, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            // Not under the desk's lock: the hub may take minutes to answer (as a sync).
            let problem = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: desk.sync.askHub()) }
            }
            guard let problem else { return Response.redirect(to: "/ministries?asked=1", type: .normal) }
            return desk.html(desk.ministriesPage(notice: nil, problem: problem, status: 502))
        }
        router.get("/attention") { request, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            let query = request.uri.queryParameters
            return desk.html(desk.attentionPage { query[Substring($0)].map(String.init) })
        }
        router.get("/participation") { _, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            return desk.html(desk.participationPage())
        }
        router.get("/preview") { request, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            // The dashboard's links are relative: its index must be read at /preview/.
            guard request.uri.path.hasSuffix("/") else { return Response.redirect(to: "/preview/", type: .normal) }
            return desk.preview([], regenerate: true)
        }
        router.get("/preview/**") { _, context in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            return desk.preview(context.parameters.getCatchAll().map(String.init), regenerate: false)
        }
        router.get("/self-assessment") { _, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            return desk.html(desk.selfAssessmentPage())
        }
        router.get("/self-assessment/draft") { request, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            return desk.selfAssessmentDraft(term: request.uri.queryParameters["term"].map(String.init) ?? "",
                                            language: request.uri.queryParameters["language"].map(String.init) ?? "")
        }
    }
}

/// Sets, for the request, whether its pages list the point of contact's in their menu.
struct ContactMenu<Context: RequestContext>: RouterMiddleware {
    let forContact: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await Page.$forContact.withValue(forContact) { try await next(request, context) }
    }
}
