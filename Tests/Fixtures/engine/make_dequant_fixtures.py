#!/usr/bin/env python3
"""Writes dequantisation fixtures for EngineTests: random blocks of each GGML type and the values
the `gguf` PyPI package (an independent NumPy port of ggml) dequantises them to.

    pip install gguf numpy && python3 Tests/Fixtures/engine/make_dequant_fixtures.py

For each type: dequant/<TYPE>.bin (raw blocks) and dequant/<TYPE>.f32 (little-endian float32)."""
import os
import numpy as np
from gguf import GGMLQuantizationType as T, GGML_QUANT_SIZES
from gguf.quants import dequantize

BLOCKS = 4
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dequant")
rng = np.random.default_rng(20260125)

def half(v):
    return np.array([v], dtype=np.float16).tobytes()

# Byte offsets of the f16 scale fields, so random bytes there are replaced by finite values.
HALF_FIELDS = {
    T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
}

def random_blocks(t):
    block_size, type_size = GGML_QUANT_SIZES[t]
    if t == T.F32:
        return rng.standard_normal(BLOCKS * 32).astype("<f4").tobytes()
    if t == T.F16:
        return rng.standard_normal(BLOCKS * 32).astype("<f2").tobytes()
    if t == T.BF16:
        f = rng.standard_normal(BLOCKS * 32).astype("<f4")
        return (f.view("<u4") >> 16).astype("<u2").tobytes()
    out = bytearray()
    for _ in range(BLOCKS):
        b = bytearray(rng.integers(0, 256, type_size, dtype=np.uint8).tobytes())
        for off in HALF_FIELDS[t]:
            b[off:off + 2] = half(rng.uniform(-0.05, 0.05) if off == HALF_FIELDS[t][0] else rng.uniform(0, 0.02))
        out += b
    return bytes(out)

def main():
    os.makedirs(HERE, exist_ok=True)
    for t in [T.F32, T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0,
              T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K]:
        raw = random_blocks(t)
        values = dequantize(np.frombuffer(raw, dtype=np.uint8), t).astype("<f4").ravel()
        with open(os.path.join(HERE, f"{t.name}.bin"), "wb") as f:
            f.write(raw)
        with open(os.path.join(HERE, f"{t.name}.f32"), "wb") as f:
            f.write(values.tobytes())
        print(t.name, len(raw), "bytes ->", values.size, "values")

if __name__ == "__main__":
    main()
