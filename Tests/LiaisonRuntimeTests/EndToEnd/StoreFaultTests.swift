import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The SQLite store's file system fails under the daemon: a full disk (a small tmpfs filled by
/// another file), a corrupted page. A fault that can clear stops new work, shows on `/readyz`
/// and in the log, and loses nothing; one that cannot clear stops the daemon with a clear
/// message and a failing status.
///
/// The file systems are real: a tmpfs mounted under the test's folder, which needs root (as
/// `scripts/test` runs on a fresh machine and in CI).
@Suite("The daemon on a failing store file system", .serialized)
struct StoreFaultTests {
    @Test func aFullDiskStopsNewWorkShowsOnReadinessAndLosesNothingOnceSpaceIsFreed() async throws {
        let fixture = try await EndToEndFixture(name: "disk-full", workflows: ["e2e-steady.yaml": TestWorkflows.steady], batchMaxEvents: 25)
        let disk = try SmallDisk(at: fixture.folder.file("state"), megabytes: 48)
        defer {
            fixture.daemon?.signal(SIGKILL)
            _ = disk.unmount()
            fixture.cleanUp()
        }
        let phases = CrashScenario.phases(cases: 300)
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let port = try await AdminEndToEndTests().adminPort(fixture)

        // Full before any traffic: the first batch must grow the store's write-ahead log, which
        // has no room (once SQLite has grown the log, it reuses that space and a full disk
        // would show only later, when the store itself must grow).
        let filler = try disk.fill()
        try await Departments.publish(phases[0].records, with: producer)
        var readiness = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let (status, body) = try await AdminEndToEndTests().get(port, "/readyz")
            if status == 503 && body.contains("store failing") { readiness = body; break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(readiness.contains("unwritable"), "/readyz did not name the full store:\n\(readiness)")
        let log = { fixture.daemon?.output ?? "" }
        #expect(log().contains("the store refuses writes (disk full or read-only)"), "the log did not say why:\n\(log().suffix(2_000))")
        try await Task.sleep(for: .seconds(2))
        #expect(fixture.daemon?.process.isRunning == true, "the daemon stopped instead of waiting for space:\n\(log().suffix(2_000))")

        try FileManager.default.removeItem(atPath: filler)
        for phase in phases.dropFirst() { try await Departments.publish(phase.records, with: producer) }
        let outputs = try await reader.read(timeout: .seconds(240)) { outputs in
            Set(outputs.lazy.filter(phases[4].signature).map(\.id)).count >= 300
        }
        #expect(Set(outputs.filter(phases[4].signature).map(\.id)).count == 300, "not every case closed after space was freed:\n\(log().suffix(3_000))")
        #expect(log().contains("the store answers again"))
        let ready = try await AdminEndToEndTests().get(port, "/readyz")
        #expect(ready.status == 200, "/readyz after the disk cleared: \(ready.body)")
        await reader.close()
        try await producer.close()
    }

    @Test func aCorruptedStoreFileStopsTheDaemonWithAClearMessage() async throws {
        let fixture = try await EndToEndFixture(name: "corrupt-page", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        let phases = CrashScenario.phases(cases: 300)
        let (producer, reader) = try await fixture.startDaemonWithClients()
        try await Departments.publish(phases[0].records, with: producer)
        while try fixture.appliedInboundRecords() < 300 { try await Task.sleep(for: .milliseconds(10)) }
        await reader.close()
        try await producer.close()
        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(30)) == 0)

        // Every page after the first (the header) overwritten with a pattern: a disk that
        // returned garbage. The header stays, so SQLite opens the file and finds out on reading.
        let handle = try #require(FileHandle(forUpdatingAtPath: fixture.storePath))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 4_096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4_096))
        try handle.close()

        try fixture.startDaemon()
        let status = await fixture.daemon?.waitForExit(timeout: .seconds(60))
        let log = fixture.daemon?.output ?? ""
        #expect(status != nil && status != 0, "the daemon ran on a corrupt store:\n\(log.suffix(2_000))")
        #expect(log.contains("corrupt"), "the daemon did not say the store is corrupt:\n\(log.suffix(2_000))")
        #expect(log.contains("restore"), "the daemon did not say what to do:\n\(log.suffix(2_000))")
    }
}

/// A tmpfs of a fixed size mounted on a folder: a disk that can fill up.
struct SmallDisk {
    let path: String

    init(at path: String, megabytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let (status, output) = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
        guard status == 0 else {
            throw FixtureError("mounting a \(megabytes) MiB tmpfs on \(path) failed (the store-fault tests need root): \(output)")
        }
    }

    /// Writes a file until the disk is full; returns its path.
    func fill() throws -> String {
        let filler = path + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let descriptor = open(filler, O_WRONLY)
        guard descriptor >= 0 else { throw FixtureError("cannot open \(filler): errno \(errno)") }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < chunk.count { break }
        }
        return filler
    }

    func unmount() -> Bool { Self.run("/bin/umount", ["-l", path]).status == 0 }

    private static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
