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
        page { copy in
        (status, Page.conflicts(language, items: try conflictViews(copy), csrf: csrf, notice: notice, problem: failed))
        }
    }

    /// Settles one conflict through the engine of `carnet resolve`: one commit. The file and
    /// field must be a conflict the copy lists now (what the form names is never trusted as a path).
    func settle(_ form: FormData) -> Response {
        guard let path = form.value("path"), let field = form.value("field"), let choice = form.value("choice") else {
            return html(problem(t("web.conflicts.unknown")))
        }
        let value = form.value("value") ?? ""
        let outcome: Result<Void, SaveProblem> = change { copy in
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
}
