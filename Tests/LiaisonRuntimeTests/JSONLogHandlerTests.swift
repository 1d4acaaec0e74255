import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import Logging
import Synchronization
import Testing

@Suite("--log-format json writes one JSON object per line")
struct JSONLogHandlerTests {
    @Test func aLineHoldsTimestampLevelLabelMessageAndMetadataAsJSON() throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "liaison") { line in lines.withLock { $0.append(line) } }
        handler.metadata["instance"] = "i-1"
        var logger = Logger(label: "liaison") { _ in handler }
        logger.logLevel = .info
        logger.info("a \"quoted\"\nmessage\u{1}", metadata: ["partitions": "[0, 1]"])
        logger.debug("not written")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("}\n") && line.dropLast().contains("\n") == false, "one line")
        let json = try JSONValue.parse(Array(line.utf8))
        #expect(json["level"] == .string("info"))
        #expect(json["label"] == .string("liaison"))
        #expect(json["message"] == .string("a \"quoted\"\nmessage\u{1}"))
        #expect(json["metadata"]?["partitions"] == .string("[0, 1]"))
        #expect(json["metadata"]?["instance"] == .string("i-1"))
        let timestamp = try #require(json["timestamp"]?.stringValue)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(timestamp)")
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(JSONLogHandler.rfc3339(Date(timeIntervalSince1970: 1_772_415_000.123_9)) == "2026-03-02T01:30:00.123Z")
        #expect(JSONLogHandler.rfc3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }
}
