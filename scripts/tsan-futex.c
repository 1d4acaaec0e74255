// Swift's Synchronization.Mutex made visible to ThreadSanitizer, preloaded with
// tsan-c11-threads.c.
//
// On Linux a Mutex is a priority-inheritance futex. Its uncontended lock and unlock are atomic
// operations inlined into our (instrumented) code, which TSan sees; a contended lock or unlock
// goes through libswiftSynchronization.so (not instrumented) to FUTEX_LOCK_PI or
// FUTEX_UNLOCK_PI, where the kernel hands the lock over. TSan saw no ordering there and
// reported a race between two threads that took the same Mutex one after the other.
// Interposing libc's syscall() (which that library calls through its PLT) adds the missing
// edges: a release on the futex word before it is unlocked, an acquire after it is locked.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/futex.h>
#include <stdarg.h>
#include <sys/syscall.h>

void __tsan_acquire(void *addr) __attribute__((weak));
void __tsan_release(void *addr) __attribute__((weak));

typedef long (*syscall_fn)(long, ...);

long syscall(long number, ...) {
    static syscall_fn real;
    if (!real) real = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
    va_list args;
    va_start(args, number);
    long a = va_arg(args, long), b = va_arg(args, long), c = va_arg(args, long);
    long d = va_arg(args, long), e = va_arg(args, long), f = va_arg(args, long);
    va_end(args);
    if (number != SYS_futex || !__tsan_acquire || !__tsan_release) return real(number, a, b, c, d, e, f);
    int op = (int)b & FUTEX_CMD_MASK;
    if (op == FUTEX_UNLOCK_PI) __tsan_release((void *)a);
    long result = real(number, a, b, c, d, e, f);
    if (result == 0 && (op == FUTEX_LOCK_PI || op == FUTEX_LOCK_PI2 || op == FUTEX_TRYLOCK_PI)) __tsan_acquire((void *)a);
    return result;
}
