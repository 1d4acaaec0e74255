import CRdKafka
import Logging

/// Builds `rd_kafka_conf_t` objects from a `KafkaConfiguration`, naming the property that
/// librdkafka refuses.
enum RDKafkaConf {
    /// A new `rd_kafka_conf_t` with every property set; the caller owns it.
    static func make(_ properties: [(String, String)]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .invalidConfiguration, reason: "rd_kafka_conf_new failed")
        }
        for (name, value) in properties {
            let (result, detail) = RDKafkaErrorText.capture { rd_kafka_conf_set(conf, name, value, $0, $1) }
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(
                    code: .invalidConfiguration,
                    reason: "librdkafka property '\(name)' = '\(value)' refused: \(detail)"
                )
            }
        }
        return conf
    }

    /// Installs the log and error callbacks, and `context` as the client's opaque pointer.
    static func attach(_ context: some ClientContext, to conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, logCallback)
        rd_kafka_conf_set_error_cb(conf, errorCallback)
    }
}

/// Forwards librdkafka's log lines to the client's `Logger`, mapping syslog levels.
private let logCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    handle, level, facility, message in
    guard let handle, let opaque = rd_kafka_opaque(handle), let context = Unmanaged.clientContext(opaque) else { return }
    let text = message.map { String(cString: $0) } ?? ""
    let facilityText = facility.map { String(cString: $0) } ?? ""
    let logLevel = KafkaLogging.level(syslog: level, facility: facilityText, message: text)
    context.logger.log(level: logLevel, "\(text)", metadata: ["rdkafka.facility": "\(facilityText)"])
}

/// Logs client-level errors (brokers unreachable, fatal idempotence errors) and hands them to
/// the client's context (a consumer's next poll throws them).
private let errorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    handle, code, reason, opaque in
    guard let opaque, let context = Unmanaged.clientContext(opaque) else { return }
    let rdCode = rd_kafka_resp_err_t(code)
    var isFatal = false
    var text = reason.map { String(cString: $0) } ?? ""
    if rdCode == RD_KAFKA_RESP_ERR__FATAL, let handle {
        let (original, detail) = RDKafkaErrorText.capture { rd_kafka_fatal_error(handle, $0, $1) }
        text = "fatal \(String(cString: rd_kafka_err2name(original))): \(detail)"
        isFatal = true
    }
    let error = KafkaError(rdCode: rdCode, reason: text, isFatal: isFatal)
    context.logger.log(level: KafkaLogging.errorLevel(isFatal: isFatal), "librdkafka error", metadata: ["error": "\(error)"])
    context.clientError(error)
}
