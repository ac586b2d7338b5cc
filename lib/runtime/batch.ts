// Batching without waiting (SPEC §7): per key, at most one statement is in flight; what
// arrives meanwhile goes together into the next one. A request that finds nothing in flight runs
// at once, alone, so batching adds no latency at low load; under load a round serves everyone who
// arrived during the previous round with one statement instead of one each.

/** Runs one round: one answer per item, in the items' order. */
export type Round<I, O> = (items: I[]) => Promise<O[]>;

type Waiting<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

/** Past this many, the rest wait for the next round (one statement's parameters stay bounded). */
export const MOST_PER_ROUND = 200;

/** Rounds run and items served so far, per batcher name (what the bench reports as items per statement). */
export const batchCounts = new Map<string, { rounds: number; items: number }>();

export class Batcher<I, O> {
  private readonly lines = new Map<string, Waiting<I, O>[]>();
  private readonly counts: { rounds: number; items: number };

  /** `round` gets items of one key only: what they share (a contract, a pool) can be read from the first. */
  constructor(
    name: string,
    private readonly round: Round<I, O>,
  ) {
    this.counts = batchCounts.get(name) ?? { rounds: 0, items: 0 };
    batchCounts.set(name, this.counts);
  }

  /** The answer for `item`, from the round it joins under `key`. */
  run(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const line = this.lines.get(key);
      if (line) {
        line.push({ item, resolve, reject });
        return;
      }
      this.lines.set(key, []);
      void this.serve(key, [{ item, resolve, reject }]);
    });
  }

  private async serve(key: string, batch: Waiting<I, O>[]) {
    this.counts.rounds++;
    this.counts.items += batch.length;
    try {
      const answers = await this.round(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(answers[i]!));
    } catch (error) {
      batch.forEach((w) => w.reject(error));
    }
    const line = this.lines.get(key)!;
    if (line.length === 0) {
      this.lines.delete(key);
      return;
    }
    this.lines.set(key, line.slice(MOST_PER_ROUND));
    void this.serve(key, line.slice(0, MOST_PER_ROUND));
  }
}

/** One batcher per owner (a database handle): rounds of different databases never mix. */
export function batchersPer<T extends object, I, O>(make: (owner: T) => Batcher<I, O>) {
  const made = new WeakMap<T, Batcher<I, O>>();
  return (owner: T) => {
    let batcher = made.get(owner);
    if (!batcher) made.set(owner, (batcher = make(owner)));
    return batcher;
  };
}
