// Proves the ThreadSanitizer set-up of scripts/tsan can still tell a race from a lock:
//   `race`  — four threads add to one variable with no lock: TSan must report a data race;
//   `mutex` — the same under a Mutex they contend for (a sleep inside the lock makes them
//             wait in the futex): TSan must report nothing.
// Plain POSIX threads, so that the workers are distinct threads however few cores there are
// (TSan orders accesses by synchronization, not by timing).
import Glibc
import Synchronization

nonisolated(unsafe) var unguarded = 0
let guarded = Mutex(0)
nonisolated(unsafe) var checkingRace = false

func work(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    for step in 0..<2_000 {
        if checkingRace {
            unguarded += 1
        } else {
            guarded.withLock { total in
                total += 1
                if step % 16 == 0 { usleep(200) }
            }
        }
    }
    return nil
}

checkingRace = CommandLine.arguments.dropFirst().first == "race"
var threads: [pthread_t] = []
for _ in 0..<4 {
    var thread = pthread_t()
    guard pthread_create(&thread, nil, { work($0) }, nil) == 0 else { fatalError("pthread_create failed") }
    threads.append(thread)
}
for thread in threads { pthread_join(thread, nil) }
print(checkingRace ? "unguarded \(unguarded)" : "guarded \(guarded.withLock { $0 })")
