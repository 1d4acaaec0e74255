import Foundation
import Histogram
import Synchronization

/// Latencies in microseconds, recorded from any thread (delivery callbacks, the daemon's
/// observer) into one HdrHistogram; percentiles read at the end.
final class LatencyRecorder: Sendable {
    private let histogram = Mutex(Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three))
    private let late = Mutex(0)

    /// Records one latency in nanoseconds; negative values (clock races) count as zero.
    func record(nanoseconds: Int64) {
        let micros = UInt64(max(0, nanoseconds) / 1_000)
        histogram.withLock { _ = $0.record(micros) }
    }

    /// Counts an output whose cause could not be told apart (see the pipeline benchmark).
    func recordAmbiguous() { late.withLock { $0 += 1 } }

    /// Outputs recorded as ambiguous.
    var ambiguous: Int { late.withLock { $0 } }

    /// Number of latencies recorded.
    var count: UInt64 { histogram.withLock { $0.totalCount } }

    /// The latency at `percentile` (0–100), in milliseconds.
    func milliseconds(at percentile: Double) -> Double {
        Double(histogram.withLock { $0.valueAtPercentile(percentile) }) / 1_000
    }
}

/// A monotonic clock in nanoseconds, the same for every thread of the process.
enum MonotonicClock {
    static func nanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}

/// When each input event was handed to the producer, by sequence number (`case × 3 + step`),
/// so that both the raw loop and the daemon's observer can compute event-to-output latency.
final class SendTimes: Sendable {
    private let times: Mutex<[Int64]>

    init(events: Int) { times = Mutex([Int64](repeating: 0, count: events)) }

    func mark(_ sequence: Int, at nanos: Int64) { times.withLock { $0[sequence] = nanos } }

    func time(of sequence: Int) -> Int64 { times.withLock { $0.indices.contains(sequence) ? $0[sequence] : 0 } }

    /// The newest send time among `sequences` that is not after `now` (0 when none was sent).
    func newest(of sequences: Range<Int>, notAfter now: Int64) -> (sequence: Int, time: Int64)? {
        times.withLock { times in
            var best: (Int, Int64)?
            for sequence in sequences where times.indices.contains(sequence) {
                let time = times[sequence]
                if time > 0, time <= now, time > (best?.1 ?? 0) { best = (sequence, time) }
            }
            return best
        }
    }
}
