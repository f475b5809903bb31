package keras4j.datasets.internal;

import java.util.List;

/**
 * NumPy's legacy {@code np.random.RandomState(seed)} as far as Keras's data utilities use it: the
 * Mersenne Twister (MT19937) seeded as NumPy seeds it from one integer, and {@code shuffle}, so
 * that a seeded split of a folder of images puts the same files on each side as Keras does.
 *
 * <pre>{@code
 * new NumpyRandomState(123).shuffle(files);   // the order np.random.RandomState(123).shuffle gives
 * }</pre>
 */
public final class NumpyRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    /** @param seed 0 to 2^32 - 1, as NumPy accepts */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("Seed must be between 0 and 2**32 - 1; received " + seed + ".");
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
    }

    /** @return the next 32 random bits, as an unsigned value */
    public long nextUint32() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /** @return a value in [0, max], drawn as NumPy's {@code random_interval} draws it (masked rejection) */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        for (int shift = 1; shift <= 32; shift <<= 1) {
            mask |= mask >>> shift;
        }
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return value;
    }

    /** @param items shuffled in place, as {@code RandomState.shuffle} shuffles a list or a 1-D array */
    public <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = (int) interval(i);
            T t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
    }
}
