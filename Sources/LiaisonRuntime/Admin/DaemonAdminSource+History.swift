import LiaisonCore
import LiaisonHTTP
import LiaisonStore

/// `GET /v1/cases/{id}/history`: the case's audit chain, recomputed on each request.
extension DaemonAdminSource {
    /// The history with `verified` true when every entry's hash recomputes, each links to the
    /// one before and the chain ends at the head the case state holds (docs/AUDIT.md). The
    /// signed checkpoints are checked by `liaison audit verify`, not here.
    func caseHistoryJSON(id: String) async throws -> String? {
        guard try await store.caseStates(ids: [id])[id] != nil else { return nil }
        let audit = try await StoreAudit(store: store, keep: historyLimit).verify(caseID: id)
        let result = audit.verification
        let broken = result.firstBreak?.seq
        let entries = audit.records.map { record -> JSONValue in
            let verified = record.hash != nil && broken.map { record.seq < $0 } ?? true
            var members: [(String, JSONValue)] = [
                ("seq", .integer(record.seq)), ("kind", .string(record.kind.rawValue)),
                ("at", .string(Timestamp(milliseconds: record.at).rfc3339)),
                ("prevHash", record.prevHash.map { .string($0) } ?? .null), ("hash", record.hash.map { .string($0) } ?? .null),
                ("verified", .bool(verified)),
            ]
            if let details = try? JSONValue.parse(Array(record.entry.utf8)) {
                members.append(("entry", details))
            } else {
                members.append(("entry", .string(record.entry)))
            }
            return .object(members)
        }
        return JSONValue.object([
            ("case", .string(id)),
            ("verified", .bool(result.isVerified)),
            ("verifiedEntries", .integer(Int64(result.verified))),
            ("beforeChain", .integer(Int64(result.legacy))),
            ("break", result.firstBreak.map { .object([("seq", .integer($0.seq)), ("kind", .string($0.kind.rawValue)),
                                                      ("detail", .string($0.detail))]) } ?? .null),
            ("entries", .array(entries)),
        ]).serializedString
    }
}
