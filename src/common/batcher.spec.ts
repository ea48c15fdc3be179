import { Batcher } from '#src/common/batcher.js';

describe(Batcher.name, () => {
  it('should run items submitted together as one batch, answering each', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>((items) => {
      batches.push(items);

      return Promise.resolve(items.map((item) => item * 10));
    });

    const results = await Promise.all([1, 2, 3].map((item) => batcher.submit(item)));

    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('should gather what arrives during a batch into the next one', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new Batcher<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) {
        await new Promise<void>((resolve) => (release = resolve));
      }

      return items;
    });

    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.submit(2), batcher.submit(3)];
    release();

    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('should fail every item of a failed batch and go on with the next', async () => {
    let calls = 0;
    const batcher = new Batcher<number, number>((items) => {
      calls += 1;

      return calls === 1 ? Promise.reject(new Error('db down')) : Promise.resolve(items);
    });

    const failed = Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    const settled = await failed;
    const next = await batcher.submit(3);

    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(next).toBe(3);
  });

  it('should keep up to maxInFlight batches running at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = new Batcher<number, number>(
      async (items) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;

        return items;
      },
      { maxInFlight: 2 },
    );

    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.submit(2);
    await new Promise((resolve) => setImmediate(resolve));
    const third = batcher.submit(3);

    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(most).toBe(2);
  });

  it('should report idle once every submitted item is done', async () => {
    const done: number[] = [];
    const batcher = new Batcher<number, number>(async (items) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push(...items);

      return items;
    });
    void batcher.submit(1);
    void batcher.submit(2);

    await batcher.idle();

    expect(done).toEqual([1, 2]);
    await expect(batcher.idle()).resolves.toBeUndefined();
  });

  it('should cap a batch at its maximum size', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(
      (items) => {
        sizes.push(items.length);

        return Promise.resolve(items);
      },
      { maxBatch: 2 },
    );

    await Promise.all([1, 2, 3, 4, 5].map((item) => batcher.submit(item)));

    expect(sizes).toEqual([2, 2, 1]);
  });
});
