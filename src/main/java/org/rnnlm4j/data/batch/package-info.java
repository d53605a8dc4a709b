/**
 * Batching for training and evaluation: a text as one id stream laid into B contiguous streams and
 * cut into windows of T (char-rnn, PyTorch's word_language_model, Zaremba et al. 2014), or whole
 * sentences grouped by length and padded (sentence mode).
 *
 * <ul>
 *   <li>{@link org.rnnlm4j.data.batch.StreamSymbols}: text to symbols in stream mode (code points with
 *       their line breaks, or whitespace tokens with {@code <eos>} per line);</li>
 *   <li>{@link org.rnnlm4j.data.batch.StreamVocabulary}: symbols to ids in the orders the benchmarks
 *       define (sorted characters, words by first appearance), with or without an unknown symbol;</li>
 *   <li>{@link org.rnnlm4j.data.batch.TokenStream}: a text as one int[] of ids, and its 90/10 split;</li>
 *   <li>{@link org.rnnlm4j.data.batch.StreamBatcher}: B streams, windows of T, exact resume position;</li>
 *   <li>{@link org.rnnlm4j.data.batch.EvalChunks}: one stream, batch 1, chunks of T (state carried);</li>
 *   <li>{@link org.rnnlm4j.data.batch.SentenceBatcher}: sentences bucketed by length, padded, seeded order.</li>
 * </ul>
 *
 * Every batch is TIME-MAJOR, index {@code t*B + b}, matching the layers' (T,B,.) layout, and lives in
 * buffers that a batcher allocates once and overwrites on each {@code next()}. A padded target is -1,
 * which SoftmaxOutput ignores (no loss, no gradient). Nothing here knows about models or files of
 * models; the tutorial's sentence pipeline (Corpus, Vocabulary) stays in org.rnnlm4j.data.
 */
package org.rnnlm4j.data.batch;
