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

    @Test func aStateWithMoreDistinctStringsThanTheScannedTableDecodesToItself() throws {
        var state = try Self.busyCase()
        // Past the writer's scanned table (48 strings), with repeats on both sides of it.
        for number in 0..<120 { state.seenEvents.append(.init(unit: "unit-\(number % 7)", id: "event-\(number % 90)")) }
        #expect(try CaseState(decoding: state.encoded()) == state)
    }

    @Test func aCaseWithFivePartiesFitsInTwoKilobytes() throws {
        #expect(try Self.busyCase().encoded().count <= 2048)
    }

    /// Found by `scripts/fuzz case-state`: a corrupt row whose instants lay far apart decoded
    /// (the reader adds offsets with wrapping) but trapped when it was written back.
    @Test func aStateWhoseInstantsLieFarApartIsWrittenAndReadBack() throws {
        var state = try Self.busyCase()
        #expect(!state.tasks.isEmpty)
        state.openedAt = Timestamp(milliseconds: .max)
        #expect(try CaseState(decoding: state.encoded()) == state)
        state.openedAt = Timestamp(milliseconds: .min)
        #expect(try CaseState(decoding: state.encoded()) == state)
    }

    @Test func corruptOrUnknownBytesAreRefused() throws {
        let bytes = try Self.busyCase().encoded()
        #expect(throws: StateDecodingError.self) { try CaseState(decoding: []) }
        #expect(throws: StateDecodingError.self) { try CaseState(decoding: [99] + bytes.dropFirst()) }
        #expect(throws: StateDecodingError.self) { try CaseState(decoding: Array(bytes.dropLast(3))) }
    }
}

@Suite("States stored in format 1 still decode")
struct CaseStateFormatOneTests {
    /// Writes the format 1 layout by hand: no opener, seen ids without their sender, no ratings.
    static func formatOne() -> [UInt8] {
        var writer = BinaryWriter()
        writer.string("OLD-1")
        writer.byte(1)                     // open
        writer.string("joint")
        writer.int(1)
        writer.string("lead-office")
        writer.signed(EngineFixtures.start.milliseconds)
        writer.int(0)
        writer.string("review")
        writer.int(3); for visits in [1, 0, 0] { writer.int(visits) }
        writer.int(3)
        writer.int(1); writer.string("unit-a")
        writer.int(1); writer.string("lead-office")
        writer.int(1); writer.string("lead-office")
        writer.int(0)                      // no tasks
        writer.int(2); writer.string("open-1"); writer.string("acc-1")
        writer.int(0)                      // empty inbox
        return writer.finish(version: 1)
    }

    @Test func aFormatOneStateDecodesWithItsIDsMatchingAnySender() throws {
        let state = try CaseState(decoding: Self.formatOne())
        #expect(state.caseID == "OLD-1" && state.lead == "lead-office" && state.openedBy.isEmpty)
        #expect(state.seenEvents == [.init(unit: "", id: "open-1"), .init(unit: "", id: "acc-1")])
        let repeat_ = CloudEvent(id: "acc-1", unit: "unit-a", type: .taskAccepted, caseID: "OLD-1", time: nil)
        #expect(state.hasSeen(repeat_))
        #expect(state.encoded().first == CaseState.encodingVersion)
        #expect(try CaseState(decoding: state.encoded()) == state)
    }
}
