import Foundation
import LiaisonCore
import Yams

extension ConfigurationReader {
    /// Calls `body` for each key of a mapping, reporting keys outside `allowed`.
    mutating func forEachField(
        _ node: Node,
        path: String,
        allowed: Set<String>,
        _ body: (inout ConfigurationReader, String, Node) -> Void
    ) {
        guard case .mapping(let mapping) = node else {
            let what = path.isEmpty ? "the configuration" : "'\(path)'"
            return report(node, "\(what) must be a mapping")
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                report(keyNode, "keys must be strings")
                continue
            }
            guard allowed.contains(key) else {
                let qualified = path.isEmpty ? key : "\(path).\(key)"
                let known = allowed.sorted().joined(separator: ", ")
                report(keyNode, "unknown field '\(qualified)' (known here: \(known))")
                continue
            }
            body(&self, key, value)
        }
    }

    mutating func string(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            report(node, "'\(path)' must be a non-empty string")
            return nil
        }
        return scalar.string
    }

    mutating func positiveInt(_ node: Node, _ path: String) -> Int? {
        guard let value = node.int, value > 0 else {
            report(node, "'\(path)' must be a positive whole number")
            return nil
        }
        return value
    }

    mutating func nonNegativeInt(_ node: Node, _ path: String) -> Int? {
        guard let value = node.int, value >= 0 else {
            report(node, "'\(path)' must be a whole number, 0 or more")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ path: String) -> Bool? {
        guard let value = node.bool else {
            report(node, "'\(path)' must be true or false")
            return nil
        }
        return value
    }

    mutating func duration(_ node: Node, _ path: String) -> Duration? {
        guard let text = node.string, let value = parseConfigDuration(text) else {
            report(node, "'\(path)' must be a duration such as 20ms, 5s, 10m, 24h or 2d")
            return nil
        }
        return value
    }

    /// Cross-field checks once everything is read.
    mutating func check(_ c: LiaisonConfiguration) {
        var seen: Set<String> = []
        for input in c.topics.inputs where !seen.insert(input.name).inserted {
            diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "topic '\(input.name)' is listed twice in topics.inputs"))
        }
        // Checked before the limit is used: an out-of-range value would overflow the arithmetic below.
        let limitText = c.kafka.properties["message.max.bytes"]
        let limitIsValid = limitText.map { Int($0).map(LiaisonConfiguration.recordLimitRange.contains) ?? false } ?? true
        if let limitText, !limitIsValid {
            diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message:
                "kafka.properties message.max.bytes '\(limitText)' must be a whole number from 1000 to 1000000000 (librdkafka's range)"))
        }
        if limitIsValid, let explicit = c.processing.maxEventBytes,
           explicit > c.producerRecordLimit - LiaisonConfiguration.Processing.forwardingOverhead {
            diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message:
                "processing.max_event_bytes \(explicit) cannot be forwarded: the producer sends records of at most \(c.producerRecordLimit) bytes "
                + "(kafka.properties message.max.bytes) and forwarding adds up to \(LiaisonConfiguration.Processing.forwardingOverhead); "
                + "lower it, or leave it out to use the largest that fits"))
        }
        if c.topics.inputs.count > 1 {
            for input in c.topics.inputs where input.keyedByCase != nil {
                diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message:
                    "topic '\(input.name)' is declared keyed_by_case, which lets the processing stage read it directly only when it is "
                    + "the only input topic; with \(c.topics.inputs.count) input topics every record goes through \(c.topics.inbound). "
                    + "Remove keyed_by_case, or publish every department's events on this one topic"))
            }
        }
        let outputs = Set(c.topics.outputs + [c.topics.inbound])
        for input in c.topics.inputs where outputs.contains(input.name) {
            diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "topic '\(input.name)' is both an input and one of Liaison's own topics"))
        }
    }
}

/// Parses `20ms`, `5s`, `10m`, `24h`, `2d`.
func parseConfigDuration(_ text: String) -> Duration? {
    let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
        let number = trimmed.dropLast(suffix.count)
        if let n = Int64(number), n >= 0 {
            let (milliseconds, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : .milliseconds(milliseconds)
        }
    }
    return nil
}
