import Foundation
import Testing
@testable import LiaisonCore

/// The designer's guide, in English and in Chinese, shows examples that load as written, and
/// the Chinese guide shows the same examples as the English one.
@Suite("The guide's examples load")
struct GuideExampleTests {
    static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Workflows")

    /// The ```yaml blocks of a guide, in order.
    static func examples(_ guide: String) throws -> [String] {
        let text = try String(contentsOf: workflows.appendingPathComponent(guide), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```yaml" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// A block without its `#` comments and trailing spaces: what YAML reads of it.
    static func withoutComments(_ block: String) -> String {
        block.split(separator: "\n").map { line in
            var kept = line.range(of: " #").map { line[..<$0.lowerBound] } ?? line[...]
            while kept.last == " " { kept = kept.dropLast() }
            return String(kept)
        }.joined(separator: "\n")
    }

    /// Loads every example: workflows against the repository's unit registry and calendars.
    func check(_ guide: String) throws {
        let blocks = try Self.examples(guide)
        #expect(blocks.count == 3, "\(guide) has \(blocks.count) YAML examples")
        let units = try String(contentsOf: Self.workflows.appendingPathComponent("units.yaml"), encoding: .utf8)
        let calendarFolder = Self.workflows.appendingPathComponent("calendars")
        let calendars = try FileManager.default.contentsOfDirectory(atPath: calendarFolder.path).filter { $0.hasSuffix(".yaml") }.map {
            SourceFile(path: $0, text: try String(contentsOf: calendarFolder.appendingPathComponent($0), encoding: .utf8))
        }
        for (index, block) in blocks.enumerated() {
            let name = "\(guide) example \(index + 1)"
            do {
                if block.hasPrefix("units:") {
                    _ = try UnitRegistry.parse(yaml: block, file: name)
                } else if block.contains("\ntimezone:") {
                    _ = try WorkflowCatalog.load(workflows: [], calendars: [SourceFile(path: name, text: block)])
                } else {
                    let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: name, text: block)], calendars: calendars,
                                                           units: SourceFile(path: "units.yaml", text: units))
                    #expect(catalog.warnings.isEmpty, "\(name): \(catalog.warnings)")
                }
            } catch {
                Issue.record("\(name) does not load: \(error.description(in: .english))")
            }
        }
    }

    @Test func theEnglishGuidesExamplesLoad() throws {
        try check("GUIDE.md")
    }

    @Test func theChineseGuidesExamplesLoad() throws {
        try check("GUIDE.zh.md")
    }

    @Test func theChineseGuideShowsTheSameExamples() throws {
        #expect(try Self.examples("GUIDE.zh.md").map(Self.withoutComments) == Self.examples("GUIDE.md").map(Self.withoutComments))
    }
}
