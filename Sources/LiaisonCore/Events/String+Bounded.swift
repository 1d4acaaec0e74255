extension String {
    /// The longest piece of sender-supplied text a reason or log line repeats.
    public static let boundedLength = 64

    /// This text cut to ``boundedLength`` characters with its length said, for echoing input in
    /// reasons and logs: a 600 KB attribute must not become a 600 KB header or log line.
    public var bounded: String {
        guard utf8.count > Self.boundedLength else { return self }
        return String(prefix(Self.boundedLength)) + "… (\(utf8.count) bytes)"
    }
}

extension CloudEvent {
    /// Bytes the event holds (attributes and data as JSON), for bounding what a case inbox keeps.
    public var approximateSize: Int {
        id.utf8.count + source.utf8.count + caseID.utf8.count + data.serialized.count + 32
    }
}

extension String {
    /// Left-padded with zeros to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
