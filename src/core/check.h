#pragma once
// Invariant checks. BELFRY_CHECK always runs; BELFRY_DCHECK only in debug builds.
// A failed check is a bug in Belfry, never a consequence of bad input.

#include <cstdio>
#include <cstdlib>

#define BELFRY_CHECK(cond)                                                                    \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "belfry: check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)

#ifdef NDEBUG
#define BELFRY_DCHECK(cond) \
  do {                      \
  } while (0)
#else
#define BELFRY_DCHECK(cond) BELFRY_CHECK(cond)
#endif
