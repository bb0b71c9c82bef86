/**
 * The WebAssembly SIMD path of Kuznyechik (assembly/kuznyechik.ts): a
 * keyed `KuznyechikBulk` that the modes (CTR, CTR-ACPKM, OMAC, MGM, ECB)
 * hand whole buffers to, instead of calling encryptBlock once per block.
 *
 * The round keys live in JavaScript (the Kuznyechik object) and enter the
 * module's memory only for the duration of one operation: every operation
 * copies them in, works through the input in chunks of the module's I/O
 * buffer, and ends with `wipe`, which zeroes the keys, counters, MGM
 * accumulators and the part of the buffer it used, also when it throws.
 */
import { kuznyechikWasm } from './wasm/kuznyechik.bytes.js';
import { WasmModule } from './wasm/load.js';

interface KuznyechikExports {
  memory: WebAssembly.Memory;
  ioPtr(): number;
  ioSize(): number;
  roundKeysPtr(): number;
  keyPtr(): number;
  counterPtr(): number;
  statePtr(): number;
  wipe(ioLength: number): void;
  expandKey(decryption: number): void;
  ecbEncrypt(length: number): void;
  ecbDecrypt(length: number): void;
  ctr(length: number): void;
  ctrAcpkm(length: number, sectionSize: number, position: number): number;
  cbcMac(length: number): void;
  mgmGamma(length: number): void;
  mgmAbsorb(length: number): void;
  mgmTag(): void;
}

const wasmModule = new WasmModule<KuznyechikExports>('kuznyechik', kuznyechikWasm);

/** Bytes of round keys the module keeps: K_1..K_10, then the decryption keys. */
const ROUND_KEY_BYTES = 320;

/** The instance with its memory view and region addresses, looked up once. */
interface Instance {
  x: KuznyechikExports;
  mem: Uint8Array;
  io: number;
  ioSize: number;
  roundKeys: number;
  key: number;
  counter: number;
  state: number;
}

let cached: Instance | undefined;

/** The module when the WebAssembly path is to be taken now, else undefined. */
function instance(): Instance | undefined {
  const x = wasmModule.exports();
  if (!x) return undefined;
  // the module never grows its memory, but a new buffer would detach the old view
  if (cached?.x !== x || cached.mem.buffer !== x.memory.buffer) {
    cached = {
      x,
      mem: new Uint8Array(x.memory.buffer),
      io: x.ioPtr(),
      ioSize: x.ioSize(),
      roundKeys: x.roundKeysPtr(),
      key: x.keyPtr(),
      counter: x.counterPtr(),
      state: x.statePtr(),
    };
  }
  return cached;
}

/** Kuznyechik keyed for whole-buffer operations in WebAssembly. */
export class KuznyechikBulk {
  private constructor(
    private readonly m: Instance,
    /** Encryption then decryption round keys, as the module lays them out. */
    private readonly roundKeys: Uint8Array,
  ) {}

  /**
   * Expands `key` (32 bytes, checked by the caller) in WebAssembly when that
   * path is taken now; undefined means "use the pure code".
   */
  static create(key: Uint8Array): KuznyechikBulk | undefined {
    const m = instance();
    if (!m) return undefined;
    try {
      m.mem.set(key, m.key);
      m.x.expandKey(1);
      return new KuznyechikBulk(m, m.mem.slice(m.roundKeys, m.roundKeys + ROUND_KEY_BYTES));
    } finally {
      m.x.wipe(0);
    }
  }

  /** How much of the I/O buffer the current session has filled (plus room for MGM's zero padding). */
  private ioUsed = 0;

  /**
   * Runs `work` with the round keys loaded; afterwards zeroes every secret
   * region and the part of the I/O buffer it used, also when `work` throws.
   * Not re-entrant, and nothing in `work` calls back into user code.
   */
  private session<T>(work: (m: Instance) => T): T {
    const { m } = this;
    m.mem.set(this.roundKeys, m.roundKeys);
    try {
      return work(m);
    } finally {
      m.x.wipe(this.ioUsed);
      this.ioUsed = 0;
    }
  }

  /** Copies `src` to the start of the I/O buffer. */
  private put(src: Uint8Array): void {
    this.m.mem.set(src, this.m.io);
    this.ioUsed = Math.max(this.ioUsed, src.length + 16);
  }

  /** dst[dstOff..+16) = E_K or D_K of src[srcOff..+16). */
  block(decrypt: boolean, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    this.session(({ x, mem, io }) => {
      this.put(src.subarray(srcOff, srcOff + 16));
      if (decrypt) x.ecbDecrypt(16);
      else x.ecbEncrypt(16);
      dst.set(mem.subarray(io, io + 16), dstOff);
    });
  }

  /** ECB over whole blocks of `data` into `out` (may be `data`). */
  ecb(decrypt: boolean, data: Uint8Array, out: Uint8Array): void {
    this.session(({ x, mem, io, ioSize }) => {
      for (let pos = 0; pos < data.length; pos += ioSize) {
        const n = Math.min(ioSize, data.length - pos);
        this.put(data.subarray(pos, pos + n));
        if (decrypt) x.ecbDecrypt(n);
        else x.ecbEncrypt(n);
        out.set(mem.subarray(io, io + n), pos);
      }
    });
  }

  /**
   * CTR: XORs gamma from `counter` (16 bytes, advanced in place by one per
   * block, a partial last block included) into data[dataOff..+length),
   * writing to the same place in `out` (which may be `data`).
   */
  ctr(counter: Uint8Array, data: Uint8Array, dataOff: number, out: Uint8Array, length: number): void {
    this.session(({ x, mem, io, ioSize, counter: c }) => {
      mem.set(counter, c);
      for (let pos = 0; pos < length; pos += ioSize) {
        const n = Math.min(ioSize, length - pos);
        this.put(data.subarray(dataOff + pos, dataOff + pos + n));
        x.ctr(n);
        out.set(mem.subarray(io, io + n), dataOff + pos);
      }
      counter.set(mem.subarray(c, c + 16));
    });
  }

  /** CTR-ACPKM (RFC 8645 section 6.2.2) of `data` from counter IV || 0, re-keying every `sectionSize` bytes. */
  ctrAcpkm(iv: Uint8Array, data: Uint8Array, sectionSize: number): Uint8Array {
    const out = new Uint8Array(data.length);
    this.session(({ x, mem, io, ioSize, counter: c }) => {
      mem.fill(0, c, c + 16);
      mem.set(iv, c);
      let position = 0;
      for (let pos = 0; pos < data.length; pos += ioSize) {
        const n = Math.min(ioSize, data.length - pos);
        this.put(data.subarray(pos, pos + n));
        position = x.ctrAcpkm(n, sectionSize, position);
        out.set(mem.subarray(io, io + n), pos);
      }
    });
    return out;
  }

  /** CBC-MAC: state = E_K(state xor block) over data[from..to) (whole blocks); state updated in place. */
  cbcMac(state: Uint8Array, data: Uint8Array, from: number, to: number): void {
    this.session(({ x, mem, ioSize, state: s }) => {
      mem.set(state, s);
      for (let pos = from; pos < to; pos += ioSize) {
        const n = Math.min(ioSize, to - pos);
        this.put(data.subarray(pos, pos + n));
        x.cbcMac(n);
      }
      state.set(mem.subarray(s, s + 16));
    });
  }

  /** Y_1 = E_K(0 || ICN) into the counter and Z_1 = E_K(1 || ICN) into the state (RFC 9058). */
  private mgmStart({ x, mem, io, counter, state }: Instance, nonce: Uint8Array): void {
    this.put(nonce);
    mem.copyWithin(io + 16, io, io + 16);
    mem[io]! &= 0x7f;
    mem[io + 16]! |= 0x80;
    this.ioUsed = Math.max(this.ioUsed, 48);
    x.ecbEncrypt(32);
    mem.copyWithin(counter, io, io + 16);
    mem.copyWithin(state, io + 16, io + 32);
  }

  /** Absorbs `part` into the MGM sum (a partial last block is padded with zeros). */
  private mgmAbsorb({ x, ioSize }: Instance, part: Uint8Array): void {
    for (let pos = 0; pos < part.length; pos += ioSize) {
      const n = Math.min(ioSize, part.length - pos);
      this.put(part.subarray(pos, pos + n));
      x.mgmAbsorb(n);
    }
  }

  /**
   * MGM-Encrypt in one pass: the ciphertext of `plaintext` into
   * `out[0..plaintext.length)`, each chunk absorbed while still in the
   * module; returns the full 16-byte tag block (the caller truncates it).
   * `lengths` is len(A) || len(C).
   */
  mgmSeal(
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
    lengths: Uint8Array,
    out: Uint8Array,
  ): Uint8Array {
    return this.session((m) => {
      const { x, mem, io, ioSize, state } = m;
      this.mgmStart(m, nonce);
      this.mgmAbsorb(m, aad);
      for (let pos = 0; pos < plaintext.length; pos += ioSize) {
        const n = Math.min(ioSize, plaintext.length - pos);
        this.put(plaintext.subarray(pos, pos + n));
        x.mgmGamma(n);
        out.set(mem.subarray(io, io + n), pos);
        x.mgmAbsorb(n);
      }
      this.mgmAbsorb(m, lengths);
      x.mgmTag();
      return mem.slice(state, state + 16);
    });
  }

  /** The full MGM tag block over `aad` and `ciphertext` (`lengths` = len(A) || len(C)). */
  mgmTag(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, lengths: Uint8Array): Uint8Array {
    return this.session((m) => {
      this.mgmStart(m, nonce);
      for (const part of [aad, ciphertext, lengths]) this.mgmAbsorb(m, part);
      m.x.mgmTag();
      return m.mem.slice(m.state, m.state + 16);
    });
  }

  /** MGM decryption of `ciphertext` (the tag already checked): XOR with E_K(Y_1) | E_K(Y_2) | ... */
  mgmGamma(nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    const out = new Uint8Array(ciphertext.length);
    this.session((m) => {
      const { x, mem, io, ioSize } = m;
      this.mgmStart(m, nonce);
      for (let pos = 0; pos < ciphertext.length; pos += ioSize) {
        const n = Math.min(ioSize, ciphertext.length - pos);
        this.put(ciphertext.subarray(pos, pos + n));
        x.mgmGamma(n);
        out.set(mem.subarray(io, io + n), pos);
      }
    });
    return out;
  }

  /** Wipes the round keys; the object is unusable afterwards. */
  destroy(): void {
    this.roundKeys.fill(0);
  }
}

/** A view of the module's memory, for the test that checks it is wiped; undefined on the pure path. */
export function kuznyechikWasmMemory(): Uint8Array | undefined {
  return instance()?.mem;
}
