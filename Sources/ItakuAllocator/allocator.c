#include "ItakuAllocator.h"

// The service runs on jemalloc (linked on Linux, see Package.swift): a whole-portfolio scan
// allocates and frees millions of small values from several threads, and glibc's allocator
// spent a quarter to a third of the scan's CPU in its own bookkeeping (BENCHMARKS.md, eighth
// session). Two arenas keep a scan's peak near its live data; each thread's cache still serves
// most allocations without touching either.
#ifdef __linux__
const char *malloc_conf = "narenas:2";
#endif
