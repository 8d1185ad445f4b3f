#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
// hiredis's redisCommand is variadic and Swift cannot call it; the Queue uses redisCommandArgv.
#include <hiredis/hiredis.h>
#endif
