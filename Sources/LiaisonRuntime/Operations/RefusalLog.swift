import LiaisonCore
import Logging

/// An event the engine refused, as the refusal log line names it.
struct EngineRefusal: Sendable, Hashable {
    /// Why.
    var code: RefusalCode
    /// The case the event was for.
    var caseID: String
    /// The sending unit.
    var unit: String
    /// The sentence naming what did not fit.
    var reason: String
}

/// Decides which refusals are logged: at most ``linesPerWindow`` lines per reason code in
/// each window of ``window``; the rest are counted, and once the window is over one line says
/// how many were left out. A flood of one kind of refusal costs a few lines, never the log.
struct RefusalLogLimiter {
    /// What to write.
    enum Line: Hashable {
        /// Log this refusal.
        case refusal(EngineRefusal)
        /// `count` refusals with `code` were not logged in the window that just ended.
        case suppressed(code: RefusalCode, count: Int)
    }

    /// Lines per code and window.
    let linesPerWindow: Int
    /// The window, in milliseconds.
    let windowMilliseconds: Int64

    private var windows: [String: (start: Int64, logged: Int, suppressed: Int, code: RefusalCode)] = [:]

    init(linesPerWindow: Int = 10, window: Duration = .seconds(10)) {
        self.linesPerWindow = linesPerWindow
        self.windowMilliseconds = window.wholeMilliseconds
    }

    /// The lines to write for `refusal` at `now` (ms): the count left out of the code's last
    /// window if it ended, then the refusal itself unless its window is full.
    mutating func admit(_ refusal: EngineRefusal, now: Int64) -> [Line] {
        var lines: [Line] = []
        let key = refusal.code.rawValue
        if let window = windows[key], now - window.start >= windowMilliseconds {
            if window.suppressed > 0 { lines.append(.suppressed(code: window.code, count: window.suppressed)) }
            windows[key] = nil
        }
        var window = windows[key] ?? (start: now, logged: 0, suppressed: 0, code: refusal.code)
        if window.logged < linesPerWindow {
            window.logged += 1
            lines.append(.refusal(refusal))
        } else {
            window.suppressed += 1
        }
        windows[key] = window
        return lines
    }

    /// The counts left out of every window that ended by `now`, in code order.
    mutating func flush(now: Int64) -> [Line] {
        var lines: [Line] = []
        for key in windows.keys.sorted() {
            guard let window = windows[key], now - window.start >= windowMilliseconds else { continue }
            if window.suppressed > 0 { lines.append(.suppressed(code: window.code, count: window.suppressed)) }
            windows[key] = nil
        }
        return lines
    }

    /// Writes `lines` at info.
    static func write(_ lines: [Line], to logger: Logger, window: Duration) {
        for line in lines {
            switch line {
            case .refusal(let refusal):
                logger.info("event refused", metadata: [
                    "code": "\(refusal.code.rawValue)", "case": "\(refusal.caseID)", "unit": "\(refusal.unit)",
                    "reason": "\(refusal.reason)",
                ])
            case .suppressed(let code, let count):
                logger.info("… and \(count) more refusals with this code in the last \(window), not logged one by one",
                            metadata: ["code": "\(code.rawValue)", "count": "\(count)"])
            }
        }
    }
}
