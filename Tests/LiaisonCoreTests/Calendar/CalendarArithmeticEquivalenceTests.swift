@testable import LiaisonCore
import Testing

@Suite("Deadline arithmetic gives exactly what walking the calendar day by day gives")
struct CalendarArithmeticEquivalenceTests {
    /// Calendars chosen to cross what makes working time irregular: holidays and adjusted
    /// working days, lunch breaks, daylight-saving changes in and around working hours (also at
    /// midnight and by half an hour), a week with one working day and a year without any.
    static let cases: [EquivalenceCase] = [
        EquivalenceCase(name: "cn-workdays", yaml: CalendarFixtures.cnWorkdaysYAML, year: 2026),
        EquivalenceCase(name: "berlin-office", yaml: CalendarFixtures.berlinYAML, year: 2026),
        EquivalenceCase(name: "new-york-saturdays", yaml: """
            id: new-york-saturdays
            timezone: America/New_York
            workweek: [mon, tue, wed, thu, fri, sat]
            hours: ["01:00-02:30", "08:00-12:00", "13:00-17:00"]
            holidays: [2026-03-09, 2026-07-03..2026-07-05, 2026-11-01, 2026-12-24..2026-12-26]
            workdays: [2026-03-08, 2026-11-08]
            """, year: 2026),
        EquivalenceCase(name: "lord-howe-nights", yaml: """
            id: lord-howe-nights
            timezone: Australia/Lord_Howe
            workweek: [sun, mon, tue, wed, thu]
            hours: ["00:00-03:00", "10:00-16:00"]
            holidays: [2026-04-05, 2026-10-04, 2027-01-01]
            workdays: [2026-04-04]
            """, year: 2026),
        EquivalenceCase(name: "sao-paulo-midnight", yaml: """
            id: sao-paulo-midnight
            timezone: America/Sao_Paulo
            workweek: [mon, tue, wed, thu, fri, sat, sun]
            hours: ["00:00-01:30", "09:00-18:00", "23:00-24:00"]
            holidays: [2016-02-20..2016-02-21, 2017-10-15, 2018-02-17..2018-02-18]
            workdays: []
            """, year: 2017),
        EquivalenceCase(name: "berlin-24-7", yaml: """
            id: berlin-24-7
            timezone: Europe/Berlin
            workweek: [mon, tue, wed, thu, fri, sat, sun]
            hours: ["00:00-24:00"]
            holidays: [2026-12-25..2026-12-26]
            """, year: 2026),
        EquivalenceCase(name: "sundays-only-closed-2026", yaml: """
            id: sundays-only
            timezone: UTC
            workweek: [sun]
            hours: ["09:00-10:00"]
            holidays: [2026-01-01..2026-06-09, 2026-06-12..2026-12-31]
            workdays: [2026-06-10, 2026-06-11]
            """, year: 2026),
    ]

    @Test("Random instants and amounts within three years of the listed days", arguments: cases)
    func randomSpansNearTheListedDays(_ testCase: EquivalenceCase) throws {
        let calendar = try testCase.calendar()
        var instants = InstantSampler(calendar: calendar, seed: 0x5EED_0001 &+ UInt64(testCase.name.utf8.count),
                                      fromYear: testCase.year - 3, toYear: testCase.year + 4)
        try check(calendar, samples: 300, instants: &instants)
    }

    @Test("Random instants where the zone table ends and Foundation takes over", arguments: cases)
    func randomSpansAtTheEdgesOfTheZoneTable(_ testCase: EquivalenceCase) throws {
        let calendar = try testCase.calendar()
        for (first, last) in [(1885, 1910), (2190, 2215)] {
            var instants = InstantSampler(calendar: calendar, seed: UInt64(first) &* 31 &+ UInt64(testCase.name.utf8.count),
                                          fromYear: first, toYear: last)
            try check(calendar, samples: 40, instants: &instants)
        }
    }

    @Test("A pause from year 1 to 2026 counts the same working time", arguments: [cases[0], cases[1]])
    func aPauseFromYearOneCountsTheSame(_ testCase: EquivalenceCase) throws {
        let calendar = try testCase.calendar()
        let reference = ReferenceCalendarArithmetic(calendar: calendar)
        let from = try instant("0001-01-01T00:00:00Z")
        let to = try instant("2026-03-02T03:00:00Z")
        let clock = ContinuousClock()
        var expected: Int64 = 0
        var actual: Int64 = 0
        let before = clock.measure { expected = reference.workingMilliseconds(from: from, to: to) }
        let after = clock.measure { actual = calendar.workingMilliseconds(from: from, to: to) }
        print("\(testCase.name): year 1 → 2026 by walking days \(before), by jumping \(after)")
        #expect(actual == expected)
        let deadline = try instant("2026-03-10T03:00:00Z")
        #expect(calendar.extend(deadline, span: .workhours(8), pausedAt: from, resumedAt: to)
            == reference.extend(deadline, span: .workhours(8), pausedAt: from, resumedAt: to))
    }

    /// Compares every entry point on `samples` random draws; reports the first few differences.
    private func check(_ calendar: BusinessCalendar, samples: Int, instants: inout InstantSampler) throws {
        let reference = ReferenceCalendarArithmetic(calendar: calendar)
        var differences: [String] = []
        func compare(_ what: @autoclosure () -> String, _ actual: Int64, _ expected: Int64) {
            if actual != expected, differences.count < 8 {
                differences.append("\(what()): \(actual) instead of \(expected)")
            }
        }
        for _ in 0..<samples {
            let a = instants.next()
            let b = instants.next()
            compare("working \(a.rfc3339) → \(b.rfc3339)",
                    calendar.workingMilliseconds(from: a, to: b), reference.workingMilliseconds(from: a, to: b))
            let amount = instants.amount()
            compare("\(a.rfc3339) + \(amount) ms",
                    calendar.addingWorkingTime(amount, to: a).milliseconds,
                    reference.addingWorkingTime(amount, to: a).milliseconds)
            let span = instants.span()
            let percent = instants.percent()
            compare("\(a.rfc3339) + \(span)",
                    calendar.deadline(from: a, span: span).milliseconds,
                    reference.deadline(from: a, span: span).milliseconds)
            compare("\(percent)% of \(span) from \(a.rfc3339)",
                    calendar.mark(from: a, span: span, percent: percent).milliseconds,
                    reference.mark(from: a, span: span, percent: percent).milliseconds)
            let (pause, resume) = (instants.next(), instants.next())
            compare("\(b.rfc3339) after a pause \(pause.rfc3339) → \(resume.rfc3339)",
                    calendar.extend(b, span: span, pausedAt: pause, resumedAt: resume).milliseconds,
                    reference.extend(b, span: span, pausedAt: pause, resumedAt: resume).milliseconds)
        }
        #expect(differences.isEmpty, "\(calendar.id): \(differences.joined(separator: "; "))")
    }
}

/// A calendar to compare on and the year its listed days are in.
struct EquivalenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    let year: Int

    var testDescription: String { name }

    func calendar() throws -> BusinessCalendar {
        try BusinessCalendar.parse(yaml: yaml, file: "\(name).yaml")
    }
}

/// Seeded draws of instants, amounts and spans, biased toward the edges where off-by-one
/// mistakes live: the opening and closing minutes of working periods, whole working days,
/// a millisecond either side of them.
struct InstantSampler {
    let calendar: BusinessCalendar
    private var random: SeededGenerator
    private let firstDay: Int
    private let lastDay: Int

    init(calendar: BusinessCalendar, seed: UInt64, fromYear: Int, toYear: Int) {
        self.calendar = calendar
        random = SeededGenerator(seed: seed)
        firstDay = CivilDate(year: fromYear, month: 1, day: 1)!.dayNumber
        lastDay = CivilDate(year: toYear, month: 1, day: 1)!.dayNumber
    }

    /// An instant: anywhere at all, or on a period's edge give or take a little.
    mutating func next() -> Timestamp {
        let day = Int64(Int.random(in: firstDay...lastDay, using: &random))
        let localMidnight = day * 86_400_000
        if Bool.random(using: &random) {
            let local = localMidnight + Int64.random(in: 0..<86_400_000, using: &random)
            return Timestamp(milliseconds: local - calendar.zone.offset(atUTC: local))
        }
        let period = calendar.periods.randomElement(using: &random)!
        let minute = Bool.random(using: &random) ? period.startMinute : period.endMinute
        let nudge: Int64 = [-3_600_000, -60_000, -1, 0, 0, 0, 1, 60_000, 1_800_000].randomElement(using: &random)!
        return Timestamp(milliseconds: calendar.zone.utc(fromLocal: localMidnight + Int64(minute) * 60_000) + nudge)
    }

    /// Working time to add: a little, whole working days and their neighbours, or years.
    mutating func amount() -> Int64 {
        let daily = calendar.dailyWorkingMilliseconds
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return Int64.random(in: -1...(3 * daily), using: &random)
        case 1: return Int64.random(in: 1...400, using: &random) * daily
        case 2: return Int64.random(in: 1...2_000, using: &random) * daily + Int64.random(in: -1...1, using: &random)
        case 3: return calendar.periods.randomElement(using: &random)!.nominalMilliseconds
        default: return Int64.random(in: 1...(3 * 365 * daily), using: &random)
        }
    }

    /// A deadline span as a workflow may write it.
    mutating func span() -> DeadlineSpan {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: .workhours(Int.random(in: 1...3_000, using: &random))
        case 1: .workdays(Int.random(in: 1...600, using: &random))
        default: .elapsed(milliseconds: Int64.random(in: 1...(90 * 86_400_000), using: &random))
        }
    }

    /// An escalation share: the usual ones, or anything up to the clamp and past it.
    mutating func percent() -> Int {
        [0, 50, 80, 100, 150, 200, Int.random(in: -10...1_200, using: &random)].randomElement(using: &random)!
    }
}
