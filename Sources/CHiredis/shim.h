#ifndef LUMOS_CHIREDIS_SHIM_H
#define LUMOS_CHIREDIS_SHIM_H
// hiredis's redisCommand is variadic and Swift cannot call it; the Queue uses redisCommandArgv.
#include <hiredis/hiredis.h>
#endif
