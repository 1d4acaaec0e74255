import Foundation

/// A time zone's UTC offsets as a precomputed table of transitions.
///
/// Asking Foundation for an offset costs far more than a binary search, and deadline
/// arithmetic asks for several per day it crosses; the table is built once per calendar.
/// Instants outside the table's years fall back to `TimeZone` itself.
struct ZoneOffsets: Hashable, Sendable {
    /// The IANA identifier, e.g. `Asia/Shanghai`.
    let identifier: String
    private let zone: TimeZone
    /// UTC milliseconds at which `offsets[i + 1]` starts to apply.
    private let transitions: [Int64]
    /// Offsets in milliseconds; `offsets[0]` applies before the first transition.
    private let offsets: [Int64]

    /// 1900-01-01T00:00:00Z and 2200-01-01T00:00:00Z: the years the table covers.
    private static let tableStart: Int64 = -2_208_988_800_000
    private static let tableEnd: Int64 = 7_258_118_400_000

    /// UTC, without transitions.
    static let utc = ZoneOffsets(identifier: "UTC", zone: TimeZone(identifier: "UTC")!)

    /// The zone named `identifier`; nil when tzdata does not know it.
    init?(identifier: String) {
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(identifier: identifier, zone: zone)
    }

    private init(identifier: String, zone: TimeZone) {
        self.identifier = identifier
        self.zone = zone
        var transitions: [Int64] = []
        let start = Date(timeIntervalSince1970: Double(Self.tableStart) / 1000)
        var offsets: [Int64] = [Int64(zone.secondsFromGMT(for: start)) * 1000]
        var cursor = start
        while transitions.count < 10_000,
              let next = zone.nextDaylightSavingTimeTransition(after: cursor), next > cursor {
            let ms = Int64((next.timeIntervalSince1970 * 1000).rounded())
            guard ms < Self.tableEnd else { break }
            transitions.append(ms)
            offsets.append(Int64(zone.secondsFromGMT(for: next)) * 1000)
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Milliseconds to add to a UTC instant to get local wall-clock time there.
    func offset(atUTC ms: Int64) -> Int64 {
        guard ms >= Self.tableStart, ms < Self.tableEnd else {
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            return Int64(zone.secondsFromGMT(for: date)) * 1000
        }
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= ms { low = mid + 1 } else { high = mid }
        }
        return offsets[low]
    }

    /// The end (exclusive, UTC milliseconds) of the constant-offset stretch containing `ms`:
    /// the next transition (or the end of the table), or `ms` itself outside the table
    /// (so callers fall back to converting instant by instant).
    func offsetHolds(untilAfter ms: Int64) -> Int64 {
        guard ms >= Self.tableStart, ms < Self.tableEnd else { return ms }
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= ms { low = mid + 1 } else { high = mid }
        }
        return low < transitions.count ? transitions[low] : Self.tableEnd
    }

    /// The end (exclusive, UTC milliseconds) of the stretch from `ms` on in which
    /// `offset(atUTC:)` keeps the value it has at `ms`, inside the table or not.
    ///
    /// Outside the table Foundation is asked for its next transition, and the table's edges
    /// end a stretch too (the two sources are not mixed). `Int64.max` when the offset never
    /// changes again; `ms` itself when Foundation's answer makes no sense, so that callers
    /// fall back to converting instant by instant.
    func offsetConstant(untilAfter ms: Int64) -> Int64 {
        if ms >= Self.tableStart, ms < Self.tableEnd { return offsetHolds(untilAfter: ms) }
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        var end = Int64.max
        if let next = zone.nextDaylightSavingTimeTransition(after: date) {
            let nextMs = (next.timeIntervalSince1970 * 1000).rounded()
            guard nextMs > Double(ms) else { return ms }
            if nextMs < 9.0e18 { end = Int64(nextMs) }
        }
        return ms < Self.tableStart ? min(end, Self.tableStart) : end
    }

    /// The UTC instant of a local wall-clock time (milliseconds since the local epoch).
    ///
    /// A time skipped by a spring-forward gap maps past the gap; an ambiguous time in a
    /// fall-back overlap maps to its later occurrence.
    func utc(fromLocal local: Int64) -> Int64 {
        let guess = local - offset(atUTC: local)
        return local - offset(atUTC: guess)
    }

    static func == (lhs: ZoneOffsets, rhs: ZoneOffsets) -> Bool {
        lhs.identifier == rhs.identifier
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }
}
