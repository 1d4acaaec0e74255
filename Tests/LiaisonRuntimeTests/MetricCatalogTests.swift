@testable import LiaisonRuntime
import Testing

@Suite("/metrics explains every series and names its unit")
struct MetricCatalogTests {
    @Test func aHelpLineIsAddedBeforeEachKnownTypeLine() {
        let rendered = "# TYPE liaison_routed_total counter\nliaison_routed_total 0\n# TYPE other_thing gauge\nother_thing 1\n"
        let text = MetricCatalog.addingHelp(to: rendered)
        #expect(text.contains("# HELP liaison_routed_total Department records that passed the routing checks (forwarded, or applied from a keyed topic directly)\n# TYPE liaison_routed_total counter"))
        #expect(!text.contains("# HELP other_thing"))
    }

    @Test func durationsAreInSecondsAndSaySo() {
        for entry in MetricCatalog.all where entry.type == "histogram" && entry.name != "liaison_batch_events" {
            #expect(entry.name.hasSuffix("_seconds"), "\(entry.name)")
        }
        for entry in MetricCatalog.all where entry.type == "counter" {
            #expect(entry.name.hasSuffix("_total"), "\(entry.name)")
        }
        #expect(Set(MetricCatalog.all.map(\.name)).count == MetricCatalog.all.count)
    }
}
