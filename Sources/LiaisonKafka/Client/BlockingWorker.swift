import Foundation
import Synchronization

/// A dedicated thread that runs blocking librdkafka calls (polls with a time-out, flush,
/// synchronous commit, metadata) one after another, so that they never block Swift's
/// cooperative thread pool.
final class BlockingWorker: Sendable {
    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
        var stopping = false
    }

    private let queue = Mutex(Queue())
    /// Signalled once per queued job and once per `stop`, so the thread sleeps while idle.
    private let wakeUps = DispatchSemaphore(value: 0)

    /// Starts the thread; `name` shows in debuggers and thread dumps.
    init(name: String) {
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the worker thread and returns its result to the awaiting task.
    func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: body()) }
        }
    }

    /// Queues `job`; jobs run in submission order.
    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.withLock { $0.jobs.append(job) }
        wakeUps.signal()
    }

    /// Lets the thread finish the queued jobs, then end. The thread holds the worker until then.
    func stop() {
        queue.withLock { $0.stopping = true }
        wakeUps.signal()
    }

    private func loop() {
        while true {
            wakeUps.wait()
            let next: (@Sendable () -> Void)? = queue.withLock { queue in
                queue.jobs.isEmpty ? nil : queue.jobs.removeFirst()
            }
            if let next {
                next()
            } else if queue.withLock({ $0.stopping }) {
                return
            }
        }
    }
}
