import Foundation

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
    public static func refusingPush(after seconds: Int) -> TimeLimit {
        TimeLimit(seconds: seconds) {
            let text = "carnet hub: push refused; nothing was written to the hub:\n  the hub could not check this push within \(seconds) s (\(VerifyLimits.keys.seconds)): send fewer changes at a time, or ask the point of contact\n"
            FileHandle.standardError.write(Data(text.utf8))
            _exit(77)
        }
    }
}
