import { describe, expect, it } from "vitest";
import { Batcher, MOST_PER_ROUND } from "./batch";

/** A round whose statements finish when the test says so; it records what each round got. */
function manualRounds() {
  const rounds: number[][] = [];
  const finish: Array<(fail?: Error) => void> = [];
  const batcher = new Batcher<number, number>(
    "test",
    (items) =>
      new Promise((resolve, reject) => {
        rounds.push(items);
        finish.push((fail) => (fail ? reject(fail) : resolve(items.map((i) => i * 10))));
      }),
  );
  return { batcher, rounds, finish };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Batcher", () => {
  it("runs a lone request at once, and what arrives meanwhile together in the next round, in order", async () => {
    const { batcher, rounds, finish } = manualRounds();
    const first = batcher.run("pool", 1);
    await tick();
    expect(rounds).toEqual([[1]]);
    const later = [2, 3, 4].map((i) => batcher.run("pool", i));
    await tick();
    expect(rounds).toEqual([[1]]); // one round in flight per key
    finish[0]!();
    expect(await first).toBe(10);
    await tick();
    expect(rounds).toEqual([[1], [2, 3, 4]]);
    finish[1]!();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it("keeps keys apart: another key's round does not wait", async () => {
    const { batcher, rounds, finish } = manualRounds();
    const a = batcher.run("a", 1);
    const b = batcher.run("b", 2);
    await tick();
    expect(rounds).toEqual([[1], [2]]);
    finish[1]!();
    expect(await b).toBe(20);
    finish[0]!();
    expect(await a).toBe(10);
  });

  it("fails only the round that failed; the next round still runs", async () => {
    const { batcher, rounds, finish } = manualRounds();
    const first = batcher.run("pool", 1);
    await tick();
    const second = batcher.run("pool", 2);
    finish[0]!(new Error("connection lost"));
    await expect(first).rejects.toThrow("connection lost");
    await tick();
    expect(rounds).toEqual([[1], [2]]);
    finish[1]!();
    expect(await second).toBe(20);
  });

  it(`serves at most ${MOST_PER_ROUND} per round`, async () => {
    const { batcher, rounds, finish } = manualRounds();
    const all = [batcher.run("pool", 0)];
    await tick();
    for (let i = 1; i <= MOST_PER_ROUND + 5; i++) all.push(batcher.run("pool", i));
    finish[0]!();
    await tick();
    await tick();
    expect(rounds[1]!.length).toBe(MOST_PER_ROUND);
    finish[1]!();
    await tick();
    await tick();
    expect(rounds[2]).toEqual([
      MOST_PER_ROUND + 1,
      MOST_PER_ROUND + 2,
      MOST_PER_ROUND + 3,
      MOST_PER_ROUND + 4,
      MOST_PER_ROUND + 5,
    ]);
    finish[2]!();
    expect((await Promise.all(all)).length).toBe(MOST_PER_ROUND + 6);
  });
});
