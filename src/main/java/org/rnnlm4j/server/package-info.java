/**
 * Serving a model over HTTP with nothing but the JDK: ModelServer (the JDK's HttpServer, worker
 * threads, deadlines, JSON errors), Endpoints (what /score, /score/tokens, /next, /generate and /info
 * compute, with the command line's result objects), JsonBody (checked access to a request's JSON),
 * ServeConfig (address, threads and the bounds on one request).
 */
package org.rnnlm4j.server;
