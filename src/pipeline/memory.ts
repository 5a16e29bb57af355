import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection between the stages of a large run (after streaming millions of rows,
 * before rendering the report). V8 otherwise lets the old generation grow to about twice what is
 * live before it collects, so the peak memory of `classify` would depend on GC timing rather
 * than on what the run actually holds (issue 5: peak RSS must not grow with the rows read).
 */
let collect: (() => void) | undefined;

export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
