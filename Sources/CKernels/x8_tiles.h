#ifndef X8_TILES_H
#define X8_TILES_H
// One row group of an interleaved matrix against every token, in tiles of four tokens and one
// tile of the rest: TILE(T, g, grp, t0) must be an always-inline function whose T is a constant.
#define X8_GROUP(name, TILE)                                                 \
    void name(const x8_gemm *g, int grp) {                                   \
        int t = 0;                                                           \
        for (; t + 4 <= g->n_tokens; t += 4) TILE(4, g, grp, t);             \
        switch (g->n_tokens - t) {                                           \
        case 3: TILE(3, g, grp, t); break;                                   \
        case 2: TILE(2, g, grp, t); break;                                   \
        case 1: TILE(1, g, grp, t); break;                                   \
        default: break;                                                      \
        }                                                                    \
    }
#endif
