import LiaisonRuntime

/// The configuration reader: `liaison.yaml` as the operator wrote it, no environment.
///
/// A wrong file must be refused with located diagnostics before the daemon starts.
enum ConfigurationFuzz {
    /// Loads the input; an accepted configuration must also answer the derived limits the
    /// daemon reads at start.
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let configuration = try? LiaisonConfiguration.load(yaml: text, file: "liaison.yaml") else { return }
        fuzzCheck(configuration.acceptedEventBytes > 0, "accepts events of at most \(configuration.acceptedEventBytes) bytes")
        _ = configuration.processing.engineSettings
    }
}
