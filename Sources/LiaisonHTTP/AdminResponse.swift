import Hummingbird

/// Builders of the admin server's responses: JSON documents and JSON errors.
enum AdminResponse {
    /// A JSON document with `status`.
    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// `{"error":{"status":404,"message":"…"}}` with `status`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(status, "{\"error\":{\"status\":\(status.code),\"message\":\(quoted(message))}}")
    }

    /// Prometheus text exposition format.
    static func prometheus(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// A probe's answer: 200 when passing, 503 otherwise, with what was checked.
    static func probe(_ result: ProbeResult) -> Response {
        let checks = result.checks.map(quoted).joined(separator: ",")
        let failures = result.failures.map(quoted).joined(separator: ",")
        let body = "{\"status\":\(quoted(result.passing ? "ok" : "failing")),\"checks\":[\(checks)],\"failures\":[\(failures)]}"
        return json(result.passing ? .ok : .serviceUnavailable, body)
    }

    /// A JSON string literal for `text` (see ``JSONText/quoted(_:)``).
    static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}
