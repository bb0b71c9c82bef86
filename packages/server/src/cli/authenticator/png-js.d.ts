/** The part of png-js (pdfkit's PNG decoder, which has no types of its own) the offline command uses. */
declare module 'png-js' {
  export default class PNG {
    constructor(data: Uint8Array);
    readonly width: number;
    readonly height: number;
    /** Decodes the image to RGBA, 4 bytes a pixel, row by row. */
    decode(callback: (rgba: Uint8Array) => void): void;
  }
}
