import Yams

extension BusinessCalendar {
    /// Parses a calendar file (format of the example: id, timezone, workweek, hours, holidays
    /// as single dates or `a..b` ranges, workdays = adjusted working days). Throws
    /// `DefinitionErrors` with every problem located (unknown key, bad zone, bad hour range,
    /// overlapping hours, bad date, a date that is both holiday and workday, ...).
    ///
    /// `file` is only used to label diagnostics; nothing is read from disk here.
    public static func parse(yaml: String, file: String) throws(DefinitionErrors) -> BusinessCalendar {
        var reader = CalendarFileReader(file: file)
        let calendar = reader.read(yaml)
        guard let calendar, reader.diagnostics.isEmpty else {
            throw DefinitionErrors(reader.diagnostics)
        }
        return calendar
    }
}
