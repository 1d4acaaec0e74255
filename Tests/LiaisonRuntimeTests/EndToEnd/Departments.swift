import Foundation
import LiaisonCore
import LiaisonKafka
import Logging
import Synchronization

/// Builds department events as CloudEvents in binary mode, as department systems send them.
enum Departments {
    static func event(
        _ type: String,
        id: String,
        unit: String,
        caseID: String,
        time: Timestamp,
        data: JSONValue = .object([])
    ) -> KafkaRecord {
        let headers: [(String, String)] = [
            ("ce_specversion", "1.0"), ("ce_id", id), ("ce_source", "/units/\(unit)"), ("ce_type", type),
            ("ce_subject", caseID), ("ce_time", time.rfc3339), ("content-type", "application/json"),
        ]
        return KafkaRecord(topic: "dept.\(unit)", key: Array(caseID.utf8),
                           headers: headers.map { KafkaHeader(name: $0.0, value: Array($0.1.utf8)) },
                           value: data.serialized)
    }

    static func now() -> Timestamp {
        Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// Publishes records and fails unless every one is acknowledged.
    static func publish(_ records: [KafkaRecord], with producer: KafkaProducer) async throws {
        for chunk in stride(from: 0, to: records.count, by: 5_000) {
            let results = await producer.send(Array(records[chunk..<min(chunk + 5_000, records.count)]))
            for result in results {
                if case .failure(let error) = result { throw error }
            }
        }
    }
}

/// One output record as a test inspects it.
struct Output: Sendable, Hashable {
    var topic: String
    var id: String
    var type: String
    var caseID: String
    var data: JSONValue
    var headers: [String: String]
    var value: [UInt8]?
    var timestamp: Int64?
}

/// Reads Liaison's output topics from the beginning in a group of its own.
///
/// Checked `Sendable`: the consumer is Sendable and what was read so far is behind a `Mutex`.
final class OutputReader: Sendable {
    private let consumer: KafkaConsumer
    /// Everything ``read(timeout:until:)`` has read so far, in order.
    private let outputs = Mutex<[Output]>([])

    init(kafka: KafkaConfiguration, topics: [String] = EndToEndFixture.outputTopics, logger: Logger) throws {
        consumer = try KafkaConsumer(configuration: kafka, groupID: "reader-\(UUID().uuidString)",
                                     offsetReset: .earliest, logger: logger)
        try consumer.subscribe(topics: topics)
    }

    /// Reads until `done` holds for everything read so far, or `timeout` passes.
    @discardableResult
    func read(timeout: Duration, until done: ([Output]) -> Bool) async throws -> [Output] {
        let deadline = ContinuousClock.now + timeout
        while !done(outputs.withLock { $0 }) && ContinuousClock.now < deadline {
            let events: [ConsumerEvent]
            do {
                events = try await consumer.poll(maxMessages: 5_000, timeout: .milliseconds(200))
            } catch {
                // The cluster may be unreachable for a while (the outage test): keep reading.
                if error.isFatal { throw error }
                continue
            }
            var batch: [Output] = []
            for case .message(let message) in events {
                var headers: [String: String] = [:]
                for header in message.headers {
                    headers[header.name] = header.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
                }
                let data = message.value.flatMap { try? JSONValue.parse($0) } ?? .null
                batch.append(Output(topic: message.topic, id: headers["ce_id"] ?? "", type: headers["ce_type"] ?? "",
                                    caseID: headers["ce_subject"] ?? message.key.map { String(decoding: $0, as: UTF8.self) } ?? "",
                                    data: data, headers: headers, value: message.value, timestamp: message.timestamp))
            }
            outputs.withLock { $0.append(contentsOf: batch) }
        }
        return outputs.withLock { $0 }
    }

    /// Reads raw records until `done` holds or `timeout` passes.
    func readRecords(timeout: Duration, until done: ([KafkaMessage]) -> Bool) async throws -> [KafkaMessage] {
        let deadline = ContinuousClock.now + timeout
        var messages: [KafkaMessage] = []
        while !done(messages) && ContinuousClock.now < deadline {
            for case .message(let message) in try await consumer.poll(maxMessages: 5_000, timeout: .milliseconds(200)) {
                messages.append(message)
            }
        }
        return messages
    }

    func close() async {
        try? await consumer.close()
    }
}
