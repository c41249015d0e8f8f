"""Independent reference for SeededGenerator: SplitMix64 fills the xoshiro256** state.

Written from the algorithms' published C code (Vigna, prng.di.unimi.it/splitmix64.c and
xoshiro256starstar.c), not from the Swift source. Run: python3 xoshiro256starstar.py
Output (recorded; RNNGradCheckTests uses these values):
    seed 1: 12966619160104079557 9600361134598540522 10590380919521690900
"""
MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro(seed, n):
    sm = seed
    s = []
    for _ in range(4):
        sm, v = splitmix64(sm)
        s.append(v)
    out = []
    for _ in range(n):
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        out.append(result)
    return out


if __name__ == "__main__":
    print("seed 1:", " ".join(str(v) for v in xoshiro(1, 3)))
