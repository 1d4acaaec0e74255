import Foundation
import LiaisonCore

/// Reads workflow and calendar files from disk; LiaisonCore itself does no IO.
public struct WorkflowFiles: Sendable {
    /// Workflow files found.
    public var workflows: [SourceFile] = []
    /// Calendar files found (in `<dir>/calendars/`).
    public var calendars: [SourceFile] = []
    /// The unit registry (`units.yaml` in a workflow directory), when there is one.
    public var units: SourceFile?

    /// The file name of the unit registry inside a workflow directory.
    public static let unitRegistryName = "units.yaml"

    /// Collects files from `paths`: a directory gives its `*.yaml`/`*.yml` files, its unit
    /// registry (`units.yaml`) and the calendars in its `calendars/` folder; a file gives itself,
    /// its folder's registry and its folder's calendars.
    public static func read(_ paths: [String]) throws -> WorkflowFiles {
        var files = WorkflowFiles()
        var calendarDirectories: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RuntimeError(code: .badConfiguration, reason: "no such file or directory: \(path)")
            }
            let directory: String
            if isDirectory.boolValue {
                directory = path
                for name in try manager.contentsOfDirectory(atPath: path).sorted() where isYAML(name) {
                    if name == unitRegistryName {
                        files.units = try load(join(path, name))
                    } else {
                        files.workflows.append(try load(join(path, name)))
                    }
                }
            } else {
                directory = (path as NSString).deletingLastPathComponent
                if (path as NSString).lastPathComponent == unitRegistryName {
                    files.units = try load(path)
                } else {
                    files.workflows.append(try load(path))
                    let beside = join(directory.isEmpty ? "." : directory, unitRegistryName)
                    if files.units == nil, manager.fileExists(atPath: beside) { files.units = try load(beside) }
                }
            }
            let calendars = join(directory.isEmpty ? "." : directory, "calendars")
            if !calendarDirectories.contains(calendars) { calendarDirectories.append(calendars) }
        }
        for directory in calendarDirectories {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in try manager.contentsOfDirectory(atPath: directory).sorted() where isYAML(name) {
                files.calendars.append(try load(join(directory, name)))
            }
        }
        return files
    }

    /// Loads and checks every definition found under `paths`; throws `DefinitionErrors` listing
    /// every problem (nothing is loaded then), or a `RuntimeError` when a file cannot be read.
    public static func catalog(_ paths: [String]) throws -> WorkflowCatalog {
        let files = try read(paths)
        return try WorkflowCatalog.load(workflows: files.workflows, calendars: files.calendars, units: files.units)
    }

    private static func isYAML(_ name: String) -> Bool {
        (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.hasPrefix(".")
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func load(_ path: String) throws -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw RuntimeError(code: .badConfiguration, reason: "cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw RuntimeError(code: .badConfiguration, reason: "\(path) is not UTF-8 text") }
        return SourceFile(path: path, text: text)
    }
}
