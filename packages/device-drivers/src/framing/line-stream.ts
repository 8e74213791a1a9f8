import { Transform, type TransformCallback } from 'node:stream';
import { LineFramer, type FramerOutput, type LineFramerOptions } from './line-framer.js';

/** The framer as a stream Transform (objectMode readable side): Buffers in, FramerOutput objects out. */
export class LineFramerStream extends Transform {
  private readonly framer: LineFramer;

  constructor(options: LineFramerOptions = {}) {
    super({ readableObjectMode: true });
    this.framer = new LineFramer(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const output of this.framer.push(chunk)) this.push(output satisfies FramerOutput);
    callback();
  }

  // A partial line at stream end is dropped on purpose: it never got its terminator.
  override _flush(callback: TransformCallback): void {
    this.framer.reset();
    callback();
  }
}
