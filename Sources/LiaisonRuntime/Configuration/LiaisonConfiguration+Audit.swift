import Foundation
import LiaisonCore

extension LiaisonConfiguration {
    /// The audit trail's signed checkpoints (AUDIT.md).
    public struct Audit: Sendable, Equatable {
        /// Whether checkpoints are signed. On by default: `run` refuses to start without a key
        /// unless this is turned off explicitly.
        public var signing = true
        /// A file holding the Ed25519 private key, 64 hex digits (`audit.signing_key`).
        public var signingKeyFile: String?
        /// The key itself, from the environment only (`LIAISON_AUDIT_KEY`); wins over the file.
        public var signingKey: String?
        /// Time between two checkpoints of each owned partition; one more is made at shutdown.
        public var checkpointInterval: Duration = .seconds(60)
        /// Whether history entries are hash-chained. Not a configuration field: only
        /// `liaison-bench chain` turns it off, to measure what the chain costs.
        public var chainHistory = true
        /// Creates the defaults.
        public init() {}

        /// The key checkpoints are signed with; nil when signing is off. Throws when signing is
        /// on and no key is configured or the key cannot be read.
        public func loadSigningKey() throws -> AuditSigningKey? {
            guard signing else { return nil }
            if let signingKey {
                guard let key = AuditSigningKey(hex: signingKey) else {
                    throw RuntimeError(code: .badConfiguration, reason: "LIAISON_AUDIT_KEY is not an Ed25519 key: 64 hex digits expected")
                }
                return key
            }
            guard let signingKeyFile else {
                throw RuntimeError(code: .badConfiguration, reason: """
                    audit checkpoints are signed, and no key is configured: set audit.signing_key to a key file \
                    (make one with `liaison audit keygen`) or LIAISON_AUDIT_KEY, or set audit.signing: off explicitly
                    """)
            }
            let text: String
            do {
                text = try String(contentsOfFile: signingKeyFile, encoding: .utf8)
            } catch {
                throw RuntimeError(code: .badConfiguration, reason: "audit.signing_key \(signingKeyFile) cannot be read: \(error.localizedDescription)")
            }
            guard let key = AuditSigningKey(hex: text) else {
                throw RuntimeError(code: .badConfiguration, reason: "audit.signing_key \(signingKeyFile) is not an Ed25519 key: 64 hex digits expected")
            }
            return key
        }
    }
}
