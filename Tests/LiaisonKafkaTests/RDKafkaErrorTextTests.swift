import CRdKafka
import Testing
@testable import LiaisonKafka

@Suite("librdkafka's error text reaches the error a caller sees")
struct RDKafkaErrorTextTests {
    @Test("the reason librdkafka writes comes back with the call's result")
    func reasonComesBack() throws {
        let conf = try #require(rd_kafka_conf_new())
        defer { rd_kafka_conf_destroy(conf) }
        let refused = RDKafkaErrorText.capture { rd_kafka_conf_set(conf, "no.such.property", "1", $0, $1) }
        #expect(refused.result == RD_KAFKA_CONF_UNKNOWN)
        #expect(refused.text.contains("no.such.property"))
        let accepted = RDKafkaErrorText.capture { rd_kafka_conf_set(conf, "client.id", "x", $0, $1) }
        #expect(accepted.result == RD_KAFKA_CONF_OK)
        #expect(accepted.text.isEmpty)
    }

    @Test("a buffer filled to the end without a NUL is read to its end, never past it")
    func unterminatedBuffer() {
        let (_, text) = RDKafkaErrorText.capture { buffer, size in
            for index in 0..<size { buffer[index] = 0x41 }
        }
        #expect(text == String(repeating: "A", count: RDKafkaErrorText.capacity))
    }
}
