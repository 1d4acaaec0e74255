@testable import LiaisonKafka

/// Replays a consumer's events to follow its assignment and to check that no message comes
/// from a partition the consumer had not been told it owns.
struct AssignmentLog {
    private(set) var owned: Set<TopicPartition> = []
    private(set) var messageOutsideAssignment: KafkaMessage?
    private(set) var doubleAssignment: TopicPartition?
    private(set) var messages: [KafkaMessage] = []

    /// Applies `events` in order.
    mutating func apply(_ events: [ConsumerEvent]) {
        for event in events {
            switch event {
            case .assigned(let partitions):
                for partition in partitions where owned.contains(partition) { doubleAssignment = partition }
                owned.formUnion(partitions)
            case .revoked(let partitions):
                owned.subtract(partitions)
            case .message(let message):
                if !owned.contains(message.topicPartition), messageOutsideAssignment == nil {
                    messageOutsideAssignment = message
                }
                messages.append(message)
            }
        }
    }
}
