/// Durable state of the daemon: case states, timers, outbox, input offsets and partition epochs.
public enum LiaisonStore {}
