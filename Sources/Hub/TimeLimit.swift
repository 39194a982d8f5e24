import Foundation
import Messages

/// The pre-receive hook's time limit. Validation of a large push is not interruptible step by
/// step, so the bound is a timer beside it: when it fires, the push is refused (git takes
/// nothing when the hook exits non-zero) and the process ends. Fails closed.
public final class TimeLimit: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    /// Calls `expire` after `seconds` unless cancelled first.
    public init(seconds: Int, expire: @escaping @Sendable () -> Void) {
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .seconds(seconds))
        timer.setEventHandler(handler: expire)
        timer.resume()
    }

    public func cancel() { timer.cancel() }

    deinit { timer.cancel() }

    /// The hook's own limit: a refusal on stderr (git relays it as `remote: …`), exit 77.
    /// In `language`, with the verdict line (VerdictWire) for the pusher's carnet.
    public static func refusingPush(after seconds: Int, language: String = Catalogue.language) -> TimeLimit {
        TimeLimit(seconds: seconds) {
            var verdict = Verdict(pusher: nil, refusals: [Refusal(path: nil, rule: StoredMessage("hub.refusal.too-slow", [
                "seconds": .number(seconds), "setting": .text(VerifyLimits.keys.seconds)]))])
            verdict.language = language
            let text = verdict.hookReport + "\n"
            FileHandle.standardError.write(Data(text.utf8))
            _exit(77)
        }
    }
}
