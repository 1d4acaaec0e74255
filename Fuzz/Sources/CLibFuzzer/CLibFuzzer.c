// Intentionally empty: a C target needs one source file; the function is libFuzzer's.
#include "CLibFuzzer.h"
