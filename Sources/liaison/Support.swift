import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonRuntime
import Logging

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// How log lines are written.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// Human-readable lines (swift-log's stream handler).
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json
}

/// Logging for the executable: lines on stderr, as text or JSON.
enum LiaisonLogging {
    /// Installs the log backend once and returns the daemon's logger.
    static func bootstrap(level: Logger.Level, format: LogFormat = .text) -> Logger {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "liaison")
        logger.logLevel = level
        return logger
    }
}

extension WorkflowFiles {
    /// Loads the workflows or prints every problem compiler-style and exits 1.
    static func loadOrExplain(_ directory: String) throws -> WorkflowCatalog {
        do {
            return try catalog([directory])
        } catch let errors as DefinitionErrors {
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            FileHandle.standardError.write(Data("liaison: the workflows in \(directory) were refused; nothing was loaded\n".utf8))
            throw ExitCode(1)
        }
    }
}
