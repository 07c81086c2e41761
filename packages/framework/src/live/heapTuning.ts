/**
 * The V8 young generation of a live process. gRPC calls leave objects that outlive a
 * young-generation collection or two; with the default semi-space (16 MB) a collection
 * comes every hundred-odd orders and copies megabytes, and each one stalls the event
 * loop for several milliseconds, which is the tail of the order round trip. A larger
 * semi-space makes them rare. It can only be set when Node starts, hence a hint.
 * @module
 */

/** The semi-space size docs/live.md recommends for live processes, MB. */
export const RECOMMENDED_SEMI_SPACE_MB = 64;

/**
 * The `--max-semi-space-size` this process was started with (command line or
 * `NODE_OPTIONS`), MB; undefined when Node's default is in force.
 * @example
 * semiSpaceSetting(['--max-semi-space-size=64'], undefined); // 64
 */
export function semiSpaceSetting(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): number | undefined {
  const args = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  let setting: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.replace(/_/g, '-');
    if (arg === '--max-semi-space-size') setting = Number(args[i + 1]);
    else if (arg.startsWith('--max-semi-space-size=')) setting = Number(arg.split('=')[1]);
  }
  return setting !== undefined && Number.isFinite(setting) ? setting : undefined;
}

/** The hint a live session logs when it runs with the default young generation. */
export function heapTuningHint(setting = semiSpaceSetting()): string | undefined {
  if (setting !== undefined && setting >= RECOMMENDED_SEMI_SPACE_MB) return undefined;
  return `the V8 young generation is ${setting === undefined ? 'at its default size' : `${setting} MB`}: start with NODE_OPTIONS=--max-semi-space-size=${RECOMMENDED_SEMI_SPACE_MB} for a shorter order latency tail (docs/live.md, "Latency")`;
}
