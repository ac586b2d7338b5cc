/** Rejects with a DATABASE_TIMEOUT error when `work` has not settled within `ms` (a stalled server). */
export function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`The database did not answer within ${ms} ms.`), { code: "DATABASE_TIMEOUT" })),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
