import Yams

/// Every unit a workflow or an event may name (`Workflows/units.yaml`), with its names and the
/// department topic it publishes on.
///
/// Workflows naming an unregistered unit are refused when loaded; at run time a reassignment
/// or a rating naming one is refused, so that invented unit ids never become tasks or metrics.
public struct UnitRegistry: Hashable, Sendable {
    /// One registered unit.
    public struct Unit: Hashable, Sendable {
        /// The unit id (`tax`).
        public var id: String
        /// The Chinese name (税务局).
        public var name: String
        /// The English name, when given.
        public var nameEnglish: String?
        /// The department topic the unit publishes on, when it has one.
        public var topic: String?

        /// Creates a unit entry.
        public init(id: String, name: String, nameEnglish: String? = nil, topic: String? = nil) {
            self.id = id
            self.name = name
            self.nameEnglish = nameEnglish
            self.topic = topic
        }
    }

    /// The units in file order.
    public let units: [Unit]
    private let ids: Set<String>

    /// A registry of these units.
    public init(units: [Unit]) {
        self.units = units
        self.ids = Set(units.map(\.id))
    }

    /// True when `id` is registered.
    public func contains(_ id: String) -> Bool { ids.contains(id) }

    /// The registered id closest to a mistyped one (`fire-safty` → `fire-safety`), when one is
    /// close enough to be the likely intent.
    public func suggestion(for id: String) -> String? {
        var best: (String, Int)?
        for candidate in units.map(\.id) {
            let distance = Self.editDistance(Array(id.utf8), Array(candidate.utf8))
            if distance <= max(2, id.utf8.count / 4), distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Reads a `units.yaml` file: `units:` followed by a list of `{ id, name, name_en, topic }`.
    public static func parse(yaml: String, file: String) throws(DefinitionErrors) -> UnitRegistry {
        var reader = YAMLReader(file: file)
        guard let root = reader.root(of: yaml),
              let top = reader.mapping(root, allowed: ["units"], what: .unitRegistry) else {
            throw DefinitionErrors(reader.diagnostics)
        }
        guard let list = top["units"], case .sequence(let items) = list, !items.isEmpty else {
            reader.error(top["units"] ?? root, .registryNeedsUnits)
            throw DefinitionErrors(reader.diagnostics)
        }
        var units: [Unit] = []
        var seen: Set<String> = []
        for item in items {
            guard let members = reader.mapping(item, allowed: ["id", "name", "name_en", "topic"], what: .unitEntry) else { continue }
            guard let idNode = members["id"] else {
                reader.error(item, .unitNeedsID)
                continue
            }
            guard let id = reader.unit(idNode, what: .unitID) else { continue }
            guard seen.insert(id).inserted else {
                reader.error(idNode, .unitRegisteredTwice(id))
                continue
            }
            guard let name = members["name"].flatMap({ reader.string($0, what: "name") }), !name.isEmpty else {
                reader.error(item, .unitNeedsName(id))
                continue
            }
            units.append(Unit(id: id, name: name,
                              nameEnglish: members["name_en"].flatMap { reader.string($0, what: "name_en") },
                              topic: members["topic"].flatMap { reader.string($0, what: "topic") }))
        }
        guard reader.diagnostics.isEmpty else { throw DefinitionErrors(reader.diagnostics) }
        return UnitRegistry(units: units)
    }

    /// Levenshtein distance over bytes; unit ids are short ASCII.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
