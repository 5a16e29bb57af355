import { parentPort, workerData } from 'node:worker_threads';
import { QualityAggregator } from '../domain/gb3838/index.js';
import { aggregatePart, type WorkerJob, type WorkerMessage } from './parallelClassify.js';

/**
 * One part of a large CSV file for `classify` (see parallelClassify.ts): aggregate the part's
 * rows, say how many line breaks it read, then — when the main thread asks, parts in file
 * order — send the aggregator's state piece by piece and exit. Anything unusual is sent back as
 * "fallback" and the file is read on the main thread.
 */
const job = workerData as WorkerJob;
const port = parentPort!;
const agg = new QualityAggregator(job.waterbody);

aggregatePart(agg, job, (rows) => port.postMessage({ kind: 'rows', rows } satisfies WorkerMessage)).then(
  (r) => {
    if (!r.ok) {
      port.postMessage({ kind: 'fallback' } satisfies WorkerMessage);
      port.close();
      return;
    }
    // One piece per request: the main thread asks for the next when it has absorbed this one,
    // so neither side ever holds more than the state plus one piece.
    const pieces = agg.snapshots();
    port.on('message', () => {
      const next = pieces.next();
      if (next.done) {
        port.postMessage({ kind: 'end' } satisfies WorkerMessage);
        port.close();
      } else port.postMessage({ kind: 'part', snapshot: next.value } satisfies WorkerMessage);
    });
    port.postMessage({ kind: 'ready', newlines: r.newlines } satisfies WorkerMessage);
  },
  () => {
    port.postMessage({ kind: 'fallback' } satisfies WorkerMessage);
    port.close();
  },
);
