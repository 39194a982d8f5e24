import Foundation
import Git
import Hub
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// `carnet hub merge`, the hub's proc-receive hook: a sync's commits handed over in
/// `refs/carnet/incoming/<role>/<commit>` (IncomingRef) are merged onto main here, one push at a
/// time, so that twenty ministries syncing at once each need one push instead of racing each
/// other round after round (fetch, merge, push, lose, again).
///
/// Trust: the hub writes exactly the merge the pusher's own sync would have written onto main as
/// it is now (SyncEngine.mergedTree, the field-level merge; parents: the pushed commit, then
/// main), authored by the author of the pushed commit, and judges that merge with PushVerifier
/// as the pusher's push to main: every new commit, the merge itself and the net change from main.
/// The hub's merge therefore writes nothing the pusher could not have pushed: a merge they could
/// not push is refused as that push would be, and main does not move.
public enum IncomingMerge {
    /// Answers git for each handed-over commit; never throws what git could not report.
    public static func run(updates: [RefUpdate], environment: [String: String], hub: String?, at date: Date = Date()) throws -> [ProcReceive.Answer] {
        let repository = try HubHooks.openHub(hub)
        let claim = PusherClaim.from(environment: environment)
        let lock = try MergeLock(gitDirectory: repository.gitDirectory)
        defer { lock.release() }
        // The hook's bound (carnet.verifySeconds) counts from the lock: past it, the push is
        // refused and the kernel releases the lock with the process.
        let limit = TimeLimit.refusingPush(after: VerifyLimits.of(repository).seconds)
        defer { limit.cancel() }
        return updates.map { land($0, claim: claim, in: repository, environment: environment, at: date) }
    }

    static func land(_ update: RefUpdate, claim: PusherClaim?, in repository: Repository, environment: [String: String], at date: Date) -> ProcReceive.Answer {
        guard IncomingRef.wellFormed(update), let tip = update.new else {
            return .refused(Catalogue.text("hubq.refused.not-a-hand-over", ["ref": .text(update.ref)]))
        }
        let role = IncomingRef.role(of: update.ref)
        do {
            // main can move under us by a plain push to it (an older carnet): compare-and-swap, again.
            for _ in 1...5 {
                guard let main = try repository.referenceTarget(RefUpdate.mainBranch) else {
                    return .refused(Catalogue.text("hubq.refused.no-main"))
                }
                if try main == tip || repository.isDescendant(main, of: tip) {
                    report(main)
                    return .nothingNew
                }
                let merged = try repository.isDescendant(tip, of: main) ? tip : try merge(tip, onto: main, role: role, in: repository)
                let toMain = [RefUpdate(old: main, new: merged, ref: RefUpdate.mainBranch)]
                var verdict = try PushVerifier(repository: repository).verify(toMain, claim: claim)
                verdict.language = HubHooks.hookLanguage(of: repository, updates: toMain, environment: environment)
                guard verdict.accepted else {
                    HubHooks.logRefusal(verdict, of: toMain, claim: claim, in: repository, at: date)
                    FileHandle.standardError.write(Data((verdict.hookReport + "\n").utf8))
                    // git's own wording for a hook's refusal, as for pre-receive: the words a person
                    // reads are the verdict's, which their carnet writes in their language.
                    return .refused("proc-receive hook declined")
                }
                do {
                    try repository.moveReference(RefUpdate.mainBranch, to: merged, expecting: main, message: "carnet hub merge: \(role)")
                } catch {
                    continue
                }
                report(merged)
                return .moved(ref: RefUpdate.mainBranch, old: main, new: merged)
            }
            return .refused(Catalogue.text("hubq.refused.busy"))
        } catch {
            // Fail closed: main stays where it was.
            return .refused(Catalogue.text("hubq.refused.cannot-merge", ["reason": .text(String(describing: error))]))
        }
    }

    /// For the pusher's carnet (side band): where main is now. It saves a fetch when main is the
    /// pushed commit itself; otherwise the copy fetches main as always.
    private static func report(_ main: ObjectID) {
        FileHandle.standardError.write(Data((IncomingRef.landedMarker + main.description + "\n").utf8))
    }

    /// The pusher's commit merged onto main: the tree their sync would make, their name on it.
    static func merge(_ tip: ObjectID, onto main: ObjectID, role: String, in repository: Repository) throws -> ObjectID {
        let (tree, policy) = try SyncEngine.mergedTree(in: repository, tip, main, role: role)
        let pushed = try repository.commit(tip).author
        let author = Signature(name: pushed.name, email: pushed.email)
        return try repository.createCommit(tree: tree, parents: [tip, main], message: SyncEngine.mergeMessage(policy.conflicts),
                                           author: author, updateRef: nil)
    }

    /// One merge at a time on a hub: flock(2) on a file in its git folder, released by the
    /// kernel if the hook dies, so it never goes stale.
    struct MergeLock {
        let descriptor: Int32

        init(gitDirectory: String) throws {
            let path = URL(fileURLWithPath: gitDirectory).appendingPathComponent("carnet-merge.lock").path
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw HubError.io(Catalogue.text("hubq.cannot-lock", ["path": .text(path), "reason": .text(String(cString: strerror(errno)))]))
            }
            while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        }

        func release() {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
