/*
 * VectorGemm: the blocked, packed, optionally parallel GEMM behind VectorKernels.gemm.
 *
 * Contract: computes C (m,n) = alpha * op(A) (m,k) @ op(B) (k,n) + beta * C exactly as documented
 * on Kernels.gemm, for k > 0 and alpha != 0 (VectorKernels handles the degenerate cases). The
 * caller's matrices are never copied whole or modified (except C); pieces are packed into per-thread
 * scratch buffers that grow on first use and are then reused. Not a general BLAS: float only,
 * row-major only.
 *
 * How (BLIS-style, with one twist):
 *  1. Canonical form. Every case becomes  C' (M,N) = X (M,K) @ Y (K,N)  where X's rows are read by
 *     broadcasts and Y is packed into panels of 1-3 vectors width. When transB and m < n we
 *     compute C^T = op(B)^T @ op(A)^T instead: then X = B itself (k-contiguous rows, read in place)
 *     and only the small op(A) is packed, and C is written transposed (T_GROUP rows of C^T at a time,
 *     through 8 x 8 register transposes, so C's rows get whole vectors). This is the tutorial's
 *     logits = S (T,H) @ Vmat^T with Vmat (4585,100): Vmat is streamed, never repacked.
 *  2. Blocking: K in near-equal blocks of <= KC_MAX (so 4585 -> 18 x 255, not 17 x 256 + 73),
 *     N in blocks of NC packed into panels (Y micro-panel kc x 3L: 24 KB with 8 lanes, 48 KB with 16), M in blocks
 *     of MC_STREAM rows (MC in the C-resident order; X block in L2; packed when X is m-contiguous or
 *     reused by many panels). Packed Y
 *     starts at ArrayAlignment.padFloats() in its buffer: 64-byte aligned when the JVM fixes where
 *     arrays start (the launcher's -XX:ObjectAlignmentInBytes=64), so no panel load splits a line.
 *  3. Register tiles from GemmMicroKernels, all full tiles of a panel in one call; edge tiles
 *     repeat their last row and/or carry stale padding columns, and go through storeTile, which
 *     does the same float operations as the kernels' direct path and writes only valid elements.
 *     Over a transposed A (X m-contiguous), a ragged last panel of at most 4 columns (H = 100)
 *     runs with rows as lanes instead (GemmMicroKernels.tailColumns, same bits), X read in place.
 *  4. Threads: the OUTPUT is split into one contiguous range of rows (or columns) per part; every
 *     element is one FMA chain over k in the same k-block order whatever the split, so results are
 *     bitwise identical for any thread count (also asserted by GemmTest). A split of one part per
 *     thread shares the parts' last k-blocks in chunks of TAIL_ROWS rows (TailChunks), so a
 *     thread that finishes early takes over the end of a slower one.
 *
 * Measured (`rnnlm4j bench gemm`, Temurin 25; BENCHMARKS.md): on the 2-core AVX-512 Xeon, 1024^3
 * at 143-172 GFLOP/s on one thread and 289-336 on two (session 28: 64-72% of the two-core FMA peak
 * measured beside it). Earlier, on a 2-core Zen 3: ~85 and ~160; the tutorial shapes (T = 20)
 * reached ~45-55 on one thread and ~75-110 on two, bound by edges (20 rows, 100 columns), short k
 * (20) and packing, not by the kernels.
 */
package org.rnnlm4j.math;

import static org.rnnlm4j.math.GemmMicroKernels.L;
import static org.rnnlm4j.math.GemmMicroKernels.W3;

import java.util.concurrent.atomic.LongAdder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

final class VectorGemm {
    private VectorGemm() {
    }

    private static final VectorSpecies<Float> S = GemmMicroKernels.S;

    /** Largest k-block; K is cut into ceil(K / KC_MAX) near-equal blocks. */
    static final int KC_MAX = 256;
    /** Rows of X per block (multiple of 6 so both tile heights divide it). */
    static final int MC = 96;
    /**
     * Rows of X per block in block()'s k-block-outer order (the C-resident order keeps MC, whose C
     * block must stay in L2): a multiple of MC, so the same tiles and the same bits. The X block (at
     * most 384 KB at KC_MAX) still fits L2 beside a 1 MB chunk of Y. Session 26, in one JVM
     * alternating 96 and 384 rows (two threads, median ratios over 8-14 rounds): 2048^3 1.048,
     * 1024^3 1.028 and 1.013 (one thread 1.014), 1024 x 2048 x 256 1.035, the char LSTM's weight
     * gradient (1024 x 256 x 2048, A transposed) 1.013, the word logits (700 x 7596 x 200, B
     * transposed) 1.016, 1280 x 800 x 200 (B transposed) 1.013.
     */
    static final int MC_STREAM = 4 * MC;
    /** Columns of Y per packed block (multiple of 3L). */
    static final int NC = 64 * W3;
    /**
     * Below this many flops (2mnk) a GEMM runs on the calling thread only. Measured on 2 cores
     * (JDK 25, warm workers): 32^3 (0.07 MFLOP) gains nothing from a second thread, 48^3
     * (0.22 MFLOP) gains 30%, 100^3 70%. A cold (parked) worker costs little: the caller runs any
     * part not yet picked up itself.
     */
    static final long PARALLEL_MIN_FLOPS = 200_000L;
    /**
     * The swap of step 1 (C^T = B A^T, C written transposed) only while m is below this: measured at
     * k = 200, n = 7596 on one thread (thread CPU time), swapped vs direct GFLOP/s: m = 35 68 vs 50,
     * 96 72 vs 65, 192 74 vs 75, 256 56 vs 68, 700 63 vs 75 (the word bench's logits). Past a few
     * row blocks the transposed stores into C cost more than packing B's panels.
     */
    static final int SWAP_MAX_ROWS = 192;
    /**
     * Largest packed Y (floats, all k-blocks of one column block) for which block() keeps each row
     * block of C in cache across the k-blocks (blockCResident), when there are several k-blocks and
     * row blocks. 160K floats = 640 KB, more than Zen 3's 512 KB L2: the Y panels then come from L3
     * once per row block, in order, which costs less than sending C (beta = 1 after the first
     * k-block) through memory once per k-block. The word model's decoder gradient (7596 x 200,
     * k = 700, three k-blocks, Y 606 KB), one thread: 63-64 GFLOP/s before, 72.5-73 with this order
     * (75 for the same shape with one k-block); two threads: 114-119 before, 124-137 after.
     */
    static final int Y_RESIDENT_MAX = 160 * 1024;
    /**
     * Rows of a transposed C' (C^T = B A^T: the logits of few rows) finished together: their tiles
     * go to Scratch.group, and C's rows are then written 8 elements at a time through 8 x 8
     * register transposes instead of one element at a time (storeTile3T / storeTile6T). A multiple
     * of 8 and of both tile heights.
     */
    static final int T_GROUP = 24;
    /**
     * Whether planPanels ends a width of 3q + 1 vectors with two 2-vector panels (the 6 x 2L kernel,
     * ~88 GFLOP/s) instead of a 3-vector and a 1-vector one (6 x L, ~55): N = 200 and 800 in the word
     * LSTM. Measured on its training step in one JVM, alternating rounds of 40 steps: JDK 25, median
     * steps 71-74 ms against 73-75 (6 of 6 rounds); JDK 17, 98-100 against 90-92, because JDK 17's C2
     * compiles the 12-accumulator kernel poorly (as the comment on planPanels says). So JDK 25 and
     * later only. Panel widths change no element's FMA chain: the same bits either way (GemmTest sets both).
     */
    static boolean twoTwoTail = Runtime.version().feature() >= 25;
    /**
     * When a row block runs the grouped kernels (groupsFit): at least this many panels, so that one
     * packed group of X serves many tiles (packXGroups interleaves element by element, several
     * times slower than packX's row copies). The word dH (700 x 200 x 7596, 5 panels) ran at 184
     * GFLOP/s before and 155 grouped (two threads, JDK 25, AVX-512).
     */
    static final int GROUPED_MIN_PANELS = 12;
    /**
     * Floats of Y per chunk of panels in macroGrouped (1 MB, half an L2 of 2 MB): the groups-outer
     * order streams a chunk once per group of X, so a chunk must stay in L2. Without chunks, the
     * word logits (700 x 7596 x 200, a 2.4 MB k-block of Y) ran at 120 GFLOP/s against 207 before;
     * with them square n = 2048 (2 MB k-blocks) went from 201-218 to 261-265 (two threads).
     */
    static final long GROUPED_MAX_Y = 256 * 1024;
    /**
     * Below this k-block a row block whose k-block of Y exceeds GROUPED_MAX_Y keeps macro()'s order
     * (panels outer) instead of running the grouped kernels in chunks: there a 3L panel (kc x 3L
     * floats, 38 KB at kc = 200) stays in the 48 KB L1 while X streams, and the chunked order was
     * slower: bench word's median step 53.5-54.2 -> 54.9-56.0 ms (the logits, kc = 200, four
     * alternating pairs). At kc = 256 a panel is 48 KB, and the chunks won (square n = 2048 above).
     */
    static final int GROUPED_CHUNKS_MIN_K = 224;
    /** Rows per group of the grouped kernels (k8x3i, k8x2i) and of packXGroups. */
    static final int GROUP_ROWS = 8;
    /** Whether groupsFit may choose the grouped kernels at all (false only in GemmTest's comparison). */
    static boolean groupedKernels = true;
    /**
     * Floats left after the last packed panel of every Y buffer (Scratch.ys, prepare). C2 hoists the
     * vector loads' range checks of the grouped kernels' k loops (k8x3i, k8x2i) out of the loop into
     * one predicate, and that predicate covers up to one k-step (W3 floats) past the panel's last
     * row. On a panel that ends at the very end of its array it fails: the kernel is deoptimized
     * and recompiled with a bounds check on every load (C2 gives up hoisting there for good). That
     * happened in every workload (`-Xlog:deoptimization=debug`: k8x2i in bench gemm, char, word and
     * score, k8x3i in tutorial), and a recompiled k8x3i runs at 152-163 GFLOP/s where the hoisted one
     * runs at 176-185 (kc = 256, 20 panels from L2, one thread, session 27). The slack is never read:
     * it only keeps the predicate inside the array. With it, no kernel traps on a range check in any
     * bench workload; `bench char` went from 57.5-58.2 ms median steps to 55.4-56.0 (four alternating
     * pairs), and square n = 1024 from 283.7-299.9 GFLOP/s to 292.1-297.8 (two threads, three pairs).
     */
    static final int PANEL_SLACK = 2 * W3;
    /** Pack k-contiguous X too when one X block is reused by at least this many panels. */
    static final int PACK_X_MIN_PANELS = 4;

    /** Whether row blocks against np panels pack X: always when X is m-contiguous, else from PACK_X_MIN_PANELS panels. */
    private static boolean packsX(Problem pr, int np) {
        return !pr.xK || np >= PACK_X_MIN_PANELS;
    }
    /** Row granularity of a parallel split: lcm of the tile heights 3 and 6. */
    private static final int M_UNIT = 6;
    /**
     * Row granularity of a parallel split when the row blocks may run the grouped kernels: lcm of 6
     * and GROUP_ROWS, so every part's row blocks (MC, a multiple of it) are whole groups and only
     * the last part may end in edge tiles. With M_UNIT, square n = 1024 in four parts had parts of
     * 252-258 rows, whose last row blocks (60, 66) ran 2-4 rows through the slower edge tiles.
     */
    private static final int M_UNIT_GROUPED = 24;
    /** Column granularity of a parallel split: one full-width panel. */
    private static final int N_UNIT = W3;
    /**
     * Output parts per thread. More parts than threads lets the caller take over queued parts when
     * a worker is slow or descheduled: on this shared 2-core machine, with one core busy elsewhere,
     * a one-part-per-thread split waited whole OS time slices for a preempted worker (tutorial
     * step 4-150 ms instead of ~1.2). Costs ~10% when the machine is quiet (0.66 -> 0.73 ms best
     * tutorial step; 3 parts: 0.78). Results do not depend on the split.
     */
    static final int PARTS_PER_THREAD = 2;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread reusable buffers and the canonical problem of the call in progress. */
    static final class Scratch {
        float[] ys = new float[0];
        float[] xs = new float[0];
        final float[] tile = new float[Math.max(3 * W3, 6 * 2 * L)];
        final float[] acc = new float[GROUP_ROWS * W3];   // a grouped kernel's accumulators (macroGrouped)
        final float[] group = new float[T_GROUP * W3];    // T_GROUP rows of a transposed C' (row stride w)
        final float[] groupT = new float[W3 * T_GROUP];   // the same transposed (row stride T_GROUP)
        final int[] widths = new int[NC / L + 2];
        final Problem problem = new Problem();
        final TailChunks tail = new TailChunks();   // run()'s last k-block in chunks (onePartPerThread)
        PreparedB sharedY;   // run()'s Y packed once for the parts of a row split (sharesY)

        float[] ys(int size) {
            if (ys.length < size + PANEL_SLACK) {
                ys = new float[size + PANEL_SLACK];
            }
            return ys;
        }

        float[] xs(int size) {
            if (xs.length < size) {
                xs = new float[size];
            }
            return xs;
        }
    }

    /**
     * C' (M,N) = alpha X (M,K) @ Y (K,N) + beta C'.
     * X (i,p) at x[xOff + i*ldx + p] when xK, else x[xOff + p*ldx + i].
     * Y (p,j) at y[yOff + p*ldy + j] when yN, else y[yOff + j*ldy + p].
     * C' (i,j) at c[cOff + i*cRow + j*cCol].
     */
    static final class Problem {
        int mm, nn, kk, kcb;
        float alpha, beta;
        float[] x, y, c;
        int xOff, ldx, yOff, ldy, cOff, cRow, cCol;
        boolean xK, yN, splitM;
        int parts;
        int mUnit;   // row granularity of a row split (M_UNIT or M_UNIT_GROUPED)
        PreparedB prepared;   // non-null: Y is prepared.packed (column ranges start at multiples of W3)
        TailChunks tail;      // non-null: the last k-block (from row tailPc of Y) runs in chunks (onePartPerThread)
        int tailPc;

        void output(float alpha, float beta, float[] c, int cOff) {
            this.alpha = alpha;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
        }

        void clear() {
            x = y = c = null;
            prepared = null;
            tail = null;
        }

        /** First row of row part q (q = parts: mm). */
        int partRow(int q) {
            int units = (mm + mUnit - 1) / mUnit;
            return (int) Math.min(mm, (long) q * units / parts * mUnit);
        }

        /** First column of column part q (q = parts: nn). */
        int partColumn(int q) {
            int units = (nn + N_UNIT - 1) / N_UNIT;
            return (int) Math.min(nn, (long) q * units / parts * N_UNIT);
        }

        /** Computes output part q of parts (a contiguous range of rows or columns). */
        void runPart(int q, Scratch s) {
            if (splitM) {
                int m0 = partRow(q);
                int m1 = partRow(q + 1);
                if (tail == null) {
                    block(this, m0, m1, 0, nn, s, q);
                    return;
                }
                tail.start(q);
                try {
                    block(this, m0, m1, 0, nn, s, q);
                } finally {
                    tail.finish(q);
                }
                if (m0 < m1) {   // this thread has the last k-block of Y packed: help with the others' tails
                    for (int r = (q + 1) % parts; r != q; r = (r + 1) % parts) {
                        for (int t; (t = tail.claimBack(r)) >= 0; ) {
                            TAIL_CHUNKS_TAKEN_OVER.increment();
                            tailChunk(this, r, t, s);
                        }
                    }
                }
            } else {
                block(this, 0, mm, partColumn(q), partColumn(q + 1), s, q);
            }
        }
    }

    /** See Kernels.gemm; requires k > 0 and alpha != 0. threads >= 1 is an upper bound. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc, int threads) {
        Scratch s = SCRATCH.get();
        Problem pr = s.problem;
        boolean swap = transB && m < n && m < SWAP_MAX_ROWS;
        if (!swap) {
            pr.mm = m;
            pr.nn = n;
            pr.x = a;
            pr.xOff = aOff;
            pr.ldx = lda;
            pr.xK = !transA;
            pr.y = b;
            pr.yOff = bOff;
            pr.ldy = ldb;
            pr.yN = !transB;
            pr.cRow = ldc;
            pr.cCol = 1;
        } else {
            // C^T (n,m) = op(B)^T (n,k) @ op(A)^T (k,m); op(B)^T = B stored (n,k): k-contiguous rows
            pr.mm = n;
            pr.nn = m;
            pr.x = b;
            pr.xOff = bOff;
            pr.ldx = ldb;
            pr.xK = true;
            pr.y = a;
            pr.yOff = aOff;
            pr.ldy = lda;
            pr.yN = transA;
            pr.cRow = 1;
            pr.cCol = ldc;
        }
        pr.kk = k;
        pr.kcb = kBlock(k);
        pr.output(alpha, beta, c, cOff);
        run(pr, s, threads);
    }

    /** The k-block height: K cut into ceil(K / KC_MAX) near-equal blocks. */
    private static int kBlock(int k) {
        int kBlocks = (k + KC_MAX - 1) / KC_MAX;
        return (k + kBlocks - 1) / kBlocks;
    }

    /** Splits the set-up problem into output parts and runs them (on this thread when small). */
    private static void run(Problem pr, Scratch s, int threads) {
        int m = pr.mm;
        int n = pr.nn;
        int k = pr.kk;
        int unitsN = (pr.nn + N_UNIT - 1) / N_UNIT;
        pr.splitM = (pr.mm + M_UNIT - 1) / M_UNIT >= unitsN;
        // whole groups per part when there are rows enough for it (at least one MC block per part)
        pr.mUnit = groupedKernels && GemmMicroKernels.SIX_ROW_WIDE_TILES && pr.xK && pr.cCol == 1
                && pr.mm >= (long) MC * threads * PARTS_PER_THREAD ? M_UNIT_GROUPED : M_UNIT;
        int unitsM = (pr.mm + pr.mUnit - 1) / pr.mUnit;
        long flops = 2L * m * n * k;
        int parts = flops < PARALLEL_MIN_FLOPS || threads <= 1 ? 1
                : (int) Math.min(Math.min((long) threads * PARTS_PER_THREAD, flops / (PARALLEL_MIN_FLOPS / 2)),
                        pr.splitM ? unitsM : unitsN);
        pr.parts = Math.max(1, parts);
        if (onePartPerThread(pr)) {
            pr.parts = Math.min(pr.parts, threads);
            if (pr.parts > 1) {
                pr.tail = s.tail;
                pr.tail.reset(pr.parts);
                pr.tailPc = (pr.kk - 1) / pr.kcb * pr.kcb;
                for (int q = 0; q < pr.parts; q++) {
                    pr.tail.setChunks(q, (pr.partRow(q + 1) - pr.partRow(q) + TAIL_ROWS - 1) / TAIL_ROWS);
                }
            }
        }
        try {
            if (sharesY(pr)) {
                s.sharedY = prepare(!pr.yN, pr.kk, pr.nn, pr.y, pr.yOff, pr.ldy, s.sharedY, threads);
                pr.prepared = s.sharedY;
            }
            if (pr.parts == 1) {
                pr.runPart(0, s);
            } else {
                Parallel.run(pr.parts, q -> pr.runPart(q, SCRATCH.get()));
            }
        } finally {
            if (pr.prepared != null && pr.prepared == s.sharedY) {
                s.sharedY.b = null;   // keep the packed buffer for the next call, not the caller's matrix
            }
            pr.clear();
        }
    }

    /**
     * Whether the parts of a row split get Y packed once for all of them (prepare, its k-blocks
     * split over the threads) instead of each part packing all of Y itself: a row split of several
     * parts per thread whose Y is one column block (n <= NC, so the prepared panels are the ones
     * block() would plan), large, and of one k-block (several k-blocks: onePartPerThread). The same
     * panels, so the same bits. Without it, four parts packed the same Y four times.
     */
    private static boolean sharesY(Problem pr) {
        return largeYRowSplit(pr) && pr.kk <= pr.kcb;
    }

    /**
     * Whether a row split runs one part per thread, each packing Y itself k-block by k-block, instead
     * of PARTS_PER_THREAD parts over Y packed once for all (sharesY): a split whose Y is one column
     * block (n <= NC), large, of several k-blocks, not prepared and not C-resident (which packs all
     * k-blocks first). Each thread then packs Y once and reads each k-block hot from its own L2, where
     * the shared Y came partly from the other core and took a second hand-off to the worker. Session
     * 25, in one JVM alternating the two every 0.4-0.5 s (medians of 16-20 rounds, two threads):
     * 1024^3 +3.7% and +5.1% (four parts each packing Y: -1%), 2048^3 +5.6%, the char LSTM's weight
     * gradient (1024 x 256 x 2048, A transposed) +3%. With one k-block the same loop gained too
     * (700 x 800 x 200 and 1280 x 800 x 200, B transposed: +4 to +11%), but `bench score`, which runs
     * 1024-1600 x 800 x 200 between other work, lost 3% (5 pairs), so one k-block keeps sharesY.
     * The same panels and FMA chains either way: the same bits.
     */
    private static boolean onePartPerThread(Problem pr) {
        int ncPadded = (pr.nn + L - 1) / L * L;
        boolean resident = (long) pr.kk * ncPadded <= Y_RESIDENT_MAX;
        return largeYRowSplit(pr) && pr.kk > pr.kcb && !resident;
    }

    /**
     * What sharesY and onePartPerThread have in common: a row split into several parts, each needing
     * all of an unprepared Y of one column block (n <= NC) with at least LARGE_Y_MIN elements.
     */
    private static boolean largeYRowSplit(Problem pr) {
        return pr.parts > 1 && pr.splitM && pr.prepared == null && pr.nn <= NC && (long) pr.kk * pr.nn >= LARGE_Y_MIN;
    }

    /** Elements of Y from which a row split's parts stop each packing it as they please (largeYRowSplit). */
    static final long LARGE_Y_MIN = 64 * 1024;

    /**
     * Panel widths (in vectors, each 1..3) covering nc columns; returns the panel count. Full
     * 3-vector panels, then one of 1 or 2 vectors for the rest; with twoTwoTail, "3, 1" at the end
     * becomes "2, 2". (An earlier session measured "2, 2" a wash on JDK 25, on another shape, and 15%
     * slower on JDK 17, whose C2 handles the 12-accumulator 6 x 2L kernel poorly; twoTwoTail has the
     * word step's figures.)
     */
    static int planPanels(int nc, int[] widths) {
        int v = (nc + L - 1) / L;
        int np = 0;
        if (twoTwoTail && v % 3 == 1 && v >= 4) {
            for (int t = 0; t < v / 3 - 1; t++) {
                widths[np++] = 3;
            }
            widths[np++] = 2;
            widths[np++] = 2;
            return np;
        }
        for (int t = 0; t < v / 3; t++) {
            widths[np++] = 3;
        }
        if (v % 3 != 0) {
            widths[np++] = v % 3;
        }
        return np;
    }

    /** C' rows [m0,m1) x columns [n0,n1), all of K; Y packed here, or taken from pr.prepared. */
    private static void block(Problem pr, int m0, int m1, int n0, int n1, Scratch s, int q) {
        if (m0 >= m1 || n0 >= n1) {
            return;
        }
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            int np = planPanels(nc, s.widths);
            int ncPadded = (nc + L - 1) / L * L;
            boolean packX = packsX(pr, np);
            if (pr.prepared == null && pr.kk > pr.kcb && m1 - m0 > MC && (long) pr.kk * ncPadded <= Y_RESIDENT_MAX) {
                blockCResident(pr, m0, m1, jc, nc, np, ncPadded, packX, s);
                continue;
            }
            for (int pc = 0; pc < pr.kk; pc += pr.kcb) {
                int kc = Math.min(pr.kcb, pr.kk - pc);
                boolean overwrite = pc == 0 && pr.beta == 0f;
                float beta = pc == 0 ? pr.beta : 1f;
                float[] ys;
                int ysOff;
                if (pr.prepared != null) {
                    ys = pr.prepared.packed;
                    ysOff = pr.prepared.pad + pc * pr.prepared.nPadded + kc * jc;   // panels before column jc are all W3 wide
                } else {
                    ysOff = ArrayAlignment.padFloats();
                    ys = s.ys(ysOff + kc * ncPadded);
                    packY(pr, jc, nc, pc, kc, s.widths, np, ys, ysOff);
                }
                if (pr.tail != null && pc == pr.tailPc) {
                    pr.tail.reachTail(q);
                    for (int t; (t = pr.tail.claimFront(q)) >= 0; ) {
                        tailChunk(pr, q, t, s);
                    }
                    continue;
                }
                for (int ic = m0; ic < m1; ic += MC_STREAM) {
                    rowBlock(pr, ic, Math.min(MC_STREAM, m1 - ic), jc, nc, pc, kc, ys, ysOff, packX, s, np, beta,
                            overwrite);
                }
            }
        }
    }

    /**
     * Rows of one chunk of a part's last k-block when threads share the tails (onePartPerThread):
     * three groups, so a thread that finishes early takes over at most ~0.1 ms at a time.
     */
    static final int TAIL_ROWS = 3 * GROUP_ROWS;
    /** Tail chunks run by a thread other than their part's owner, since the start (GemmTest sees them happen). */
    static final LongAdder TAIL_CHUNKS_TAKEN_OVER = new LongAdder();

    /**
     * Chunk t of row part q's last k-block (pr.tail), on the calling thread, over the Y panels of
     * that k-block that this thread packed into s.ys for its own part (the same panels as the
     * owner's: one column block, the same plan in s.widths). The earlier k-blocks of those rows are
     * done (TailChunks hands a chunk out only once its owner reached the tail), so every element
     * still gets its k-blocks in order through the same FMA chains: the same bits whoever runs it.
     * Why: session 28 measured the second part of a 1024^3 two-thread split 2-6% slower than the
     * first (whichever thread ran it), and a static split waits for the slower one.
     */
    private static void tailChunk(Problem pr, int q, int t, Scratch s) {
        int m1 = pr.partRow(q + 1);
        int ic = pr.partRow(q) + t * TAIL_ROWS;
        int pc = pr.tailPc;
        int kc = pr.kk - pc;
        int np = planPanels(pr.nn, s.widths);
        boolean packX = packsX(pr, np);
        rowBlock(pr, ic, Math.min(TAIL_ROWS, m1 - ic), 0, pr.nn, pc, kc, s.ys, ArrayAlignment.padFloats(), packX, s,
                np, pc == 0 ? pr.beta : 1f, pc == 0 && pr.beta == 0f);
    }

    /**
     * block()'s loops for one column block in the other order: every k-block of Y packed first (at
     * most Y_RESIDENT_MAX floats), then per row block of MC rows all k-blocks in turn, so that block of C stays
     * in cache between its k-blocks instead of streaming through memory once per k-block. Each
     * element still sees its k-blocks in order with the same beta: the same bits as block().
     */
    private static void blockCResident(Problem pr, int m0, int m1, int jc, int nc, int np, int ncPadded, boolean packX,
                                       Scratch s) {
        int pad = ArrayAlignment.padFloats();
        float[] ys = s.ys(pad + pr.kk * ncPadded);
        for (int pc = 0; pc < pr.kk; pc += pr.kcb) {
            packY(pr, jc, nc, pc, Math.min(pr.kcb, pr.kk - pc), s.widths, np, ys, pad + pc * ncPadded);
        }
        for (int ic = m0; ic < m1; ic += MC) {
            int mc = Math.min(MC, m1 - ic);
            for (int pc = 0; pc < pr.kk; pc += pr.kcb) {
                rowBlock(pr, ic, mc, jc, nc, pc, Math.min(pr.kcb, pr.kk - pc), ys, pad + pc * ncPadded, packX, s, np,
                        pc == 0 ? pr.beta : 1f, pc == 0 && pr.beta == 0f);
            }
        }
    }

    /** One row block (mc rows from ic) against one packed k-block of Y: X packed (or read in place), then macro. */
    private static void rowBlock(Problem pr, int ic, int mc, int jc, int nc, int pc, int kc, float[] ys, int ysOff,
                                 boolean packX, Scratch s, int np, float beta, boolean overwrite) {
        float[] xa;
        int xBase;
        int xStride;
        if (packX && groupsFit(pr, mc, nc, np, s.widths)) {
            xa = s.xs(mc * kc);
            packXGroups(pr, ic, mc, pc, kc, xa);
            macroGrouped(pr, xa, ic, mc, jc, nc, kc, ys, ysOff, s, np, beta, overwrite);
            return;
        }
        if (packX) {
            xa = s.xs(mc * kc);
            packX(pr, ic, mc, pc, kc, xa, 0);
            xBase = 0;
            xStride = kc;
        } else {
            xa = pr.x;
            xBase = pr.xOff + ic * pr.ldx + pc;
            xStride = pr.ldx;
        }
        macro(pr, xa, xBase, xStride, ic, mc, jc, nc, pc, kc, ys, ysOff, s, np, beta, overwrite);
    }

    /**
     * Whether a row block runs on X packed in groups of GROUP_ROWS rows (packXGroups, macroGrouped):
     * with 512-bit vectors (32 registers, SIX_ROW_WIDE_TILES), a k-contiguous X, a row-major C', at
     * least one group, many panels (GROUPED_MIN_PANELS), a k-block of Y of at most GROUPED_MAX_Y or
     * k-blocks of at least GROUPED_CHUNKS_MIN_K, and panels that the grouped kernels cover (3L panels
     * full, 2L panels full or ragged; no 1L panel).
     */
    private static boolean groupsFit(Problem pr, int mc, int nc, int np, int[] widths) {
        if (!groupedKernels || !GemmMicroKernels.SIX_ROW_WIDE_TILES || pr.cCol != 1 || mc < GROUP_ROWS || !pr.xK
                || np < GROUPED_MIN_PANELS || (pr.kcb < GROUPED_CHUNKS_MIN_K && (long) pr.kcb * nc > GROUPED_MAX_Y)) {
            return false;
        }
        int covered = 0;
        for (int t = 0; t < np; t++) {
            int wv = widths[t];
            covered += wv * L;
            boolean ragged = covered > nc;
            if (wv == 1 || (wv == 3 && ragged)) {
                return false;
            }
        }
        return true;
    }

    /**
     * macro() over X packed by packXGroups. Per chunk of panels (at most GROUPED_MAX_Y floats of Y),
     * groups outer: one group of X (8 x kc) stays in L1 while the chunk's panels stream from L2; per
     * panel, k8x3i or k8x2i leaves the group's accumulators in s.acc and storeTile finishes them into
     * C (a ragged panel too). The rows after the full groups (k-contiguous, at r * kc as packX places
     * them) take macro()'s edge tiles. The same FMA chains and the same finish operations: the same
     * bits as macro().
     */
    private static void macroGrouped(Problem pr, float[] xa, int ic, int mc, int jc, int nc, int kc,
                                     float[] ys, int ysOff, Scratch s, int np, float beta, boolean overwrite) {
        int groups = mc / GROUP_ROWS;
        // panels in chunks of at most GROUPED_MAX_Y floats of Y (at least one panel each)
        for (int t0 = 0, jChunk = jc; t0 < np; ) {
            int t1 = t0 + 1;
            int width = s.widths[t0] * L;
            while (t1 < np && (long) (width + s.widths[t1] * L) * kc <= GROUPED_MAX_Y) {
                width += s.widths[t1++] * L;
            }
            groupsOverPanels(pr, xa, ic, groups, jc, nc, kc, ys, ysOff, s, t0, t1, jChunk, beta, overwrite);
            t0 = t1;
            jChunk += width;
        }
        if (groups * GROUP_ROWS < mc) {
            int j0 = jc;
            for (int t = 0; t < np; t++) {
                int w = s.widths[t] * L;
                edgeTiles(pr, xa, 0, kc, ic, groups * GROUP_ROWS, mc, jc, j0, s.widths[t], Math.min(w, jc + nc - j0),
                        kc, ys, ysOff, s.tile, beta, overwrite);
                j0 += w;
            }
        }
    }

    /** The full groups of a row block against panels [t0, t1) (from column jFirst): groups outer. */
    private static void groupsOverPanels(Problem pr, float[] xa, int ic, int groups, int jc, int nc, int kc,
                                         float[] ys, int ysOff, Scratch s, int t0, int t1, int jFirst, float beta,
                                         boolean overwrite) {
        for (int g = 0; g < groups; g++) {
            int j0 = jFirst;
            for (int t = t0; t < t1; t++) {
                int w = s.widths[t] * L;
                int yp = ysOff + kc * (j0 - jc);
                int xg = GROUP_ROWS * g * kc;
                if (w == W3) {
                    GemmMicroKernels.k8x3i(kc, xa, xg, ys, yp, s.acc);
                } else {
                    GemmMicroKernels.k8x2i(kc, xa, xg, ys, yp, s.acc);
                }
                int nr = Math.min(w, jc + nc - j0);
                int ci = pr.cOff + (ic + GROUP_ROWS * g) * pr.cRow + j0;
                if (nr == W3) {
                    storeGroup3(s.acc, pr.c, ci, pr.cRow, pr.alpha, beta, overwrite);
                } else {
                    storeTile(s.acc, w, GROUP_ROWS, nr, pr.c, ci, pr.cRow, 1, pr.alpha, beta, overwrite);
                }
                j0 += w;
            }
        }
    }

    /**
     * storeTile for a full grouped tile (GROUP_ROWS rows x W3 columns, row-major C), row by row with
     * the three vectors written out: the same float operations as storeTile.
     */
    private static void storeGroup3(float[] acc, float[] c, int ci, int cRow, float alpha, float beta,
                                    boolean overwrite) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (overwrite) {
            for (int r = 0, t = 0; r < GROUP_ROWS; r++, t += W3, ci += cRow) {
                FloatVector.fromArray(S, acc, t).mul(va).intoArray(c, ci);
                FloatVector.fromArray(S, acc, t + L).mul(va).intoArray(c, ci + L);
                FloatVector.fromArray(S, acc, t + 2 * L).mul(va).intoArray(c, ci + 2 * L);
            }
            return;
        }
        for (int r = 0, t = 0; r < GROUP_ROWS; r++, t += W3, ci += cRow) {
            FloatVector c0 = FloatVector.fromArray(S, c, ci).mul(beta);
            FloatVector c1 = FloatVector.fromArray(S, c, ci + L).mul(beta);
            FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * L).mul(beta);
            FloatVector.fromArray(S, acc, t).fma(va, c0).intoArray(c, ci);
            FloatVector.fromArray(S, acc, t + L).fma(va, c1).intoArray(c, ci + L);
            FloatVector.fromArray(S, acc, t + 2 * L).fma(va, c2).intoArray(c, ci + 2 * L);
        }
    }

    /** Block rows [ir0, mc) of one panel (columns from j0, nr valid) as edge tiles through tile and storeTile. */
    private static void edgeTiles(Problem pr, float[] xa, int xBase, int xStride, int ic, int ir0, int mc, int jc,
                                  int j0, int wv, int nr, int kc, float[] ys, int ysOff, float[] tile, float beta,
                                  boolean overwrite) {
        int mrMax = wv == 3 ? 3 : 6;
        for (int ir = ir0; ir < mc; ir += mrMax) {
            int mr = Math.min(mrMax, mc - ir);
            tiles(pr, xa, xBase, xStride, ic, ir, mr, 1, jc, j0, wv, nr, kc, ys, ysOff, tile, beta, overwrite);
            storeTile(tile, wv * L, mr, nr, pr.c, pr.cOff + (ic + ir) * pr.cRow + j0 * pr.cCol,
                    pr.cRow, pr.cCol, pr.alpha, beta, overwrite);
        }
    }

    /**
     * Packs op(B) (k,n) whole, k-block by k-block, into the panels block() would pack on every call
     * (panel widths planned over all n, so any W3-aligned column range reads the same panels).
     */
    static PreparedB prepare(boolean transB, int k, int n, float[] b, int bOff, int ldb, PreparedB reuse) {
        return prepare(transB, k, n, b, bOff, ldb, reuse, 1);
    }

    /**
     * Below this many elements of B a preparation stays on the calling thread. The word model's
     * decoder (7596 x 200, prepared once per step for dS = dLogits Dec) takes ~0.6 ms on one.
     */
    static final long PARALLEL_MIN_PREPARE = 256 * 1024;

    /** prepare(...) with its k-blocks split over up to `threads` threads (each k-block is packed by one). */
    static PreparedB prepare(boolean transB, int k, int n, float[] b, int bOff, int ldb, PreparedB reuse, int threads) {
        float[] old = reuse == null ? null : reuse.packed;   // reference() clears it
        PreparedB p = PreparedB.reference(transB, k, n, b, bOff, ldb, reuse);
        if (k <= 0 || n <= 0) {
            return p;
        }
        int[] widths = new int[(n + L - 1) / L + 1];
        int np = planPanels(n, widths);
        int nPadded = 0;
        for (int t = 0; t < np; t++) {
            nPadded += widths[t] * L;
        }
        int pad = ArrayAlignment.padFloats();
        int size = pad + k * nPadded + PANEL_SLACK;
        float[] buf = old != null && old.length >= size ? old : new float[size];
        Problem pr = new Problem();
        pr.y = b;
        pr.yOff = bOff;
        pr.ldy = ldb;
        pr.yN = !transB;
        int kcb = kBlock(k);
        int kBlocks = (k + kcb - 1) / kcb;
        int parts = threads <= 1 || (long) k * n < PARALLEL_MIN_PREPARE ? 1 : Math.min(threads * PARTS_PER_THREAD, kBlocks);
        int width = nPadded;
        Parallel.run(parts, q -> {
            for (int blk = kBlocks * q / parts; blk < kBlocks * (q + 1) / parts; blk++) {
                int pc = blk * kcb;
                packY(pr, 0, n, pc, Math.min(kcb, k - pc), widths, np, buf, pad + pc * width);
            }
        });
        p.packed = buf;
        p.pad = pad;
        p.kcb = kcb;
        p.nPadded = nPadded;
        return p;
    }

    /** C (m,n) = alpha A (m,k) op(B) + beta C with op(B) prepared (packed); k > 0, alpha != 0. */
    static void gemmPrepared(int m, float alpha, float[] a, int aOff, int lda, PreparedB b,
                             float beta, float[] c, int cOff, int ldc, int threads) {
        Scratch s = SCRATCH.get();
        Problem pr = s.problem;
        pr.mm = m;
        pr.nn = b.n;
        pr.kk = b.k;
        pr.kcb = b.kcb;
        pr.x = a;
        pr.xOff = aOff;
        pr.ldx = lda;
        pr.xK = true;
        pr.cRow = ldc;
        pr.cCol = 1;
        pr.output(alpha, beta, c, cOff);
        pr.prepared = b;
        run(pr, s, threads);
    }

    /**
     * All tiles of one (mc x nc) block for one k-block, panels outer (BLIS order: a Y panel stays in
     * L1 while X streams from L2). Per panel, the full-height tiles of a row-major C' go to the
     * kernel in one call; an edge tile (fewer rows, ragged columns, or transposed C') runs alone
     * and finishes through storeTile. A ragged panel of at most TAIL_COLUMNS columns over an
     * m-contiguous X instead runs with rows as lanes (GemmMicroKernels.tailColumns), L rows at a
     * time; its leftover rows take the edge tiles. pc: the k-block's first k (X read in place there).
     */
    private static void macro(Problem pr, float[] xa, int xBase, int xStride, int ic, int mc,
                              int jc, int nc, int pc, int kc, float[] ys, int ysOff, Scratch s, int np,
                              float beta, boolean overwrite) {
        int j0 = jc;
        for (int t = 0; t < np; t++) {
            int wv = s.widths[t];
            int w = wv * L;
            int nr = Math.min(w, jc + nc - j0);
            int mrMax = wv == 3 ? 3 : 6;
            int ir = 0;
            if (wv == 3 && GemmMicroKernels.SIX_ROW_WIDE_TILES && nr == w && pr.cCol == 1 && mc >= 6) {
                // full 6 x 3L tiles straight into C; the rows left over take the 3-row edge tiles below
                int tiles = mc / 6;
                int x0 = xBase, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride, x4 = x3 + xStride;
                GemmMicroKernels.k6x3(kc, xa, x0, x1, x2, x3, x4, x4 + xStride, 6 * xStride, tiles, ys, ysOff + kc * (j0 - jc),
                        pr.c, pr.cOff + ic * pr.cRow + j0, pr.cRow, pr.alpha, beta, overwrite);
                ir = tiles * 6;
            } else if (nr == w && pr.cCol == 1 && mc >= mrMax) {
                int tiles = mc / mrMax;
                tiles(pr, xa, xBase, xStride, ic, 0, mrMax, tiles, jc, j0, wv, nr, kc, ys, ysOff, null, beta, overwrite);
                ir = tiles * mrMax;
            } else if (pr.cRow == 1 && L == 8 && mc >= T_GROUP) {   // storeGroupT reads T_GROUP = 3 vectors of 8
                int groups = mc / T_GROUP;
                for (int g = 0; g < groups; g++) {
                    tiles(pr, xa, xBase, xStride, ic, g * T_GROUP, mrMax, T_GROUP / mrMax, jc, j0, wv, nr, kc, ys, ysOff,
                            s.group, beta, overwrite);
                    storeGroupT(s, w, nr, pr.c, pr.cOff + ic + g * T_GROUP + j0 * pr.cCol, pr.cCol, pr.alpha, beta, overwrite);
                }
                ir = groups * T_GROUP;
            } else if (nr <= GemmMicroKernels.TAIL_COLUMNS && pr.cCol == 1 && !pr.xK && mc >= L) {
                // a few ragged columns over m-contiguous X (a transposed A: the decoder's and
                // W_hh's updates, H = 100 = 4 x 24 + 4): rows as lanes, read from X in place
                int rows = mc / L * L;
                GemmMicroKernels.tailColumns(kc, pr.x, pr.xOff + pc * pr.ldx + ic, pr.ldx, rows,
                        ys, ysOff + kc * (j0 - jc), w, nr, pr.c, pr.cOff + ic * pr.cRow + j0, pr.cRow,
                        pr.alpha, beta, overwrite, s.tile);
                ir = rows;
            }
            edgeTiles(pr, xa, xBase, xStride, ic, ir, mc, jc, j0, wv, nr, kc, ys, ysOff, s.tile, beta, overwrite);
            j0 += w;
        }
    }

    /**
     * Runs `count` register tiles of a panel starting at block row ir, each mr rows (an edge tile,
     * count 1, repeats its last row to fill the kernel), either onto C' (tile == null) or into tile.
     */
    private static void tiles(Problem pr, float[] xa, int xBase, int xStride, int ic, int ir, int mr, int count,
                              int jc, int j0, int wv, int nr, int kc, float[] ys, int ysOff, float[] tile,
                              float beta, boolean overwrite) {
        float[] c = pr.c;
        int cRow = pr.cRow;
        float alpha = pr.alpha;
        int yp = ysOff + kc * (j0 - jc);
        int last = ir + mr - 1;
        int ci = pr.cOff + (ic + ir) * cRow + j0 * pr.cCol;
        int x0 = xBase + ir * xStride;
        int x1 = xBase + Math.min(ir + 1, last) * xStride;
        int x2 = xBase + Math.min(ir + 2, last) * xStride;
        if (wv == 3) {
            GemmMicroKernels.k3x3(kc, xa, x0, x1, x2, 3 * xStride, count, ys, yp,
                    c, ci, cRow, alpha, beta, overwrite, tile);
        } else {
            int x3 = xBase + Math.min(ir + 3, last) * xStride;
            int x4 = xBase + Math.min(ir + 4, last) * xStride;
            int x5 = xBase + Math.min(ir + 5, last) * xStride;
            if (wv == 2) {
                GemmMicroKernels.k6x2(kc, xa, x0, x1, x2, x3, x4, x5, 6 * xStride, count, ys, yp,
                        c, ci, cRow, alpha, beta, overwrite, tile);
            } else {
                GemmMicroKernels.k6x1(kc, xa, x0, x1, x2, x3, x4, x5, 6 * xStride, count, ys, yp,
                        c, ci, cRow, alpha, beta, overwrite, tile);
            }
        }
    }

    /**
     * Finishes T_GROUP rows of a transposed C' from s.group (row stride w): C'(r, j) for j < nr is
     * C[j][r] at c[ci + j*ldc + r]. The group is transposed in 8 x 8 blocks into s.groupT, then each
     * of C's nr rows gets its T_GROUP elements as whole vectors, with the same float operations as
     * storeTile (alpha * acc, or fma(acc, alpha, beta * C)).
     */
    private static void storeGroupT(Scratch s, int w, int nr, float[] c, int ci, int ldc,
                                    float alpha, float beta, boolean overwrite) {
        float[] g = s.group;
        float[] gt = s.groupT;
        for (int rb = 0; rb < T_GROUP; rb += 8) {
            for (int jb = 0; jb < w; jb += 8) {
                GemmMicroKernels.transpose8x8(g, rb * w + jb, w, gt, jb * T_GROUP + rb, T_GROUP);
            }
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int j = 0; j < nr; j++) {
            int o = ci + j * ldc;
            for (int r = 0; r < T_GROUP; r += L) {
                FloatVector v = FloatVector.fromArray(S, gt, j * T_GROUP + r);
                if (overwrite) {
                    v.mul(alpha).intoArray(c, o + r);
                } else {
                    v.fma(va, FloatVector.fromArray(S, c, o + r).mul(beta)).intoArray(c, o + r);
                }
            }
        }
    }

    /**
     * Finishes an edge or transposed tile: C'(r,j) for r < mr, j < nr from tile (row stride w), with
     * the same float operations as the kernels' direct path.
     */
    static void storeTile(float[] tile, int w, int mr, int nr, float[] c, int ci, int cRow, int cCol,
                          float alpha, float beta, boolean overwrite) {
        if (cRow == 1 && mr == 3) {
            storeTile3T(tile, w, nr, c, ci, cCol, alpha, beta, overwrite);
            return;
        }
        if (cRow == 1 && mr == 6) {
            storeTile6T(tile, w, nr, c, ci, cCol, alpha, beta, overwrite);
            return;
        }
        // C rows are contiguous when cCol == 1: whole vectors first (same operations as scalar)
        int nv = cCol == 1 ? nr / L * L : 0;
        for (int r = 0; r < mr; r++) {
            int cr = ci + r * cRow;
            int tr = r * w;
            if (overwrite) {
                for (int j = 0; j < nv; j += L) {
                    FloatVector.fromArray(S, tile, tr + j).mul(alpha).intoArray(c, cr + j);
                }
                for (int j = nv; j < nr; j++) {
                    c[cr + j * cCol] = tile[tr + j] * alpha;
                }
            } else {
                for (int j = 0; j < nv; j += L) {
                    FloatVector t = FloatVector.fromArray(S, tile, tr + j);
                    t.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, cr + j).mul(beta))
                            .intoArray(c, cr + j);
                }
                for (int j = nv; j < nr; j++) {
                    int idx = cr + j * cCol;
                    c[idx] = Math.fma(tile[tr + j], alpha, c[idx] * beta);
                }
            }
        }
    }

    /**
     * storeTile for the swapped (transposed) case with a 3-row tile: each C row j gets three
     * contiguous values. This runs once per tile of the tutorial's logits GEMM, where the generic
     * loop cost ~40% of the kernel time.
     */
    private static void storeTile3T(float[] tile, int w, int nr, float[] c, int ci, int ldc,
                                    float alpha, float beta, boolean overwrite) {
        int o = ci;
        if (overwrite) {
            for (int j = 0; j < nr; j++, o += ldc) {
                c[o] = tile[j] * alpha;
                c[o + 1] = tile[w + j] * alpha;
                c[o + 2] = tile[2 * w + j] * alpha;
            }
        } else {
            for (int j = 0; j < nr; j++, o += ldc) {
                c[o] = Math.fma(tile[j], alpha, c[o] * beta);
                c[o + 1] = Math.fma(tile[w + j], alpha, c[o + 1] * beta);
                c[o + 2] = Math.fma(tile[2 * w + j], alpha, c[o + 2] * beta);
            }
        }
    }

    /** As storeTile3T for a 6-row tile. */
    private static void storeTile6T(float[] tile, int w, int nr, float[] c, int ci, int ldc,
                                    float alpha, float beta, boolean overwrite) {
        int o = ci;
        if (overwrite) {
            for (int j = 0; j < nr; j++, o += ldc) {
                c[o] = tile[j] * alpha;
                c[o + 1] = tile[w + j] * alpha;
                c[o + 2] = tile[2 * w + j] * alpha;
                c[o + 3] = tile[3 * w + j] * alpha;
                c[o + 4] = tile[4 * w + j] * alpha;
                c[o + 5] = tile[5 * w + j] * alpha;
            }
        } else {
            for (int j = 0; j < nr; j++, o += ldc) {
                c[o] = Math.fma(tile[j], alpha, c[o] * beta);
                c[o + 1] = Math.fma(tile[w + j], alpha, c[o + 1] * beta);
                c[o + 2] = Math.fma(tile[2 * w + j], alpha, c[o + 2] * beta);
                c[o + 3] = Math.fma(tile[3 * w + j], alpha, c[o + 3] * beta);
                c[o + 4] = Math.fma(tile[4 * w + j], alpha, c[o + 4] * beta);
                c[o + 5] = Math.fma(tile[5 * w + j], alpha, c[o + 5] * beta);
            }
        }
    }

    /**
     * Packs Y rows [pc,pc+kc) x columns [jc,jc+nc) into panels: panel t element (p,j) at off_t + p*w_t + j.
     * Y k-contiguous (op(B) = B^T, e.g. the decoder for the logits, W_ih and W_hh): a full panel is
     * one block of B transposed, moved 8 x 8 at a time through registers (GemmMicroKernels.transpose8x8;
     * measured in one JVM against the element-by-element copy, two threads: the word logits
     * (700 x 7596 x 200) 14.35 -> 13.92 ms, the word LSTM's input projection (700 x 800 x 200)
     * 1.72 -> 1.44 ms); a ragged last panel is copied element by element and padded with zeros.
     */
    private static void packY(Problem pr, int jc, int nc, int pc, int kc, int[] widths, int np, float[] ys, int ysOff) {
        if (pr.yN) {
            packYRows(pr, jc, nc, pc, kc, widths, np, ys, ysOff);
            return;
        }
        float[] y = pr.y;
        int ldy = pr.ldy;
        int j0 = jc;
        int off = ysOff;
        for (int t = 0; t < np; t++) {
            int w = widths[t] * L;
            int valid = Math.min(w, jc + nc - j0);
            if (valid == w && kc >= 8 && GemmMicroKernels.TRANSPOSE_8X8) {
                // a full panel is the transpose of B's block (w rows from j0, kc columns from pc): 8 x 8 blocks in registers
                GemmMicroKernels.transposeBlocks(w, kc, y, pr.yOff + j0 * ldy + pc, ldy, ys, off, w);
                off += kc * w;
                j0 += w;
                continue;
            }
            for (int jj = 0; jj < valid; jj++) {
                int src = pr.yOff + (j0 + jj) * ldy + pc;
                for (int p = 0; p < kc; p++) {
                    ys[off + p * w + jj] = y[src + p];
                }
            }
            for (int jj = valid; jj < w; jj++) {
                for (int p = 0; p < kc; p++) {
                    ys[off + p * w + jj] = 0f;
                }
            }
            off += kc * w;
            j0 += w;
        }
    }

    /**
     * packY when Y is n-contiguous: panel by panel, each row slice copied with whole vectors; the
     * full-width cases are unrolled with constant panel strides (this copy is ~40% of the
     * tutorial's dS = dO Vmat at 20 rows, so its loop overhead matters). The ragged last panel is
     * copied element-wise and zero-padded.
     */
    private static void packYRows(Problem pr, int jc, int nc, int pc, int kc, int[] widths, int np, float[] ys, int ysOff) {
        float[] y = pr.y;
        int ldy = pr.ldy;
        int j0 = jc;
        int off = ysOff;
        for (int t = 0; t < np; t++) {
            int w = widths[t] * L;
            int valid = Math.min(w, jc + nc - j0);
            int src = pr.yOff + pc * ldy + j0;
            if (valid == w && w == W3) {
                for (int p = 0; p < kc; p++, src += ldy) {
                    int dst = off + p * W3;
                    FloatVector.fromArray(S, y, src).intoArray(ys, dst);
                    FloatVector.fromArray(S, y, src + L).intoArray(ys, dst + L);
                    FloatVector.fromArray(S, y, src + 2 * L).intoArray(ys, dst + 2 * L);
                }
            } else if (valid == w && w == 2 * L) {
                for (int p = 0; p < kc; p++, src += ldy) {
                    int dst = off + p * (2 * L);
                    FloatVector.fromArray(S, y, src).intoArray(ys, dst);
                    FloatVector.fromArray(S, y, src + L).intoArray(ys, dst + L);
                }
            } else {
                // ragged: the partial vector is loaded whole; its lanes past `valid` hold whatever
                // follows in the caller's array (next row, padding), which is harmless: they only
                // reach C' columns that are never stored. Rows too close to the array's end for a
                // whole-vector load are copied element-wise and zero-padded.
                int full = valid / L * L;
                for (int p = 0; p < kc; p++, src += ldy) {
                    int dst = off + p * w;
                    int j = 0;
                    for (; j < full; j += L) {
                        FloatVector.fromArray(S, y, src + j).intoArray(ys, dst + j);
                    }
                    if (j < valid && src + j + L <= y.length) {
                        FloatVector.fromArray(S, y, src + j).intoArray(ys, dst + j);
                        j += L;
                    } else {
                        for (; j < valid; j++) {
                            ys[dst + j] = y[src + j];
                        }
                    }
                    for (; j < w; j++) {
                        ys[dst + j] = 0f;
                    }
                }
            }
            off += kc * w;
            j0 += w;
        }
    }

    /**
     * Packs a k-contiguous X's rows [ic,ic+mc) x columns [pc,pc+kc) into xs in groups of GROUP_ROWS
     * (8) rows: row 8g + i, column p at 8g*kc + 8p + i for the full groups; the rows after them
     * k-contiguous at r*kc, as packX places them.
     */
    private static void packXGroups(Problem pr, int ic, int mc, int pc, int kc, float[] xs) {
        float[] x = pr.x;
        int ldx = pr.ldx;
        int full = mc / GROUP_ROWS * GROUP_ROWS;
        for (int g = 0; g < full; g += GROUP_ROWS) {
            int s0 = pr.xOff + (ic + g) * ldx + pc;
            int s1 = s0 + ldx, s2 = s1 + ldx, s3 = s2 + ldx, s4 = s3 + ldx, s5 = s4 + ldx, s6 = s5 + ldx, s7 = s6 + ldx;
            for (int p = 0, d = g * kc; p < kc; p++, d += GROUP_ROWS) {
                xs[d] = x[s0 + p];
                xs[d + 1] = x[s1 + p];
                xs[d + 2] = x[s2 + p];
                xs[d + 3] = x[s3 + p];
                xs[d + 4] = x[s4 + p];
                xs[d + 5] = x[s5 + p];
                xs[d + 6] = x[s6 + p];
                xs[d + 7] = x[s7 + p];
            }
        }
        if (full < mc) {
            packX(pr, ic + full, mc - full, pc, kc, xs, full * kc);
        }
    }

    /** Packs X rows [ic,ic+mc) x columns [pc,pc+kc) into xs, row r at xo + r*kc (k-contiguous). */
    private static void packX(Problem pr, int ic, int mc, int pc, int kc, float[] xs, int xo) {
        float[] x = pr.x;
        int ldx = pr.ldx;
        if (pr.xK) {
            for (int r = 0; r < mc; r++) {
                System.arraycopy(x, pr.xOff + (ic + r) * ldx + pc, xs, xo + r * kc, kc);
            }
        } else if (GemmMicroKernels.TRANSPOSE_8X8 && mc >= 8 && kc >= 8) {
            // a transpose in 8 x 8 register blocks; a ragged last block overlaps the one before it
            // and copies the shared values again (measured: the tutorial's update chunks at T = 56,
            // one thread, 993-1037 -> 830-899 us per step)
            GemmMicroKernels.transposeBlocks(kc, mc, x, pr.xOff + pc * ldx + ic, ldx, xs, xo, kc);
        } else {
            // a transpose: eight source rows (p) at a time, so each packed row receives eight
            // consecutive values per visit and the eight source rows are read as eight streams
            int base = pr.xOff + pc * ldx + ic;
            int p = 0;
            for (; p <= kc - 8; p += 8) {
                int s0 = base + p * ldx;
                int s1 = s0 + ldx, s2 = s1 + ldx, s3 = s2 + ldx, s4 = s3 + ldx, s5 = s4 + ldx, s6 = s5 + ldx, s7 = s6 + ldx;
                for (int r = 0, d = xo + p; r < mc; r++, d += kc) {
                    xs[d] = x[s0 + r];
                    xs[d + 1] = x[s1 + r];
                    xs[d + 2] = x[s2 + r];
                    xs[d + 3] = x[s3 + r];
                    xs[d + 4] = x[s4 + r];
                    xs[d + 5] = x[s5 + r];
                    xs[d + 6] = x[s6 + r];
                    xs[d + 7] = x[s7 + r];
                }
            }
            for (; p < kc; p++) {
                int src = base + p * ldx;
                for (int r = 0; r < mc; r++) {
                    xs[xo + r * kc + p] = x[src + r];
                }
            }
        }
    }
}
