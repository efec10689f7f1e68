#ifndef ITAKU_ALLOCATOR_H
#define ITAKU_ALLOCATOR_H

/// The options the service's allocator starts with (jemalloc's `malloc_conf`, on Linux);
/// `MALLOC_CONF` in the environment is read after them and wins where the two differ.
extern const char *malloc_conf;

#endif
