import CLibFuzzer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One binary serves every target, so that the sanitized build happens once; the target comes
// from `LIAISON_FUZZ_TARGET` (set by `scripts/fuzz`) and the rest of the command line is
// libFuzzer's.

/// The target this process fuzzes.
let selectedTarget: FuzzTarget = {
    let name = getenv("LIAISON_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
        let message = Array("LIAISON_FUZZ_TARGET='\(name)' names no fuzz target; known: \(known)\n".utf8)
        _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }
    return target
}()

/// Called by libFuzzer for every input; a trap (failed check, overflow, bad index) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

_ = selectedTarget
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput))

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
        case .json: InboundFuzz.runJSON(bytes)
        case .eventStructured: InboundFuzz.runStructured(bytes)
        case .eventBinary: InboundFuzz.runBinary(bytes)
        case .timestamp: InboundFuzz.runTimestamp(bytes)
        case .workflow: DefinitionFuzz.runWorkflow(bytes)
        case .calendar: DefinitionFuzz.runCalendar(bytes)
        case .units: DefinitionFuzz.runUnits(bytes)
        case .configuration: DefinitionFuzz.runConfiguration(bytes)
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
