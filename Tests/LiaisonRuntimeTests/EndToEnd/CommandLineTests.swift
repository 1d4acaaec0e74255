import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import Testing

/// The `liaison` executable's operator-facing switches, run as a process.
@Suite("The command line says its version, its variables, and logs JSON on request", .serialized)
struct CommandLineTests {
    func run(_ arguments: [String], environment: [String: String] = [:], until done: (String) -> Bool,
             timeout: Duration = .seconds(30)) async throws -> String {
        let folder = try TemporaryFolder("cli")
        defer { folder.cleanUp() }
        let child = try ChildProcess(arguments: arguments, logPath: folder.file("out.log"), environment: environment)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline && !done(child.output) && child.process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        child.signal(SIGKILL)
        _ = await child.waitForExit(timeout: .seconds(10))
        return child.output
    }

    @Test func versionPrintsTheVersionAndCommit() async throws {
        let output = try await run(["--version"]) { _ in false }
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == BuildInfo.description)
    }

    @Test func runHelpListsEveryVariableOfTheFieldTable() async throws {
        let output = try await run(["run", "--help"]) { _ in false }
        for field in ConfigurationField.all {
            #expect(output.contains(field.variable), "liaison run --help lacks \(field.variable)")
        }
        #expect(output.contains("exits") && output.contains("75"), "the help names the shutdown exit status")
    }

    @Test func jsonLogsAreOneObjectPerLineAndSayWhatStartUpWaitsFor() async throws {
        let folder = try TemporaryFolder("cli-json")
        defer { folder.cleanUp() }
        try folder.write("Workflows/e2e-steady.yaml", TestWorkflows.steady)
        let output = try await run(["run", "--log-format", "json"], environment: [
            "LIAISON_KAFKA_BOOTSTRAP": "127.0.0.1:1", "LIAISON_STORE_PATH": folder.file("state/liaison.sqlite"),
            "LIAISON_WORKFLOWS": folder.file("Workflows"), "LIAISON_ADMIN_LISTEN": "off",
            "LIAISON_TOPICS_INPUTS": "[{topic: dept.alpha, units: [alpha]}]", "LIAISON_AUDIT_SIGNING": "off",
        ], until: { $0.contains("still waiting for Kafka to list the topics") })
        let lines = output.split(separator: "\n")
        #expect(lines.count >= 3, "\(output)")
        for line in lines {
            let json = try JSONValue.parse(Array(line.utf8))
            #expect(json["timestamp"]?.stringValue?.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(line)")
            #expect(json["level"] != nil && json["label"] != nil && json["message"] != nil && json["metadata"] != nil, "\(line)")
        }
        let messages = lines.compactMap { try? JSONValue.parse(Array($0.utf8))["message"]?.stringValue }
        #expect(messages.contains("waiting for the store to open"))
        #expect(messages.contains("done waiting for the store to open"))
        #expect(messages.contains("waiting for Kafka to list the topics"))
        #expect(messages.contains("still waiting for Kafka to list the topics"), "a progress line while it waits")
    }
}
