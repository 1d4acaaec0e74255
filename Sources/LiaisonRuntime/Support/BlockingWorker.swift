import Dispatch

/// Runs blocking work (SQLite commits with fsync) on a thread of its own, in submission order.
///
/// Swift's cooperative pool has one thread per core; blocking it stalls every task. The store is
/// called only through a worker so that a slow disk slows the batch, not the whole process.
public final class BlockingWorker: Sendable {
    private let queue: DispatchQueue

    /// Creates a worker whose thread is named `label` in debuggers and stack dumps.
    public init(label: String) {
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the worker's thread and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
