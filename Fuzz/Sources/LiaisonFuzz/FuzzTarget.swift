/// Every parser that reads bytes Liaison does not control, one fuzz target each.
///
/// The raw value is the name `scripts/fuzz` takes and the folder of the seed corpus
/// (`Fuzz/corpus/<name>/`).
enum FuzzTarget: String, CaseIterable {
    /// `JSONValue.parse`: every inbound event body.
    case json
    /// `CloudEvent.decode(structured:)`: `application/cloudevents+json` records.
    case eventStructured = "event-structured"
    /// `CloudEvent.decode(headers:body:)`: binary-mode records, headers taken from the input.
    case eventBinary = "event-binary"
    /// `Timestamp(rfc3339:)`: the `time` attribute.
    case timestamp
    /// `WorkflowCatalog.load`: a workflow file, with a fixed calendar beside it.
    case workflow
    /// `BusinessCalendar.parse`, then a deadline on the calendar read.
    case calendar
    /// `UnitRegistry.parse`: `units.yaml`.
    case units
    /// `LiaisonConfiguration.load(yaml:file:environment:)`: `liaison.yaml`.
    case configuration
    /// `CaseState(decoding:)`: a case row read back from the store.
    case caseState = "case-state"
    /// `MetricContribution(decoding:)`: a metric row read back from the store.
    case metricContribution = "metric-contribution"
    /// `OutboxHeaderCodec.decode`: an outbox row's headers read back from the store.
    case outboxHeaders = "outbox-headers"

    /// Feeds one input to the target's parser and checks what it returns.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .json: JSONFuzz.run(bytes)
        case .eventStructured: EventFuzz.runStructured(bytes)
        case .eventBinary: EventFuzz.runBinary(bytes)
        case .timestamp: TimestampFuzz.run(bytes)
        case .workflow: DefinitionFuzz.runWorkflow(bytes)
        case .calendar: DefinitionFuzz.runCalendar(bytes)
        case .units: DefinitionFuzz.runUnits(bytes)
        case .configuration: ConfigurationFuzz.run(bytes)
        case .caseState: StoredStateFuzz.runCaseState(bytes)
        case .metricContribution: StoredStateFuzz.runMetricContribution(bytes)
        case .outboxHeaders: StoredStateFuzz.runOutboxHeaders(bytes)
        }
    }
}

/// Stops the process with a message libFuzzer reports as a crash, keeping the input.
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz property failed: \(message())") }
}
