/*
 * RedditSampleTest: the exactness check of the benchmark tokenization on the bundled reddit sample.
 *
 * Contract: with TextConfig.benchmark(), the 212 comments of data/reddit/reddit-comments-2015-08-sample.csv
 * (the last one cut mid-quote) give exactly the figures of the Python reference
 *   re.split(r'(?<=[.!?])\s+', comment.lower(), flags=re.ASCII) -> re.findall(r"\w+(?:'\w+)*|[^\w\s]", s, re.ASCII)
 * with token-less sentences dropped and Counter.most_common for the vocabulary. The expected numbers
 * and the SHA-256 of all sentences were computed with Python 3 (csv and re modules only).
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedditSampleTest {

    static final Path REDDIT = Path.of("data/reddit/reddit-comments-2015-08-sample.csv");

    static Corpus corpus;
    static Vocabulary vocabulary;

    @BeforeAll
    static void load() {
        corpus = Corpus.load(REDDIT, TextConfig.benchmark());
        vocabulary = corpus.buildVocabulary(8000);
    }

    @Test
    void hasAllCommentsIncludingTheTruncatedLastOne() {
        List<String> comments = CsvReader.readColumn(new StringReader(TextFiles.readUtf8(REDDIT)), "body", "reddit");
        assertEquals(212, comments.size());
        String last = comments.get(211);
        assertEquals(6061, last.length());
        assertTrue(last.startsWith("**Tired of League and wanna try out Dota 2? You just took th"), last);
        assertTrue(last.endsWith("neutral creeps.\n\n&amp;nbsp;\n***\n### Gameplay\n"), last);
    }

    @Test
    void sentenceAndTokenCountsMatchPython() {
        assertEquals(1156, corpus.size());
        assertEquals(4585, vocabulary.size()); // 4584 distinct tokens incl. markers + UNKNOWN
        assertEquals(4584, vocabulary.unknownId());
        assertEquals(0, vocabulary.count(vocabulary.unknownId()));
        long tokensWithMarkers = corpus.sentences().stream().mapToLong(List::size).sum();
        assertEquals(27085, tokensWithMarkers);
    }

    @Test
    void everySentenceMatchesPythonByHash() throws Exception {
        String joined = corpus.sentences().stream().map(s -> String.join(" ", s)).collect(Collectors.joining("\n"));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
        assertEquals("5180d3a32f34b6a50e049e8fab8c2bc597a8073f4c75f9bbf88af4d80a0fb312", HexFormat.of().formatHex(digest));
    }

    @Test
    void twentyMostFrequentTokensMatchCounterMostCommon() {
        List<String> expected = List.of(".", "SENTENCE_START", "SENTENCE_END", "the", ",", "/", "to", "a", "and", "*",
                "i", "of", "you", "that", "-", "it", "in", "is", ")", "(");
        long[] counts = {1389, 1156, 1156, 765, 739, 530, 528, 432, 432, 375, 342, 319, 280, 260, 256, 245, 232, 226, 221, 217};
        assertEquals(expected, vocabulary.words().subList(0, 20));
        for (int id = 0; id < 20; id++) {
            assertEquals(counts[id], vocabulary.count(id), vocabulary.word(id));
        }
        // "a" and "and" tie at 432: "a" occurs first in the text, so it gets the lower id
        assertEquals(7, vocabulary.id("a"));
        assertEquals(8, vocabulary.id("and"));
    }

    @Test
    void sentenceAtIndexTenHas57Ids() {
        int[] ids = corpus.encode(vocabulary).get(10);
        assertEquals(57, ids.length); // 56 training steps
        assertEquals(vocabulary.startId(), ids[0]);
        assertEquals(vocabulary.endId(), ids[56]);
        assertEquals(List.of("SENTENCE_START", "no", "one", "is", "going"), corpus.sentences().get(10).subList(0, 5));
        assertEquals("they're", corpus.sentences().get(10).get(15));
    }

    @Test
    void smallVocabularyMapsTheRestToUnknown() {
        Vocabulary small = corpus.buildVocabulary(100);
        assertEquals(100, small.size());
        assertEquals("!", small.word(98));
        assertEquals(34, small.count(98));
        assertEquals(11288, small.count(small.unknownId()));
        CorpusReport report = corpus.report(small);
        assertEquals(24773, report.tokensWithoutMarkers());
        assertEquals(11288, report.unknownTokens());
        assertEquals("!", report.leastFrequentKept());
        assertEquals(11288.0 / 24773, report.oovRate(), 1e-12);
    }

    @Test
    void reportOnFullVocabulary() {
        CorpusReport report = corpus.report(vocabulary);
        assertEquals(1156, report.sentences());
        assertEquals(24773, report.tokensWithoutMarkers());
        assertEquals("anywhere", report.leastFrequentKept()); // last of Counter.most_common()
        assertEquals(1, report.leastFrequentKeptCount());
        assertEquals(0.0, report.oovRate());
        assertEquals("corpus: 1156 sentences, 24,773 tokens (without START/END); vocabulary 4585 "
                + "(least frequent kept: \"anywhere\" x1); OOV 0.00%", report.toString());
    }

    @Test
    void tutorialConfigAlsoReadsTheSample() {
        Corpus tutorial = Corpus.load(REDDIT, TextConfig.tutorial());
        // not a Python figure (no NLTK here): a sanity range around the regex splitter's 1156
        assertTrue(tutorial.size() > 1000 && tutorial.size() < 1300, "sentences: " + tutorial.size());
        for (List<String> sentence : tutorial.sentences()) {
            assertTrue(sentence.size() >= 3);
        }
    }
}
