import Foundation
import Logging
import Testing
@testable import LiaisonKafka

/// Shared set-up for tests against an in-process mock cluster.
enum TestSupport {
    /// A logger that shows only warnings and errors, so that test output stays readable.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: "test.\(label)")
        // LIAISON_TEST_LOG=debug shows librdkafka's own logs when a test needs explaining.
        let level = ProcessInfo.processInfo.environment["LIAISON_TEST_LOG"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .critical
        return logger
    }

    /// A fresh mock cluster with `topics` (name → partition count).
    static func cluster(brokers: Int = 1, topics: [String: Int32]) throws -> MockCluster {
        let cluster = try MockCluster(brokers: brokers, logger: logger("mock"))
        for (name, partitions) in topics {
            try cluster.createTopic(name, partitions: partitions, replicationFactor: Int32(min(brokers, 3)))
        }
        return cluster
    }

    /// Client configuration for `cluster`, with bounded time-outs. The mock coordinator waits up
    /// to a session time-out for members to rejoin a group, so sessions are kept short.
    static func configuration(_ cluster: MockCluster, properties: [String: String] = [:]) -> KafkaConfiguration {
        let group = ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]
        return KafkaConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            clientID: "liaison-tests",
            messageTimeout: .seconds(30),
            debugContexts: ProcessInfo.processInfo.environment["LIAISON_TEST_RDKAFKA_DEBUG"],
            properties: group.merging(properties) { $1 }
        )
    }

    /// `count` records keyed `key-<i % keys>` with a sequence header and a value naming `i`.
    static func records(topic: String, count: Int, keys: Int = 50) -> [KafkaRecord] {
        (0..<count).map { index in
            KafkaRecord(
                topic: topic,
                key: Array("key-\(index % keys)".utf8),
                headers: [
                    KafkaHeader(name: "seq", value: Array(String(index).utf8)),
                    KafkaHeader(name: "empty", value: []),
                    KafkaHeader(name: "null", value: nil),
                ],
                value: Array("value-\(index)".utf8)
            )
        }
    }

    /// Polls `consumer` until `done` says so or `limit` passes; returns every event seen.
    static func collect(
        _ consumer: KafkaConsumer, limit: Duration = .seconds(60),
        until done: ([ConsumerEvent]) -> Bool
    ) async throws -> [ConsumerEvent] {
        var events: [ConsumerEvent] = []
        let deadline = ContinuousClock.now + limit
        while !done(events), ContinuousClock.now < deadline {
            let result: Result<[ConsumerEvent], KafkaError>
            do {
                result = .success(try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(200)))
            } catch {
                result = .failure(error)
            }
            switch result {
            case .success(let batch): events += batch
            case .failure(let error) where error.isRetriable: continue
            case .failure(let error): throw error
            }
        }
        return events
    }
}

extension [ConsumerEvent] {
    /// The messages among the events, in order.
    var messages: [KafkaMessage] {
        compactMap { if case .message(let message) = $0 { message } else { nil } }
    }
}

extension KafkaMessage {
    /// The `seq` header as a number, as written by `TestSupport.records`.
    var sequence: Int? {
        headers.first { $0.name == "seq" }?.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) }
    }
}
