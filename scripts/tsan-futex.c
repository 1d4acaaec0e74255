// Swift's Synchronization.Mutex made visible to ThreadSanitizer, preloaded with
// tsan-c11-threads.c.
//
// On Linux a Mutex is a priority-inheritance futex. Its uncontended lock and unlock are atomics
// inlined into our (instrumented) code, which TSan sees. A contended lock or unlock calls into
// libswiftSynchronization.so, which is not instrumented: `_lockSlow` spins on the word with
// compare-and-swap and then waits in FUTEX_LOCK_PI, `_unlockSlow` hands the lock over with
// FUTEX_UNLOCK_PI. TSan saw no ordering there and reported races between two threads that
// took the same Mutex one after the other. These definitions take the place of those three
// methods (same symbols, Swift calling convention, the handle's address as `self`), call the
// library's own, and tell TSan: a release on the lock word before it is unlocked, an acquire
// once it is locked. The lock word is the handle's first and only stored property.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>

#define SWIFTCALL __attribute__((swiftcall))
#define SELF __attribute__((swift_context))

void __tsan_acquire(void *addr) __attribute__((weak));
void __tsan_release(void *addr) __attribute__((weak));

#define LOCK_SLOW "$s15Synchronization12_MutexHandleV9_lockSlowyys6UInt32VF"
#define TRY_LOCK_SLOW "$s15Synchronization12_MutexHandleV12_tryLockSlowSbyF"
#define UNLOCK_SLOW "$s15Synchronization12_MutexHandleV11_unlockSlowyyF"

typedef SWIFTCALL void (*lock_slow_fn)(uint32_t owner, void *SELF handle);
typedef SWIFTCALL bool (*try_lock_slow_fn)(void *SELF handle);
typedef SWIFTCALL void (*unlock_slow_fn)(void *SELF handle);

static void *library(const char *symbol) { return dlsym(RTLD_NEXT, symbol); }

SWIFTCALL void lock_slow(uint32_t owner, void *SELF handle) __asm__(LOCK_SLOW);
SWIFTCALL void lock_slow(uint32_t owner, void *SELF handle) {
    static lock_slow_fn real;
    if (!real) real = (lock_slow_fn)library(LOCK_SLOW);
    real(owner, handle);
    if (__tsan_acquire) __tsan_acquire(handle);
}

SWIFTCALL bool try_lock_slow(void *SELF handle) __asm__(TRY_LOCK_SLOW);
SWIFTCALL bool try_lock_slow(void *SELF handle) {
    static try_lock_slow_fn real;
    if (!real) real = (try_lock_slow_fn)library(TRY_LOCK_SLOW);
    bool locked = real(handle);
    if (locked && __tsan_acquire) __tsan_acquire(handle);
    return locked;
}

SWIFTCALL void unlock_slow(void *SELF handle) __asm__(UNLOCK_SLOW);
SWIFTCALL void unlock_slow(void *SELF handle) {
    static unlock_slow_fn real;
    if (!real) real = (unlock_slow_fn)library(UNLOCK_SLOW);
    if (__tsan_release) __tsan_release(handle);
    real(handle);
}
