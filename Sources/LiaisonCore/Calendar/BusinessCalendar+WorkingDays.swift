/// Counting working days without visiting them: the working week repeats every seven days,
/// and the listed holidays and adjusted working days carry prefix sums.
extension BusinessCalendar {
    /// The number of working days among the local days `first...last` (0 when `last < first`).
    func workingDays(from first: Int, through last: Int) -> Int {
        guard first <= last else { return 0 }
        var count = regularWorkingDays(from: first, through: last)
        let listedFirst = max(first, exceptions.firstDay)
        let listedLast = min(last, exceptions.endDay - 1)
        if listedFirst <= listedLast {
            count += exceptions.surplusBefore[listedLast + 1 - exceptions.firstDay]
                - exceptions.surplusBefore[listedFirst - exceptions.firstDay]
        }
        return count
    }

    /// The local day on which the `count`-th working day from `first` on (`first` included)
    /// falls; `count` must be at least 1.
    ///
    /// A binary search over `workingDays(from:through:)`: the answer lies within the listed
    /// days plus seven days per working day asked for, since every week outside the listed
    /// days has a working day.
    func workingDay(_ count: Int, countingFrom first: Int) -> Int {
        precondition(count >= 1, "the first working day is number 1")
        var low = first
        var high = first + exceptions.kinds.count + 7 * count + 7
        while low < high {
            let middle = low + (high - low) / 2
            if workingDays(from: first, through: middle) >= count {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }

    /// Working days among `first...last` by the working week alone (`first <= last`).
    private func regularWorkingDays(from first: Int, through last: Int) -> Int {
        let length = last - first + 1
        var count = length / 7 * workweek.nonzeroBitCount
        let firstWeekday = CivilDate.weekdayIndex(ofDay: first)
        for step in 0..<(length % 7) where workweek & (1 << UInt8((firstWeekday + step) % 7)) != 0 {
            count += 1
        }
        return count
    }
}
