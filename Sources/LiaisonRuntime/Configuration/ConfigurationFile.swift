import Foundation
import LiaisonCore

/// Reading the configuration from disk.
public enum ConfigurationFile {
    /// Loads `path` (or only the environment when `path` is nil) into a configuration.
    public static func load(path: String?, environment: [String: String]) throws -> LiaisonConfiguration {
        guard let path else {
            return try LiaisonConfiguration.fromEnvironment(environment)
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuntimeError(code: .badConfiguration, reason: "\(path): cannot read the configuration file: \(error.localizedDescription)")
        }
        return try LiaisonConfiguration.load(yaml: text, file: path, environment: environment)
    }
}
