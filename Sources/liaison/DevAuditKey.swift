import Foundation
import LiaisonCore
import LiaisonRuntime

/// `liaison dev` signs its audit checkpoints with a throwaway key kept in the state folder
/// (made on first use), unless a key is configured; it says so, since such a key proves nothing.
enum DevAuditKey {
    static func configure(_ configuration: inout LiaisonConfiguration, stateDir: String) throws {
        guard configuration.audit.signing, configuration.audit.signingKey == nil, configuration.audit.signingKeyFile == nil else { return }
        let keyFile = (stateDir as NSString).appendingPathComponent("audit-dev.key")
        let publicFile = (stateDir as NSString).appendingPathComponent("audit-dev.pub")
        let key: AuditSigningKey
        if let text = try? String(contentsOfFile: keyFile, encoding: .utf8), let existing = AuditSigningKey(hex: text) {
            key = existing
        } else {
            key = AuditSigningKey.generate()
            guard FileManager.default.createFile(atPath: keyFile, contents: Data((key.hex + "\n").utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw CLIError("cannot write the throwaway audit key \(keyFile)")
            }
        }
        try Data((key.publicKey.hex + "\n").utf8).write(to: URL(fileURLWithPath: publicFile))
        configuration.audit.signingKeyFile = keyFile
        printError("liaison dev: audit checkpoints are signed with a throwaway key (\(keyFile), key id \(key.publicKey.id)); "
            + "verify with --public-key \(publicFile). Never use it for `run`.")
    }
}
