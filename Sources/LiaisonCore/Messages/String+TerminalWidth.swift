extension String {
    /// How many terminal columns the text takes: Chinese characters and full-width forms take
    /// two, so that tables mixing them with ASCII stay aligned.
    public var terminalWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x0300...0x036F, 0x200B...0x200F: width
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: width + 2
            default: width + 1
            }
        }
    }

    /// The text padded with spaces on the right to `width` terminal columns.
    public func padded(to width: Int) -> String {
        let missing = width - terminalWidth
        return missing > 0 ? self + String(repeating: " ", count: missing) : self
    }

    /// The text padded with spaces on the left to `width` terminal columns.
    public func padded(leftTo width: Int) -> String {
        let missing = width - terminalWidth
        return missing > 0 ? String(repeating: " ", count: missing) + self : self
    }
}
