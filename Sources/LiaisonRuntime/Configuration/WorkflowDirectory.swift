import Foundation
import LiaisonCore

/// Reads workflow definitions from a folder: `*.yaml`/`*.yml` at its top, calendars in
/// its `calendars/` subfolder. The engine itself never touches the disk.
public enum WorkflowDirectory {
    /// The definition files of `directory`, sorted by path so loading is deterministic.
    public static func read(_ directory: String) throws -> (workflows: [SourceFile], calendars: [SourceFile]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuntimeError(code: .badConfiguration, reason: "\(directory): no such workflow folder")
        }
        return (try files(in: directory), try files(in: (directory as NSString).appendingPathComponent("calendars")))
    }

    /// Loads and validates every definition of `directory`; nothing is loaded if anything is wrong.
    public static func load(_ directory: String) throws -> WorkflowCatalog {
        let (workflows, calendars) = try read(directory)
        return try WorkflowCatalog.load(workflows: workflows, calendars: calendars)
    }

    /// The YAML files directly inside `directory` (none when it does not exist).
    static func files(in directory: String) throws -> [SourceFile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                return SourceFile(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw RuntimeError(code: .badConfiguration, reason: "\(path): cannot read: \(error.localizedDescription)")
            }
        }
    }
}
