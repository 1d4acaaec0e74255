import Foundation
import Testing

/// `validate` and `simulate` speak Chinese to process designers who ask for it (`--lang zh`, or a
/// `zh` locale) and English to everyone else; run as the `liaison` process.
@Suite("validate and simulate speak the designer's language", .serialized)
struct DesignerLanguageTests {
    /// A workflow whose lead, on line 5, is a mistyped unit id.
    static let broken = """
        id: fire-check
        version: 1
        title: 消防验收
        start: { on: gov.case.opened, by: [service-window] }
        lead: fire-safty
        stages:
          - id: check
            parties: [fire-safety]
            complete_within: 3 workdays
        """

    /// The units the broken workflow may name.
    static let units = """
        units:
          - { id: service-window, name: 政务服务中心 }
          - { id: fire-safety, name: 消防救援支队 }
        """

    /// The repository's `Workflows/` folder.
    static let workflowsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Workflows").path

    /// The design's example event file (`shared/examples/events/enterprise-case.jsonl`).
    static let enterpriseEvents = #"""
        {"specversion":"1.0","id":"win-000187","source":"/units/service-window","type":"gov.case.opened","subject":"QY-2026-000187","time":"2026-03-02T01:30:00Z","datacontenttype":"application/json","data":{"matter":"enterprise-establishment","title":"某某科技有限公司设立登记","collaborators":["tax","social-security","public-security"]}}
        {"specversion":"1.0","id":"tax-55120","source":"/units/tax","type":"gov.task.accepted","subject":"QY-2026-000187","time":"2026-03-02T02:00:00Z","datacontenttype":"application/json","data":{"stage":"review"}}
        {"specversion":"1.0","id":"ss-9911","source":"/units/social-security","type":"gov.task.accepted","subject":"QY-2026-000187","time":"2026-03-02T06:00:00Z","datacontenttype":"application/json","data":{"stage":"review"}}
        {"specversion":"1.0","id":"tax-55188","source":"/units/tax","type":"gov.task.completed","subject":"QY-2026-000187","time":"2026-03-03T07:00:00Z","datacontenttype":"application/json","data":{"outcome":"approved","opinion":"税务登记信息已确认"}}
        {"specversion":"1.0","id":"ss-9950","source":"/units/social-security","type":"gov.task.completed","subject":"QY-2026-000187","time":"2026-03-04T03:20:00Z","datacontenttype":"application/json","data":{"outcome":"approved"}}
        """#

    /// No locale at all unless a test sets one, whatever the machine running the tests uses.
    static let noLocale = ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "LANGUAGE": ""]

    /// Runs `liaison <arguments>` to its end and returns what it printed (stdout and stderr).
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let folder = try TemporaryFolder("lang-out")
        defer { folder.cleanUp() }
        let child = try ChildProcess(arguments: arguments, logPath: folder.file("out.log"),
                                     environment: Self.noLocale.merging(environment) { $1 })
        let status = await child.waitForExit(timeout: .seconds(60))
        #expect(status != nil, "liaison \(arguments.joined(separator: " ")) did not end")
        return child.output
    }

    /// A folder holding the broken workflow and its unit registry.
    func brokenFolder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("lang")
        try folder.write("Workflows/units.yaml", Self.units)
        try folder.write("Workflows/fire-check.yaml", Self.broken)
        return folder
    }

    @Test func validateInChineseNamesTheMistakeAtItsLine() async throws {
        let folder = try brokenFolder()
        defer { folder.cleanUp() }
        let file = folder.file("Workflows/fire-check.yaml")
        let output = try await run(["validate", "--lang", "zh", folder.file("Workflows")])
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("\(file):5:") }, "\(output)")
        #expect(line.contains("错误："), "\(line)")
        #expect(line.contains("lead 'fire-safty' 不是单位名录中登记的单位"), "\(line)")
        #expect(line.contains("是不是 'fire-safety'？"), "\(line)")
        #expect(output.contains("共 1 个错误，未加载任何定义"), "\(output)")
        #expect(!output.contains("registered unit") && !output.contains("error"), "\(output)")
    }

    @Test func aChineseLocaleSelectsChinese() async throws {
        let folder = try brokenFolder()
        defer { folder.cleanUp() }
        let output = try await run(["validate", folder.file("Workflows")], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(output.contains("不是单位名录中登记的单位"), "\(output)")
        let messages = try await run(["validate", folder.file("Workflows")], environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"])
        #expect(messages.contains("不是单位名录中登记的单位"), "LC_MESSAGES comes before LANG: \(messages)")
    }

    @Test func englishStaysTheDefaultAndTheFlagWins() async throws {
        let folder = try brokenFolder()
        defer { folder.cleanUp() }
        let file = folder.file("Workflows/fire-check.yaml")
        for environment in [[:], ["LANG": "C.UTF-8"], ["LANG": "fr_FR.UTF-8"], ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"]] {
            let output = try await run(["validate", folder.file("Workflows")], environment: environment)
            #expect(output.contains("\(file):5:7: error: lead 'fire-safty' is not a registered unit (did you mean 'fire-safety'?)"),
                    "\(environment): \(output)")
            #expect(output.contains("1 error(s); nothing loaded"), "\(environment): \(output)")
        }
        let flagged = try await run(["validate", "--lang", "en", folder.file("Workflows")], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(flagged.contains("is not a registered unit") && !flagged.contains("登记"), "\(flagged)")
    }

    @Test func simulateInChinesePrintsAChineseTimelineAndSummary() async throws {
        let folder = try TemporaryFolder("lang-sim")
        defer { folder.cleanUp() }
        try folder.write("events.jsonl", Self.enterpriseEvents)
        let output = try await run(["simulate", "--lang", "zh", "--workflows", Self.workflowsFolder, "--events", folder.file("events.jsonl")])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("2026-03-02 09:30 周一") && $0.contains("交办") && $0.contains("签收期限 2026-03-02 15:00 周一") },
                "\(output)")
        #expect(lines.contains { $0.contains("public-security") && $0.contains("督办") && $0.contains("gov-office") }, "\(output)")
        #expect(lines.contains { $0.hasPrefix("汇总（截至") }, "\(output)")
        #expect(lines.contains { $0.hasPrefix("单位") && $0.contains("按时率") && $0.contains("当前逾期") }, "\(output)")
        #expect(lines.contains { $0.hasPrefix("环节") && $0.contains("工作用时中位数") }, "\(output)")
        #expect(!output.contains("summary at") && !output.contains("deadline"), "\(output)")
    }

    @Test func simulateCompareSaysWhatChangesInChinese() async throws {
        let folder = try TemporaryFolder("lang-cmp")
        defer { folder.cleanUp() }
        try folder.write("events.jsonl", Self.enterpriseEvents)
        let output = try await run(["simulate", "--workflows", Self.workflowsFolder, "--events", folder.file("events.jsonl"),
                                    "--compare", Self.workflowsFolder], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(output.contains("与 \(Self.workflowsFolder) 对比："), "\(output)")
        #expect(output.contains("没有差异"), "\(output)")
    }

    @Test func theHelpStatesTheLanguageRule() async throws {
        for verb in ["validate", "simulate"] {
            let output = try await run([verb, "--help"])
            #expect(output.contains("--lang") && output.contains("LC_ALL") && output.contains("LC_MESSAGES") && output.contains("LANG"),
                    "\(verb): \(output)")
        }
    }
}
