/*
 * SaveOnExit: Ctrl-C (SIGINT) or SIGTERM during training asks the trainer to stop after the current
 * step and waits (up to 60 s) until it has saved, so the JVM exits only with the model on disk.
 * Usage: try (SaveOnExit s = SaveOnExit.install()) { trainer.train(..., s::requested, ...); }
 */
package org.rnnlm4j.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

final class SaveOnExit implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private SaveOnExit() {
        hook = new Thread(() -> {
            stop.set(true);
            try {
                if (!finished.await(60, TimeUnit.SECONDS)) {
                    System.err.println("rnnlm4j: could not save within 60 s; the last periodic save is kept");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rnnlm4j-save-on-exit");
    }

    static SaveOnExit install() {
        SaveOnExit s = new SaveOnExit();
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    boolean requested() {
        return stop.get();
    }

    /** Training has returned (and saved): let a pending exit proceed; remove the hook otherwise. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting (Ctrl-C): the hook is running and sees `finished`
        }
    }
}
