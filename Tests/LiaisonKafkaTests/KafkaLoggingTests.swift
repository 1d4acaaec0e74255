import LiaisonKafka
import Logging
import Testing

@Suite("Each librdkafka event is logged once, at one level")
struct KafkaLoggingTests {
    @Test func aBrokerFailureLineIsDebugBecauseItsErrorCallbackIsTheWarning() {
        #expect(KafkaLogging.level(syslog: 3, facility: "FAIL", message: "localhost:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed") == .debug)
        #expect(KafkaLogging.level(syslog: 3, facility: "ERROR", message: "1/1 brokers are down") == .debug)
        #expect(KafkaLogging.errorLevel(isFatal: false) == .warning)
        #expect(KafkaLogging.errorLevel(isFatal: true) == .error)
    }

    @Test func otherLinesKeepTheirSyslogLevel() {
        #expect(KafkaLogging.level(syslog: 3, facility: "SSL", message: "handshake failed") == .error)
        #expect(KafkaLogging.level(syslog: 4, facility: "MAXPOLL", message: "exceeded") == .warning)
        #expect(KafkaLogging.level(syslog: 6, facility: "CGRPSTATE", message: "joining") == .info)
        #expect(KafkaLogging.level(syslog: 7, facility: "BROKER", message: "x") == .debug)
    }

    @Test func aPropertyMeantForTheOtherKindOfClientIsExpected() {
        #expect(KafkaLogging.level(syslog: 4, facility: "CONFWARN", message: "Configuration property session.timeout.ms is a consumer property and will be ignored by this producer instance") == .debug)
        #expect(KafkaLogging.level(syslog: 4, facility: "CONFWARN", message: "property x is deprecated") == .warning)
    }
}
