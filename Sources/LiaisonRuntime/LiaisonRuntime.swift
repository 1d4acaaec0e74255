/// The daemon: consume, apply the engine, commit to the store, publish the outbox, fire timers.
public enum LiaisonRuntime {}
