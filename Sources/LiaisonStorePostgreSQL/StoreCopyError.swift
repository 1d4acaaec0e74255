import LiaisonStore

/// Why `liaison store copy` refused or failed, beyond the stores' own ``StoreError``s.
public struct StoreCopyError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure happened.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case targetNotEmpty, countMismatch
        }

        private let kind: Kind

        /// The target database already holds rows: a copy only goes into an empty store, so
        /// that it can never mix two sites' cases or overwrite one. Nothing was written.
        public static let targetNotEmpty = Code(kind: .targetNotEmpty)
        /// After copying, a table holds a different number of rows in the target than in the
        /// source.
        public static let countMismatch = Code(kind: .countMismatch)

        /// The code's name, e.g. `targetNotEmpty`.
        public var description: String { kind.rawValue }
    }

    /// What kind of failure happened.
    public let code: Code
    /// What went wrong, naming the tables and counts involved.
    public let reason: String

    /// Creates an error.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `store copy (code): reason`.
    public var description: String { "store copy (\(code)): \(reason)" }
}
