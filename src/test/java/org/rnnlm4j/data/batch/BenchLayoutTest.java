/*
 * BenchLayoutTest: the `char` and `word` benchmark layouts (../shared/bench/README.md) reproduced
 * exactly on the bundled data. Expected figures were computed with the bench's own Python code
 * (pytorch_bench.py: cmd_char, read_ptb, cmd_word, stream_eval) using the standard library only:
 * sizes, ids at chosen places, and sums of all ids (which catch any other difference in the mapping).
 */
package org.rnnlm4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.data.TextConfig.Level;
import org.rnnlm4j.data.TextFiles;

class BenchLayoutTest {

    static final Path SHAKESPEARE = Path.of("data/tinyshakespeare.txt");
    static final Path PTB_VALID = Path.of("data/ptb/ptb.valid.txt");
    static final Path PTB_TEST = Path.of("data/ptb/ptb.test.txt");

    @Test
    void charBenchTinyShakespeare() {
        String text = TextFiles.readUtf8(SHAKESPEARE);
        StreamVocabulary vocab = StreamVocabulary.build(Level.CHAR, List.of(text));
        assertEquals(65, vocab.size());
        assertEquals("\n !$&',-.3:;?AB", String.join("", vocab.symbols().subList(0, 15)));
        assertEquals("z", vocab.symbol(64));

        TokenStream data = TokenStream.of(text, Level.CHAR, vocab, SHAKESPEARE.toString());
        assertEquals(1_115_394, data.length());
        TokenStream.Split split = data.split(0.9);
        assertEquals(1_003_854, split.train().length()); // int(0.9 * 1115394)
        assertEquals(111_540, split.valid().length());
        assertEquals(36_825_035L, Arrays.stream(split.train().toArray()).asLongStream().sum());
        assertEquals(4_011_099L, Arrays.stream(split.valid().toArray()).asLongStream().sum());

        StreamBatcher batcher = new StreamBatcher(split.train(), 32, 64);
        assertEquals(31_370, batcher.streamLength());
        assertEquals(490, batcher.windowsPerPass());
        batcher.next();
        assertTrue(batcher.startsNewPass());
        int[] x = batcher.inputs();
        int[] y = batcher.targets();
        // stream 0 starts the file: "First Ci" -> ids 18 47 56 57 58 1 15 47 (Python stoi)
        int[] first = new int[8];
        int[] firstTargets = new int[8];
        for (int t = 0; t < 8; t++) {
            first[t] = x[t * 32];
            firstTargets[t] = y[t * 32];
        }
        assertArrayEquals(new int[] {18, 47, 56, 57, 58, 1, 15, 47}, first);
        assertArrayEquals(new int[] {47, 56, 57, 58, 1, 15, 47, 58}, firstTargets);
        // the whole first window against the file's characters: stream b starts at char b*L
        List<String> chars = StreamSymbols.characters(text);
        for (int t = 0; t < 64; t++) {
            for (int b = 0; b < 32; b++) {
                assertEquals(chars.get(b * 31_370 + t), vocab.symbol(x[t * 32 + b]));
                assertEquals(chars.get(b * 31_370 + t + 1), vocab.symbol(y[t * 32 + b]));
            }
        }
        assertEquals("lse-faced ", decode(vocab, x, 1, 32, 10)); // stream 1 starts mid-word, as in the bench
        // the last window of the pass: stream 31, last step
        batcher.seek(489);
        batcher.next();
        assertEquals(489, batcher.window());
        assertEquals(1, x[63 * 32 + 31]);
        assertEquals(39, y[63 * 32 + 31]);
        batcher.next();
        assertTrue(batcher.startsNewPass());
        assertEquals(18, x[0]);

        EvalChunks val = new EvalChunks(split.valid(), 1024); // the bench's --eval-chunk
        assertEquals(111_539, val.predictions()); // val loss over chars 1..n-1
        assertEquals(109, val.chunks());
    }

    @Test
    void wordBenchPennTreebank() {
        String valid = TextFiles.readUtf8(PTB_VALID);
        String test = TextFiles.readUtf8(PTB_TEST);
        StreamVocabulary vocab = StreamVocabulary.build(Level.WORD, List.of(valid, test));
        assertEquals(7596, vocab.size());
        assertEquals(List.of("consumers", "may", "want", "to", "move", "their", "telephones", "a", "little",
                "closer", "the", "tv"), vocab.symbols().subList(0, 12));
        assertEquals(13, vocab.id("<eos>"));
        assertEquals(List.of("threats", "sabotage", "inside"), vocab.symbols().subList(7593, 7596));
        assertEquals(6022, StreamVocabulary.build(Level.WORD, List.of(valid)).size());

        TokenStream train = TokenStream.read(PTB_VALID, Level.WORD, vocab);
        TokenStream testStream = TokenStream.read(PTB_TEST, Level.WORD, vocab);
        assertEquals(73_760, train.length());
        assertEquals(82_430, testStream.length());
        assertEquals(69_147_742L, Arrays.stream(train.toArray()).asLongStream().sum());
        assertEquals(91_225_890L, Arrays.stream(testStream.toArray()).asLongStream().sum());

        StreamBatcher batcher = new StreamBatcher(train, 20, 35);
        assertEquals(3688, batcher.streamLength());
        assertEquals(105, batcher.windowsPerPass());
        batcher.next();
        int[] stream1 = new int[5];
        for (int t = 0; t < 5; t++) {
            stream1[t] = batcher.inputs()[t * 20 + 1];
        }
        assertArrayEquals(new int[] {1171, 1172, 14, 1173, 1025}, stream1); // trader george <unk> managing partner
        batcher.seek(104);
        batcher.next();
        assertEquals("from", vocab.symbol(batcher.inputs()[34 * 20 + 19]));
        assertEquals("$", vocab.symbol(batcher.targets()[34 * 20 + 19]));
        assertEquals(337, batcher.targets()[34 * 20 + 19]);

        EvalChunks chunks = new EvalChunks(testStream, 35);
        assertEquals(82_429, chunks.predictions());
        assertEquals(2356, chunks.chunks());
    }

    private static String decode(StreamVocabulary vocab, int[] timeMajor, int row, int batch, int steps) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < steps; t++) {
            sb.append(vocab.symbol(timeMajor[t * batch + row]));
        }
        return sb.toString();
    }
}
