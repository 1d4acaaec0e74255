import Testing
@testable import LiaisonCore

@Suite("Compact case state")
struct CaseStateEncodingTests {
    static func busyCase() throws -> CaseState {
        var driver = try CaseDriver(caseID: "QY-2026-000187")
        driver.open(collaborators: ["tax", "social-security", "public-security", "housing", "fire-safety"])
        driver.send(.taskAccepted, from: "tax", at: 5)
        driver.send(.taskDeclined, from: "housing", at: 6, data: [("reason", "非本部门职责")])
        driver.send(.taskPaused, from: "fire-safety", at: 7, data: [("reason", "补正")])
        driver.complete("social-security", at: 8)
        driver.simulation.advance(to: EngineFixtures.minutes(40))
        return try #require(driver.state)
    }

    @Test func aStateDecodesToItself() throws {
        let state = try Self.busyCase()
        #expect(try CaseState(decoding: state.encoded()) == state)
    }

    @Test func anInboxWithChineseTextDecodesToItself() throws {
        var driver = try CaseDriver()
        driver.send(.taskDeclined, from: "unit-a", at: 0, data: [("reason", "材料不全，请补正")])
        let state = try #require(driver.state)
        #expect(try CaseState(decoding: state.encoded()) == state)
    }

    @Test func aCaseWithFivePartiesFitsInTwoKilobytes() throws {
        #expect(try Self.busyCase().encoded().count <= 2048)
    }

    @Test func corruptOrUnknownBytesAreRefused() throws {
        let bytes = try Self.busyCase().encoded()
        #expect(throws: StateDecodingError.self) { try CaseState(decoding: []) }
        #expect(throws: StateDecodingError.self) { try CaseState(decoding: [99] + bytes.dropFirst()) }
        #expect(throws: StateDecodingError.self) { try CaseState(decoding: Array(bytes.dropLast(3))) }
    }
}
