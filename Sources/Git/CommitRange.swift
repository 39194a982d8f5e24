import CGit2
import Foundation

extension Repository {
    /// The commits reachable from `tip` but not from any of `excluded` (git's `old..new`),
    /// oldest first: every commit a push brings, not only the net change.
    public func commits(from tip: ObjectID, excluding excluded: [ObjectID]) throws -> [CommitInfo] {
        var walker: OpaquePointer?
        try check("start commit walk", git_revwalk_new(&walker, pointer))
        defer { git_revwalk_free(walker) }
        let sorting = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue
        try check("sort commits", git_revwalk_sorting(walker, sorting))
        var raw = tip.raw
        try check("walk from \(tip.short)", git_revwalk_push(walker, &raw))
        for id in excluded {
            var hidden = id.raw
            try check("hide \(id.short)", git_revwalk_hide(walker, &hidden))
        }
        var result: [CommitInfo] = []
        var oid = git_oid()
        while true {
            let step = git_revwalk_next(&oid, walker)
            if step == GIT_ITEROVER.rawValue { break }
            try check("walk commits", step)
            result.append(try lookupCommit(ObjectID(oid)).info)
        }
        return result
    }
}
