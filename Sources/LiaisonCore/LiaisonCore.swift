/// Liaison's pure core: workflow definitions, business calendars and the joint-case engine.
///
/// Nothing in this module performs IO or reads a clock; callers pass time in.
public enum LiaisonCore {}
