/*
 * PrefixTreeScorer: the natural-log probabilities of many id sequences that share prefixes (an
 * n-best list's hypotheses), each prefix computed once.
 *
 * Every sequence ids[0..m-1] (ids[0] the first input, usually START; its score is the sum over
 * i >= 1 of ln p(ids[i] | ids[0..i-1])) is inserted into a trie. A depth-first walk from a zero
 * state feeds each trie node's token once (Network.step), takes the log-softmax of the logits for
 * the node's children only, and forks the state (State.copy) for every child but the last, which
 * continues in place. A sequence's score is read at the node where it ends, so identical sequences
 * get the identical number. Costs: one step per trie node with children, instead of one per token.
 *
 * The walk is iterative (an explicit stack of pending nodes with their states), so a long sequence
 * cannot overflow the Java stack; memory is the trie plus one state per pending sibling.
 * The arithmetic of each path is exactly that of scoreIndependently (the same steps on equal
 * states), so shared and independent scores are equal bit for bit; Scorer's whole-sequence
 * forward agrees to rounding (~1e-6 relative).
 * Contract: one instance per thread (it owns a Network); sequences need at least one id.
 */
package org.rnnlm4j.infer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.model.State;

public final class PrefixTreeScorer {
    private final Network net;
    private final Kernels k;
    private final float[] logits;   // (V)
    private long steps;

    public PrefixTreeScorer(LanguageModel model, Kernels k) {
        this.net = model.newNetwork(k);
        this.k = k;
        this.logits = new float[model.vocabulary().size()];
    }

    /** A trie node: its token, the log-probability of the path to it, its children and the sequences ending here. */
    private static final class Node {
        final int token;
        double lnProb;
        final Map<Integer, Node> children = new HashMap<>(4);
        List<Integer> ends;

        Node(int token) {
            this.token = token;
        }
    }

    private record Pending(Node node, State state) {
    }

    /** ln P of each sequence (out[i] for sequences.get(i)), prefixes shared; sequences with different first ids are separate tries. */
    public double[] score(List<int[]> sequences) {
        double[] out = new double[sequences.size()];
        Map<Integer, Node> roots = new HashMap<>();
        for (int i = 0; i < sequences.size(); i++) {
            int[] ids = sequences.get(i);
            if (ids.length == 0) {
                throw new IllegalArgumentException("sequence " + i + " is empty: it needs at least its first input");
            }
            Node node = roots.computeIfAbsent(ids[0], Node::new);
            for (int t = 1; t < ids.length; t++) {
                node = node.children.computeIfAbsent(ids[t], Node::new);
            }
            if (node.ends == null) {
                node.ends = new ArrayList<>(1);
            }
            node.ends.add(i);
        }
        for (Node root : roots.values()) {
            walk(root, out);
        }
        return out;
    }

    private void walk(Node root, double[] out) {
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(root, net.newState()));
        while (!stack.isEmpty()) {
            Pending p = stack.pop();
            Node node = p.node();
            if (node.ends != null) {
                for (int i : node.ends) {
                    out[i] = node.lnProb;
                }
            }
            if (node.children.isEmpty()) {
                continue;
            }
            net.step(p.state(), node.token, logits);
            steps++;
            float lse = k.logSumExp(logits, 0, logits.length);
            int left = node.children.size();
            for (Node child : node.children.values()) {
                float lp = logits[child.token] - lse;
                child.lnProb = node.lnProb + lp;
                stack.push(new Pending(child, --left == 0 ? p.state() : p.state().copy()));
            }
        }
    }

    /** ln P of one sequence from a fresh state, step by step: the reference the trie walk must equal. */
    public double scoreIndependently(int[] ids) {
        State state = net.newState();
        double ln = 0;
        for (int t = 0; t + 1 < ids.length; t++) {
            net.step(state, ids[t], logits);
            steps++;
            float lp = logits[ids[t + 1]] - k.logSumExp(logits, 0, logits.length);
            ln += lp;
        }
        return ln;
    }

    /** Network steps taken so far by this scorer (to measure what prefix sharing saves). */
    public long steps() {
        return steps;
    }
}
