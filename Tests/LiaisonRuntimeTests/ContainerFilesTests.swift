import Foundation
import Testing

@Suite("The container build finds every file it copies")
struct ContainerFilesTests {
    static let root = ConfigurationTests.root

    func text(_ path: String) throws -> String {
        try String(contentsOfFile: Self.root.appendingPathComponent(path).path, encoding: .utf8)
    }

    /// The sources of each `COPY` from the build context (not `--from=` a stage).
    func copiedPaths() throws -> [String] {
        try text("deploy/Dockerfile").split(separator: "\n").flatMap { line -> [String] in
            let words = line.split(separator: " ").map(String.init)
            guard words.first == "COPY", !words.contains(where: { $0.hasPrefix("--from") }) else { return [] }
            return Array(words.dropFirst().filter { !$0.hasPrefix("--") }.dropLast())
        }
    }

    @Test func everyCopiedPathExistsInTheRepository() throws {
        let paths = try copiedPaths()
        #expect(paths.contains("Package.resolved"), "the build uses the pinned versions")
        #expect(paths.count >= 6, "\(paths)")
        for path in paths {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "COPY \(path): no such file")
        }
    }

    @Test func theContextLeavesOutTheDemoWorkflowsButNothingTheBuildCopies() throws {
        let ignored = try text(".dockerignore").split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(ignored.contains("Workflows/demo-*"))
        let demos = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Workflows").path)
            .filter { $0.hasPrefix("demo-") }
        #expect(!demos.isEmpty, "the rule has something to leave out")
        for path in try copiedPaths() {
            #expect(!ignored.contains { path == $0 || path.hasPrefix($0 + "/") }, "COPY \(path) is excluded by .dockerignore")
        }
    }
}
