// Proves the ThreadSanitizer set-up of scripts/tsan can still tell a race from a lock:
//   `race`  — four workers add to one variable with no lock: TSan must report a data race;
//   `mutex` — the same under a Mutex they contend for (a sleep inside the lock makes them
//             wait in the futex): TSan must report nothing.
import Dispatch
import Foundation
import Synchronization

nonisolated(unsafe) var unguarded = 0
let guarded = Mutex(0)
let checkingRace = CommandLine.arguments.dropFirst().first == "race"

DispatchQueue.concurrentPerform(iterations: 4) { _ in
    for step in 0..<(checkingRace ? 50_000 : 2_000) {
        if checkingRace {
            unguarded += 1
        } else {
            guarded.withLock { total in
                total += 1
                if step % 16 == 0 { usleep(200) }
            }
        }
    }
}
print(checkingRace ? "unguarded \(unguarded)" : "guarded \(guarded.withLock { $0 })")
