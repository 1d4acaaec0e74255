import Testing
@testable import LiaisonKafka

/// A consumer can tell where a producer put a keyed record: the answer must be the one the
/// producers themselves give, Java's and librdkafka's.
@Suite("Key partitioners agree with the producers that use them")
struct KeyPartitionerTests {
    /// Java's `Utils.murmur2` of these keys (the values Kafka's own tests pin), and the
    /// partition Java's default partitioner derives: `(hash & 0x7fffffff) % count`.
    @Test("murmur2 gives the partitions Java clients give")
    func murmur2MatchesJava() {
        let vectors: [(key: String, hash: Int32)] = [
            ("21", -973_932_308), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971), ("abc", 479_470_107),
        ]
        for (key, hash) in vectors {
            for count: Int32 in [1, 12, 1000] {
                let expected = (hash & 0x7fff_ffff) % count
                #expect(KeyPartitioner.murmur2.partition(of: Array(key.utf8), partitionCount: count) == expected, "\(key) of \(count)")
            }
        }
    }

    @Test("each partitioner puts a key where librdkafka's producer with that partitioner puts it",
          arguments: [(KeyPartitioner.crc32, nil as String?), (.crc32, "consistent_random"), (.murmur2, "murmur2_random")])
    func matchesTheProducer(partitioner: KeyPartitioner, property: String?) async throws {
        let cluster = try TestSupport.cluster(topics: ["keyed": 12])
        let properties = property.map { ["partitioner": $0] } ?? [:]
        let producer = try KafkaProducer(configuration: TestSupport.configuration(cluster, properties: properties),
                                         logger: TestSupport.logger("producer"))
        let keys = (0..<400).map { "CASE-2026-\($0 * 7919 % 100_003)" } + ["", "联办-1", String(repeating: "x", count: 300)]
        let records = keys.map { KafkaRecord(topic: "keyed", key: Array($0.utf8), headers: [], value: Array("v".utf8)) }
        let reports = try await producer.send(records).map { try $0.get() }
        try await producer.close()
        #expect(reports.count == keys.count)
        var spread: Set<Int32> = []
        for (key, report) in zip(keys, reports) where !key.isEmpty {
            #expect(partitioner.partition(of: Array(key.utf8), partitionCount: 12) == report.partition, "key \(key)")
            spread.insert(report.partition)
        }
        #expect(spread.count == 12, "the keys reach every partition, so a wrong hash cannot agree by chance")
    }
}
