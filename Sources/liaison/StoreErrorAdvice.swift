import LiaisonStore

extension StoreError {
    /// The error with what an operator does about it, for the failures that stop the daemon
    /// and that no restart alone cures.
    var withAdvice: String {
        switch code {
        case .corruptData:
            return """
                \(self)
                The store is damaged (a disk or file system returned wrong bytes, or the file was \
                edited). Nothing more is written to it. Keep a copy of the damaged file for \
                analysis, restore the newest backup (deploy/README.md, "Backup"), and start again: \
                the events after the backup are read again from Kafka where it still keeps them. \
                `sqlite3 FILE 'PRAGMA integrity_check'` shows what is damaged.
                """
        case .unwritable:
            return """
                \(self)
                The store cannot be written: its disk is full or its file or file system is \
                read-only. Free space or make it writable, then start again; nothing was lost.
                """
        default:
            return description
        }
    }
}
