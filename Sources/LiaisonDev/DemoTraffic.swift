import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime
import Logging
import ServiceLifecycle

/// Simulated department systems for `liaison dev --demo`.
///
/// It behaves as the departments would: the service window opens cases; each unit reads its
/// assignments from `liaison.assignments` and answers on its own topic — most promptly, some
/// late (their reminders and escalations follow), some declining (推诿) so that the lead must
/// reassign; and now and then a department sends something malformed that must end up in the
/// dead-letter topic.
public final class DemoTraffic: Service {
    private let producer: KafkaProducer
    private let consumer: KafkaConsumer
    private let plan: DemoPlan
    private let interval: Duration
    private let logger: Logger

    /// Creates the generator; it publishes on the `dept.<unit>` topics of `configuration`.
    public init(
        configuration: LiaisonConfiguration,
        catalog: WorkflowCatalog,
        kafka: KafkaConfiguration,
        interval: Duration,
        logger: Logger
    ) throws {
        self.producer = try KafkaProducer(configuration: kafka, idempotent: true, logger: logger)
        self.consumer = try KafkaConsumer(configuration: kafka, groupID: "liaison.demo-departments",
                                          offsetReset: .latest, logger: logger)
        try consumer.subscribe(topics: [configuration.topics.assignments, configuration.topics.cases])
        self.plan = DemoPlan(catalog: catalog, inputs: configuration.topics.inputs)
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var plan = self.plan
        var nextCase = ContinuousClock.now + .seconds(4)
        ProgressReporter.write("demo: departments will open a case every \(interval) once their consumer group has joined")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let events = (try? await consumer.poll(maxMessages: 500, timeout: .milliseconds(200))) ?? []
            let now = Date()
            for case .message(let message) in events {
                plan.react(to: message, at: now)
            }
            if ContinuousClock.now >= nextCase {
                plan.openCase(at: now)
                nextCase = ContinuousClock.now + interval
            }
            let due = plan.takeDue(at: now)
            if !due.isEmpty {
                let results = await producer.send(due)
                for case .failure(let error) in results {
                    logger.warning("demo: a department could not publish", metadata: ["error": "\(error)"])
                }
            }
        }
        try? await consumer.close()
        try? await producer.close(timeout: .seconds(5))
    }
}
