import LiaisonKafka
import Logging
import ServiceLifecycle

/// Asks a broker for the cluster's metadata every `interval`, and notes each answer (or its
/// absence) in the metrics, so that `/readyz` can say whether Kafka answered *recently*.
///
/// A consumer poll is no such proof: librdkafka's poll returns empty-handed, without an
/// error, while every broker is down. A metadata request needs a broker to answer.
struct KafkaContactProbe: Service {
    let admin: KafkaAdmin
    let metrics: RuntimeMetrics
    let interval: Duration
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await admin.metadata(timeout: timeout)
                metrics.kafkaContact(failure: nil)
            } catch {
                metrics.kafkaContact(failure: error.reason)
            }
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
        }
    }
}

/// What `/readyz` requires of Kafka and the consumer group.
public enum Readiness {
    /// How often `KafkaContactProbe` asks a broker for metadata.
    public static let probeInterval: Duration = .seconds(2)
    /// How long it waits for an answer.
    public static let probeTimeout: Duration = .seconds(5)
    /// The oldest broker answer that still counts as "Kafka reachable now".
    public static let contactMaxAge: Duration = .seconds(15)

    /// The Kafka and partition part of readiness, from a metrics snapshot taken at `now`.
    static func kafkaAndPartitions(_ snapshot: RuntimeMetrics.Snapshot, now: ContinuousClock.Instant, into result: inout ProbeResultParts) {
        if let last = snapshot.lastKafkaContact, now - last <= contactMaxAge {
            result.checks.append("Kafka reachable (a broker answered \(seconds(now - last)) ago)")
        } else if let last = snapshot.lastKafkaContact {
            result.failures.append("Kafka unreachable: no broker answered for \(seconds(now - last))"
                                   + (snapshot.kafkaContactFailure.map { " (\($0))" } ?? ""))
        } else {
            result.failures.append("Kafka not reached yet" + (snapshot.kafkaContactFailure.map { " (\($0))" } ?? ""))
        }
        if let failure = snapshot.kafkaFailure {
            result.failures.append("Kafka poll failing: \(failure)")
        }
        switch snapshot.assignment {
        case .owns(let count):
            result.checks.append("owns \(count) inbound partition\(count == 1 ? "" : "s")")
        case .assignedNone:
            result.checks.append("the consumer group assigned this instance no inbound partition (more members than partitions); it takes some at the next rebalance")
        case .awaiting where snapshot.partitionsLoaded:
            result.failures.append("owns no inbound partition: its partitions were revoked or lost and the consumer group has not assigned any again")
        case .awaiting:
            result.failures.append("inbound partitions not assigned yet: waiting for the consumer group")
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let tenths = duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }
}

/// The two lists of a probe result, filled in parts.
struct ProbeResultParts {
    var checks: [String] = []
    var failures: [String] = []
}
