import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime
import LiaisonStore
import LiaisonStorePostgreSQL
import Logging

/// `liaison audit`: checks the tamper-evident history (AUDIT.md).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the tamper-evident case history.",
        subcommands: [AuditVerifyCommand.self, AuditKeygenCommand.self]
    )
}

/// `liaison audit verify`: recomputes every case's hash chain in a store.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the hash chains of case histories.",
        discussion: """
            Checks the signed checkpoints the store keeps (each signed by a --public-key, each \
            linked to the one before), then recomputes the hash of every history entry of every \
            case (AUDIT.md gives the encoding), checks that each links to the one before it, \
            that each case's chain ends where its state says, that every head a checkpoint \
            signed is still in the chain, and that every case a checkpoint signed is still in \
            the store (Liaison never deletes a signed case). Exit status 0: everything verifies; 1: the first \
            broken link is named (case, seq, and whether an entry was edited, is missing, was \
            reordered or inserted; or the checkpoint whose signature is invalid or whose chain \
            is broken); 2: the store cannot be read. A SQLite store may be verified while the \
            daemon runs: it is opened read-only, without the daemon's lock, and read in one \
            read transaction, so the report is of the store as it was when verify began and \
            the daemon goes on committing meanwhile (its write-ahead log grows until verify \
            ends).

            With --bootstrap instead, reads the output topics and liaison.audit from the \
            beginning (no store needed): each output's hash is recomputed from the record and \
            its liaison.chain.* headers, two outputs may not claim one place in a chain, \
            consecutive outputs must link, the checkpoints must be signed and linked, and every \
            signed head that is an output on the topics must equal it.
            """
    )

    @Option(help: "The store: a SQLite file (store.path) or postgres://USER@HOST[:PORT]/DATABASE.")
    var store: String?

    @Option(help: "Kafka brokers, host:port[,host:port…]: verify the output topics and liaison.audit instead of a store.")
    var bootstrap: String?

    @Option(help: "The output topics read with --bootstrap.")
    var outputTopics: [String] = ["liaison.assignments", "liaison.reminders", "liaison.escalations", "liaison.cases"]

    @Option(help: "The checkpoint topic read with --bootstrap.")
    var auditTopic = "liaison.audit"

    @Option(help: "With --bootstrap: stop reading once no record came for this many seconds.")
    var idleSeconds: Double = 5

    @Option(help: "With --bootstrap: stop reading after this many seconds at most (topics still being written never fall idle).")
    var maxSeconds: Double = 120

    @Option(name: .customLong("case"), help: "Verify this case only and print its history, ✓ per verified entry.")
    var caseID: String?

    @Option(help: "History records the store keeps per case (store.history_per_case): more of a chain's oldest entries missing than this explains is a break. 0 skips the check.")
    var historyPerCase: Int = StoreBatch.defaultHistoryPerCase

    @Option(name: .customLong("public-key"), help: "A file holding a trusted checkpoint signing key's public key (64 hex digits); repeat it for the keys of a rotation. Without one, signatures are not checked.")
    var publicKeys: [String] = []

    @Option(help: "A file holding the PostgreSQL password (else LIAISON_STORE_PASSWORD, else the address).")
    var passwordFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func run() async throws {
        let logger = LiaisonLogging.bootstrap(level: logLevel)
        let keep = historyPerCase > 0 ? historyPerCase : nil
        var keys: [AuditPublicKey] = []
        for file in publicKeys {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8), let key = AuditPublicKey(hex: text) else {
                printError("liaison audit verify: --public-key \(file) is not a readable Ed25519 public key (64 hex digits)")
                throw ExitCode(2)
            }
            keys.append(key)
        }
        if let bootstrap {
            let report: TopicAudit.Report
            do {
                report = TopicAudit(auditTopic: auditTopic, keys: keys).verify(try await readTopics(bootstrap, logger: logger))
            } catch {
                printError("liaison audit verify: \(error)")
                throw ExitCode(2)
            }
            if let failure = report.failure {
                say(failure.hasPrefix("BROKEN") ? failure : "BROKEN: \(failure)")
                throw ExitCode(1)
            }
            say("checkpoints: \(report.checkpoints) verified\(keys.isEmpty ? " (signatures not checked: no --public-key)" : ", signatures valid")")
            say("verified: \(report.outputs) outputs recomputed from their records; \(report.headsCompared) signed heads found among them")
            return
        }
        guard store != nil else {
            printError("liaison audit verify: give --store PATH|URL or --bootstrap ADDR")
            throw ExitCode(2)
        }
        let verified: Bool
        do {
            verified = try await withStore(logger: logger) { store in
                let audit = StoreAudit(store: store, keep: keep, keys: keys)
                if let caseID {
                    let (heads, count, failure) = try await audit.verifyCheckpoints()
                    if let failure {
                        say("BROKEN: \(failure)")
                        return false
                    }
                    let result = try await audit.verify(caseID: caseID, signed: heads[caseID] ?? []).audit
                    say("\(count) checkpoints verified\(keys.isEmpty ? " (signatures not checked: no --public-key)" : "")")
                    return printCase(result)
                }
                return printReport(try await audit.verifyAll())
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("liaison audit verify: \(error)")
            throw ExitCode(2)
        }
        if !verified { throw ExitCode(1) }
    }

    private func printCase(_ audit: StoreAudit.CaseAudit) -> Bool {
        let result = audit.verification
        guard !audit.records.isEmpty || result.firstBreak != nil else {
            say("case \(result.caseID): no history stored")
            return true
        }
        let absent = audit.inStore ? "" : " (the case itself is not in the store)"
        say("case \(result.caseID): \(audit.records.count) entr\(audit.records.count == 1 ? "y" : "ies") stored\(absent)")
        let broken = result.firstBreak?.seq
        for record in audit.records {
            let mark: String
            if record.seq <= 0 && record.hash == nil {
                mark = "·"
            } else if let broken, record.seq >= broken {
                mark = record.seq == broken ? "✗" : "?"
            } else {
                mark = "✓"
            }
            say("  \(mark) \(record.seq)  \(Timestamp(milliseconds: record.at).rfc3339)  \(record.kind.rawValue)  \(record.entry)")
        }
        if let failure = result.firstBreak {
            say("BROKEN: case \(result.caseID) seq \(failure.seq) \(failure.kind.rawValue): \(failure.detail)")
            return false
        }
        let legacy = result.legacy > 0 ? " (\(result.legacy) from before the chain, not verifiable)" : ""
        say("verified: \(result.verified) entries\(legacy)")
        return true
    }

    private func printReport(_ report: StoreAudit.Report) -> Bool {
        if let failure = report.checkpointFailure {
            say("BROKEN: \(failure)")
            return false
        }
        say("checkpoints: \(report.checkpoints) verified\(publicKeys.isEmpty ? " (signatures not checked: no --public-key)" : ", signatures valid")")
        if let failure = report.firstFailure, let broken = failure.firstBreak {
            say("BROKEN: case \(failure.caseID) seq \(broken.seq) \(broken.kind.rawValue): \(broken.detail)")
            say("(\(report.cases) cases read; run with --case \(failure.caseID) to see its history)")
            return false
        }
        let legacy = report.legacy > 0 ? ", \(report.legacy) records from before the chain not verifiable" : ""
        say("verified: \(report.cases) cases, \(report.entries) entries\(legacy); \(report.headsCompared) signed heads found in the chains")
        return true
    }

    /// Reads the output topics and the audit topic from the beginning, until nothing more came
    /// for --idle-seconds after the group assigned them, or --max-seconds passed.
    private func readTopics(_ bootstrap: String, logger: Logger) async throws -> [TopicAudit.Record] {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "liaison-audit-verify"),
                                         groupID: "liaison-audit-verify-\(UUID().uuidString)", offsetReset: .earliest, logger: logger)
        try consumer.subscribe(topics: outputTopics + [auditTopic])
        var records: [TopicAudit.Record] = []
        var assigned = false
        var lastRecord = ContinuousClock.now
        let deadline = ContinuousClock.now + .milliseconds(Int64(maxSeconds * 1000))
        while ContinuousClock.now < deadline {
            for event in try await consumer.poll(maxMessages: 5_000, timeout: .milliseconds(200)) {
                switch event {
                case .assigned:
                    assigned = true
                    lastRecord = ContinuousClock.now
                case .revoked:
                    break
                case .message(let message):
                    lastRecord = ContinuousClock.now
                    var headers: [String: String] = [:]
                    for header in message.headers {
                        headers[header.name] = header.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
                    }
                    records.append(TopicAudit.Record(topic: message.topic, partition: message.partition, offset: message.offset,
                                                     key: message.key.map { String(decoding: $0, as: UTF8.self) } ?? "",
                                                     headers: headers, value: message.value ?? []))
                }
            }
            if assigned && ContinuousClock.now - lastRecord >= .milliseconds(Int64(idleSeconds * 1000)) { break }
        }
        try? await consumer.close()
        return records
    }

    /// Opens the SQLite file (a read-only snapshot) or the PostgreSQL database for the length
    /// of `body`.
    private func withStore<T: Sendable>(logger: Logger, _ body: (any StateStore) async throws -> T) async throws -> T {
        let store = self.store ?? ""
        if store.hasPrefix("postgres://") || store.hasPrefix("postgresql://") {
            var settings = try PostgresStoreConfiguration(url: store)
            if let passwordFile {
                let text = try String(contentsOfFile: passwordFile, encoding: .utf8)
                settings.password = String(text.reversed().drop { $0 == "\n" || $0 == "\r" }.reversed())
            } else if let password = ProcessInfo.processInfo.environment["LIAISON_STORE_PASSWORD"] {
                settings.password = password
            }
            settings.maximumConnections = 2
            return try await PostgresStore.withStore(configuration: settings, logger: logger) { try await body($0) }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: store, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CLIError("there is no SQLite store at \(store)")
        }
        // Read-only, lock-free, one read transaction: the daemon may keep running.
        return try await body(try SQLiteStore(snapshotOf: store, logger: logger))
    }

    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// `liaison audit keygen`: makes a checkpoint signing key.
struct AuditKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key for signing audit checkpoints.",
        discussion: """
            Writes the private key to --out (mode 0600; point audit.signing_key at it, or put its \
            content in LIAISON_AUDIT_KEY) and the public key to --out.pub (give it to verifiers: \
            liaison audit verify --public-key). Refuses to overwrite a file.
            """
    )

    @Option(help: "The private key file to write.")
    var out: String

    func run() throws {
        let publicFile = out + ".pub"
        for file in [out, publicFile] where FileManager.default.fileExists(atPath: file) {
            throw CLIError("liaison audit keygen: \(file) exists; it is not overwritten")
        }
        let key = AuditSigningKey.generate()
        guard FileManager.default.createFile(atPath: out, contents: Data((key.hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("liaison audit keygen: cannot write \(out)")
        }
        try Data((key.publicKey.hex + "\n").utf8).write(to: URL(fileURLWithPath: publicFile))
        print("private key: \(out)\npublic key: \(publicFile)\nkey id: \(key.publicKey.id)")
    }
}
