import CRdKafka

/// One blocking CreateTopics round trip, run on the admin thread.
struct TopicCreation {
    let handle: RDKafkaHandle

    /// Sends the request and waits up to `timeout` (plus a margin) for the answer; returns
    /// the error to throw, or `nil` when every topic exists afterwards.
    func run(_ specs: [TopicSpec], timeout: Duration) -> KafkaError? {
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in specs {
            let (created, detail) = RDKafkaErrorText.capture {
                rd_kafka_NewTopic_new(spec.name, spec.partitions, spec.replicationFactor, $0, $1)
            }
            guard let topic = created else {
                return KafkaError(code: .invalidConfiguration, reason: "topic '\(spec.name)': \(detail)")
            }
            newTopics.append(topic)
            for (name, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                let code = rd_kafka_NewTopic_set_config(topic, name, value)
                if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                    return KafkaError(rdCode: code, reason: "topic '\(spec.name)' config '\(name)': \(String(cString: rd_kafka_err2str(code)))")
                }
            }
        }
        let options = rd_kafka_AdminOptions_new(handle.pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        // A time-out librdkafka refuses (over an hour) leaves its default; the wait below still bounds the call.
        _ = RDKafkaErrorText.capture { rd_kafka_AdminOptions_set_request_timeout(options, timeout.clampedMilliseconds, $0, $1) }
        _ = RDKafkaErrorText.capture { rd_kafka_AdminOptions_set_operation_timeout(options, timeout.clampedMilliseconds, $0, $1) }
        let queue = rd_kafka_queue_new(handle.pointer)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(handle.pointer, buffer.baseAddress, buffer.count, options, queue)
        }
        let wait = (timeout + .seconds(2)).clampedMilliseconds
        guard let event = rd_kafka_queue_poll(queue, wait) else {
            return KafkaError(code: .timedOut, reason: "CreateTopics got no answer within \(timeout)", isRetriable: true)
        }
        defer { rd_kafka_event_destroy(event) }
        let code = rd_kafka_event_error(event)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            let reason = "CreateTopics failed: \(String(cString: rd_kafka_event_error_string(event)))"
            return KafkaError(rdCode: code, reason: reason)
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            return KafkaError(code: .timedOut, reason: "CreateTopics returned no result")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return nil }
        var failures: [String] = []
        var firstCode = RD_KAFKA_RESP_ERR_NO_ERROR
        for index in 0..<count {
            let topicResult = results[index]
            let code = rd_kafka_topic_result_error(topicResult)
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { continue }
            if firstCode == RD_KAFKA_RESP_ERR_NO_ERROR { firstCode = code }
            let message = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
            failures.append("\(String(cString: rd_kafka_topic_result_name(topicResult))): \(message)")
        }
        guard failures.isEmpty else {
            return KafkaError(rdCode: firstCode, reason: "cannot create topics: \(failures.joined(separator: "; "))")
        }
        return nil
    }
}
