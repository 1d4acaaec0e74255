/// A wall-clock time in a calendar's zone, as timelines show it: `2026-03-02 09:30 Mon` in
/// English, `2026-03-02 09:30 周一` in Chinese.
public struct LocalTime: Hashable, Sendable {
    /// The local date, `YYYY-MM-DD`.
    public var date: String
    /// The local time of day, `HH:MM`.
    public var clock: String
    /// The day of the week, 0 = Monday … 6 = Sunday.
    public var weekday: Int

    /// Creates a local time.
    public init(date: String, clock: String, weekday: Int) {
        self.date = date
        self.clock = clock
        self.weekday = weekday
    }

    private static let english = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let chinese = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

    /// The time as text in `language`.
    public func text(_ language: Language) -> String {
        let names = language == .english ? Self.english : Self.chinese
        return "\(date) \(clock) \(names[weekday])"
    }
}
