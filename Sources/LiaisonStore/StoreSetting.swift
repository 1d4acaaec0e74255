/// The names of the rows of `store_settings`, each written by one call of the store; the
/// stored name of a setting never changes.
public enum StoreSetting {
    /// The topic the stored input offsets belong to (``StateStore/bindOffsets(to:legacy:)``).
    public static let offsetsTopic = "offsets_topic"
}
