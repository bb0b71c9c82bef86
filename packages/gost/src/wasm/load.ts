/**
 * Chooses between the WebAssembly SIMD paths and the pure TypeScript ones,
 * and instantiates the WebAssembly modules shipped in `*.bytes.ts`.
 *
 * - `auto` (the default): WebAssembly when the engine validates SIMD code
 *   (Node 20, current browsers), the pure code otherwise.
 * - `pure`: the pure TypeScript code; also the default when the environment
 *   variable PODPIS_GOST_PURE=1 is set (read only where `process` exists).
 * - `wasm`: WebAssembly or a GostError WASM_UNAVAILABLE, for tests and
 *   benchmarks that must not measure the fallback by accident.
 *
 * Both paths give identical results; the choice only changes speed. A hash
 * or cipher object keeps the path it started on, so switching never breaks
 * a computation under way.
 *
 * Modules are compiled synchronously on first use. Where the engine refuses
 * that (Chromium limits synchronous compilation on a page's main thread), the
 * module is compiled asynchronously instead and the pure path serves until it
 * is ready.
 */
import { GostError } from '../errors.js';

/** The code that computes: WebAssembly SIMD or pure TypeScript. */
export type GostImplementation = 'wasm' | 'pure';

/** What `useGostImplementation` accepts: a path, or `auto` for the fastest one available. */
export type GostImplementationChoice = GostImplementation | 'auto';

const CHOICES = ['auto', 'wasm', 'pure'] as const;

let choice: GostImplementationChoice = pureRequestedByEnvironment() ? 'pure' : 'auto';

function pureRequestedByEnvironment(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.PODPIS_GOST_PURE === '1';
}

/**
 * Selects the path for computations started from now on, for the whole
 * process (or page). `wasm` throws WASM_UNAVAILABLE when the engine has no
 * WebAssembly SIMD.
 */
export function useGostImplementation(next: GostImplementationChoice): void {
  // JavaScript callers may pass anything.
  if (!(CHOICES as readonly string[]).includes(next)) {
    throw new GostError('INVALID_ARGUMENT', `unknown GOST implementation ${JSON.stringify(next)}`);
  }
  if (next === 'wasm' && !wasmSimdSupported()) {
    throw new GostError('WASM_UNAVAILABLE', 'this JavaScript engine has no WebAssembly SIMD');
  }
  choice = next;
}

/**
 * Resolves when every WebAssembly module is ready (or known unavailable):
 * at once in Node; on a browser page's main thread, where the modules
 * compile asynchronously and the pure path serves meanwhile, once they have
 * compiled. A page that hashes a large file awaits it first.
 */
export async function whenGostReady(): Promise<void> {
  await Promise.all(modules.map((module) => module.ready()));
}

/** The path each WebAssembly-backed algorithm takes now, e.g. `{ streebog: 'wasm' }`. */
export function gostImplementations(): Record<string, GostImplementation> {
  const result: Record<string, GostImplementation> = {};
  for (const module of modules) result[module.name] = module.exports() ? 'wasm' : 'pure';
  return result;
}

/**
 * A minimal module using one SIMD instruction (i8x16.popcnt, from the final
 * SIMD proposal): `(func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)`.
 */
// prettier-ignore
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let simdSupported: boolean | undefined;

/** Whether this engine runs WebAssembly with 128-bit SIMD. */
export function wasmSimdSupported(): boolean {
  if (simdSupported === undefined) {
    try {
      simdSupported = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simdSupported = false;
    }
  }
  return simdSupported;
}

const modules: WasmModule<object>[] = [];

/**
 * One WebAssembly module shipped as base64 (see scripts/build-wasm.mjs),
 * instantiated on first use with no imports. Each algorithm keeps one
 * instance for the process: its memory holds the algorithm's tables and
 * scratch buffers, and JavaScript never re-enters it.
 */
export class WasmModule<Exports extends object> {
  private state: 'unloaded' | 'compiling' | 'ready' | 'failed' = 'unloaded';
  private instanceExports: Exports | undefined;
  /** Settles when an asynchronous compilation has ended, either way. */
  private compiled: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly base64: string,
  ) {
    modules.push(this);
  }

  /**
   * The module's exports when the WebAssembly path is to be taken now;
   * undefined when the pure path is (chosen, no SIMD, or still compiling).
   */
  exports(): Exports | undefined {
    if (choice === 'pure') return undefined;
    if (this.state === 'unloaded') this.load();
    if (this.state === 'ready') return this.instanceExports;
    if (choice === 'wasm') {
      throw new GostError(
        'WASM_UNAVAILABLE',
        `the ${this.name} WebAssembly module is not available (${this.state})`,
      );
    }
    return undefined;
  }

  private load(): void {
    if (!wasmSimdSupported()) {
      this.state = 'failed';
      return;
    }
    const bytes = decodeBase64(this.base64);
    let compiled: WebAssembly.Module;
    try {
      compiled = new WebAssembly.Module(bytes);
    } catch {
      // Chromium's main thread throws a RangeError for synchronous compilation
      // of larger modules; the asynchronous compiler has no such limit.
      this.state = 'compiling';
      // Instantiated asynchronously too: the main thread limits synchronous instantiation alike.
      this.compiled = WebAssembly.compile(bytes)
        .then((module) => WebAssembly.instantiate(module, {}))
        .then(
          (instance) => {
            this.instanceExports = instance.exports as Exports;
            this.state = 'ready';
          },
          () => {
            this.state = 'failed';
          },
        );
      return;
    }
    this.instantiate(compiled);
  }

  /** Loads the module unless the pure path is chosen; resolves once it is ready or has failed. */
  async ready(): Promise<void> {
    if (choice === 'pure') return;
    if (this.state === 'unloaded') this.load();
    await this.compiled;
  }

  private instantiate(compiled: WebAssembly.Module): void {
    try {
      this.instanceExports = new WebAssembly.Instance(compiled, {}).exports as Exports;
      this.state = 'ready';
    } catch {
      this.state = 'failed';
    }
  }
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
