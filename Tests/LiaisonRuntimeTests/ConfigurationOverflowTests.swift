import LiaisonCore
import Testing
@testable import LiaisonRuntime

/// A configuration whose numbers overflow the daemon's arithmetic used to trap at start
/// instead of being reported. Both cases were seen while writing the configuration fuzz
/// target; each input below crashed `scripts/fuzz configuration` when replayed.
@Suite("Numbers too large for the daemon are reported, not a crash at start")
struct ConfigurationOverflowTests {
    static func diagnostics(_ yaml: String) -> String? {
        do {
            _ = try LiaisonConfiguration.load(yaml: yaml, file: "liaison.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: ["999999999999999d", "9223372036854775807s", "106751991167301d"])
    func aDurationBeyondTheMillisecondRangeIsReported(text: String) {
        let text = Self.diagnostics("processing:\n  inbox_ttl: \(text)\n")
        #expect(text?.contains("liaison.yaml:2:14: error: 'processing.inbox_ttl' must be a duration") == true)
    }

    @Test func theLongestDurationThatFitsIsRead() throws {
        let configuration = try LiaisonConfiguration.load(yaml: "processing:\n  inbox_ttl: 106751991167d\n", file: "liaison.yaml")
        #expect(configuration.processing.inboxTTL == .milliseconds(106_751_991_167 * 86_400_000))
    }

    @Test(arguments: ["-9223372036854775808", "0", "999", "1000000001", "lots"])
    func aRecordLimitOutsideLibrdkafkasRangeIsReported(value: String) {
        let yaml = "kafka:\n  properties:\n    message.max.bytes: \"\(value)\"\nprocessing:\n  max_event_bytes: 5000\n"
        let text = Self.diagnostics(yaml)
        #expect(text?.contains("message.max.bytes '\(value)' must be a whole number from 1000 to 1000000000") == true)
    }

    @Test func aRecordLimitInRangeStillBoundsTheAcceptedEvents() throws {
        let yaml = "kafka:\n  properties:\n    message.max.bytes: \"2000000\"\n"
        let configuration = try LiaisonConfiguration.load(yaml: yaml, file: "liaison.yaml")
        #expect(configuration.acceptedEventBytes == 2_000_000 - LiaisonConfiguration.Processing.forwardingOverhead)
    }
}
