import Foundation
import LiaisonCore

extension Timestamp {
    /// The current wall-clock time. Only the runtime reads the clock; the engine is given it.
    public static func now() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }
}
