import Dispatch
import Synchronization

/// Runs async work to completion from a thread that may block and must answer synchronously:
/// librdkafka's rebalance callback, which needs the store's start offsets before it returns.
///
/// Never call it from Swift's cooperative pool: it parks the calling thread until the work is
/// done.
func waitBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let outcome = Mutex<Result<T, any Error>?>(nil)
    Task {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try outcome.withLock { $0! }.get()
}
