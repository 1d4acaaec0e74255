import ArgumentParser
import LiaisonRuntime

/// The `liaison` command: the daemon and the tools around it.
@main
struct Liaison: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: "Keeps joint government work on time: assigns, reminds, escalates, measures.",
        discussion: """
            Department systems publish CloudEvents on Kafka; Liaison drives a durable state \
            machine for every joint case and publishes assignments, reminders (催办), \
            escalations (督办) and metrics.
            """,
        version: BuildInfo.description,
        subcommands: [
            DevCommand.self,
            RunCommand.self,
            ValidateCommand.self,
            SimulateCommand.self,
            DevBrokerCommand.self,
            StoreCommand.self,
            AuditCommand.self,
        ]
    )
}
