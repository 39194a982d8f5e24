import Foundation
import HTTPTypes
import Hummingbird
import Messages
import NIOCore
import Records

/// The port the server listens on, known once it is bound (port 0 asks the system for a free one).
final class BoundPort: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int?
    var port: Int? { lock.withLock { value } }
    func set(_ port: Int) { lock.withLock { value = port } }
}

/// Every request is hostile until shown otherwise (docs/WEB.md, docs/SECURITY.md):
///
/// 1. `Host` must be `127.0.0.1:PORT` or `localhost:PORT`: a page of another site whose name was
///    made to point at 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
/// 2. The installation's secret, once in the address (`?secret=…`), becomes a `SameSite=Strict`,
///    `HttpOnly` cookie and the browser is sent to the same page without it; after that every
///    request must bring the cookie. Wrong or missing: 403. The cookie holds this run's session
///    token, not the secret: browsers send a cookie of 127.0.0.1 to every port of 127.0.0.1, so
///    what another local server could see must not outlive this run. Its name holds the port,
///    so that two `carnet web` (two plans) side by side keep their own.
/// 3. A POST must come from a page of this server (`Origin` is exactly `http://` + the host),
///    be a plain form (`application/x-www-form-urlencoded`, at most `maxFormBytes`), and carry
///    the CSRF token of this server (`csrf` field). Otherwise: 403 (413, 415 for size and type).
/// 4. Every answer, refusals included, has a strict Content-Security-Policy (no script at all,
///    no framing), `nosniff`, no referrer, and is not cached.
struct WebGuard<Context: RequestContext>: RouterMiddleware {
    let secret: String
    /// This run's session token: the cookie's value.
    let session: String
    let csrf: String
    let port: BoundPort
    let language: String

    static func cookieName(port: Int) -> String { "carnet-web-\(port)" }
    static var maxFormBytes: Int { 1 << 20 }
    /// A document as large as `carnet evidence add` takes (PlanLayout.maxEvidenceBytes), and its form.
    static var maxUploadBytes: Int { PlanLayout.maxEvidenceBytes + (64 << 10) }

    /// `/c/ID/evidence`: the one place a document may be sent.
    static func isUploadPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0].isEmpty && parts[1] == "c" && !parts[2].isEmpty && parts[3] == "evidence"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await check(request, context: context, next: next)
        } catch let error as HTTPError {
            response = refusal(error.status, "web.refused.error")
        } catch {
            response = refusal(.internalServerError, "web.refused.error")
        }
        for (name, value) in WebGuard.securityHeaders { response.headers[name] = value }
        return response
    }

    static var securityHeaders: [(HTTPField.Name, String)] {
        [(.contentSecurityPolicy, "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
         (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
         (HTTPField.Name("X-Frame-Options")!, "DENY"),
         (HTTPField.Name("Referrer-Policy")!, "same-origin"),
         (HTTPField.Name("Cross-Origin-Opener-Policy")!, "same-origin"),
         (HTTPField.Name("Cross-Origin-Resource-Policy")!, "same-origin"),
         (.cacheControl, "no-store")]
    }

    private func check(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let port = port.port, let host = allowedHost(request, port: port) else {
            return refusal(.forbidden, "web.refused.host")
        }
        // The secret in the address: turned into the cookie, and taken out of the address.
        if let given = request.uri.queryParameters["secret"] {
            guard request.method == .get, sameSecret(String(given), secret) else {
                return refusal(.forbidden, "web.refused.secret")
            }
            var response = Response(status: .seeOther)
            response.headers[.location] = WebGuard.safeLocalPath(request.uri.path)
            response.headers[.setCookie] = "\(WebGuard.cookieName(port: port))=\(session); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        guard let cookie = request.cookies[WebGuard.cookieName(port: port)]?.value, sameSecret(cookie, session) else {
            return refusal(.forbidden, "web.refused.secret")
        }
        switch request.method {
        case .get, .head:
            return try await next(request, context)
        case .post:
            guard let origin = request.headers[.origin], origin == "http://" + host else {
                return refusal(.forbidden, "web.refused.origin")
            }
            let contentType = request.headers[.contentType] ?? ""
            let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            // Documents are sent as multipart only to a commitment's evidence; every other form is plain.
            let upload = type == "multipart/form-data" && WebGuard.isUploadPath(request.uri.path)
            guard type == "application/x-www-form-urlencoded" || upload else {
                return refusal(.unsupportedMediaType, "web.refused.type")
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: upload ? WebGuard.maxUploadBytes : WebGuard.maxFormBytes) } catch {
                return refusal(.contentTooLarge, upload ? "web.refused.upload-size" : "web.refused.size")
            }
            let token: String?
            if upload {
                token = MultipartForm.boundary(of: contentType)
                    .flatMap { MultipartForm(Array(buffer: body), boundary: $0) }?.value("csrf")
            } else {
                token = FormData(String(buffer: body)).value("csrf")
            }
            guard let token, sameSecret(token, csrf) else {
                return refusal(.forbidden, "web.refused.csrf")
            }
            return try await next(request, context)
        default:
            return refusal(.methodNotAllowed, "web.refused.method")
        }
    }

    /// The Host the request names, when it is this server's own address (exactly one Host).
    private func allowedHost(_ request: Request, port: Int) -> String? {
        // HTTP/1.1's Host header, as HTTPTypes carries it.
        guard let named = request.head.authority else { return nil }
        let lowered = named.lowercased()
        return lowered == "127.0.0.1:\(port)" || lowered == "localhost:\(port)" ? lowered : nil
    }

    /// A path of this server only: `/…`, never `//host` or a backslash a browser reads as one.
    static func safeLocalPath(_ path: String) -> String {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"),
              path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return "/" }
        return path
    }

    private func refusal(_ status: HTTPResponse.Status, _ key: String) -> Response {
        let page = Page.refusal(title: Catalogue.text("web.refused.title", in: language),
                                message: Catalogue.text(key, in: language), language: language)
        var response = Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(bytes: page)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        return response
    }
}

/// An `application/x-www-form-urlencoded` body or query: names and values, in order.
struct FormData {
    var fields: [(String, String)] = []

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = FormData.decode(parts[0])
            let value = parts.count > 1 ? FormData.decode(parts[1]) : ""
            fields.append((name, value))
        }
    }

    static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? ""
    }

    /// The first value of the field; nil when absent or given more than once (ambiguous).
    func value(_ name: String) -> String? {
        let values = fields.filter { $0.0 == name }
        return values.count == 1 ? values[0].1 : nil
    }
}
