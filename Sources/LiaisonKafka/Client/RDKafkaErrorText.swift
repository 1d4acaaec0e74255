/// librdkafka's convention for calls that can fail with a reason: the caller passes a buffer
/// (`errstr`, `errstr_size`) and librdkafka writes a NUL-terminated explanation into it.
enum RDKafkaErrorText {
    /// The buffer size librdkafka's own examples use; its reasons are one short line.
    static let capacity = 512

    /// Calls `call` with an empty error buffer and its size, and returns what `call` returned
    /// with the text librdkafka left in the buffer (empty when it wrote none). The buffer lives
    /// on the stack for the duration of the call.
    static func capture<Result>(_ call: (UnsafeMutablePointer<CChar>, Int) -> Result) -> (result: Result, text: String) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let start = buffer.baseAddress!
            buffer.initialize(repeating: 0)
            let result = call(start, buffer.count)
            return (result, String(nulTerminated: UnsafeBufferPointer(buffer)))
        }
    }
}

extension String {
    /// The text librdkafka wrote into `buffer`: up to the first NUL (or all of it, should it
    /// have none), as UTF-8 with invalid bytes replaced.
    init(nulTerminated buffer: UnsafeBufferPointer<CChar>) {
        let bytes = UnsafeRawBufferPointer(buffer)
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        self.init(decoding: bytes[..<end], as: UTF8.self)
    }
}
