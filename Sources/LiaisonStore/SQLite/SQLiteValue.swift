/// A value bound to a statement parameter. Blobs and texts are copied by SQLite when bound,
/// so the Swift values need not outlive the call.
enum SQLiteValue {
    case integer(Int64)
    /// UTF-8 text, bound with its byte count: an embedded NUL is part of the value.
    case text(String)
    case blob([UInt8])
    case null

    /// An integer parameter from any fixed-width integer.
    static func int<T: BinaryInteger>(_ value: T) -> SQLiteValue { .integer(Int64(value)) }

    /// A blob parameter, or NULL when `bytes` is `nil`.
    static func optionalBlob(_ bytes: [UInt8]?) -> SQLiteValue {
        bytes.map(SQLiteValue.blob) ?? .null
    }
}
