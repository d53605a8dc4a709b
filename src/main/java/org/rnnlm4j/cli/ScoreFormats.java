/*
 * ScoreFormats: how `rnnlm4j score` writes one sentence's figures. Three forms, one line each:
 *
 *   columns    log10_prob <TAB> perplexity <TAB> tokens <TAB> oovs <TAB> sentence
 *              -15.2333	80.20	8	0	the company said it expects higher earnings
 *   kenlm      (--per-token) after KenLM's query: each prediction as word=id log10prob, an OOV
 *              with a third field OOV, then the sentence totals, all TAB-separated:
 *              the=0 -0.6586	company=47 -1.3944	...	SENTENCE_END=3 -1.6354	Total: -15.2333 OOV: 0 Tokens: 8 Perplexity: 80.20
 *              the=2 -0.6383	zebra=9 -1.0255 OOV	...	Total: -6.8232 OOV: 1 Tokens: 7 Perplexity: 9.43
 *              (the README's demo.model; TinyModels' gru in golden/score-kenlm.txt)
 *   json       (--json) Scorer.SentenceScore.toMap, the object the server's /score answers with too
 *
 * Numbers in text are fixed-point (log10 4 decimals, perplexity 2) in Locale.ROOT. KenLM differs in
 * two ways: it prints the n-gram length between id and log10prob, and it has no Tokens/Perplexity
 * fields. A word in kenlm form is escaped Java-style when it holds a space, TAB, line break or
 * backslash (\s \t \n \r \\, other control characters \\uXXXX), so a character model's " " reads \s.
 */
package org.rnnlm4j.cli;

import java.util.Locale;
import org.rnnlm4j.infer.Scorer;

final class ScoreFormats {
    private ScoreFormats() {
    }

    static String columns(Scorer.SentenceScore s) {
        return String.format(Locale.ROOT, "%.4f\t%.2f\t%d\t%d\t%s", s.log10Prob(), s.perplexity(), s.predictions(),
                s.oovs(), s.text().strip());
    }

    static String kenlm(Scorer.SentenceScore s) {
        StringBuilder sb = new StringBuilder();
        for (Scorer.TokenScore t : s.perToken()) {
            sb.append(escape(t.token())).append('=').append(t.id()).append(' ')
                    .append(String.format(Locale.ROOT, "%.4f", t.log10Prob())).append(t.oov() ? " OOV" : "").append('\t');
        }
        return sb.append(String.format(Locale.ROOT, "Total: %.4f OOV: %d Tokens: %d Perplexity: %.2f",
                s.log10Prob(), s.oovs(), s.predictions(), s.perplexity())).toString();
    }

    /** token with space, TAB, CR, LF, backslash and other control characters escaped (see the class comment). */
    static String escape(String token) {
        StringBuilder sb = new StringBuilder(token.length() + 4);
        token.codePoints().forEach(cp -> {
            switch (cp) {
                case ' ' -> sb.append("\\s");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (Character.isISOControl(cp)) {
                        sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }
}
