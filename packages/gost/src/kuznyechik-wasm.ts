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

/** Kuznyechik keyed for whole-buffer operations in WebAssembly. */
export class KuznyechikBulk {
  private constructor(
    private readonly x: KuznyechikExports,
    /** Encryption then decryption round keys, as the module lays them out. */
    private readonly roundKeys: Uint8Array,
  ) {}

  /**
   * Expands `key` (32 bytes, checked by the caller) in WebAssembly when that
   * path is taken now; undefined means "use the pure code".
   */
  static create(key: Uint8Array): KuznyechikBulk | undefined {
    const x = wasmModule.exports();
    if (!x) return undefined;
    const mem = new Uint8Array(x.memory.buffer);
    try {
      mem.set(key, x.keyPtr());
      x.expandKey(1);
      const rk = x.roundKeysPtr();
      return new KuznyechikBulk(x, mem.slice(rk, rk + ROUND_KEY_BYTES));
    } finally {
      x.wipe(0);
    }
  }

  /**
   * Runs `work` with the round keys loaded; afterwards zeroes every secret
   * region and `ioUsed()` bytes of the buffer. Not re-entrant, and nothing
   * in `work` calls back into user code.
   */
  private session<T>(work: (mem: Uint8Array, io: number, ioSize: number) => T): T {
    const { x } = this;
    const mem = new Uint8Array(x.memory.buffer);
    mem.set(this.roundKeys, x.roundKeysPtr());
    try {
      return work(mem, x.ioPtr(), x.ioSize());
    } finally {
      x.wipe(this.ioUsed);
      this.ioUsed = 0;
    }
  }

  /** How much of the I/O buffer the current session has filled (plus the MGM zero padding). */
  private ioUsed = 0;

  /** Copies `src` to the start of the I/O buffer. */
  private put(mem: Uint8Array, io: number, src: Uint8Array): void {
    mem.set(src, io);
    this.ioUsed = Math.max(this.ioUsed, src.length + 16);
  }

  /** dst[dstOff..+16) = E_K or D_K of src[srcOff..+16). */
  block(decrypt: boolean, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
    this.session((mem, io) => {
      this.put(mem, io, src.subarray(srcOff, srcOff + 16));
      if (decrypt) this.x.ecbDecrypt(16);
      else this.x.ecbEncrypt(16);
      dst.set(mem.subarray(io, io + 16), dstOff);
    });
  }

  /** ECB over whole blocks of `data` into `out` (may be `data`). */
  ecb(decrypt: boolean, data: Uint8Array, out: Uint8Array): void {
    this.session((mem, io, size) => {
      for (let pos = 0; pos < data.length; pos += size) {
        const n = Math.min(size, data.length - pos);
        this.put(mem, io, data.subarray(pos, pos + n));
        if (decrypt) this.x.ecbDecrypt(n);
        else this.x.ecbEncrypt(n);
        out.set(mem.subarray(io, io + n), pos);
      }
    });
  }

  /**
   * CTR: XORs gamma from `counter` (16 bytes, advanced in place by one per
   * block, a partial last block included) into data, writing to out.
   */
  ctr(counter: Uint8Array, data: Uint8Array, dataOff: number, out: Uint8Array, length: number): void {
    this.session((mem, io, size) => {
      mem.set(counter, this.x.counterPtr());
      for (let pos = 0; pos < length; pos += size) {
        const n = Math.min(size, length - pos);
        this.put(mem, io, data.subarray(dataOff + pos, dataOff + pos + n));
        this.x.ctr(n);
        out.set(mem.subarray(io, io + n), dataOff + pos);
      }
      counter.set(mem.subarray(this.x.counterPtr(), this.x.counterPtr() + 16));
    });
  }

  /** CTR-ACPKM (RFC 8645 section 6.2.2) of `data` from counter IV || 0, re-keying every `sectionSize` bytes. */
  ctrAcpkm(iv: Uint8Array, data: Uint8Array, sectionSize: number): Uint8Array {
    const out = new Uint8Array(data.length);
    this.session((mem, io, size) => {
      const c = this.x.counterPtr();
      mem.fill(0, c, c + 16);
      mem.set(iv, c);
      let position = 0;
      for (let pos = 0; pos < data.length; pos += size) {
        const n = Math.min(size, data.length - pos);
        this.put(mem, io, data.subarray(pos, pos + n));
        position = this.x.ctrAcpkm(n, sectionSize, position);
        out.set(mem.subarray(io, io + n), pos);
      }
    });
    return out;
  }

  /** CBC-MAC: state = E_K(state xor block) over data[from..to) (whole blocks); state updated in place. */
  cbcMac(state: Uint8Array, data: Uint8Array, from: number, to: number): void {
    this.session((mem, io, size) => {
      const s = this.x.statePtr();
      mem.set(state, s);
      for (let pos = from; pos < to; pos += size) {
        const n = Math.min(size, to - pos);
        this.put(mem, io, data.subarray(pos, pos + n));
        this.x.cbcMac(n);
      }
      state.set(mem.subarray(s, s + 16));
    });
  }

  /** MGM encryption: data xor E_K(Y_1) | E_K(Y_2) | ..., Y_1 = E_K(0 || ICN), incr_r between blocks. */
  mgmGamma(nonce: Uint8Array, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length);
    this.session((mem, io, size) => {
      const c = this.x.counterPtr();
      this.put(mem, io, nonce);
      mem[io]! &= 0x7f;
      this.x.ecbEncrypt(16);
      mem.copyWithin(c, io, io + 16);
      for (let pos = 0; pos < data.length; pos += size) {
        const n = Math.min(size, data.length - pos);
        this.put(mem, io, data.subarray(pos, pos + n));
        this.x.mgmGamma(n);
        out.set(mem.subarray(io, io + n), pos);
      }
    });
    return out;
  }

  /**
   * The full MGM tag block E_K(sum of H_i (x) A_i, C_i, len(A) || len(C)),
   * H_i = E_K(Z_i), Z_1 = E_K(1 || ICN).
   */
  mgmTag(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, lengths: Uint8Array): Uint8Array {
    return this.session((mem, io, size) => {
      const s = this.x.statePtr();
      this.put(mem, io, nonce);
      mem[io]! |= 0x80;
      this.x.ecbEncrypt(16);
      mem.copyWithin(s, io, io + 16);
      for (const part of [aad, ciphertext, lengths]) {
        for (let pos = 0; pos < part.length; pos += size) {
          const n = Math.min(size, part.length - pos);
          this.put(mem, io, part.subarray(pos, pos + n));
          this.x.mgmAbsorb(n);
        }
      }
      this.x.mgmTag();
      return mem.slice(s, s + 16);
    });
  }

  /** Wipes the round keys; the object is unusable afterwards. */
  destroy(): void {
    this.roundKeys.fill(0);
  }
}

/** A view of the module's memory, for the test that checks it is wiped; undefined on the pure path. */
export function kuznyechikWasmMemory(): Uint8Array | undefined {
  const x = wasmModule.exports();
  return x ? new Uint8Array(x.memory.buffer) : undefined;
}
