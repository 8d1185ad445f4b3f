#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import; bind calls need it to copy their bytes.
static inline sqlite3_destructor_type lumos_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
