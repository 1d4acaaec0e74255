import Logging

/// Says what start-up waits for and for how long: one line when the wait begins, one every
/// `every` while it lasts, and one when it ends with the time it took.
struct StartupWait {
    /// The thing waited for, as the log says it ("the store", "the topics on Kafka").
    let what: String
    let logger: Logger
    var every: Duration = .seconds(5)
    var metadata: Logger.Metadata = [:]

    /// Runs `body`, logging progress while it has not returned.
    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        logger.info("waiting for \(what)", metadata: metadata)
        let result = try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: every)
                    logger.info("still waiting for \(what)", metadata: metadata.merging(["waited": "\(Self.seconds(ContinuousClock.now - started))"]) { $1 })
                }
                return nil
            }
            group.addTask { try await body() }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            fatalError("the wait ended without a result")
        }
        logger.info("done waiting for \(what)", metadata: ["waited": "\(Self.seconds(ContinuousClock.now - started))"])
        return result
    }

    /// `3.2s`.
    static func seconds(_ duration: Duration) -> String {
        let tenths = duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
