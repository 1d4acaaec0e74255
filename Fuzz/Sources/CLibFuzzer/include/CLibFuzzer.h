// libFuzzer's driver, for an executable that owns `main` (SwiftPM gives every executable its
// own entry point, so libFuzzer's `main` cannot be used). Defined in libclang_rt.fuzzer, which
// `-sanitize=fuzzer` links.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
